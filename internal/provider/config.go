package provider

import (
	"errors"
	"net/http"
	"time"
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
	// HTTPClient is used for every request (default: one with sane connection timeouts and TLS
	// verification on; it is never turned off).
	HTTPClient *http.Client
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
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient()
	}
	cfg.HTTPClient = noRedirects(cfg.HTTPClient)
	e := endpoint{preset: cfg.Preset, base: base, gate: cfg.Gate}
	if cfg.Preset.API == APIOllama {
		return newOllama(e, cfg), nil
	}
	return newOpenAICompatible(e, cfg), nil
}

// errRedirect refuses a redirect: the rules (TLS, local-only, the egress ledger) were checked for the
// configured address, and a redirect would send the text somewhere they were not.
var errRedirect = errors.New("the server answered with a redirect; Hushnote sends text only to the address in Settings")

// noRedirects returns a copy of c that follows no redirect.
func noRedirects(c *http.Client) *http.Client {
	cp := *c
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return errRedirect }
	return &cp
}

// defaultHTTPClient bounds connecting and waiting for headers, not the whole (streamed) answer: the
// watchdog and ctx bound that.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSHandshakeTimeout = 15 * time.Second
	t.ResponseHeaderTimeout = 10 * time.Minute // a cold local model may take minutes before it answers
	return &http.Client{Transport: t}
}
