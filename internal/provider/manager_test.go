package provider_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

// memKeyring is a keychain in memory.
type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", secret.ErrNoKey
	}
	return v, nil
}

func (k *memKeyring) Set(service, user, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[service+"/"+user] = v
	return nil
}

func (k *memKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}

func newManager(t *testing.T, srv *togethertest.Server) (*provider.Manager, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	keys := secret.New(dir, secret.WithKeyring(&memKeyring{}), secret.WithGetenv(func(string) string { return "" }))
	opts := []provider.ManagerOption{provider.WithGetenv(func(string) string { return "" })}
	if srv != nil {
		opts = append(opts, provider.WithGuard(srv.Guard()))
	}
	return provider.NewManager(st, keys, opts...), st
}

func TestLocalOnlySwitchRestoresTheCloudProvider(t *testing.T) {
	ctx := context.Background()
	srv := togethertest.NewTLS(t, testKey)
	m, st := newManager(t, srv)
	if a, _ := m.Active(ctx); a.Name != provider.Ollama {
		t.Errorf("default active = %s, want ollama (nothing leaves the device until the user says so)", a.Name)
	}
	if err := m.Configure(ctx, "together", provider.PresetSettings{BaseURL: srv.BaseURL, Model: "Qwen/Qwen2.5-7B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	if src, err := m.SetKey("together", testKey); err != nil || src != secret.SourceKeychain {
		t.Fatalf("SetKey = %v, %v", src, err)
	}
	if err := m.Use(ctx, "together"); err != nil {
		t.Fatal(err)
	}

	if err := m.SetLocalOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	if a, _ := m.Active(ctx); a.Name != provider.Ollama {
		t.Errorf("local-only on: active = %s, want ollama", a.Name)
	}
	if err := m.Use(ctx, "together"); !errors.Is(err, provider.ErrLocalOnly) {
		t.Errorf("Use(together) while local-only: %v", err)
	}
	p, _, err := m.Open(ctx, "together")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Chat(ctx, chatReq(), func(provider.Chunk) error { return nil }); !errors.Is(err, provider.ErrLocalOnly) {
		t.Errorf("chat while local-only: %v", err)
	}
	if _, err := p.Models(ctx); !errors.Is(err, provider.ErrLocalOnly) {
		t.Errorf("models while local-only: %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests reached the cloud server while local-only was on", n)
	}

	if err := m.SetLocalOnly(ctx, false); err != nil {
		t.Fatal(err)
	}
	a, _ := m.Active(ctx)
	s, _ := m.Settings(ctx, a.Name)
	if a.Name != provider.Together || s.Model != "Qwen/Qwen2.5-7B-Instruct-Turbo" {
		t.Errorf("after local-only off: %s %+v, want together with its model", a.Name, s)
	}
	p, s, err = m.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	req := chatReq()
	req.Model = s.Model
	if _, err := p.Chat(ctx, req, func(provider.Chunk) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ledger, err := st.EgressLedger(ctx, 0)
	if err != nil || len(ledger) != 1 || ledger[0].Provider != "together" || ledger[0].MeetingID != 7 || !ledger[0].TLS {
		t.Errorf("egress ledger = %+v, %v", ledger, err)
	}
}

func TestConfigureRefusesPlaintextToOtherMachines(t *testing.T) {
	ctx := context.Background()
	m, _ := newManager(t, nil)
	err := m.Configure(ctx, "together", provider.PresetSettings{BaseURL: "http://example.com/v1"})
	if !errors.Is(err, provider.ErrPlaintext) {
		t.Errorf("http://example.com accepted: %v", err)
	}
	if err := m.Configure(ctx, "together", provider.PresetSettings{BaseURL: "http://127.0.0.1:8080/v1"}); err != nil {
		t.Errorf("loopback refused: %v", err)
	}
	if err := m.Configure(ctx, "nonesuch", provider.PresetSettings{}); !errors.Is(err, provider.ErrUnknownPreset) {
		t.Errorf("unknown preset: %v", err)
	}
	// A custom server on another machine leaves the device: local-only refuses it like a cloud preset.
	if err := m.Configure(ctx, "custom", provider.PresetSettings{BaseURL: "https://vllm.example.org/v1"}); err != nil {
		t.Fatal(err)
	}
	if err := m.SetLocalOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	if err := m.Use(ctx, "custom"); !errors.Is(err, provider.ErrLocalOnly) {
		t.Errorf("remote custom server while local-only: %v", err)
	}
	if err := m.Configure(ctx, "custom", provider.PresetSettings{BaseURL: "http://localhost:1234/v1"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Use(ctx, "custom"); err != nil {
		t.Errorf("loopback custom server while local-only: %v", err)
	}
	// That choice, made while local-only was on, is the one kept when it goes off.
	if err := m.SetLocalOnly(ctx, false); err != nil {
		t.Fatal(err)
	}
	if a, _ := m.Active(ctx); a.Name != "custom" {
		t.Errorf("after local-only off: active %s, want the custom server chosen meanwhile", a.Name)
	}
}

func TestChoicesListWhatCanWriteSummaries(t *testing.T) {
	ctx := context.Background()
	m, _ := newManager(t, nil)
	describe := func() string {
		t.Helper()
		cs, err := m.Choices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, c := range cs {
			s := c.Preset.Name + "=" + c.Model
			if !c.Where.LeavesDevice {
				s += " stays"
			}
			if c.Active {
				s += " active"
			}
			if c.Blocked {
				s += " blocked"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ", ")
	}
	if got := describe(); got != "ollama= stays active" {
		t.Errorf("fresh: %s", got)
	}
	for _, c := range []struct {
		name  string
		leave bool
	}{{provider.Ollama, false}, {provider.Together, true}} {
		p, _ := provider.PresetByName(c.name)
		s, err := m.Settings(ctx, c.name)
		if l := m.Where(ctx, p, s).LeavesDevice; err != nil || l != c.leave {
			t.Errorf("%s leaves the device: %v (%v), want %v", c.name, l, err, c.leave)
		}
	}
	if err := m.Configure(ctx, "together", provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Configure(ctx, "ollama", provider.PresetSettings{Model: "llama3.2"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Use(ctx, "together"); err != nil {
		t.Fatal(err)
	}
	if got := describe(); got != "together=meta-llama/Llama-3.3-70B-Instruct-Turbo active, ollama=llama3.2 stays" {
		t.Errorf("two set up: %s", got)
	}
	if err := m.SetLocalOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := describe(); got != "together=meta-llama/Llama-3.3-70B-Instruct-Turbo blocked, ollama=llama3.2 stays active" {
		t.Errorf("local only: %s", got)
	}
}

func TestDefaultBaseURLFollowsOllamaHost(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	env := map[string]string{"OLLAMA_HOST": "127.0.0.1:5555"}
	m := provider.NewManager(st, nil, provider.WithGetenv(func(k string) string { return env[k] }))
	ollama, _ := provider.PresetByName(provider.Ollama)
	together, _ := provider.PresetByName(provider.Together)
	if got := m.DefaultBaseURL(ollama); got != "http://127.0.0.1:5555" {
		t.Errorf("Ollama with OLLAMA_HOST: %q", got)
	}
	if got := m.DefaultBaseURL(together); got != together.BaseURL {
		t.Errorf("Together: %q", got)
	}
	delete(env, "OLLAMA_HOST")
	if got := m.DefaultBaseURL(ollama); got != provider.DefaultOllamaURL {
		t.Errorf("Ollama without OLLAMA_HOST: %q", got)
	}
}
