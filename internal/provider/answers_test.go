package provider_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hushnote/internal/provider"
)

// TestAnswersNotInTheExpectedFormat: a piece of an answer that is not JSON is said as such, not as a
// network fault; an answer line longer than Ollama's api package reads (it stops reading without an
// error) ends the run as an answer that stopped, never as a silent empty one.
func TestAnswersNotInTheExpectedFormat(t *testing.T) {
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		switch r.URL.Path {
		case "/api/show":
			fmt.Fprint(w, `{"capabilities":["completion"],"model_info":{"general.architecture":"llama","llama.context_length":8192}}`)
		case "/api/chat":
			fmt.Fprintf(w, `{"model":"m","message":{"role":"assistant","content":"%s"},"done":false}`+"\n", strings.Repeat("a", 9<<20)) // past the 8 MB line the api package reads
		}
	}))
	defer ollama.Close()
	p, _ := ollamaProvider(t, ollama.URL)
	_, err := p.Chat(context.Background(), provider.Request{Model: "m", Messages: []provider.Message{{Role: provider.RoleUser, Content: "hi"}}}, func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrStreamBroken) || !strings.Contains(err.Error(), "before the answer was complete") {
		t.Errorf("a line too long: %v", err)
	}

	sse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"Hel\n\n")
	}))
	defer sse.Close()
	preset, _ := provider.PresetByName(provider.Custom)
	c, err := provider.New(provider.Config{Preset: preset, BaseURL: sse.URL + "/v1", Policy: provider.Policy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Chat(context.Background(), provider.Request{Model: "m", Messages: []provider.Message{{Role: provider.RoleUser, Content: "hi"}}}, func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrBadAnswer) || !strings.Contains(err.Error(), "not in the expected format (a piece of the answer was not JSON)") {
		t.Errorf("a piece that is not JSON: %v", err)
	}
}
