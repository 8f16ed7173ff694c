package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		in   string
		want error // nil: accepted
	}{
		{"https://api.together.xyz/v1/", nil},
		{"http://127.0.0.1:8080/v1", nil},
		{"http://127.9.9.9:8080", nil},
		{"http://localhost:1234/v1", nil},
		{"http://[::1]:11434", nil},
		{"http://192.168.1.20:11434", ErrPlaintext},
		{"http://[::ffff:10.0.0.1]:11434", ErrPlaintext},
		// A name is judged by what it resolves to, when the connection is made (and by Configure).
		{"http://example.com/v1", nil},
		{"http://localhost.example.com/v1", nil},
		{"ftp://example.com", ErrBadRequest},
		{"api.together.xyz", ErrBadRequest},
		{"https://user:sk-123@example.com/v1", ErrBadRequest},
	}
	for _, tt := range tests {
		u, err := ParseBaseURL("Together AI", tt.in)
		if !errors.Is(err, tt.want) && !(tt.want == nil && err == nil) {
			t.Errorf("ParseBaseURL(%q) = %v, %v; want %v", tt.in, u, err, tt.want)
		}
		if tt.want == ErrPlaintext && !strings.Contains(err.Error(), "plain http://") {
			t.Errorf("message %q does not say why", err)
		}
		if err != nil && strings.Contains(err.Error(), "sk-123") {
			t.Errorf("message %q repeats a credential", err)
		}
	}
	if u, _ := ParseBaseURL("x", "https://api.together.xyz/v1/"); u.String() != "https://api.together.xyz/v1" {
		t.Errorf("trailing slash kept: %v", u)
	}
}

func TestOllamaURLFromEnv(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"127.0.0.1:11434":        "http://127.0.0.1:11434",
		"0.0.0.0":                "http://127.0.0.1:11434",
		":9999":                  "http://127.0.0.1:9999",
		"http://box.lan:8080":    "http://box.lan:8080",
		"https://ollama.example": "https://ollama.example:443",
		"localhost":              "http://localhost:11434",
	} {
		got := OllamaURLFromEnv(func(string) string { return in })
		if got != want {
			t.Errorf("OLLAMA_HOST=%q: %q, want %q", in, got, want)
		}
	}
}

func TestRetryAfterHeaders(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		h    map[string]string
		want time.Duration
	}{
		{map[string]string{"Retry-After": "7"}, 7 * time.Second},
		{map[string]string{"Retry-After": "Mon, 01 Jun 2026 12:00:30 GMT"}, 30 * time.Second},
		{map[string]string{"x-ratelimit-reset": "2.5"}, 2500 * time.Millisecond},
		{map[string]string{"x-ratelimit-reset": "1780315260"}, time.Unix(1780315260, 0).Sub(now)},
		{map[string]string{"x-ratelimit-reset-requests": "1m30s"}, 90 * time.Second},
		{map[string]string{"x-ratelimit-remaining": "0"}, 0},
	} {
		h := http.Header{}
		for k, v := range tt.h {
			h.Set(k, v)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%v) = %v, want %v", tt.h, got, tt.want)
		}
	}
}

func TestThinkFilterAcrossPieces(t *testing.T) {
	for _, tt := range []struct {
		pieces []string
		want   string
	}{
		{[]string{"<think>plan</think>\n\nAnswer"}, "Answer"},
		{[]string{"<th", "ink>pl", "an</thi", "nk>", "\nA", "nswer"}, "Answer"},
		{[]string{"No thinking here, x < y and <b>bold</b>"}, "No thinking here, x < y and <b>bold</b>"},
		{[]string{"Ends with <thi"}, "Ends with <thi"},
		{[]string{"A", "<think>", "never closed"}, "A"},
		{[]string{"Before ", "<think>x</think>", " after"}, "Before  after"},
	} {
		var f thinkFilter
		var b strings.Builder
		for _, p := range tt.pieces {
			b.WriteString(f.push(p))
		}
		b.WriteString(f.flush())
		if b.String() != tt.want {
			t.Errorf("%q -> %q, want %q", tt.pieces, b.String(), tt.want)
		}
	}
}

func TestContextSizingAndTruncation(t *testing.T) {
	req := Request{Messages: []Message{{Role: RoleUser, Content: strings.Repeat("x", 4000)}}, MaxTokens: 500}
	if got := contextFor(req, 0); got != 2816 { // 4000/2 + 1 + 500 + 16 + 64 = 2581, rounded up to 256
		t.Errorf("contextFor = %d", got)
	}
	if got := contextFor(req, 2048); got != 2048 {
		t.Errorf("capped contextFor = %d, want the trained 2048", got)
	}
	req.PromptTokens = 1000
	if got := contextFor(req, 0); got != 1792 {
		t.Errorf("with the caller's estimate: %d", got)
	}
	req.ContextSize = 4096
	if got := contextFor(req, 2048); got != 4096 {
		t.Errorf("explicit size: %d", got)
	}
	if !truncated(2048, 2048, 100) || !truncated(2030, 2048, 100) || truncated(1536, 2048, 6000) || truncated(0, 2048, 100) {
		t.Error("truncated() misjudges a cut at num_ctx")
	}
	// 40,000 characters cannot be 2,000 tokens: the server ran at a smaller window than it was asked to.
	if !truncated(2000, 16384, 40000) || truncated(9000, 16384, 40000) {
		t.Error("truncated() misjudges")
	}
}

// TestRedirectsAreNotFollowed: a server that redirects (say, to plain http on another host) gets no
// second request: the rules were checked for the configured address only.
func TestRedirectsAreNotFollowed(t *testing.T) {
	hits := 0
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer target.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	preset, _ := PresetByName(Custom)
	p, err := New(Config{Preset: preset, BaseURL: srv.URL + "/v1", Policy: Policy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Chat(context.Background(), Request{Model: "m", Messages: []Message{{Role: RoleUser, Content: "secret meeting"}}}, func(Chunk) error { return nil })
	if !errors.Is(err, ErrRedirected) || hits != 0 {
		t.Fatalf("redirect followed: err %v, %d requests at the target", err, hits)
	}
	if want := "answered with a redirect to " + target.URL + "/v1/chat/completions; Hushnote does not follow redirects"; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not say %q", err, want)
	}
}

func TestRemoteHostName(t *testing.T) {
	for in, want := range map[string]string{
		"https://ollama.com:443": "ollama.com", "ollama.com:443": "ollama.com", "ollama.com": "ollama.com",
		"http://127.0.0.1:11434": "127.0.0.1", "http://[::1]:11434": "::1", "": "",
	} {
		if got := RemoteHostName(in); got != want {
			t.Errorf("RemoteHostName(%q) = %q, want %q", in, got, want)
		}
	}
}
