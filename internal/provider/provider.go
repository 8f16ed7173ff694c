// Package provider is the one door through which meeting text reaches a language model: Together AI and
// other OpenAI-compatible services under the user's own key, and a local Ollama. Every implementation
// takes and returns text only, and every one enforces the rules of the design in code: plain HTTP only
// to loopback, nothing through a cloud preset or to another machine while local-only is on, and a row in
// the egress ledger for every request that carries transcript text off the device.
package provider

import (
	"context"
	"time"
)

// Role is who speaks a message.
type Role string

// Message roles.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Message is one chat message: text, nothing else.
type Message struct {
	Role    Role
	Content string
}

// Request is one chat call.
type Request struct {
	Model    string
	Messages []Message
	// MaxTokens is the answer budget; 0 leaves it to the provider.
	MaxTokens int
	// Temperature, when not nil, is sent as is.
	Temperature *float64
	// ContextSize is the context window to run at (Ollama's num_ctx). 0 sizes it from PromptTokens and
	// MaxTokens, capped at the model's trained context.
	ContextSize int
	// PromptTokens is the caller's estimate of the prompt's size in tokens; 0 lets the provider estimate
	// conservatively (fallbackCharsPerToken).
	PromptTokens int
	// MeetingID is the meeting whose text the messages carry, for the egress ledger (0: none).
	MeetingID int64
}

// Chars is how many characters the request's messages hold: what the egress ledger records.
func (r Request) Chars() int {
	n := 0
	for _, m := range r.Messages {
		n += len([]rune(m.Content))
	}
	return n
}

// fallbackCharsPerToken is the conservative estimate used when the caller gives none: fewer characters
// per token than English takes on Llama-family and GPT tokenizers (about 4), so that a context window
// sized from it is too large rather than too small. Callers that measured a model do better.
const fallbackCharsPerToken = 2.0

// Chunk is a piece of the answer as it streams.
type Chunk struct {
	Text string
}

// Usage is what a finished call cost.
type Usage struct {
	PromptTokens int // tokens the model read (Ollama's prompt_eval_count)
	AnswerTokens int // tokens it wrote
	ContextSize  int // the context window it ran at, when the provider says or was told (num_ctx)
	FirstToken   time.Duration
	// LeftDevice says the text went to another machine: by the address the dialer checked, a cloud
	// service, or a local server that handed it on (Ollama's cloud models).
	LeftDevice bool
	Host       string // where the text went (host:port), as recorded in the egress ledger
	// AnsweredBy is the model the service says answered, when it is not the one asked for.
	AnsweredBy string
	// Sent says a connection was made for the request, so its text may have reached the server; false
	// when it was refused before anything was sent (Local only, no API key, plain http to another
	// machine, no server to reach).
	Sent bool
}

// Model is one model a provider offers.
type Model struct {
	ID            string
	DisplayName   string
	Organization  string
	Type          string // as the provider says: chat, language, embedding, ...; "" when it does not
	ContextLength int    // tokens; 0 when unknown (the user must say, see Config.ContextLength)
	InputPrice    float64
	OutputPrice   float64 // dollars per million tokens; 0 when unknown
	Chat          bool    // can write a summary
	Thinking      bool    // emits reasoning before the answer
	Size          int64   // bytes on disk, for a model installed on this computer (Ollama); 0 when unknown
	// RemoteHost is where the model really runs when the server hands the text on to another machine:
	// Ollama's cloud models (its remote_host, e.g. "https://ollama.com:443"), whatever they are called.
	// "" for a model that runs where the server is.
	RemoteHost string
}

// Status is what Check found.
type Status struct {
	Reachable     bool
	Authenticated bool
	Version       string // Ollama's version; "" for cloud services
	ChatModels    int
	// Models is the model list Check read to count the chat models (nil when it could not), so a caller
	// that shows them need not ask the service again.
	Models []Model
}

// Info says which provider this is and where it is reached.
type Info struct {
	Preset  string // preset name: together, ollama, openai, ...
	Name    string // for people: "Together AI"
	BaseURL string
	Host    string
}

// Where is where the text of a request would go now.
type Where struct {
	LeavesDevice bool   // it would reach another machine
	Host         string // the machine it would reach: the service's host, or where a local server hands it on
	// Why says, for people, why it leaves ("runs on ollama.com", "a cloud service", "192.168.1.5 is not
	// this computer"); "" when it stays.
	Why string
}

// RetryWaiter is a provider that can wait before a caller's own retry under its rules (Local only ends
// the wait); both of Hushnote's providers are.
type RetryWaiter interface {
	WaitToRetry(ctx context.Context, d time.Duration) error
}

// Provider is a language-model service. Every method honours ctx.
type Provider interface {
	Info() Info
	Check(ctx context.Context) (Status, error)
	Models(ctx context.Context) ([]Model, error)
	// Where says where the text of a request for model would go now, decided as the dialer decides:
	// by the addresses the host resolves to, and (Ollama) by whether the server runs the model itself.
	Where(ctx context.Context, model string) (Where, error)
	// Chat streams the answer to fn as it arrives; an error from fn stops the stream and is returned.
	Chat(ctx context.Context, req Request, fn func(Chunk) error) (Usage, error)
}
