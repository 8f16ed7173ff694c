package summarize_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/secret"
	"hushnote/internal/store"
	"hushnote/internal/summarize"
	"hushnote/internal/summarize/scripted"
)

// versions is how many versions of the meeting's notes the store holds.
func versions(t *testing.T, st *store.Store, id int64) int {
	t.Helper()
	sums, err := st.Summaries(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(sums)
}

// A run refused before any request is sent leaves no version (an empty failed one would only hide the
// notes); a run that failed after a request went keeps one, with its error. Through the real Together
// client, the provider manager and the network guard.
func TestRefusedRunMakesNoVersion(t *testing.T) {
	const key = "tgp_v1_REFUSEDKEY_7a6b5c4d3e2f1a0b9c8d"
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, _ := meeting(t, st, 6)
	srv := togethertest.New(t, key)
	srv.SetDefault(togethertest.Step{Tokens: []string{"## Summary\n\nThe team met."}})
	noEnv := func(string) string { return "" }
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(memKeyring{}), secret.WithGetenv(noEnv)),
		provider.WithGetenv(noEnv), provider.WithGuard(srv.Guard()))
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: srv.BaseURL, Model: "m"}); err != nil {
		t.Fatal(err)
	}
	run := func() (summarize.Result, error) {
		t.Helper()
		p, _, err := mgr.Open(ctx, provider.Together)
		if err != nil {
			t.Fatal(err)
		}
		return summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192})
	}

	// No API key: refused before sending.
	res, err := run()
	if !errors.Is(err, provider.ErrUnauthorized) || res.Summary.ID != 0 || versions(t, st, id) != 0 {
		t.Errorf("without a key: %v, %+v, %d versions; want the refusal and no version", err, res.Summary, versions(t, st, id))
	}
	if _, err := mgr.SetKey(provider.Together, key); err != nil {
		t.Fatal(err)
	}
	// Local only: refused at the connection.
	if err := mgr.SetLocalOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	res, err = run()
	if !errors.Is(err, provider.ErrLocalOnly) || res.Summary.ID != 0 || versions(t, st, id) != 0 {
		t.Errorf("under Local only: %v, %+v, %d versions; want the refusal and no version", err, res.Summary, versions(t, st, id))
	}
	if len(srv.Requests()) != 0 {
		t.Errorf("%d requests reached the service", len(srv.Requests()))
	}
	if err := mgr.SetLocalOnly(ctx, false); err != nil {
		t.Fatal(err)
	}
	// The service refuses the request it received: that run is kept, with its error.
	srv.Script(togethertest.Step{Status: 402})
	res, err = run()
	if !errors.Is(err, provider.ErrOutOfCredit) || res.Summary.ID == 0 || res.Summary.Status != store.StatusFailed || versions(t, st, id) != 1 {
		t.Errorf("after a 402: %v, %+v, %d versions; want a failed version", err, res.Summary, versions(t, st, id))
	}
	res, err = run()
	if err != nil || res.Summary.Version != 2 || res.Summary.Status != store.StatusDone {
		t.Errorf("a good run after them: %+v, %v; want version 2, done", res.Summary, err)
	}
}

// The same with the scripted model: a window too small for the template, or a server that cannot be
// reached, makes no version; a server error after the request keeps one.
func TestRefusedScriptedRunMakesNoVersion(t *testing.T) {
	st := openStore(t)
	id, _ := meeting(t, st, 6)
	ctx := context.Background()
	tiny := &scripted.Provider{Window: 600}
	if _, err := summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: tiny, Model: "tiny", ContextLength: 600}); !errors.Is(err, provider.ErrContextTooLong) || tiny.Calls() != 0 {
		t.Fatalf("a window too small: %v after %d calls", err, tiny.Calls())
	}
	down := &scripted.Provider{Local: true, Fail: func(int) error {
		return &provider.Error{Kind: provider.KindUnreachable, Provider: "Ollama", Host: "127.0.0.1:11434"}
	}}
	if _, err := summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: down, Model: "m", ContextLength: 8192}); !errors.Is(err, provider.ErrUnreachable) {
		t.Fatalf("a server that is not running: %v", err)
	}
	if n := versions(t, st, id); n != 0 {
		t.Errorf("%d versions after runs refused before sending", n)
	}
	broken := &scripted.Provider{Fail: func(int) error { return &provider.Error{Kind: provider.KindServerError, Provider: "Scripted model"} }}
	res, err := summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: broken, Model: "m", ContextLength: 8192})
	if !errors.Is(err, provider.ErrServerError) || res.Summary.Version != 1 || res.Summary.Status != store.StatusFailed || versions(t, st, id) != 1 {
		t.Errorf("a server error: %v, %+v; want failed version 1", err, res.Summary)
	}
}
