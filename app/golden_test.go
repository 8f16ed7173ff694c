package app

import (
	"context"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"hushnote/internal/provider"
	"hushnote/internal/store"
)

// variantTheme is a theme (Hushnote's, in the golden images) held to one variant, as the system's light
// or dark setting would choose it.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// goldenStore is a store whose clock always says 4 March 2026, 09:30 on this computer's clock, so the
// dates on screen are the same in every time zone.
func goldenStore(t *testing.T) *store.Store {
	t.Helper()
	at := time.Date(2026, 3, 4, 9, 30, 0, 0, time.Local)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), store.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

const goldenNotes = "## Summary\n\nThe team agreed to build a trendy, cheap remote control and to meet again on Friday.\n\n" +
	"## Decisions\n\n- The remote costs at most 12.50 euros.\n- It works with one television brand.\n\n" +
	"## Action items\n\n| Owner | Task | Due |\n|---|---|---|\n| Ana | Draft the user interface | Friday |\n| Ben | Ask about batteries | Friday |\n"

// TestGoldenScreens renders the main window with a meeting and its notes open, and the first-run screen,
// in the light and the dark theme, and compares them with the images in testdata/. A failed comparison
// writes the new image to testdata/failed/.
func TestGoldenScreens(t *testing.T) {
	for _, v := range []struct {
		name    string
		variant fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		t.Run(v.name, func(t *testing.T) {
			ctx := context.Background()
			st := goldenStore(t)
			addMeeting(t, st, "Weekly sync", "Cleo: Twelve euros per remote.", "Dan: Agreed.")
			id := addMeeting(t, st, "Remote control kick-off",
				"Ana: We will build a remote control.", "Ben: Trendy and cheap, please.", "Ana: Twelve fifty at most.")
			if _, err := st.AddSummary(ctx, store.Summary{MeetingID: id, Status: store.StatusDone, Text: goldenNotes,
				Provider: provider.Ollama, Model: "llama3.2:3b", BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true, Template: "standard",
				Language: "English", PromptTokens: 412, AnswerTokens: 96, Duration: 8200 * time.Millisecond}); err != nil {
				t.Fatal(err)
			}
			m, q, mgr := newScreenWithProviders(t, st)
			fyne.CurrentApp().Settings().SetTheme(variantTheme{newTheme(), v.variant})
			if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: "http://127.0.0.1:9", Model: "llama3.2:3b"}); err != nil {
				t.Fatal(err)
			}
			m.refreshWhere()
			eventually(t, q, "the list and the bar are filled", func() bool {
				return len(titles(m)) == 2 && strings.HasPrefix(m.where.Text, "On this device: Ollama · llama3.2:3b")
			})
			m.list.Select(0)
			eventually(t, q, "the meeting opens with its notes and the pickers", func() bool {
				return m.summary.meeting.ID == id && strings.Contains(richText(m.summary), "Decisions") &&
					m.summary.writer.Selected != "" && m.summary.template.Selected != ""
			})
			m.win.Canvas().Unfocus()
			test.AssertObjectRendersToImage(t, "golden/main-"+v.name+".png", m.win.Content())

			// The page at the smallest and a large size, with a meeting of 71 speakers and a long title:
			// one header line, one toolbar row, the notes filling the rest.
			big := goldenStore(t)
			var lines []string
			for i := range 71 {
				lines = append(lines, fmt.Sprintf("Member %d of the committee: a question from seat %d.", i+1, i+1))
			}
			bigID := addMeeting(t, big, "Committee of the whole on the pandemic response, with every party's questions", lines...)
			if _, err := big.AddSummary(ctx, store.Summary{MeetingID: bigID, Status: store.StatusDone, Text: goldenNotes,
				Provider: provider.Ollama, Model: "llama3.2:3b", BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true, Template: "standard",
				Language: "English"}); err != nil {
				t.Fatal(err)
			}
			bm, bq, bmgr := newScreenWithProviders(t, big)
			fyne.CurrentApp().Settings().SetTheme(variantTheme{newTheme(), v.variant})
			if err := bmgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: "http://127.0.0.1:9", Model: "llama3.2:3b"}); err != nil {
				t.Fatal(err)
			}
			bm.refreshWhere()
			eventually(t, bq, "the big meeting's list and bar are filled", func() bool {
				return len(titles(bm)) == 1 && strings.HasPrefix(bm.where.Text, "On this device: Ollama · llama3.2:3b")
			})
			bm.list.Select(0)
			eventually(t, bq, "the big meeting opens with its notes", func() bool {
				return bm.summary.meeting.ID == bigID && strings.Contains(richText(bm.summary), "Decisions") && bm.summary.writer.Selected != ""
			})
			for _, size := range []fyne.Size{fyne.NewSize(900, 600), fyne.NewSize(1400, 900)} {
				bm.win.Resize(size)
				bq.drain()
				bm.win.Canvas().Unfocus()
				test.AssertObjectRendersToImage(t, fmt.Sprintf("golden/meeting-71-speakers-%vx%v-%s.png", size.Width, size.Height, v.name), bm.win.Content())
			}

			first, q, mgr := newScreenWithProviders(t, goldenStore(t))
			fyne.CurrentApp().Settings().SetTheme(variantTheme{newTheme(), v.variant})
			if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{BaseURL: "http://127.0.0.1:9"}); err != nil {
				t.Fatal(err)
			}
			first.checkFirstRun()
			eventually(t, q, "the first-run screen says Ollama is not running", func() bool {
				return welcomeShown(first) && strings.Contains(first.welcome.ollamaStatus.Text, "ollama serve")
			})
			first.win.Canvas().Unfocus()
			test.AssertObjectRendersToImage(t, "golden/first-run-"+v.name+".png", first.win.Content())
		})
	}
}
