package app

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"hushnote/internal/provider"
	"hushnote/internal/summarize/scripted"
	"hushnote/internal/templates"
)

func TestSummarizeWithAChosenTemplate(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.", "Ben: Trendy and cheap, please.")
	m, q, _ := newScreenWithProviders(t, st)
	p := &scripted.Provider{Sections: true}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	eventually(t, q, "the meeting is listed", func() bool { return len(titles(m)) == 1 })
	m.list.Select(0)
	eventually(t, q, "it opens with the templates offered, the default chosen", func() bool {
		return m.summary.meeting.ID == id && len(m.summary.template.Options) >= 7 && m.summary.template.Selected != ""
	})
	def, err := templates.NewLibrary(st).Default(t.Context())
	if err != nil || m.summary.template.Selected != def.Title {
		t.Fatalf("selected %q, want the default %q (%v)", m.summary.template.Selected, def.Title, err)
	}
	var other templates.Template
	for _, tp := range templates.BuiltIns() {
		if tp.Name != def.Name {
			other = tp
			break
		}
	}
	m.summary.template.SetSelected(other.Title)
	m.summary.onSummarize()
	eventually(t, q, "the summary is saved", func() bool { return strings.Contains(m.summary.status.Text, "Saved as version 1") })
	su, err := st.LatestSummary(t.Context(), id)
	if err != nil || su.Template != other.Name {
		t.Errorf("written with template %q (%v), want %q", su.Template, err, other.Name)
	}
	for _, h := range other.Headings() {
		if !strings.Contains(su.Text, h) {
			t.Errorf("the notes lack the chosen template's heading %q", h)
		}
	}
}

func TestWriteWithSwitchesTheProviderEverywhere(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	m, q, mgr := newScreenWithProviders(t, st)
	if err := mgr.Configure(ctx, "together", provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
		t.Fatal(err)
	}
	if err := mgr.Configure(ctx, "ollama", provider.PresetSettings{Model: "llama3.2"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, q, "the meeting is listed", func() bool { return len(titles(m)) == 1 })
	m.list.Select(0) // the pickers are filled once a meeting is open
	eventually(t, q, "both providers are offered, Ollama active", func() bool {
		return slices.Equal(m.summary.writer.Options, []string{
			"Together AI · meta-llama/Llama-3.3-70B-Instruct-Turbo — cloud",
			"Ollama · llama3.2 — on this device",
		}) && m.summary.writer.SelectedIndex() == 1
	})

	m.summary.writer.SetSelectedIndex(0)
	eventually(t, q, "Together becomes active, and the top bar says so", func() bool {
		return strings.HasPrefix(m.where.Text, "Cloud: Together AI")
	})
	if a, _ := mgr.Active(ctx); a.Name != "together" {
		t.Errorf("active = %s", a.Name)
	}

	m.local.SetChecked(true)
	eventually(t, q, "Local only blocks Together in the picker too", func() bool {
		return len(m.summary.writer.Options) == 2 &&
			m.summary.writer.Options[0] == "Together AI · meta-llama/Llama-3.3-70B-Instruct-Turbo — off while Local only is on" &&
			m.summary.writer.SelectedIndex() == 1
	})
	m.summary.writer.SetSelectedIndex(0)
	eventually(t, q, "picking it is refused with the reason", func() bool {
		return strings.Contains(m.summary.status.Text, "Local only is on") && m.summary.writer.SelectedIndex() == 1
	})
	if a, _ := mgr.Active(ctx); a.Name != provider.Ollama {
		t.Errorf("active = %s while local only", a.Name)
	}
	m.local.SetChecked(false)
	eventually(t, q, "the refusal goes when Local only is turned off", func() bool {
		return !m.summary.status.Visible() && !m.local.Checked && m.summary.writer.Options[0] == "Together AI · meta-llama/Llama-3.3-70B-Instruct-Turbo — cloud"
	})
}

func TestExportMarkdownAndJSON(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	m, q, _ := newScreenWithProviders(t, st)
	p := &scripted.Provider{Answer: "## Summary\nA remote control it is."}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	openOnly(t, m, q)
	for range 2 {
		m.summary.onSummarize()
		eventually(t, q, "a version is saved", func() bool {
			return m.summary.running == 0 && strings.Contains(m.summary.status.Text, "Saved as version")
		})
	}
	m.summary.versions.SetSelectedIndex(0) // the older version is on screen
	mt, shown := m.summary.meeting, m.summary.selected().ID

	var md bytes.Buffer
	if err := m.summary.export(t.Context(), &md, exportMarkdown, mt, shown); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title: "Kick-off"`, "summary_version: 1", "A remote control it is.", "**Ana:** We will build a remote control."} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	var js bytes.Buffer
	if err := m.summary.export(t.Context(), &js, exportJSON, mt, shown); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title     string
		Summaries []struct{ Version int }
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || doc.Title != "Kick-off" || len(doc.Summaries) != 2 {
		t.Errorf("JSON = %+v, %v; want the meeting with both versions", doc, err)
	}
	var pdf bytes.Buffer
	if err := m.summary.export(t.Context(), &pdf, exportPDF, mt, shown); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Errorf("PDF export: %d bytes starting %q, %v", pdf.Len(), pdf.Bytes()[:min(8, pdf.Len())], err)
	}
}
