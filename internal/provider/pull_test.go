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

// A download needs Ollama's registry, which tests cannot reach; this stand-in answers /api/pull with the
// NDJSON progress lines Ollama writes (status, digest, total, completed per layer), then an error line.
func TestPullSumsLayersAndReportsErrorLines(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/pull" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		for _, line := range []string{
			`{"status":"pulling manifest"}`,
			`{"status":"pulling aaa","digest":"sha256:aaa","total":1000,"completed":0}`,
			`{"status":"pulling bbb","digest":"sha256:bbb","total":3000,"completed":0}`,
			`{"status":"pulling aaa","digest":"sha256:aaa","total":1000,"completed":1000}`,
			`{"status":"pulling bbb","digest":"sha256:bbb","total":3000,"completed":1000}`,
			`{"error":"max retries exceeded: write /models/blobs/sha256-bbb-partial: no space left on device"}`,
		} {
			fmt.Fprintln(w, line)
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	p, _ := ollamaProvider(t, srv.URL)
	var fractions []string
	err := p.(provider.Puller).Pull(context.Background(), "llama3.2", func(pr provider.PullProgress) {
		fractions = append(fractions, fmt.Sprintf("%s %d/%d", pr.Status, pr.Completed, pr.Total))
	})
	want := []string{"pulling manifest 0/0", "pulling aaa 0/1000", "pulling bbb 0/4000", "pulling aaa 1000/4000", "pulling bbb 2000/4000"}
	if strings.Join(fractions, "|") != strings.Join(want, "|") {
		t.Errorf("progress = %q\nwant       %q", fractions, want)
	}
	if !errors.Is(err, provider.ErrPullFailed) || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("err = %v", err)
	}
	if f := (provider.PullProgress{Completed: 2000, Total: 4000}).Fraction(); f != 0.5 {
		t.Errorf("Fraction = %v", f)
	}
}

func TestPullIsCancellable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // as Ollama reads the request; only then does a server notice the client leave
		fmt.Fprintln(w, `{"status":"pulling aaa","digest":"sha256:aaa","total":1000,"completed":10}`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	p, _ := ollamaProvider(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	err := p.(provider.Puller).Pull(ctx, "llama3.2", func(provider.PullProgress) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want cancelled", err)
	}
}

// TestEveryKindHasWords: each kind of error has its own sentence for people, naming the provider.
func TestEveryKindHasWords(t *testing.T) {
	seen := map[string]provider.Kind{}
	for k := provider.KindUnreachable; k <= provider.KindPullFailed; k++ {
		msg := (&provider.Error{Kind: k, Provider: "Together AI", Host: "api.together.xyz"}).Error()
		if msg == "Together AI failed" || k.String() == "" {
			t.Errorf("kind %d has no words of its own: %q", k, msg)
		}
		if !strings.Contains(msg, "Together AI") && !strings.Contains(msg, "api.together.xyz") {
			t.Errorf("kind %v: %q names neither the provider nor the host", k, msg)
		}
		if other, dup := seen[msg]; dup {
			t.Errorf("kinds %v and %v say the same: %q", other, k, msg)
		}
		seen[msg] = k
	}
}
