package provider

import "strings"

// Kind of API a preset speaks.
type API string

// APIs.
const (
	APIOpenAI API = "openai" // OpenAI-compatible /chat/completions and /models
	APIOllama API = "ollama" // Ollama's native API
)

// Preset is a provider the user can pick, with what Hushnote knows about it.
type Preset struct {
	Name    string // command-line name: together, ollama, openai, ...
	Title   string // for people: "Together AI"
	API     API
	BaseURL string // default base URL; "" for custom
	KeyEnv  string // environment variable holding the API key; "" when no key is needed
	Cloud   bool   // a cloud service: refused while local-only is on, whatever its base URL
}

// Preset names.
const (
	Together   = "together"
	Ollama     = "ollama"
	OpenAI     = "openai"
	Groq       = "groq"
	OpenRouter = "openrouter"
	Mistral    = "mistral"
	Gemini     = "gemini"
	Custom     = "custom"
)

// Presets lists the providers in the order the app offers them: Together AI first.
func Presets() []Preset {
	return []Preset{
		{Name: Together, Title: "Together AI", API: APIOpenAI, BaseURL: "https://api.together.ai/v1", KeyEnv: "TOGETHER_API_KEY", Cloud: true},
		{Name: Ollama, Title: "Ollama", API: APIOllama, BaseURL: DefaultOllamaURL},
		{Name: OpenAI, Title: "OpenAI", API: APIOpenAI, BaseURL: "https://api.openai.com/v1", KeyEnv: "OPENAI_API_KEY", Cloud: true},
		{Name: Groq, Title: "Groq", API: APIOpenAI, BaseURL: "https://api.groq.com/openai/v1", KeyEnv: "GROQ_API_KEY", Cloud: true},
		{Name: OpenRouter, Title: "OpenRouter", API: APIOpenAI, BaseURL: "https://openrouter.ai/api/v1", KeyEnv: "OPENROUTER_API_KEY", Cloud: true},
		{Name: Mistral, Title: "Mistral", API: APIOpenAI, BaseURL: "https://api.mistral.ai/v1", KeyEnv: "MISTRAL_API_KEY", Cloud: true},
		{Name: Gemini, Title: "Google Gemini", API: APIOpenAI, BaseURL: "https://generativelanguage.googleapis.com/v1beta/openai", KeyEnv: "GEMINI_API_KEY", Cloud: true},
		{Name: Custom, Title: "Custom server", API: APIOpenAI, KeyEnv: "HUSHNOTE_CUSTOM_API_KEY"},
	}
}

// PresetByName finds a preset by its command-line name (case-insensitive).
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Preset{}, false
}

// knownContext is the context window of well-known models whose services do not report one, in tokens,
// from the vendors' model pages. A model not here, on a service that does not say, needs the user to
// enter its context size: Hushnote does not guess.
var knownContext = map[string]int{
	"gpt-4o":                  128000,
	"gpt-4o-mini":             128000,
	"gpt-4.1":                 1047576,
	"gpt-4.1-mini":            1047576,
	"gpt-4.1-nano":            1047576,
	"o3-mini":                 200000,
	"o4-mini":                 200000,
	"llama-3.1-8b-instant":    131072,
	"llama-3.3-70b-versatile": 131072,
	"mistral-large-latest":    131072,
	"mistral-small-latest":    32768,
	"open-mistral-nemo":       131072,
	"gemini-2.0-flash":        1048576,
	"gemini-2.5-flash":        1048576,
	"gemini-2.5-pro":          1048576,
}

// KnownContextLength returns the documented context window of a well-known model, or 0.
func KnownContextLength(model string) int {
	return knownContext[strings.TrimPrefix(model, "models/")]
}
