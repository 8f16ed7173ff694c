package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
	"hushnote/internal/secret"
	"hushnote/internal/store"
	"hushnote/internal/summarize/scripted"
)

// memKeys is a keychain in memory.
type memKeys struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeys) Get(s, u string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.m[s+u]; ok {
		return v, nil
	}
	return "", secret.ErrNoKey
}

func (k *memKeys) Set(s, u, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[s+u] = v
	return nil
}

func (k *memKeys) Delete(s, u string) error { return nil }

// newScreenWithProviders opens the main window over a real store and provider manager (with opts, such
// as a cloud stand-in's HTTP client), with an in-memory keychain and no environment.
func newScreenWithProviders(t *testing.T, st *store.Store, opts ...provider.ManagerOption) (*mainScreen, uiQueue, *provider.Manager) {
	t.Helper()
	a := test.NewTempApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dir := t.TempDir()
	opts = append([]provider.ManagerOption{provider.WithGetenv(func(string) string { return "" })}, opts...)
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(&memKeys{})), opts...)
	w := a.NewWindow("Hushnote")
	m := newMainScreen(ctx, Services{Store: st, Providers: mgr, DataDir: dir}, w)
	q := make(uiQueue, 256)
	m.do = q.do
	w.SetContent(m.build())
	m.addShortcuts(w.Canvas())
	w.Resize(fyne.NewSize(1100, 720))
	m.reload()
	return m, q, mgr
}

// press types Ctrl (Cmd) with key on the window's canvas.
func press(m *mainScreen, key fyne.KeyName) {
	m.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

func TestKeyboardShortcuts(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	m, q, mgr := newScreenWithProviders(t, st)
	p := &scripted.Provider{Answer: "## Summary\nDone."}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}

	press(m, fyne.KeyF)
	if m.win.Canvas().Focused() != m.search {
		t.Error("Ctrl+F does not focus the search field")
	}
	press(m, fyne.KeyL)
	eventually(t, q, "Ctrl+L turns local only on", func() bool { on, _ := mgr.LocalOnly(ctx); return on && m.local.Checked })
	press(m, fyne.KeyL)
	eventually(t, q, "Ctrl+L turns it off", func() bool { on, _ := mgr.LocalOnly(ctx); return !on })

	openOnly(t, m, q)
	press(m, fyne.KeyReturn)
	eventually(t, q, "Ctrl+Enter summarizes", func() bool { return strings.Contains(m.summary.status.Text, "Saved as version 1") })
}

func TestLocalOnlySwitchChangesWhereSummariesGo(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	m, q, mgr := newScreenWithProviders(t, st)
	if err := mgr.Configure(ctx, "together", provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Use(ctx, "together"); err != nil {
		t.Fatal(err)
	}
	m.refreshWhere()
	eventually(t, q, "the bar says the cloud provider", func() bool {
		return strings.HasPrefix(m.where.Text, "Cloud: Together AI · meta-llama/Llama-3.3-70B-Instruct-Turbo") && !m.local.Checked
	})

	test.Tap(m.local)
	eventually(t, q, "one click makes it local", func() bool {
		return strings.HasPrefix(m.where.Text, "Local only — on this device") && m.local.Checked
	})
	if a, _ := mgr.Active(ctx); a.Name != provider.Ollama {
		t.Errorf("active = %s, want ollama", a.Name)
	}
	p, _, err := mgr.Open(ctx, "together")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Chat(ctx, provider.Request{Model: "m"}, func(provider.Chunk) error { return nil }); !strings.Contains(err.Error(), "Local only is on") {
		t.Errorf("a cloud request while local-only: %v", err)
	}

	test.Tap(m.local)
	eventually(t, q, "one click back restores Together", func() bool {
		return strings.HasPrefix(m.where.Text, "Cloud: Together AI · meta-llama") && !m.local.Checked
	})
}

func TestSummarizeShowsProgressStreamsAndSaves(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.", "Ben: Trendy and cheap, please.")
	m, q, _ := newScreenWithProviders(t, st)
	p := &scripted.Provider{Answer: "## Summary\nThe team agreed to build a remote control.", TokenDelay: 2 * time.Millisecond}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	openOnly(t, m, q)
	if m.summary.run.Text != "Summarize" || !strings.Contains(m.summary.provenance.Text, "Nothing has been written") {
		t.Errorf("before: button %q, %q", m.summary.run.Text, m.summary.provenance.Text)
	}

	var sawWriting, sawProgress bool
	test.Tap(m.summary.run)
	eventually(t, q, "the summary is saved", func() bool {
		if strings.Contains(m.summary.status.Text, "Writing the notes") {
			sawWriting = true
		}
		if m.summary.progress.Visible() && !m.summary.cancelBtn.Hidden {
			sawProgress = true
		}
		return strings.Contains(m.summary.status.Text, "Saved as version 1")
	})
	if !sawWriting || !sawProgress {
		t.Errorf("progress not shown: writing %v, bar and cancel %v", sawWriting, sawProgress)
	}
	if got := richText(m.summary); !strings.Contains(got, "The team agreed to build a remote control.") {
		t.Errorf("notes shown = %q", got)
	}
	if m.summary.run.Text != "Regenerate" || !strings.Contains(m.summary.versions.Selected, "Version 1") || !strings.Contains(m.summary.provenance.Text, "scripted") {
		t.Errorf("after: button %q, version %q, provenance %q", m.summary.run.Text, m.summary.versions.Selected, m.summary.provenance.Text)
	}
}

func TestCancelKeepsTheDraft(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	m, q, _ := newScreenWithProviders(t, st)
	// The answer stops after 50 words until the run is cancelled: still going when Cancel is tapped.
	p := &scripted.Provider{Answer: strings.Repeat("word ", 2000), TokenDelay: 2 * time.Millisecond, Hold: make(chan struct{}), HoldAfter: 50}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	openOnly(t, m, q)
	test.Tap(m.summary.run)
	eventually(t, q, "text streams in", func() bool { return strings.Count(richText(m.summary), "word") > 20 })
	test.Tap(m.summary.cancelBtn)
	eventually(t, q, "the run stops", func() bool { return strings.Contains(m.summary.status.Text, "Cancelled") })
	saved, err := st.LatestSummary(context.Background(), id)
	if err != nil || saved.Status != store.StatusPartial || !strings.HasPrefix(saved.Text, "word word") {
		t.Errorf("draft = %q (%s), %v", saved.Text, saved.Status, err)
	}
	if !strings.Contains(m.summary.versions.Selected, "partial") || !strings.Contains(richText(m.summary), "word") {
		t.Errorf("the draft is not shown: %q", m.summary.versions.Selected)
	}
}

// richText is the text of the notes on screen: lists, tables and links included.
func richText(v *summaryView) string { return segmentsText(v.text.Segments) }

// segmentsText is the text of rich text segments: lists, tables and links included.
func segmentsText(segs []widget.RichTextSegment) string {
	var b strings.Builder
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch x := s.(type) {
			case *widget.ListSegment:
				walk(x.Items)
			case *widget.ParagraphSegment:
				walk(x.Texts)
				b.WriteString("\n")
			default:
				b.WriteString(s.Textual())
			}
		}
	}
	walk(segs)
	return b.String()
}

// TestSummaryStaysWithItsMeeting: while one meeting is summarised the user opens another; the notes
// stream into the first, never onto the second's page.
func TestSummaryStaysWithItsMeeting(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "First", "Ana: one")
	addMeeting(t, st, "Second", "Ben: two")
	m, q, _ := newScreenWithProviders(t, st)
	// The answer waits after 20 words until Second is open: First's run is surely still going then.
	hold := make(chan struct{})
	p := &scripted.Provider{Answer: strings.Repeat("notes ", 400), TokenDelay: 2 * time.Millisecond, Hold: hold, HoldAfter: 20}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	eventually(t, q, "both listed", func() bool { return len(titles(m)) == 2 })
	m.list.Select(1) // "First" (newest first)
	eventually(t, q, "First opens", func() bool { return m.summary.meeting.Title == "First" })
	test.Tap(m.summary.run)
	eventually(t, q, "notes stream", func() bool { return strings.Contains(richText(m.summary), "notes") })
	m.list.Select(0)
	eventually(t, q, "Second opens", func() bool { return m.summary.meeting.Title == "Second" })
	if strings.Contains(richText(m.summary), "notes notes") {
		t.Error("Second shows First's notes")
	}
	if !m.summary.run.Disabled() || !strings.Contains(m.summary.status.Text, "Another meeting is being summarised") {
		t.Errorf("Second: button disabled %v, status %q", m.summary.run.Disabled(), m.summary.status.Text)
	}
	close(hold)
	eventually(t, q, "First's run ends", func() bool { return m.summary.running == 0 })
	if strings.Contains(richText(m.summary), "notes notes") || len(m.summary.sums) != 0 || m.summary.run.Disabled() {
		t.Errorf("after the run Second shows %q, %d versions, button disabled %v", richText(m.summary), len(m.summary.sums), m.summary.run.Disabled())
	}
	if sums, _ := st.Summaries(context.Background(), 1); len(sums) != 1 || sums[0].Status != store.StatusDone {
		t.Errorf("First's summary = %+v", sums)
	}
}

func TestLongSummaryNotifiesOnlyWhenAway(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	m, q, _ := newScreenWithProviders(t, st)
	p := &scripted.Provider{Answer: "## Summary\nA remote control."}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	var sent []*fyne.Notification
	m.notify = func(n *fyne.Notification) { sent = append(sent, n) } // called on the UI goroutine
	m.summary.longRun = 0                                            // every run counts as long here
	openOnly(t, m, q)

	m.summary.onSummarize()
	eventually(t, q, "version 1 is saved", func() bool { return strings.Contains(m.summary.status.Text, "Saved as version 1") })
	if len(sent) != 0 {
		t.Errorf("notified while the window was in front: %+v", sent[0])
	}

	m.away.Store(true)
	m.summary.onSummarize()
	eventually(t, q, "version 2 is saved", func() bool { return strings.Contains(m.summary.status.Text, "Saved as version 2") })
	if len(sent) != 1 || sent[0].Title != "The notes of “Kick-off” are ready" || !strings.Contains(sent[0].Content, "Version 2") {
		t.Errorf("notifications = %+v, want one saying version 2 is ready", sent)
	}
}

// TestClosingTheWindowSavesTheDraft: closing the window mid-summary cancels the run, and what arrived is
// saved before the app exits.
func TestClosingTheWindowSavesTheDraft(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	a := test.NewTempApp(t)
	dir := t.TempDir()
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(&memKeys{})), provider.WithGetenv(func(string) string { return "" }))
	q := make(uiQueue, 256)
	w, m := newMainWindow(context.Background(), a, Services{Store: st, Providers: mgr, DataDir: dir}, q.do)
	// The answer stops after 50 words until the run is cancelled: still going when the window closes.
	p := &scripted.Provider{Answer: strings.Repeat("word ", 5000), TokenDelay: 2 * time.Millisecond, Hold: make(chan struct{}), HoldAfter: 50}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	w.Show()
	openOnly(t, m, q)
	m.summary.onSummarize()
	eventually(t, q, "text streams in", func() bool { return strings.Count(richText(m.summary), "word") > 20 })

	w.Close()
	if !m.summary.wait(10 * time.Second) {
		t.Fatal("the run did not stop after the window closed")
	}
	su, err := st.LatestSummary(context.Background(), id)
	if err != nil || su.Status != store.StatusPartial || !strings.HasPrefix(su.Text, "word word") {
		t.Errorf("after closing: %q (%s), %v; want the partial draft saved", su.Text, su.Status, err)
	}
}
