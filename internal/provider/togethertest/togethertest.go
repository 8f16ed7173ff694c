// Package togethertest is a stand-in for Together AI's API in tests: an httptest server that speaks its
// documented wire format, quirks included — a bare JSON array from GET /v1/models with type,
// context_length and pricing; SSE chat streams whose chunks carry Together's extra fields (text,
// token_id, seed) and end with usage and "data: [DONE]"; keep-alive comments; OpenAI-style error bodies
// and the x-ratelimit-* headers. Tests script what it answers next and read what it was sent.
package togethertest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"hushnote/internal/netguard"
	"hushnote/internal/netguard/guardtest"
)

// EchoKey, anywhere in a Step's Body or Tokens or in the body SetRejectBody sets, is replaced by the API
// key the request carried (what follows "Bearer " in its Authorization header), as a service that
// echoes credentials back would do.
const EchoKey = "{{api key}}"

// Step is one scripted answer to a chat request.
type Step struct {
	Status  int               // an error status (with Body) instead of a stream; 0 streams
	Body    string            // error body; default: Together's error JSON for Status. May hold EchoKey
	Header  map[string]string // extra response headers (Retry-After, x-ratelimit-reset, ...)
	Tokens  []string          // the answer, piece by piece (default: a short sentence); may hold EchoKey
	CutAt   int               // > 0: drop the connection after this many pieces, without [DONE]
	StallAt int               // > 0: after this many pieces, send nothing more until the client gives up
	Usage   [2]int            // prompt and completion tokens reported at the end (default: estimated)
	Delay   time.Duration     // between pieces
	// AnsweredBy is the model the chunks name (default: the one asked for), as Together answers for a
	// retired model with its successor.
	AnsweredBy string
}

// Request is what the server was sent.
type Request struct {
	Path          string
	Authorization string
	Model         string
	Messages      []struct{ Role, Content string }
	Stream        bool
	IncludeUsage  bool
	MaxTokens     int
}

// Model is an entry of the model list, in Together's shape.
type Model struct {
	ID            string  `json:"id"`
	Object        string  `json:"object"`
	Created       int64   `json:"created"`
	Type          string  `json:"type"`
	DisplayName   string  `json:"display_name"`
	Organization  string  `json:"organization"`
	Link          string  `json:"link,omitempty"`
	ContextLength int     `json:"context_length,omitempty"`
	Pricing       Pricing `json:"pricing"`
}

// Pricing is dollars per million tokens.
type Pricing struct {
	Hourly   float64 `json:"hourly"`
	Input    float64 `json:"input"`
	Output   float64 `json:"output"`
	Base     float64 `json:"base"`
	Finetune float64 `json:"finetune"`
}

// DefaultModels is a small catalogue like Together's: chat models and others that cannot summarise.
func DefaultModels() []Model {
	return []Model{
		{ID: "meta-llama/Llama-3.3-70B-Instruct-Turbo", Object: "model", Type: "chat", DisplayName: "Meta Llama 3.3 70B Instruct Turbo", Organization: "Meta", ContextLength: 131072, Pricing: Pricing{Input: 0.88, Output: 0.88}},
		{ID: "Qwen/Qwen2.5-7B-Instruct-Turbo", Object: "model", Type: "chat", DisplayName: "Qwen2.5 7B Instruct Turbo", Organization: "Qwen", ContextLength: 32768, Pricing: Pricing{Input: 0.3, Output: 0.3}},
		{ID: "mistralai/Mixtral-8x7B-Instruct-v0.1", Object: "model", Type: "chat", DisplayName: "Mixtral-8x7B Instruct v0.1", Organization: "mistralai", ContextLength: 32768, Pricing: Pricing{Input: 0.6, Output: 0.6}},
		{ID: "BAAI/bge-large-en-v1.5", Object: "model", Type: "embedding", DisplayName: "BAAI-Bge-Large-1.5", Organization: "BAAI", ContextLength: 512, Pricing: Pricing{Input: 0.02}},
		{ID: "black-forest-labs/FLUX.1-schnell", Object: "model", Type: "image", DisplayName: "FLUX.1 [schnell]", Organization: "Black Forest Labs"},
		{ID: "openai/whisper-large-v3", Object: "model", Type: "transcribe", DisplayName: "Whisper large-v3", Organization: "OpenAI", Pricing: Pricing{Input: 0.0015}},
	}
}

// Server is a running stand-in.
type Server struct {
	*httptest.Server
	// BaseURL is the API root, like https://api.together.xyz/v1.
	BaseURL string
	// Key is the API key it accepts.
	Key string

	roots *x509.CertPool

	mu       sync.Mutex
	models   []Model
	script   []Step
	requests []Request
	deflt    Step   // the answer when the script is empty
	reject   string // the 401 body for a request without the right key; "" for Together's own
}

// SetRejectBody sets the body of the 401 answer to a request without the right key (EchoKey in it is
// replaced by the key it carried); "" restores Together's own, which quotes no key.
func (s *Server) SetRejectBody(body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = body
}

// echo puts the key a request carried where text says EchoKey.
func echo(r *http.Request, text string) string {
	return strings.ReplaceAll(text, EchoKey, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
}

// SetDefault sets the answer given when the script is empty (Tokens nil: a short sentence).
func (s *Server) SetDefault(st Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deflt = st
}

// New starts a plain-HTTP server on loopback (http:// is allowed only there); NewTLS an HTTPS one,
// whose Client() trusts it.
func New(t testing.TB, key string) *Server { return start(t, key, false) }

// NewTLS starts the stand-in behind TLS, as Together is.
func NewTLS(t testing.TB, key string) *Server { return start(t, key, true) }

// NewAt starts the stand-in behind TLS at addr (guardtest.Elsewhere(n): another machine, to the guard)
// with a certificate for the host names given, so that a test resolver can send those names to it:
// NewAt(t, key, guardtest.Elsewhere(2), "api.together.ai"). BaseURL names the first.
func NewAt(t testing.TB, key, addr string, names ...string) *Server {
	s := newServer(key)
	var cert tls.Certificate
	cert, s.roots = guardtest.Certificate(t, names, []string{addr})
	s.Server = guardtest.ServerTLS(t, addr, s.mux(), cert)
	_, port, _ := net.SplitHostPort(s.Listener.Addr().String())
	s.BaseURL = "https://" + net.JoinHostPort(names[0], port) + "/v1"
	return s
}

func newServer(key string) *Server { return &Server{Key: key, models: DefaultModels()} }

func (s *Server) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/models", s.handleModels)
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	return mux
}

func start(t testing.TB, key string, tls bool) *Server {
	s := newServer(key)
	if tls {
		s.Server = httptest.NewTLSServer(s.mux())
		s.roots = x509.NewCertPool()
		s.roots.AddCert(s.Server.Certificate())
	} else {
		s.Server = httptest.NewServer(s.mux())
	}
	s.BaseURL = s.Server.URL + "/v1"
	t.Cleanup(s.Close)
	return s
}

// Guard is a network guard that trusts this stand-in's certificate and otherwise decides as the app's
// does: providers reach the network only through one.
func (s *Server) Guard() *netguard.Guard { return netguard.New(netguard.Options{RootCAs: s.roots}) }

// Roots is a certificate pool holding this stand-in's certificate (nil for a plain-HTTP one).
func (s *Server) Roots() *x509.CertPool { return s.roots }

// Script queues answers for the next chat requests; after they run out, chats get Default.
func (s *Server) Script(steps ...Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, steps...)
}

// SetModels replaces the model list.
func (s *Server) SetModels(m []Model) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.models = m
}

// Requests returns what the server was sent so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") == "Bearer "+s.Key {
		return true
	}
	s.mu.Lock()
	body := s.reject
	s.mu.Unlock()
	writeError(w, Step{Status: http.StatusUnauthorized, Body: echo(r, body)})
	return false
}

func (s *Server) handleModels(w http.ResponseWriter, r *http.Request) {
	s.record(Request{Path: r.URL.Path, Authorization: r.Header.Get("Authorization")})
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	models := s.models
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(models) // a bare array, not {"data": [...]}
}

// ErrorBody is Together's error JSON for a status.
func ErrorBody(status int) string {
	msg, typ, code := "Internal server error", "server_error", "null"
	switch status {
	case http.StatusUnauthorized:
		msg, typ, code = "Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.", "invalid_request_error", `"invalid_api_key"`
	case http.StatusPaymentRequired:
		msg, typ, code = "Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade your plan.", "invalid_request_error", `"credit_limit"`
	case http.StatusForbidden:
		msg, typ = "You do not have access to this model.", "invalid_request_error"
	case http.StatusNotFound:
		msg, typ, code = "Unable to access model nonexistent/model. Please visit https://api.together.ai/models to view the list of supported models.", "invalid_request_error", `"model_not_found"`
	case http.StatusBadRequest:
		msg, typ = "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8193. Given: 9000 `inputs` tokens and 512 `max_new_tokens`", "invalid_request_error"
	case http.StatusTooManyRequests:
		msg, typ = "You have been rate limited. Your rate limit is 60 queries per minute. Please navigate to https://www.together.ai/forms/rate-limit-increase to request a rate limit increase.", "rate_limit_exceeded"
	case http.StatusServiceUnavailable:
		msg, typ = "The server is overloaded or not ready yet.", "server_error"
	}
	b, _ := json.Marshal(msg)
	return fmt.Sprintf(`{"id":"o1a2b3c","error":{"message":%s,"type":%q,"param":null,"code":%s}}`, b, typ, code)
}

func writeError(w http.ResponseWriter, st Step) {
	for k, v := range st.Header {
		w.Header().Set(k, v)
	}
	body := st.Body
	if body == "" {
		body = ErrorBody(st.Status)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(st.Status)
	fmt.Fprint(w, body)
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Model         string `json:"model"`
		Messages      []struct{ Role, Content string }
		Stream        bool `json:"stream"`
		MaxTokens     int  `json:"max_tokens"`
		StreamOptions struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, Step{Status: http.StatusBadRequest, Body: `{"error":{"message":"invalid JSON body","type":"invalid_request_error"}}`})
		return
	}
	s.record(Request{Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Model: body.Model, Messages: body.Messages,
		Stream: body.Stream, IncludeUsage: body.StreamOptions.IncludeUsage, MaxTokens: body.MaxTokens})
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	st := s.deflt
	if len(s.script) > 0 {
		st, s.script = s.script[0], s.script[1:]
	}
	s.mu.Unlock()
	if st.Status != 0 {
		st.Body = echo(r, st.Body)
		writeError(w, st)
		return
	}
	tokens := st.Tokens
	if tokens == nil {
		tokens = []string{"## Summary", "\n\n", "The team", " agreed", " on", " the plan", "."}
	}
	tokens = append([]string(nil), tokens...)
	for i := range tokens {
		tokens[i] = echo(r, tokens[i])
	}
	prompt := 0
	for _, m := range body.Messages {
		prompt += len(m.Content)/4 + 4
	}
	usage := st.Usage
	if usage == [2]int{} {
		usage = [2]int{prompt, len(tokens)}
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher, _ := w.(http.Flusher)
	send := func(format string, a ...any) {
		fmt.Fprintf(w, format, a...)
		if flusher != nil {
			flusher.Flush()
		}
	}
	id, created := "8f2b7c9d1e3a4b5c-IAD", time.Now().Unix()
	model := body.Model
	if st.AnsweredBy != "" {
		model = st.AnsweredBy
	}
	send(": keep-alive\n\n")
	for i, tok := range tokens {
		if st.Delay > 0 && i > 0 {
			select {
			case <-time.After(st.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if st.CutAt > 0 && i == st.CutAt {
			hijackClose(w)
			return
		}
		if st.StallAt > 0 && i == st.StallAt {
			<-r.Context().Done() // say nothing until the client gives up
			return
		}
		text, _ := json.Marshal(tok)
		send("data: {\"id\":%q,\"object\":\"chat.completion.chunk\",\"created\":%d,\"model\":%q,\"choices\":[{\"index\":0,\"text\":%s,\"logprobs\":null,\"finish_reason\":null,\"seed\":null,\"delta\":{\"token_id\":%d,\"role\":\"assistant\",\"content\":%s,\"tool_calls\":null}}],\"usage\":null}\n\n",
			id, created, model, text, 1000+i, text)
	}
	if st.CutAt > 0 && st.CutAt >= len(tokens) {
		hijackClose(w)
		return
	}
	send("data: {\"id\":%q,\"object\":\"chat.completion.chunk\",\"created\":%d,\"model\":%q,\"choices\":[{\"index\":0,\"text\":\"\",\"logprobs\":null,\"finish_reason\":\"stop\",\"seed\":4523618829482357760,\"delta\":{\"token_id\":2,\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":null}}],\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d,\"cached_tokens\":0}}\n\n",
		id, created, model, usage[0], usage[1], usage[0]+usage[1])
	send("data: [DONE]\n\n")
}

// hijackClose drops the connection without ending the response properly.
func hijackClose(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// MessageText joins what a request's messages said, for assertions.
func (r Request) MessageText() string {
	var b strings.Builder
	for _, m := range r.Messages {
		b.WriteString(m.Content)
		b.WriteByte('\n')
	}
	return b.String()
}
