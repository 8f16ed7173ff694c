package provider_test

import (
	"testing"

	"hushnote/internal/provider"
)

func TestMadeOnDevice(t *testing.T) {
	for _, c := range []struct {
		preset, model, host string
		want                bool
	}{
		{"ollama", "llama3.2:3b", "127.0.0.1:11434", true},
		{"ollama", "llama3.2", "localhost:11434", true},
		{"ollama", "qwen3", "[::1]:11434", true},
		{"ollama", "gpt-oss:120b-cloud", "127.0.0.1:11434", false}, // Ollama runs it on ollama.com
		{"ollama", "llama3.2", "gpu-box.example.com:11434", false}, // another computer's Ollama
		{"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "api.together.xyz", false},
		{"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "127.0.0.1:8443", false}, // a proxy here still sends it on
		{"custom", "local-model", "127.0.0.1:1234", true},                                // LM Studio or llama.cpp server here
		{"custom", "local-model", "10.0.0.7:1234", false},
		{"ollama", "llama3.2", "", false}, // unknown host: not claimed as local
	} {
		if got := provider.MadeOnDevice(c.preset, c.model, c.host); got != c.want {
			t.Errorf("MadeOnDevice(%q, %q, %q) = %v, want %v", c.preset, c.model, c.host, got, c.want)
		}
	}
}
