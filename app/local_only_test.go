package app

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
	"hushnote/internal/provider/togethertest"
)

// TestLocalOnlyEndToEnd drives the window against a real Ollama with a tiny model and the Together
// stand-in: with Local only on, Summarize writes with Ollama and nothing reaches Together or the
// ledger; one click off, the next version goes to Together and is recorded.
func TestLocalOnlyEndToEnd(t *testing.T) {
	ctx := t.Context() // no budget of its own: the waits below watch for progress
	srv := ollamatest.Start(t)
	if err := srv.CreateModel(ctx, "tiny", ollamatest.TinyModel{ContextLength: 8192}); err != nil {
		t.Fatal(err)
	}
	tg := togethertest.New(t, "tgp-right")
	tg.SetDefault(togethertest.Step{Tokens: []string{"## Summary", "\n\nThe team chose", " a remote control."}, Usage: [2]int{900, 12}})

	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.", "Ben: Trendy and cheap, please.")
	m, q, mgr := newScreenWithProviders(t, st, provider.WithGuard(tg.Guard()))
	if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: srv.URL, Model: "tiny"}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: tg.BaseURL, Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", ContextLength: 131072}); err != nil {
		t.Fatal(err)
	}
	if _, err := mgr.SetKey(provider.Together, "tgp-right"); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Use(ctx, provider.Together); err != nil {
		t.Fatal(err)
	}
	m.refreshWhere()
	eventually(t, q, "the bar says Together", func() bool { return strings.HasPrefix(m.where.Text, "Cloud: Together AI") })
	openOnly(t, m, q)

	test.Tap(m.local)
	eventually(t, q, "one click makes it local", func() bool {
		return strings.HasPrefix(m.where.Text, "Local only — on this device: Ollama · tiny")
	})
	started := time.Now()
	test.Tap(m.summary.run)
	// A busy machine makes the tiny model slow, not wrong: the wait goes on while Ollama or the window
	// shows signs of life (its log grows, the status line or the notes change).
	alive := func() string {
		size := int64(-1)
		if fi, err := os.Stat(srv.LogPath); err == nil {
			size = fi.Size()
		}
		return fmt.Sprint(size, m.summary.status.Text, len(richText(m.summary)))
	}
	waitProgressing(t, q, "the real Ollama writes version 1", modelStall, alive, func() bool {
		return m.summary.running == 0 && strings.Contains(m.summary.status.Text, "Saved as version 1")
	})
	su, err := st.LatestSummary(ctx, id)
	t.Logf("the tiny model took %s: %d parts, %d tokens in, %d out, run %s", time.Since(started), su.ChunkCount, su.PromptTokens, su.AnswerTokens, su.Duration)
	if err != nil || su.Provider != provider.Ollama || su.Model != "tiny" || su.AnswerTokens == 0 {
		t.Fatalf("version 1 = %+v, %v; want the tiny model's, from Ollama", su, err)
	}
	if n := len(tg.Requests()); n != 0 {
		t.Errorf("Together got %d requests while Local only was on", n)
	}
	if ledger, _ := st.EgressLedger(ctx, 10); len(ledger) != 0 {
		t.Errorf("the ledger has %d entries after a local summary", len(ledger))
	}

	test.Tap(m.local)
	eventually(t, q, "one click back goes to Together", func() bool { return strings.HasPrefix(m.where.Text, "Cloud: Together AI") })
	test.Tap(m.summary.run)
	eventually(t, q, "Together writes version 2", func() bool {
		return m.summary.running == 0 && strings.Contains(m.summary.status.Text, "Saved as version 2")
	})
	su, err = st.LatestSummary(ctx, id)
	if err != nil || su.Provider != provider.Together || !strings.Contains(su.Text, "The team chose a remote control.") {
		t.Errorf("version 2 = %+v, %v", su, err)
	}
	ledger, err := st.EgressLedger(ctx, 10)
	if err != nil || len(ledger) == 0 || len(tg.Requests()) == 0 {
		t.Errorf("after a cloud summary: %d ledger entries (%v), %d requests", len(ledger), err, len(tg.Requests()))
	}
	if !strings.Contains(m.summary.versions.Selected, "cloud") {
		t.Errorf("version picker shows %q", m.summary.versions.Selected)
	}
}
