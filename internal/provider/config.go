package provider

import (
	"hushnote/internal/netguard"
)

// Config is everything needed to talk to one provider.
type Config struct {
	Preset Preset
	// BaseURL overrides the preset's default; for Ollama the default is OLLAMA_HOST, then 127.0.0.1:11434.
	BaseURL string
	APIKey  string
	// ContextLength is the context window the user entered for models whose service does not report
	// one (tokens, 0: none).
	ContextLength int
	Policy        Policy
	Gate          Gate
	// Guard makes every connection (default: netguard.New with the system's resolver, certificate roots
	// and proxy settings). There is no other way for a provider to reach the network.
	Guard *netguard.Guard
	// Getenv reads OLLAMA_HOST (default os.Getenv).
	Getenv func(string) string
}

// New makes the provider cfg describes, after checking its URL against the rules.
func New(cfg Config) (Provider, error) {
	raw := EffectiveBaseURL(cfg.Preset, cfg.BaseURL, cfg.Getenv)
	if raw == "" {
		return nil, &Error{Kind: KindBadRequest, Provider: cfg.Preset.Title, Detail: "set the server's address first"}
	}
	base, err := ParseBaseURL(cfg.Preset.Title, raw)
	if err != nil {
		return nil, err
	}
	if cfg.Guard == nil {
		cfg.Guard = netguard.New(netguard.Options{})
	}
	e := endpoint{preset: cfg.Preset, base: base, gate: cfg.Gate, guard: cfg.Guard, policy: cfg.Policy.withDefaults(cfg.Preset.API == APIOllama)}
	if cfg.Preset.API == APIOllama {
		return newOllama(e), nil
	}
	return newOpenAICompatible(e, cfg), nil
}
