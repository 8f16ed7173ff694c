package app

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/redact"
	"hushnote/internal/redact/redacttest"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

// TestEchoedKeyIsNeitherShownNorCopied: Together (a stand-in) echoes the key in a 401 body, inside the
// notes as they stream, and when it rejects a wrong key. The status line, the notification, the notes
// on screen (while they stream and once saved), the clipboard and the Test connection result show the
// placeholder instead; so does a transcript saved before the key was known, when it is copied.
func TestEchoedKeyIsNeitherShownNorCopied(t *testing.T) {
	const (
		appKey   = "tgp_v1_APPKEY_5e6f7a8b9c0d1e2f3a4b"
		wrongKey = "tgp_v1_APPWRONG_0f9e8d7c6b5a4938"
		model    = "Qwen/Qwen2.5-7B-Instruct-Turbo"
	)
	ctx := context.Background()
	srv := togethertest.New(t, appKey)
	red := redact.New()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithScrubber(red))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// Saved before Hushnote knew the key (by an older version, say): the store kept it as it was.
	addMeeting(t, st, "Stand-up", "Ana: my key is "+appKey, "Ben: do not read keys out in meetings.")

	a := test.NewTempApp(t)
	noEnv := func(string) string { return "" }
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(&memKeys{}), secret.WithGetenv(noEnv)),
		provider.WithGetenv(noEnv), provider.WithGuard(srv.Guard()), provider.WithRedactor(red))
	svc := Services{Store: st, Providers: mgr, DataDir: dir, Redactor: red}
	w := a.NewWindow("Hushnote")
	uiCtx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	m := newMainScreen(uiCtx, svc, w)
	q := make(uiQueue, 256)
	m.do = q.do
	w.SetContent(m.build())
	w.Resize(fyne.NewSize(1100, 720))
	var mu sync.Mutex
	var notes []string
	m.notify = func(n *fyne.Notification) { mu.Lock(); notes = append(notes, n.Title+": "+n.Content); mu.Unlock() }
	m.away.Store(true)
	m.summary.longRun = 0 // every run ends with a notification
	m.reload()

	if _, err := mgr.SetKey(provider.Together, appKey); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: srv.BaseURL, Model: model}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Use(ctx, provider.Together); err != nil {
		t.Fatal(err)
	}
	openOnly(t, m, q)
	v := m.summary
	shows := func(t *testing.T, what, text string) {
		t.Helper()
		redacttest.InText(t, appKey, what, text)
		redacttest.InText(t, wrongKey, what, text)
		// Fyne's Markdown view puts spaces inside brackets ("[ API key removed ]"), as for any.
		if placeholder := strings.Trim(redact.Placeholder, "[]"); !strings.Contains(text, placeholder) {
			t.Errorf("%s does not show the placeholder: %q", what, text)
		}
	}

	t.Run("a 401 that echoes the key", func(t *testing.T) {
		srv.Script(togethertest.Step{Status: 401, Body: `{"error":{"message":"Invalid API key provided: Bearer ` + togethertest.EchoKey + `"}}`})
		test.Tap(v.run)
		eventually(t, q, "the run fails", func() bool { return v.running == 0 && strings.Contains(v.status.Text, "rejected the API key") })
		shows(t, "the status line", v.status.Text)
		shows(t, "the version's provenance", v.provenance.Text)
		mu.Lock()
		shows(t, "the notification", strings.Join(notes, "\n"))
		mu.Unlock()
	})

	t.Run("notes that echo the key as they stream", func(t *testing.T) {
		srv.Script(togethertest.Step{
			Tokens: []string{"## Summary", "\n\nThe service echoed Bearer ", appKey[:9], appKey[9:], " and ", togethertest.EchoKey, " back.", " More to come"},
			// each piece arrives after the screen's 100 ms refresh, so each is shown; then nothing more
			Delay: 150 * time.Millisecond, StallAt: 7,
		})
		test.Tap(v.run)
		eventually(t, q, "the notes so far are on screen", func() bool { return strings.Contains(v.text.String(), "back.") })
		shows(t, "the streaming notes", v.text.String())
		test.Tap(v.cancelBtn)
		eventually(t, q, "the run stops", func() bool { return v.running == 0 && strings.Contains(v.status.Text, "Cancelled") })
		shows(t, "the saved draft on screen", v.text.String())
		test.Tap(v.copyBtn)
		shows(t, "the copied notes", a.Clipboard().Content())
	})

	t.Run("the transcript copied", func(t *testing.T) {
		test.Tap(m.detail.transcript.copyBtn)
		shows(t, "the copied transcript", a.Clipboard().Content())
	})

	t.Run("a rejected key quoted back to Test connection", func(t *testing.T) {
		srv.SetRejectBody(`{"error":{"message":"Incorrect API key provided: ` + togethertest.EchoKey + `"}}`)
		sw := a.NewWindow("Settings")
		s := newSettingsScreen(uiCtx, svc, sw, q.do)
		sw.SetContent(s.build())
		sw.Resize(fyne.NewSize(900, 700))
		q.drain()
		pg := testTogether(t, s, q, srv.BaseURL, wrongKey)
		if !strings.Contains(pg.testResult.Text, "rejected the API key") {
			t.Fatalf("Test connection says %q", pg.testResult.Text)
		}
		shows(t, "the Test connection result", pg.testResult.Text)
	})
}
