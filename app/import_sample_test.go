package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"golang.org/x/text/encoding/charmap"

	"hushnote/assets"
	"hushnote/internal/store"
)

// The sample opens with clean text and comes with its example notes as version 1.
func TestSampleOpensWithNotesAndCleanText(t *testing.T) {
	st := newTestStore(t)
	m, q := newScreen(t, st)
	m.onSample()
	eventually(t, q, "the sample meeting is imported and opened", func() bool {
		return len(titles(m)) == 1 && m.detail.title.Text == assets.SampleTitle && len(m.detail.transcript.segs) > 250
	})
	for _, s := range m.detail.transcript.segs {
		if strings.Contains(s.Text, "{") || strings.Contains(s.Text, " .") || strings.Contains(s.Text, " ,") {
			t.Fatalf("the sample shows corpus markup: %q", s.Text)
		}
	}
	latest, err := st.LatestSummary(t.Context(), m.selected)
	if err != nil || latest.Version != 1 || latest.Status != store.StatusDone || latest.Provider != assets.SampleNotesProvider || !strings.HasPrefix(latest.Text, "## Summary") {
		t.Errorf("the sample's notes: %+v, %v", latest, err)
	}
}

// A dropped Windows-1252 transcript is imported, and the window says it was converted.
func TestLatin1FileIsImportedAndSaysSo(t *testing.T) {
	st := newTestStore(t)
	m, q := newScreen(t, st)
	ansi, err := charmap.Windows1252.NewEncoder().String("Zoë: The case costs 25 € – “cheap”.\nJosé: D’accord.\n")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"ansi.txt": ansi})
	m.onDropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(filepath.Join(dir, "ansi.txt"))})
	eventually(t, q, "the file is imported and the window says it was converted", func() bool {
		return strings.Join(titles(m), "|") == "ansi" && strings.Contains(overlayText(m.win), "ansi.txt: converted from Windows-1252")
	})
	segs, err := st.Segments(t.Context(), m.selected)
	if err != nil || len(segs) != 2 || segs[0].Speaker != "Zoë" || segs[0].Text != "The case costs 25 € – “cheap”." {
		t.Errorf("segments = %+v, %v", segs, err)
	}
}
