package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"hushnote/assets"
	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
	"hushnote/internal/store"
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

func TestFirstRunChoosesALocalModel(t *testing.T) {
	ctx := context.Background()
	srv := ollamatest.Start(t)
	if err := srv.CreateModel(ctx, "tiny-notes", ollamatest.TinyModel{ContextLength: 4096}); err != nil {
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
	eventually(t, q, "the first-run screen finds Ollama and its model", func() bool {
		return welcomeShown(m) && strings.Contains(m.welcome.ollamaStatus.Text, "with 1 chat model ready")
	})
	test.Tap(m.welcome.useLocal)
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

func TestFirstRunChoosesTogether(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	m, q, mgr := newScreenWithProviders(t, st)
	m.checkFirstRun()
	eventually(t, q, "the first-run screen shows", func() bool { return welcomeShown(m) })
	test.Tap(m.welcome.useTogether)
	eventually(t, q, "Together is chosen and its settings open for the key", func() bool {
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
