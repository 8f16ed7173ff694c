package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hushnote/internal/netguard"
	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/secret"
)

// settingsKeyring is a keychain in memory.
type settingsKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *settingsKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.m[service+"/"+user]; ok {
		return v, nil
	}
	return "", secret.ErrNoKey
}

func (k *settingsKeyring) Set(service, user, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[service+"/"+user] = v
	return nil
}

func (k *settingsKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}

// newSettingsForTest opens the Settings screen in a test window over a real store and manager. guard,
// when not nil, is the network guard every provider connects through (one trusting a TLS stand-in).
func newSettingsForTest(t *testing.T, guard *netguard.Guard) (*settingsScreen, uiQueue, *provider.Manager) {
	t.Helper()
	a := test.NewTempApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st := newTestStore(t)
	noEnv := func(string) string { return "" }
	opts := []provider.ManagerOption{provider.WithGetenv(noEnv)}
	if guard != nil {
		opts = append(opts, provider.WithGuard(guard))
	}
	mgr := provider.NewManager(st, secret.New(t.TempDir(), secret.WithKeyring(&settingsKeyring{}), secret.WithGetenv(noEnv)), opts...)
	w := a.NewWindow("Settings")
	q := make(uiQueue, 256)
	s := newSettingsScreen(ctx, Services{Store: st, Providers: mgr, DataDir: t.TempDir()}, w, q.do)
	w.SetContent(s.build())
	w.Resize(fyne.NewSize(900, 700))
	q.drain()
	return s, q, mgr
}

// typeInto replaces an entry's text as a user would: select it away, then type.
func typeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	e.SetText("")
	test.Type(e, text)
}

// testTogether fills in the Together page with the stand-in's address and a key and presses Test.
func testTogether(t *testing.T, s *settingsScreen, q uiQueue, baseURL, key string) *presetPage {
	t.Helper()
	pg := s.page(provider.Together)
	if pg == nil {
		t.Fatal("no Together AI page")
	}
	typeInto(pg.baseURL, baseURL)
	typeInto(pg.key, key)
	test.Tap(pg.testBtn)
	eventually(t, q, "the test finished", func() bool {
		return pg.testResult.Visible() && pg.testResult.Text != "Testing…" && !pg.testBtn.Disabled()
	})
	return pg
}

func TestSettingsPagesInPresetOrder(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	var got []string
	for _, it := range s.tabs.Items {
		got = append(got, it.Text)
	}
	want := []string{"Together AI", "Ollama", "OpenAI", "Groq", "OpenRouter", "Mistral", "Google Gemini", "Custom server", "Templates", "Privacy"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("pages = %q, want %q", got, want)
	}
	if pg := s.page(provider.Ollama); pg.key != nil {
		t.Error("the Ollama page asks for an API key")
	}
	if pg := s.page(provider.Together); pg.baseURL.Text != "https://api.together.ai/v1" {
		t.Errorf("Together base URL = %q, want the preset default", pg.baseURL.Text)
	}
}

func TestSettingsTestConnection(t *testing.T) {
	tests := []struct {
		name, key string
		want      string
		source    secret.Source
	}{
		{"right key", "tgp-right", "Reachable · key accepted · 3 chat models", secret.SourceKeychain},
		{"wrong key", "tgp-wrong", "Together AI rejected the API key", secret.SourceKeychain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := togethertest.New(t, "tgp-right")
			s, q, mgr := newSettingsForTest(t, nil)
			pg := testTogether(t, s, q, srv.BaseURL, tt.key)
			if !strings.Contains(pg.testResult.Text, tt.want) {
				t.Fatalf("test result = %q, want it to say %q", pg.testResult.Text, tt.want)
			}
			if strings.Contains(pg.testResult.Text, tt.key) {
				t.Errorf("the result shows the key: %q", pg.testResult.Text)
			}
			lists := 0
			for _, r := range srv.Requests() {
				if strings.HasSuffix(r.Path, "/models") {
					lists++
				}
			}
			if lists != 1 {
				t.Errorf("Test connection asked for the model list %d times, want once", lists)
			}
			if src, _ := mgr.KeySource(provider.Together); src != tt.source {
				t.Errorf("key source = %s, want %s", src, tt.source)
			}
			if pg.key.Text != "" {
				t.Error("the saved key is still in the entry")
			}
			if pg.keyWhere.Text != "Kept in: system keychain" {
				t.Errorf("key line = %q", pg.keyWhere.Text)
			}
			got, err := mgr.Settings(context.Background(), provider.Together)
			if err != nil || got.BaseURL != srv.BaseURL {
				t.Errorf("saved base URL = %q (%v), want %q", got.BaseURL, err, srv.BaseURL)
			}
		})
	}
}

func TestSettingsTestConnectionOverTLS(t *testing.T) {
	srv := togethertest.NewTLS(t, "tgp-right")
	s, q, _ := newSettingsForTest(t, srv.Guard())
	pg := testTogether(t, s, q, srv.BaseURL, "tgp-right")
	if want := "Reachable · key accepted · 3 chat models"; pg.testResult.Text != want {
		t.Fatalf("test result = %q, want %q", pg.testResult.Text, want)
	}
}

func TestSettingsRefusesPlaintextBaseURL(t *testing.T) {
	srv := togethertest.New(t, "tgp-right")
	s, q, mgr := newSettingsForTest(t, nil)
	pg := s.page(provider.Together)
	typeInto(pg.baseURL, "http://example.com/v1")
	pg.baseURL.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Save
	want := "Refused to send text to example.com over plain http://"
	if !pg.urlError.Visible() || !strings.Contains(pg.urlError.Text, want) {
		t.Fatalf("under the field: %q (visible %v), want %q", pg.urlError.Text, pg.urlError.Visible(), want)
	}
	test.Tap(pg.testBtn) // Test refuses too, before anything is sent
	q.drain()
	if !strings.Contains(pg.urlError.Text, want) {
		t.Errorf("after Test, under the field: %q", pg.urlError.Text)
	}
	got, err := mgr.Settings(context.Background(), provider.Together)
	if err != nil || got != (provider.PresetSettings{}) {
		t.Errorf("settings = %+v (%v), want nothing saved", got, err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the stand-in got %d requests", n)
	}

	typeInto(pg.baseURL, srv.BaseURL) // a good address clears the message
	pg.baseURL.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if pg.urlError.Visible() {
		t.Errorf("message still shown: %q", pg.urlError.Text)
	}
}

func TestSettingsModelPicker(t *testing.T) {
	srv := togethertest.New(t, "tgp-right")
	s, q, mgr := newSettingsForTest(t, nil)
	pg := testTogether(t, s, q, srv.BaseURL, "tgp-right")
	eventually(t, q, "the models are listed", func() bool { return len(pg.models.Options) > 0 })
	want := []string{
		"meta-llama/Llama-3.3-70B-Instruct-Turbo — 131,072 tokens · $0.88/$0.88 per M",
		"Qwen/Qwen2.5-7B-Instruct-Turbo — 32,768 tokens · $0.30/$0.30 per M",
		"mistralai/Mixtral-8x7B-Instruct-v0.1 — 32,768 tokens · $0.60/$0.60 per M",
	}
	if strings.Join(pg.models.Options, "\n") != strings.Join(want, "\n") {
		t.Fatalf("options:\n%s\nwant:\n%s", strings.Join(pg.models.Options, "\n"), strings.Join(want, "\n"))
	}

	pg.models.SetSelected(want[1])
	ctx := context.Background()
	got, err := mgr.Settings(ctx, provider.Together)
	if err != nil || got.Model != "Qwen/Qwen2.5-7B-Instruct-Turbo" || got.BaseURL != srv.BaseURL {
		t.Fatalf("settings = %+v (%v), want the model saved and the base URL kept", got, err)
	}

	typeInto(pg.contextSize, "65536")
	pg.contextSize.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	got, _ = mgr.Settings(ctx, provider.Together)
	if got.ContextLength != 65536 || got.Model != "Qwen/Qwen2.5-7B-Instruct-Turbo" {
		t.Errorf("after the context size: %+v", got)
	}
	typeInto(pg.contextSize, "lots")
	pg.contextSize.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(pg.contextNote.Text, "whole number") {
		t.Errorf("context note = %q", pg.contextNote.Text)
	}

	// A second test keeps the choice selected.
	test.Tap(pg.testBtn)
	eventually(t, q, "the second test finished", func() bool { return !pg.testBtn.Disabled() && pg.testResult.Text != "Testing…" })
	q.drain()
	if pg.models.Selected != want[1] {
		t.Errorf("selected = %q, want %q", pg.models.Selected, want[1])
	}
}

func TestSettingsUseThisProvider(t *testing.T) {
	srv := togethertest.New(t, "tgp-right")
	s, _, mgr := newSettingsForTest(t, nil)
	ctx := context.Background()
	pg := s.page(provider.Together)
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: srv.BaseURL}); err != nil {
		t.Fatal(err)
	}
	test.Tap(pg.useBtn)
	if a, err := mgr.Active(ctx); err != nil || a.Name != provider.Together {
		t.Fatalf("active = %q (%v), want together", a.Name, err)
	}
	if !strings.Contains(pg.useResult.Text, "Summaries go to Together AI") {
		t.Errorf("use result = %q", pg.useResult.Text)
	}
	test.Tap(s.page(provider.Ollama).useBtn)
	if pg.useResult.Visible() {
		t.Errorf("Together still says %q after switching to Ollama", pg.useResult.Text)
	}
}

func TestSettingsUseRefusedWhileLocalOnly(t *testing.T) {
	srv := togethertest.New(t, "tgp-right")
	s, q, mgr := newSettingsForTest(t, nil)
	ctx := context.Background()
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: srv.BaseURL}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.SetLocalOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	pg := s.page(provider.Together)
	test.Tap(pg.useBtn)
	q.drain()
	if want := "Local only is on: nothing is sent to Together AI"; !strings.Contains(pg.useResult.Text, want) {
		t.Fatalf("use result = %q, want %q", pg.useResult.Text, want)
	}
	if a, _ := mgr.Active(ctx); a.Name != provider.Ollama {
		t.Errorf("active = %q, want ollama", a.Name)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the stand-in got %d requests", n)
	}
}

func TestSettingsPrivacyCard(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	pg := s.page(provider.Together)
	text := settingsVisibleText(pg.privacyCard())
	for _, want := range []string{"Trains on API data", "only if you opt in", "Zero data retention", "What Hushnote sends",
		"Treat your prompts as stored", "“Store prompts and model responses”", "Organization Settings → Privacy", "Passthrough models",
		"Transcript text only, over TLS", "never audio", "Verified: 2026-12-01", "Together AI privacy policy",
		"Together AI docs: privacy and security", "Together AI docs: zero data retention"} {
		if !strings.Contains(text, want) {
			t.Errorf("the privacy card does not say %q", want)
		}
	}
}

// settingsVisibleText collects the text of labels, rich text and hyperlinks under o.
func settingsVisibleText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		case interface{ String() string }:
			b.WriteString(w.String() + "\n")
		}
		if w, ok := o.(fyne.Widget); ok {
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestSettingsModelOption(t *testing.T) {
	tests := []struct {
		m    provider.Model
		want string
	}{
		{provider.Model{ID: "a", ContextLength: 131072, InputPrice: 0.88, OutputPrice: 0.88}, "a — 131,072 tokens · $0.88/$0.88 per M"},
		{provider.Model{ID: "b", ContextLength: 512}, "b — 512 tokens"},
		{provider.Model{ID: "c"}, "c — context unknown"},
		{provider.Model{ID: "d", ContextLength: 1048576, InputPrice: 0.0015, OutputPrice: 3}, "d — 1,048,576 tokens · $0.0015/$3.00 per M"},
	}
	for _, tt := range tests {
		if got := settingsModelOption(tt.m); got != tt.want {
			t.Errorf("option(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

// TestSettingsTakeEffectAtOnce: Use in the Settings window changes the main window's bar and the
// Summary tab's picker while Settings is still open.
func TestSettingsTakeEffectAtOnce(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	m, q, _ := newScreenWithProviders(t, st)
	eventually(t, q, "the meeting is listed", func() bool { return len(titles(m)) == 1 })
	m.list.Select(0)
	eventually(t, q, "the bar says Ollama, and the picker too", func() bool {
		return strings.HasPrefix(m.where.Text, "On this device: Ollama") && strings.HasPrefix(m.summary.writer.Selected, "Ollama")
	})
	m.openSettings(provider.Together)
	test.Tap(m.settings.page(provider.Together).useBtn)
	eventually(t, q, "the bar and the picker say Together at once", func() bool {
		return strings.HasPrefix(m.where.Text, "Cloud: Together AI") && strings.HasPrefix(m.summary.writer.Selected, "Together AI")
	})
}

func TestSettingsBlurbSaysWhereOllamaRuns(t *testing.T) {
	ollama, _ := provider.PresetByName(provider.Ollama)
	if got := settingsPresetBlurb(ollama, provider.Where{}); !strings.Contains(got, "transcripts stay on this device") {
		t.Errorf("local Ollama: %q", got)
	}
	if got := settingsPresetBlurb(ollama, provider.Where{LeavesDevice: true}); strings.Contains(got, "stay") || !strings.Contains(got, "leaves this device") {
		t.Errorf("Ollama on another computer: %q", got)
	}
	cloud := provider.Where{LeavesDevice: true, Why: "Ollama runs notes-helper on ollama.com"}
	if got := settingsPresetBlurb(ollama, cloud); !strings.Contains(got, "leaves this device (Ollama runs notes-helper on ollama.com)") {
		t.Errorf("an Ollama cloud model: %q", got)
	}
}
