package provider_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
)

// TestPullOverHTTPOnlyFromThisComputer: a model whose registry is on this computer is pulled over plain
// http (Ollama's "insecure"); every other name keeps Ollama's https.
func TestPullOverHTTPOnlyFromThisComputer(t *testing.T) {
	tests := []struct {
		model    string
		insecure bool
	}{
		{"llama3.2", false},
		{"library/llama3.2:3b", false},
		{"hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", false},
		{"registry.example.com:5000/team/notes:latest", false},
		{"127.0.0.1:5000/library/tiny:latest", true},
		{"localhost:5000/team/notes", true},
		{"[::1]:5000/team/notes:v1", true},
		{"http://127.0.0.1:5000/team/notes", true},
		{"https://localhost:5000/team/notes", false},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			var got struct {
				Model    string `json:"model"`
				Insecure bool   `json:"insecure"`
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				json.NewDecoder(r.Body).Decode(&got)
				fmt.Fprintln(w, `{"status":"success"}`)
			}))
			defer srv.Close()
			p, _ := ollamaProvider(t, srv.URL)
			if err := p.(provider.Puller).Pull(context.Background(), tt.model, nil); err != nil {
				t.Fatal(err)
			}
			if got.Model != tt.model || got.Insecure != tt.insecure {
				t.Errorf("sent %+v, want insecure %v", got, tt.insecure)
			}
		})
	}
}

// TestPullFromRegistryOnThisComputer pulls through the real Ollama from a registry stand-in on
// loopback: progress comes in, and the model is then installed with its trained context and size.
func TestPullFromRegistryOnThisComputer(t *testing.T) {
	srv := ollamaServer(t)
	reg := ollamatest.NewRegistry(t)
	name, err := reg.Add("hushnote/pulled:latest", ollamatest.TinyModel{ContextLength: 4096, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ollamaProvider(t, srv.URL)
	ctx := context.Background()
	var last provider.PullProgress
	var statuses []string
	err = p.(provider.Puller).Pull(ctx, name, func(pr provider.PullProgress) {
		last = pr
		if len(statuses) == 0 || statuses[len(statuses)-1] != pr.Status {
			statuses = append(statuses, pr.Status)
		}
	})
	if err != nil {
		t.Fatalf("pull: %v\nregistry saw %q\nollama log:\n%s", err, reg.Requests(), srv.LogTail(2000))
	}
	if last.Status != "success" || !slices.Contains(statuses, "verifying sha256 digest") || last.Fraction() != 1 {
		t.Errorf("statuses %q, last %+v", statuses, last)
	}
	models, err := p.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(models, func(m provider.Model) bool { return m.ID == name })
	if i < 0 {
		t.Fatalf("%s not installed: %+v", name, models)
	}
	if m := models[i]; m.ContextLength != 4096 || !m.Chat || m.Size < 100_000 {
		t.Errorf("pulled model = %+v", m)
	}
	created := slices.IndexFunc(models, func(m provider.Model) bool { return strings.HasPrefix(m.ID, tinyModel+":") })
	if created < 0 || models[created].Type != models[i].Type {
		t.Errorf("the pulled model's parameter size differs from the same model created here: %+v", models)
	}
}

// TestPullCancelStopsTheDownload: cancelling the context stops the pull, and Ollama stops downloading.
func TestPullCancelStopsTheDownload(t *testing.T) {
	srv := ollamaServer(t)
	reg := ollamatest.NewRegistry(t)
	name, err := reg.Add("hushnote/cancelled:latest", ollamatest.TinyModel{Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	reg.Hold()
	p, _ := ollamaProvider(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err = p.(provider.Puller).Pull(ctx, name, func(pr provider.PullProgress) {
		if pr.Completed > 0 && pr.Completed < pr.Total {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want cancelled", err)
	}
	// Waits for the registry to see the download stop; a server that kept downloading ends the run at
	// go test's -timeout, with this goroutine's stack.
	<-reg.Stopped()
	models, _ := p.Models(context.Background())
	if slices.ContainsFunc(models, func(m provider.Model) bool { return strings.Contains(m.ID, "cancelled") }) {
		t.Errorf("a cancelled model is installed: %+v", models)
	}
}
