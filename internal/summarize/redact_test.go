package summarize_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/redact"
	"hushnote/internal/redact/redacttest"
	"hushnote/internal/secret"
	"hushnote/internal/store"
	"hushnote/internal/summarize"
)

// memKeyring is a keychain in memory.
type memKeyring map[string]string

func (k memKeyring) Get(s, u string) (string, error) {
	if v, ok := k[s+"/"+u]; ok {
		return v, nil
	}
	return "", secret.ErrNoKey
}
func (k memKeyring) Set(s, u, v string) error { k[s+"/"+u] = v; return nil }
func (k memKeyring) Delete(s, u string) error { delete(k, s+"/"+u); return nil }

// TestEchoedKeyStaysOutOfPartsDraftsAndTheDataFolder runs a long meeting in parts through the real
// Together client and the provider manager against a stand-in that quotes the key in every answer and,
// for one part, in a 401 body. The run fails on that part and is resumed; then no file of the data
// folder, read as it is on disk with its write-ahead log, holds the key, and the parts, the failed
// version's error and the finished notes hold the placeholder.
func TestEchoedKeyStaysOutOfPartsDraftsAndTheDataFolder(t *testing.T) {
	const key = "tgp_v1_ENGINEKEY_7a6b5c4d3e2f1a0b9c8d"
	ctx := context.Background()
	dir := t.TempDir()
	red := redact.New()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithScrubber(red))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, _ := meeting(t, st, 120)

	srv := togethertest.New(t, key)
	echo := []string{"## Summary\n\n- The service saw Bearer ", togethertest.EchoKey, ".\n- Then ", key[:12], key[12:], " again."}
	srv.SetDefault(togethertest.Step{Tokens: echo})
	srv.Script(togethertest.Step{Tokens: echo}, togethertest.Step{Tokens: echo},
		togethertest.Step{Status: 401, Body: `{"error":{"message":"Invalid API key provided: ` + togethertest.EchoKey + `"}}`})
	noEnv := func(string) string { return "" }
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(memKeyring{}), secret.WithGetenv(noEnv)),
		provider.WithGetenv(noEnv), provider.WithGuard(srv.Guard()), provider.WithRedactor(red))
	if _, err := mgr.SetKey(provider.Together, key); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: srv.BaseURL, Model: "Qwen/Qwen2.5-7B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	p, _, err := mgr.Open(ctx, provider.Together)
	if err != nil {
		t.Fatal(err)
	}
	opts := summarize.Options{MeetingID: id, Provider: p, Model: "Qwen/Qwen2.5-7B-Instruct-Turbo", ContextLength: 8192, Parallel: 1}

	failed, err := summarize.New(st).Summarize(ctx, opts)
	var pe *summarize.PartError
	if !errors.As(err, &pe) || pe.Part != 3 || !errors.Is(err, provider.ErrUnauthorized) {
		t.Fatalf("first run: %v; want part 3 rejected", err)
	}
	done, err := summarize.New(st).Summarize(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if done.Reused != 2 || done.Summary.ChunkCount < 3 {
		t.Fatalf("the resumed run reused %d parts of %d", done.Reused, done.Summary.ChunkCount)
	}

	files := redacttest.InFolder(t, key, dir)
	if !slices.Contains(files, store.FileName+"-wal") {
		t.Errorf("no write-ahead log among %v", files)
	}
	sums, _ := st.Summaries(ctx, id)
	parts, _ := st.Parts(ctx, done.Summary.ID)
	if len(sums) != 2 || len(parts) == 0 {
		t.Fatalf("%d versions, %d parts", len(sums), len(parts))
	}
	checks := []struct{ what, text string }{
		{"the failed version's error", sums[0].Error},
		{"the finished notes", sums[1].Text},
	}
	for _, pt := range parts {
		checks = append(checks, struct{ what, text string }{fmt.Sprintf("part %d of round %d", pt.Index+1, pt.Round), pt.Text})
	}
	for _, c := range checks {
		redacttest.InText(t, key, c.what, c.text)
		if !strings.Contains(c.text, redact.Placeholder) {
			t.Errorf("%s does not say where the key was: %q", c.what, c.text)
		}
	}
	if !strings.Contains(sums[0].Error, "reading part 3 of") || failed.Summary.Status != store.StatusFailed {
		t.Errorf("the failed version: %+v", sums[0])
	}
}
