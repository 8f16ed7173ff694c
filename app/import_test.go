package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/assets"
)

// writeFiles writes name → content files into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// overlayText is every label's and rich text's text in the window's top overlay (an open dialog).
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
		case *container.Scroll:
			walk(x.Content)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

const goodVTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>We ship the remote in May.\n\n00:00:05.000 --> 00:00:08.000\n<v Ben>Then the budget is twelve euros.\n"

func TestImportSeveralTranscriptsFromAFolder(t *testing.T) {
	st := newTestStore(t)
	m, q := newScreen(t, st)
	dir := writeFiles(t, map[string]string{
		"standup.vtt":  goodVTT,
		"sample.vtt":   string(assets.SampleMeeting),
		"skipped.srt":  "1\n00:00:01,000 --> 00:00:02,000\nNot wanted.\n",
		"broken.vtt":   "WEBVTT\n\n00:00:01.000 --> soon\nHello\n",
		"notes.go":     "package main",
		"summary.docx": "binary",
	})
	files, err := transcriptsIn(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if strings.Join(names, " ") != "broken.vtt sample.vtt skipped.srt standup.vtt" {
		t.Fatalf("offered %v, want the four transcript files in order", names)
	}

	m.chooseFiles(dir, files)
	fd := m.folderDialog
	if fd.importBtn.Text != "Import 4 transcripts" {
		t.Errorf("button = %q", fd.importBtn.Text)
	}
	test.Tap(fd.checks[2]) // untick skipped.srt
	if fd.importBtn.Text != "Import 3 transcripts" {
		t.Errorf("after unticking, button = %q", fd.importBtn.Text)
	}
	test.Tap(fd.importBtn)
	eventually(t, q, "the two good transcripts are listed", func() bool {
		got := titles(m)
		slices.Sort(got)
		return strings.Join(got, "|") == "sample|standup"
	})
	eventually(t, q, "the broken file is named with its problem", func() bool {
		text := overlayText(m.win)
		return strings.Contains(text, "Imported 2 transcripts; 1 could not be read") && strings.Contains(text, "broken.vtt")
	})
	eventually(t, q, "the last imported meeting is open", func() bool { return m.detail.title.Text == "standup" })
}

func TestDroppingFilesAndFoldersImportsThem(t *testing.T) {
	st := newTestStore(t)
	m, q := newScreen(t, st)
	one := writeFiles(t, map[string]string{"retro.vtt": goodVTT})
	folder := writeFiles(t, map[string]string{"a.vtt": goodVTT, "b.txt": "Ana: Hello.\nBen: Hi.\n", "c.png": "x"})
	m.onDropped(fyne.NewPos(10, 10), []fyne.URI{
		storage.NewFileURI(filepath.Join(one, "retro.vtt")),
		storage.NewFileURI(folder),
	})
	eventually(t, q, "the dropped file and the folder's transcripts are listed", func() bool {
		got := titles(m)
		slices.Sort(got)
		return strings.Join(got, "|") == "a|b|retro"
	})

	empty := writeFiles(t, map[string]string{"photo.png": "x"})
	m.onDropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(empty)})
	eventually(t, q, "a folder without transcripts is not silently ignored", func() bool {
		return strings.Contains(overlayText(m.win), "no .vtt, .srt, .json, .txt or .md files in this folder")
	})
}

func TestPasteTranscript(t *testing.T) {
	st := newTestStore(t)
	m, q := newScreen(t, st)

	m.onPaste()
	p := m.pasteDialog
	test.Tap(p.importBtn)
	if !p.problem.Visible() || p.problem.Text != "Paste a transcript first." {
		t.Errorf("empty paste: problem %q (visible %v)", p.problem.Text, p.problem.Visible())
	}

	broken := "WEBVTT\n\n00:00:01.000 --> later\n<v Ana>Hello\n"
	p.body.SetText(broken)
	test.Tap(p.importBtn)
	eventually(t, q, "a broken paste says why", func() bool { return strings.HasPrefix(p.problem.Text, "Could not import: ") })
	if p.body.Text != broken {
		t.Error("the pasted text was lost after a failed import")
	}
	if n, _ := st.CountMeetings(t.Context()); n != 0 {
		t.Errorf("a failed paste stored %d meetings", n)
	}

	p.body.SetText(goodVTT)
	test.Type(p.title, "Launch sync")
	test.Tap(p.importBtn)
	eventually(t, q, "the pasted meeting is listed and open", func() bool {
		return strings.Join(titles(m), "|") == "Launch sync" && m.detail.title.Text == "Launch sync"
	})
	segs, err := st.Segments(t.Context(), m.selected)
	if err != nil || len(segs) != 2 || segs[1].Speaker != "Ben" || segs[1].Text != "Then the budget is twelve euros." {
		t.Errorf("segments = %+v, %v", segs, err)
	}
}

// TestPasteShowsTheNewMeeting: after Paste → Import the list selects the new meeting and the right pane
// shows it too, whichever meeting was open before and wherever the list had it.
func TestPasteShowsTheNewMeeting(t *testing.T) {
	tests := []struct {
		name   string
		search string // typed before the old meeting is opened; "" for the whole list
		open   string // the meeting open before the paste
	}{
		{name: "the open meeting was the newest", open: "Budget review"},
		{name: "the open meeting was further down", open: "Kick-off"},
		{name: "a search was shown", search: "remote", open: "Kick-off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStore(t)
			addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
			addMeeting(t, st, "Budget review", "Cleo: Twelve euros.")
			m, q := newScreen(t, st)
			eventually(t, q, "both meetings are listed", func() bool { return len(titles(m)) == 2 })
			if tt.search != "" {
				test.Type(m.search, tt.search)
				eventually(t, q, "the search shows one meeting", func() bool { return len(titles(m)) == 1 })
			}
			m.list.Select(slices.Index(titles(m), tt.open))
			eventually(t, q, tt.open+" is open", func() bool { return m.detail.title.Text == tt.open })

			m.onPaste()
			p := m.pasteDialog
			p.body.SetText(goodVTT)
			test.Type(p.title, "Launch sync")
			test.Tap(p.importBtn)
			eventually(t, q, "the pasted meeting is listed first", func() bool {
				got := titles(m)
				return len(got) == 3 && got[0] == "Launch sync"
			})
			eventually(t, q, "the right pane shows the pasted meeting", func() bool {
				return m.detail.title.Text == "Launch sync" && m.detail.meeting.ID == m.selected &&
					m.summary.meeting.ID == m.selected && len(m.detail.transcript.segs) == 2
			})
			if !rowSelected(m.list, 0) {
				t.Error("the list does not show the pasted meeting selected")
			}
			if m.search.Text != "" {
				t.Errorf("the search still says %q", m.search.Text)
			}
		})
	}
}

// rowSelected reports whether the list shows row i as selected: selecting it again changes nothing.
// Asked of a row that is not selected, it selects it (without the list's callback); so it is asked once,
// after the wait.
func rowSelected(l *widget.List, i int) bool {
	changed := false
	old := l.OnSelected
	l.OnSelected = func(widget.ListItemID) { changed = true }
	l.Select(i)
	l.OnSelected = old
	return !changed
}
