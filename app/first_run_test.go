package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"hushnote/assets"
	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/store"
	"hushnote/internal/templates"
)

func TestFirstRunWithOllamaNotRunning(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	m, q, mgr := newScreenWithProviders(t, st)
	if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: "http://127.0.0.1:9"}); err != nil {
		t.Fatal(err)
	}
	m.checkFirstRun()
	eventually(t, q, "the first-run screen explains that Ollama is not running", func() bool {
		return welcomeShown(m) && strings.Contains(m.welcome.ollamaStatus.Text, "ollama serve")
	})

	test.Tap(m.welcome.sample)
	eventually(t, q, "the sample meeting opens and the screen is gone", func() bool {
		return !m.welcome.root.Visible() && m.detail.title.Text == assets.SampleTitle
	})
	eventually(t, q, "the choice is remembered", func() bool {
		v, err := st.Setting(ctx, store.SettingWelcomed)
		return err == nil && v == "yes"
	})
}

// TestFirstRunChoosesALocalModel: "Use a local model" lists the installed models with their windows,
// preselects one that fits the default template (never one too small for it) and switches nothing until
// the user confirms.
func TestFirstRunChoosesALocalModel(t *testing.T) {
	ctx := context.Background()
	srv := ollamatest.Start(t)
	if err := srv.CreateModel(ctx, "tiny-small", ollamatest.TinyModel{ContextLength: 2048}); err != nil {
		t.Fatal(err)
	}
	if err := srv.CreateModel(ctx, "tiny-notes", ollamatest.TinyModel{ContextLength: 8192}); err != nil {
		t.Fatal(err)
	}
	st := newTestStore(t)
	m, q, mgr := newScreenWithProviders(t, st)
	if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Use(ctx, provider.Together); err != nil {
		t.Fatal(err)
	}
	m.checkFirstRun()
	eventually(t, q, "the first-run screen finds Ollama and its models", func() bool {
		return welcomeShown(m) && strings.Contains(m.welcome.ollamaStatus.Text, "with 2 chat models ready")
	})
	test.Tap(m.welcome.useLocal)
	w := m.welcome
	eventually(t, q, "the models that fit are listed with their windows, one preselected", func() bool {
		return strings.Join(w.localModels.Options, "|") == "tiny-notes:latest — 8k-token window" &&
			w.localModels.Selected == "tiny-notes:latest — 8k-token window"
	})
	if !strings.Contains(w.localNote.Text, "Too small for it: tiny-small:latest (2k-token window)") {
		t.Errorf("note = %q, want the model that is too small named", w.localNote.Text)
	}
	if w.confirmLocal.Disabled() || w.confirmLocal.Text != "Use tiny-notes:latest" {
		t.Errorf("confirm = %q (disabled %v)", w.confirmLocal.Text, w.confirmLocal.Disabled())
	}
	if a, _ := mgr.Active(ctx); a.Name != provider.Together {
		t.Errorf("active = %s before confirming, want it unchanged", a.Name)
	}
	test.Tap(w.confirmLocal)
	eventually(t, q, "Ollama with its model is chosen, and the bar says so", func() bool {
		return !m.welcome.root.Visible() && strings.HasPrefix(m.where.Text, "On this device: Ollama · tiny-notes:latest")
	})
	if s, _ := mgr.Settings(ctx, provider.Ollama); s.Model != "tiny-notes:latest" {
		t.Errorf("model = %q", s.Model)
	}
	if m.settings != nil {
		t.Error("Settings opened although nothing is left to do")
	}
}

// TestFirstRunOffersADownloadWhenNoModelFits: with only a model whose window is too small for the
// default template, nothing is preselected, nothing switches, and a download of a model that fits is
// offered; pressing it starts the download in Settings.
func TestFirstRunOffersADownloadWhenNoModelFits(t *testing.T) {
	ctx := context.Background()
	srv := ollamatest.Start(t)
	if err := srv.CreateModel(ctx, "tiny-small", ollamatest.TinyModel{ContextLength: 2048}); err != nil {
		t.Fatal(err)
	}
	st := newTestStore(t)
	m, q, mgr := newScreenWithProviders(t, st)
	if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	before, _ := mgr.Active(ctx)
	m.checkFirstRun()
	eventually(t, q, "the first-run screen shows", func() bool { return welcomeShown(m) })
	test.Tap(m.welcome.useLocal)
	w := m.welcome
	eventually(t, q, "a download is offered", func() bool { return w.pullModel.Visible() })
	if len(w.localModels.Options) != 0 || !w.confirmLocal.Disabled() {
		t.Errorf("options %v, confirm disabled %v: a model too small is offered", w.localModels.Options, w.confirmLocal.Disabled())
	}
	if want := "No installed model has a context window large enough for the Standard"; !strings.Contains(w.localNote.Text, want) ||
		!strings.Contains(w.localNote.Text, "tiny-small:latest (2k-token window)") {
		t.Errorf("note = %q", w.localNote.Text)
	}
	if a, _ := mgr.Active(ctx); a.Name != before.Name {
		t.Errorf("active = %s, want %s unchanged", a.Name, before.Name)
	}
	test.Tap(w.pullModel)
	if m.settings == nil {
		t.Fatal("the download did not open Settings")
	}
	o := m.settings.page(provider.Ollama).ollama
	if o.pullName.Text != recommendedModel {
		t.Errorf("Settings pulls %q, want %q", o.pullName.Text, recommendedModel)
	}
	if a, _ := mgr.Active(ctx); a.Name != before.Name {
		t.Errorf("after the download starts, active = %s", a.Name)
	}
}

// TestFirstRunChoosesTogether: "Use Together AI" asks for the key and tests it before switching: a
// rejected key leaves the previous provider active and says so; an accepted one switches and opens
// Settings to choose a model.
func TestFirstRunChoosesTogether(t *testing.T) {
	ctx := context.Background()
	tg := togethertest.New(t, "tgp-right")
	st := newTestStore(t)
	m, q, mgr := newScreenWithProviders(t, st, provider.WithGuard(tg.Guard()))
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{BaseURL: tg.BaseURL}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Use(ctx, provider.Ollama); err != nil {
		t.Fatal(err)
	}
	m.checkFirstRun()
	eventually(t, q, "the first-run screen shows", func() bool { return welcomeShown(m) })
	test.Tap(m.welcome.useTogether)
	w := m.welcome
	if !w.togetherPick.Visible() || m.settings != nil {
		t.Fatal("the key is not asked for on the first-run screen")
	}
	if a, _ := mgr.Active(ctx); a.Name != provider.Ollama {
		t.Fatalf("active = %s before a key is given", a.Name)
	}
	test.Type(w.key, "tgp-wrong")
	test.Tap(w.testKey)
	eventually(t, q, "the wrong key is refused", func() bool { return strings.Contains(w.keyNote.Text, "Together rejected the API key") })
	if a, _ := mgr.Active(ctx); a.Name != provider.Ollama {
		t.Errorf("active = %s after a rejected key, want ollama", a.Name)
	}
	if !welcomeShown(m) || m.settings != nil {
		t.Error("a rejected key closed the first-run screen")
	}

	w.key.SetText("")
	test.Type(w.key, "tgp-right")
	test.Tap(w.testKey)
	eventually(t, q, "Together is chosen and its settings open for the model", func() bool {
		return !m.welcome.root.Visible() && m.settings != nil
	})
	if a, _ := mgr.Active(ctx); a.Name != provider.Together {
		t.Errorf("active = %s", a.Name)
	}
	if got := m.settings.tabs.Selected().Text; got != "Together AI" {
		t.Errorf("settings open on %q", got)
	}
}

func TestFirstRunOnlyOnAFirstStart(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	if !needsFirstRun(ctx, st) {
		t.Error("an empty store with no choice made gets no first-run screen")
	}
	addMeeting(t, st, "Imported from the command line", "Ana: hello")
	if needsFirstRun(ctx, st) {
		t.Error("someone who already has meetings gets the first-run screen")
	}
	empty := newTestStore(t)
	if err := empty.SetSetting(ctx, store.SettingWelcomed, "yes"); err != nil {
		t.Fatal(err)
	}
	if needsFirstRun(ctx, empty) {
		t.Error("the first-run screen comes back after the choice was made")
	}
}

// welcomeShown reports whether the first-run screen is made and showing.
func welcomeShown(m *mainScreen) bool { return m.welcome != nil && m.welcome.root.Visible() }

// TestFirstRunNeverPicksACloudModel: "Use a local model" offers only chat models that run on the
// Ollama server itself; a cloud model is never offered or chosen for the user, whatever its name, and
// the first-run screen says which models are in the cloud.
func TestFirstRunNeverPicksACloudModel(t *testing.T) {
	const host = "127.0.0.1:11434"
	cloud := provider.Model{ID: "team-notes:latest", Chat: true, RemoteHost: "https://ollama.com:443"}
	cloud2 := provider.Model{ID: "gpt-oss:120b-cloud", Chat: true, RemoteHost: "https://ollama.com:443"}
	local := provider.Model{ID: "llama3.2:3b", Chat: true}
	embed := provider.Model{ID: "nomic-embed-text:latest"}
	tests := []struct {
		name   string
		models []provider.Model
		pick   string // "" when none is chosen
		status string
	}{
		{"a cloud model listed first", []provider.Model{cloud, embed, local}, "llama3.2:3b",
			"Ollama is running at 127.0.0.1:11434 with 1 chat model on this computer, and 1 cloud model: team-notes:latest (cloud — runs on ollama.com, text leaves this device)."},
		{"only cloud models", []provider.Model{cloud, cloud2, embed}, "",
			"Ollama is running at 127.0.0.1:11434 but has only cloud models: team-notes:latest (cloud — runs on ollama.com, text leaves this device), gpt-oss:120b-cloud (cloud — runs on ollama.com, text leaves this device). Settings will help you download one that runs here."},
		{"local models only", []provider.Model{embed, local}, "llama3.2:3b", "Ollama is running at 127.0.0.1:11434 with 1 chat model ready."},
		{"no chat model", []provider.Model{embed}, "", "Ollama is running at 127.0.0.1:11434 but has no chat model yet: Settings will help you download one."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fit, _ := localModelOptions(tt.models, 0)
			id := ""
			if len(fit) > 0 {
				id = fit[0].ID
			}
			if id != tt.pick {
				t.Errorf("offered first %q; want %q", id, tt.pick)
			}
			chat := 0
			for _, m := range tt.models {
				if m.Chat {
					chat++
				}
			}
			if got := ollamaFoundText(host, provider.Status{Reachable: true, ChatModels: chat, Models: tt.models}); got != tt.status {
				t.Errorf("status:\n%s\nwant:\n%s", got, tt.status)
			}
		})
	}
}

// TestWindowNeededForTheDefaultTemplate: a 2k window cannot hold the default template and its answer; a
// 4k one, the smallest most local models run at, can.
func TestWindowNeededForTheDefaultTemplate(t *testing.T) {
	tmpl, err := templates.NewLibrary(newTestStore(t)).Default(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if need := windowNeeded(tmpl); need <= 2048 || need > 4096 {
		t.Errorf("the %s template needs %d tokens, want between 2k and 4k", tmpl.Title, need)
	}
}
