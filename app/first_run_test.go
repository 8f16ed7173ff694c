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

// TestFirstRunNeverPicksACloudModel: "Use a local model" chooses the first chat model that runs on the
// Ollama server itself; a cloud model is never chosen for the user, whatever its name, and the
// first-run screen says which models are in the cloud.
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
			id, ok := firstLocalChatModel(tt.models)
			if id != tt.pick || ok != (tt.pick != "") {
				t.Errorf("picked %q, %v; want %q", id, ok, tt.pick)
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
