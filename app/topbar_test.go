package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
)

// TestTopBarSentenceFits: at the default width and at 900 pixels, in both variants, the sentence saying
// where summaries go is shown whole (not cut with an ellipsis), for a local model, the cloud and Local
// only; tapping it shows the whole explanation.
func TestTopBarSentenceFits(t *testing.T) {
	ctx := context.Background()
	m, q, mgr := newScreenWithProviders(t, newTestStore(t))
	if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: "http://127.0.0.1:9", Model: "llama3.2:3b"}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	states := []struct {
		name, prefix string
		set          func()
	}{
		{"local model", "On this device: Ollama · llama3.2:3b", func() { _ = mgr.Use(ctx, provider.Ollama) }},
		{"cloud", "Cloud: Together AI · meta-llama/Llama-3.3-70B-Instruct-Turbo", func() { _ = mgr.Use(ctx, provider.Together) }},
		{"local only", "Local only — on this device: Ollama · llama3.2:3b", func() { _ = mgr.SetLocalOnly(ctx, true) }},
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		fyne.CurrentApp().Settings().SetTheme(themeFor(v))
		for _, width := range []float32{1100, 900} {
			for _, s := range states {
				s.set()
				m.win.Resize(fyne.NewSize(width, 600))
				m.refreshWhere()
				eventually(t, q, "the bar says "+s.name, func() bool { return m.where.Text == s.prefix })
				need := fyne.MeasureText(m.where.Text, theme.TextSize(), m.where.TextStyle).Width + 2*theme.InnerPadding()
				if got := m.where.Size().Width; got < need {
					t.Errorf("%s at %v px: the sentence needs %.0f px and has %.0f: it is cut", s.name, width, need, got)
				}
			}
			_ = mgr.SetLocalOnly(ctx, false)
		}
	}

	_ = mgr.Use(ctx, provider.Together)
	m.refreshWhere()
	eventually(t, q, "the bar says the cloud", func() bool { return strings.HasPrefix(m.where.Text, "Cloud:") })
	test.TapCanvas(m.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(m.where).AddXY(5, 5))
	var shown string
	eventually(t, q, "tapping the sentence shows all of it", func() bool {
		if pop, ok := m.win.Canvas().Overlays().Top().(*widget.PopUp); ok {
			if l, ok := pop.Content.(*widget.Label); ok {
				shown = l.Text
			}
		}
		return shown != ""
	})
	if want := "transcript text is sent to Together AI · meta-llama/Llama-3.3-70B-Instruct-Turbo over TLS (HTTPS)"; !strings.Contains(shown, want) {
		t.Errorf("pop-up says %q, want it to contain %q", shown, want)
	}
}

// TestTopBarSaysTLSOnlyForHTTPS: the sentence says TLS only when the address is https; a server on
// another machine over plain http is said to be reached without TLS.
func TestTopBarSaysTLSOnlyForHTTPS(t *testing.T) {
	lan := provider.Destination{Preset: provider.Preset{Title: "Ollama"}, Model: "llama3.2:3b",
		Where: provider.Where{LeavesDevice: true, Host: "192.168.1.5:11434", Why: "192.168.1.5 is not this computer"}}
	w := destinationText(lan, false)
	if !strings.Contains(w.full, "without TLS (plain HTTP)") || strings.Contains(w.full, "over TLS") {
		t.Errorf("plain http to another machine: %q", w.full)
	}
	if w.short != "Leaves this device: Ollama · llama3.2:3b" || w.stays {
		t.Errorf("short = %q, stays = %v", w.short, w.stays)
	}
	if w := destinationText(lan, true); !strings.Contains(w.full, "over TLS (HTTPS)") {
		t.Errorf("https to another machine: %q", w.full)
	}
	local := provider.Destination{Preset: provider.Preset{Title: "Ollama"}, Model: "llama3.2:3b", Where: provider.Where{Host: "127.0.0.1:11434"}}
	if w := destinationText(local, false); strings.Contains(w.full, "TLS") || !w.stays {
		t.Errorf("a loopback http service: %q (stays %v)", w.full, w.stays)
	}
}
