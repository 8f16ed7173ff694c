package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/assets"
	"hushnote/internal/provider"
	"hushnote/internal/store"
	"hushnote/internal/summarize/scripted"
)

// addNotes saves a finished version of a meeting's notes, written on this device.
func addNotes(t *testing.T, st *store.Store, id int64, text string) store.Summary {
	t.Helper()
	su := store.Summary{MeetingID: id, Status: store.StatusDone, Text: text, Provider: provider.Ollama,
		Model: "llama3.2:3b", BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true, Template: "standard", Language: "English"}
	saved, err := st.AddSummary(context.Background(), su)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestEditNotesMakesANewVersionAndKeepsTheOriginal(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	orig := addNotes(t, st, id, "## Summary\n\nA remote control.")
	m, q := newScreen(t, st)
	openOnly(t, m, q)
	eventually(t, q, "version 1 shows", func() bool { return strings.Contains(richText(m.summary), "A remote control.") })

	e := m.summary.editor
	test.Tap(m.summary.editBtn)
	if !e.editing() || e.entry.Text != orig.Text || m.summary.notes.Visible() {
		t.Fatalf("the editor: open %v with %q, notes still shown %v", e.editing(), e.entry.Text, m.summary.notes.Visible())
	}
	e.entry.SetText("")
	test.Type(e.entry, orig.Text+"\n\n## Decisions\n\n- Twelve euros at most.")
	if got := segmentsText(e.preview.Segments); !strings.Contains(got, "Twelve euros at most.") || !strings.Contains(got, "Decisions") {
		t.Errorf("the preview shows %q, want the edited text", got)
	}
	test.Tap(e.save)
	eventually(t, q, "the edit is saved and shown as version 2", func() bool {
		return !e.editing() && strings.Contains(m.summary.versions.Selected, "Version 2") && strings.Contains(richText(m.summary), "Twelve euros")
	})
	if !strings.Contains(m.summary.versions.Selected, "edited by you") || !strings.Contains(m.summary.provenance.Text, "edited by you from version 1") {
		t.Errorf("version %q, provenance %q; want it marked as edited from version 1", m.summary.versions.Selected, m.summary.provenance.Text)
	}
	if !strings.Contains(m.summary.status.Text, "Saved your edit as version 2") {
		t.Errorf("status = %q", m.summary.status.Text)
	}
	sums, err := st.Summaries(ctx, id)
	if err != nil || len(sums) != 2 {
		t.Fatalf("stored versions: %d, %v", len(sums), err)
	}
	if sums[0].Text != orig.Text || sums[0].EditedFrom != 0 {
		t.Errorf("version 1 changed: %q (edited from %d)", sums[0].Text, sums[0].EditedFrom)
	}
	if sums[1].EditedFrom != 1 || !strings.Contains(sums[1].Text, "Twelve euros at most.") {
		t.Errorf("version 2: edited from %d, %q", sums[1].EditedFrom, sums[1].Text)
	}

	// Back on version 1, the line about version 2 goes.
	m.summary.versions.SetSelectedIndex(0)
	if m.summary.status.Visible() {
		t.Errorf("status still says %q while version 1 is shown", m.summary.status.Text)
	}

	// Escape with changes asks; discarding leaves the versions as they were.
	test.Tap(m.summary.editBtn)
	e.entry.SetText("Something else")
	m.win.Canvas().Focus(e.entry)
	e.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	answerDialog(t, m.win, "Your changes to version 1 are not saved", "Discard")
	if e.editing() || !m.summary.notes.Visible() {
		t.Error("the editor is still open after discarding")
	}
	// Escape without changes just closes.
	test.Tap(m.summary.editBtn)
	e.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if e.editing() || m.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape on an unchanged edit did not simply close it")
	}
	if sums, _ := st.Summaries(ctx, id); len(sums) != 2 {
		t.Errorf("%d versions after cancelling, want 2", len(sums))
	}
}

// TestEditedNotesAreNotLostByPickingAnotherMeeting: picking another meeting while notes are being edited
// asks first; keeping them stays on the meeting with the text as typed, discarding moves on.
func TestEditedNotesAreNotLostByPickingAnotherMeeting(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Weekly sync", "Cleo: Twelve euros per remote.")
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	addNotes(t, st, id, "## Summary\n\nA remote control.")
	m, q := newScreen(t, st)
	eventually(t, q, "the list is read", func() bool { return len(titles(m)) == 2 })
	kick := slices.Index(titles(m), "Kick-off")
	m.list.Select(kick)
	eventually(t, q, "the notes show", func() bool { return strings.Contains(richText(m.summary), "A remote control.") })
	e := m.summary.editor
	test.Tap(m.summary.editBtn)
	e.entry.SetText("My own words about the remote.")

	m.list.Select(1 - kick)
	answerDialog(t, m.win, "Your changes to version 1 are not saved", "Keep editing")
	q.drain()
	if !e.editing() || e.entry.Text != "My own words about the remote." || m.summary.meeting.ID != id {
		t.Fatalf("after Keep editing: editing %v, text %q, meeting %d (want %d)", e.editing(), e.entry.Text, m.summary.meeting.ID, id)
	}

	m.list.Select(1 - kick)
	answerDialog(t, m.win, "Your changes to version 1 are not saved", "Discard")
	eventually(t, q, "the other meeting opens", func() bool { return m.detail.title.Text == "Weekly sync" })
	if e.editing() {
		t.Error("the editor is still open on the other meeting")
	}
}

func TestNotesTableRendersAsATable(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	addNotes(t, st, id, goldenNotes)
	m, q := newScreen(t, st)
	openOnly(t, m, q)
	eventually(t, q, "the notes show", func() bool { return strings.Contains(richText(m.summary), "Decisions") })
	tables := tableCells(m.summary.text.Segments)
	want := [][]string{{"Owner", "Task", "Due"}, {"Ana", "Draft the user interface", "Friday"}, {"Ben", "Ask about batteries", "Friday"}}
	if len(tables) != 1 || !equalRows(tables[0], want) {
		t.Fatalf("tables = %q, want %q", tables, want)
	}
	if got := richText(m.summary); strings.Contains(got, "·") || strings.Contains(got, "|---") {
		t.Errorf("the table is shown as bullets or pipes: %q", got)
	}
	// The grid is on screen: its cells sit in three columns, left to right, each row below the last.
	var grid *notesTable
	walkObjects(m.win.Content(), func(o fyne.CanvasObject) {
		if g, ok := o.(*notesTable); ok && o.Visible() {
			grid = g
		}
	})
	if grid == nil {
		t.Fatal("no table on screen")
	}
	c := grid.cells
	if !(c[0][0].Position().X < c[0][1].Position().X && c[0][1].Position().X < c[0][2].Position().X) ||
		c[1][0].Position().Y <= c[0][0].Position().Y || c[1][0].Position().X != c[0][0].Position().X {
		t.Errorf("cells are not in a grid: %v %v %v / %v", c[0][0].Position(), c[0][1].Position(), c[0][2].Position(), c[1][0].Position())
	}
}

func TestTimestampInNotesOpensTheTranscriptThere(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: zero", "Ben: one", "Cleo: two", "Dan: three")
	addNotes(t, st, id, "## Decisions\n\n- Cleo sets the price [ 00:02:30 ].\n")
	m, q := newScreen(t, st)
	openOnly(t, m, q)
	eventually(t, q, "the notes show", func() bool { return strings.Contains(richText(m.summary), "Cleo sets the price") })
	var link *widget.Hyperlink
	walkObjects(m.win.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Hyperlink); ok && l.Text == "00:02:30" {
			link = l
		}
	})
	if link == nil {
		t.Fatalf("no link for the time in %q", richText(m.summary))
	}
	test.TapAt(link, fyne.NewPos(link.Size().Width/2, link.Size().Height/2))
	if m.detail.tabs.selected != 1 {
		t.Fatal("the Transcript tab did not open")
	}
	if m.detail.transcript.marked != 2 {
		t.Errorf("segment %d is marked, want 2 (Cleo, from 2:00)", m.detail.transcript.marked)
	}
	if !m.detail.transcript.rowVisible(2) {
		t.Error("Cleo's segment is not scrolled into view")
	}
}

func TestDeleteMeetingAsksAndRemovesIt(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	addMeeting(t, st, "Weekly sync", "Cleo: Twelve euros per remote.")
	id := addMeeting(t, st, "Remote control kick-off", "Ana: We will build a remote control.")
	for _, n := range []string{"one", "two", "three"} {
		addNotes(t, st, id, "Notes "+n)
	}
	m, q := newScreen(t, st)
	eventually(t, q, "both listed", func() bool { return len(titles(m)) == 2 })
	m.list.Select(0)
	eventually(t, q, "it opens with its versions", func() bool { return m.detail.meeting.ID == id && len(m.summary.sums) == 3 })

	test.Tap(m.detail.moreBtn)
	tapMenuItem(t, m.win, "Delete meeting…")
	eventually(t, q, "it asks", func() bool { return m.win.Canvas().Overlays().Top() != nil })
	answerDialog(t, m.win, "Delete “Remote control kick-off”? Its transcript and 3 versions of notes are removed from this device. The privacy ledger keeps its record.", "Delete")
	eventually(t, q, "the list and the view update", func() bool {
		return strings.Join(titles(m), "|") == "Weekly sync" && !m.detail.body.Visible()
	})
	m.mu.Lock()
	sel := m.selected
	m.mu.Unlock()
	if sel != 0 || m.detail.meeting.ID != 0 || m.summary.meeting.ID != 0 {
		t.Errorf("stale selection: list %d, view %d, summary %d", sel, m.detail.meeting.ID, m.summary.meeting.ID)
	}
	if _, err := st.Meeting(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the meeting is still stored: %v", err)
	}

	// Cancel keeps it.
	m.list.Select(0)
	eventually(t, q, "the other opens", func() bool { return m.detail.meeting.Title == "Weekly sync" })
	var row *rowItem // the list row's right-click menu asks the same
	walkObjects(m.list, func(o fyne.CanvasObject) {
		if r, ok := o.(*rowItem); ok && r.meeting.Title == "Weekly sync" {
			row = r
		}
	})
	if row == nil {
		t.Fatal("no row for Weekly sync")
	}
	test.Tap(row) // a plain click still opens it
	eventually(t, q, "a click opens it", func() bool { return m.detail.meeting.Title == "Weekly sync" })
	test.TapSecondary(row)
	tapMenuItem(t, m.win, "Delete meeting…")
	eventually(t, q, "it asks", func() bool { return m.win.Canvas().Overlays().Top() != nil })
	answerDialog(t, m.win, "Delete “Weekly sync”? Its transcript is removed", "Cancel")
	if _, err := st.Meeting(ctx, m.detail.meeting.ID); err != nil {
		t.Errorf("No deleted it: %v", err)
	}
}

func TestDeleteVersionAsksAndRemovesIt(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	addNotes(t, st, id, "First notes")
	addNotes(t, st, id, "Second notes")
	m, q := newScreen(t, st)
	openOnly(t, m, q)
	eventually(t, q, "version 2 shows", func() bool { return strings.Contains(richText(m.summary), "Second notes") })

	test.Tap(m.summary.infoBtn)
	top := m.win.Canvas().Overlays().Top()
	if text := settingsVisibleText(top); !strings.Contains(text, "written by llama3.2:3b with Ollama on this device") {
		t.Errorf("the version's details say %q", text)
	}
	b := findButton(top, "Delete this version…")
	if b == nil {
		t.Fatal("no Delete this version button")
	}
	test.Tap(b)
	answerDialog(t, m.win, "Delete version 2 of the notes of “Kick-off”", "Delete")
	eventually(t, q, "version 1 is shown", func() bool {
		return len(m.summary.sums) == 1 && strings.Contains(m.summary.versions.Selected, "Version 1") && strings.Contains(richText(m.summary), "First notes")
	})
	if sums, err := st.Summaries(ctx, id); err != nil || len(sums) != 1 || sums[0].Text != "First notes" {
		t.Errorf("stored: %+v, %v", sums, err)
	}
	if !strings.Contains(m.summary.status.Text, "Version 2 deleted") {
		t.Errorf("status = %q", m.summary.status.Text)
	}
}

// TestRefusedRunCreatesNoVersion: a run the provider refuses before answering anything leaves no
// version behind, keeps the version that was shown, and says why once.
func TestRefusedRunCreatesNoVersion(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	addNotes(t, st, id, "Earlier notes")
	m, q, _ := newScreenWithProviders(t, st)
	p := &scripted.Provider{Fail: func(int) error {
		return &provider.Error{Kind: provider.KindLocalOnly, Provider: "Together AI"}
	}}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	openOnly(t, m, q)
	eventually(t, q, "version 1 shows", func() bool { return strings.Contains(richText(m.summary), "Earlier notes") })

	test.Tap(m.summary.run)
	eventually(t, q, "the run ends", func() bool {
		return m.summary.running == 0 && m.summary.status.Visible() && m.summary.note.scope != aboutRun
	})
	if sums, _ := st.Summaries(context.Background(), id); len(sums) != 1 {
		t.Errorf("%d versions after a refused run, want the one there was", len(sums))
	}
	if len(m.summary.sums) != 1 || !strings.Contains(m.summary.versions.Selected, "Version 1") || !strings.Contains(richText(m.summary), "Earlier notes") {
		t.Errorf("shown: %d versions, %q, %q", len(m.summary.sums), m.summary.versions.Selected, richText(m.summary))
	}
	if m.summary.status.Importance != widget.DangerImportance {
		t.Errorf("the refusal is not shown as an error: %q", m.summary.status.Text)
	}
	page := visibleText(m.win.Content())
	if n := strings.Count(strings.ToLower(page), "nothing is sent to together ai"); n != 1 {
		t.Errorf("the refusal is said %d times on the page, want once:\n%s", n, page)
	}
}

// TestMessagesClearWhenWhatTheyDescribeChanges: a run's outcome belongs to its meeting and its
// version; progress after a failure is not shown as an error.
func TestMessagesClearWhenWhatTheyDescribeChanges(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "First", "Ana: one")
	id := addMeeting(t, st, "Second", "Ben: two")
	addNotes(t, st, id, "Old notes")
	m, q, _ := newScreenWithProviders(t, st)
	var fail atomic.Bool
	fail.Store(true)
	hold := make(chan struct{})
	p := &scripted.Provider{Answer: "## Summary\nNew notes.", Hold: hold, HoldAfter: 1, Fail: func(int) error {
		if fail.Load() {
			return errors.New("the service is down")
		}
		return nil
	}}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	eventually(t, q, "both listed", func() bool { return len(titles(m)) == 2 })
	m.list.Select(0) // Second
	eventually(t, q, "Second opens", func() bool { return m.summary.meeting.ID == id && len(m.summary.sums) == 1 })

	test.Tap(m.summary.run)
	eventually(t, q, "the failure is said", func() bool { return m.summary.running == 0 && strings.Contains(m.summary.status.Text, "down") })
	if m.summary.status.Importance != widget.DangerImportance {
		t.Error("the failure is not red")
	}
	fail.Store(false)
	test.Tap(m.summary.run)
	eventually(t, q, "progress shows", func() bool { return strings.Contains(m.summary.status.Text, "Writing the notes · 0:") })
	if m.summary.status.Importance == widget.DangerImportance {
		t.Error("progress is shown in error red")
	}
	if strings.Contains(richText(m.summary), "Old notes") || strings.Contains(richText(m.summary), "No notes yet") {
		t.Errorf("the old text or a placeholder stays above the streaming text: %q", richText(m.summary))
	}
	close(hold)
	eventually(t, q, "it is saved", func() bool { return strings.Contains(m.summary.status.Text, "Saved as version") })
	m.summary.versions.SetSelectedIndex(0)
	if m.summary.status.Visible() {
		t.Errorf("%q stays while an older version is shown", m.summary.status.Text)
	}
	fail.Store(true)
	test.Tap(m.summary.run) // fails again
	eventually(t, q, "it fails", func() bool {
		return m.summary.running == 0 && m.summary.status.Visible() && m.summary.note.scope != aboutRun
	})
	m.list.Select(1) // First
	eventually(t, q, "First opens", func() bool { return m.summary.meeting.Title == "First" })
	if m.summary.status.Visible() {
		t.Errorf("Second's %q shows on First", m.summary.status.Text)
	}
}

func TestCtrlNumberSwitchesTabs(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	m, q, _ := newScreenWithProviders(t, st)
	openOnly(t, m, q)
	press(m, fyne.Key2)
	if m.detail.tabs.selected != 1 || !m.detail.tabs.contents[1].Visible() {
		t.Error("Ctrl+2 does not show the transcript")
	}
	press(m, fyne.Key1)
	if m.detail.tabs.selected != 0 || m.detail.tabs.contents[1].Visible() || !m.detail.tabs.contents[0].Visible() {
		t.Error("Ctrl+1 does not show the notes")
	}
	// The tab buttons take the keyboard focus, and Space presses them.
	b := m.detail.tabs.buttons[1]
	if _, ok := fyne.CanvasObject(b).(fyne.Focusable); !ok {
		t.Fatal("the tab button cannot take focus")
	}
	m.win.Canvas().Focus(b)
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if m.detail.tabs.selected != 1 {
		t.Error("Space on the Transcript tab does not open it")
	}
}

// tapMenuItem taps the item labelled text in the open pop-up menu.
func tapMenuItem(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	var item fyne.Tappable // the innermost tappable holding the text: the menu item, not the pop-up
	walkObjects(top, func(o fyne.CanvasObject) {
		tp, ok := o.(fyne.Tappable)
		if !ok {
			return
		}
		walkObjects(o, func(c fyne.CanvasObject) {
			if tx, ok := c.(*canvas.Text); ok && tx.Text == text {
				item = tp
			}
		})
	})
	if item == nil {
		t.Fatalf("no menu item %q open", text)
	}
	test.Tap(item)
}

// visibleText is the text of every visible label, rich text and button under o.
func visibleText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
			return
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
			return
		case *widget.Button:
			b.WriteString(x.Text + "\n")
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// TestNotesFillThePage lays the main window out at 900x600 and 1400x900 with a meeting of 71 speakers
// and a long title open: the notes get at least 60 % of the window's height at 900x600, the header is
// one line above the tabs, and nothing in the header or the toolbar overlaps.
func TestNotesFillThePage(t *testing.T) {
	st := newTestStore(t)
	var lines []string
	for i := range 71 {
		lines = append(lines, fmt.Sprintf("Speaker number %d: words of person %d.", i+1, i+1))
	}
	id := addMeeting(t, st, "Covid-19 response planning with every regional health authority and the hospital trusts", lines...)
	addNotes(t, st, id, goldenNotes+strings.Repeat("\nMore notes to fill the page.\n", 40))
	m, q, _ := newScreenWithProviders(t, st)
	openOnly(t, m, q)
	eventually(t, q, "the notes show", func() bool { return strings.Contains(richText(m.summary), "Decisions") })
	if m.detail.speakers.Text != "71 speakers" {
		t.Errorf("the speakers chip says %q", m.detail.speakers.Text)
	}
	for _, size := range []fyne.Size{fyne.NewSize(900, 600), fyne.NewSize(1400, 900)} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			if min := m.win.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("the window needs at least %v", min)
			}
			m.win.Resize(size)
			q.drain()
			pos := func(o fyne.CanvasObject) fyne.Position {
				return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
			}
			win := m.win.Canvas().Size().Height
			notes := m.summary.notes.Size().Height
			t.Logf("at %vx%v the notes get %.0f of %.0f px (%.0f %%)", size.Width, size.Height, notes, win, 100*notes/win)
			if size.Width == 900 && notes < 0.6*win {
				t.Errorf("the notes get %v of %v px (%.0f %%), want at least 60 %%", notes, win, 100*notes/win)
			}
			h := m.detail.header
			if bottom, top := pos(h).Y+h.Size().Height, pos(m.detail.tabs.bar).Y; bottom > top {
				t.Errorf("the header's bottom (%v) is below the tabs' top (%v)", bottom, top)
			}
			if one := m.detail.title.MinSize().Height; h.Size().Height > one+1 {
				t.Errorf("the header is %v high, more than one line (%v)", h.Size().Height, one)
			}
			noOverlap(t, "header", h.Objects, h.Size().Width)
			var bar *fyne.Container
			walkObjects(m.win.Content(), func(o fyne.CanvasObject) {
				if c, ok := o.(*fyne.Container); ok && len(c.Objects) > 0 && c.Objects[0] == m.summary.versions {
					bar = c
				}
			})
			if bar == nil {
				t.Fatal("no toolbar")
			}
			noOverlap(t, "toolbar", bar.Objects, bar.Size().Width)
			if pos(m.summary.notes).Y < pos(bar).Y+bar.Size().Height {
				t.Error("the notes start above the toolbar's bottom")
			}
		})
	}
}

// noOverlap checks that the visible objects of a row sit side by side within width.
func noOverlap(t *testing.T, what string, objs []fyne.CanvasObject, width float32) {
	t.Helper()
	var last fyne.CanvasObject
	for _, o := range objs {
		if !o.Visible() || o.Size().Width == 0 {
			continue
		}
		if last != nil && o.Position().X < last.Position().X+last.Size().Width-0.5 {
			t.Errorf("%s: %T at %v overlaps %T ending at %v", what, o, o.Position().X, last, last.Position().X+last.Size().Width)
		}
		if o.Position().X+o.Size().Width > width+0.5 {
			t.Errorf("%s: %T ends at %v, past the row's width %v", what, o, o.Position().X+o.Size().Width, width)
		}
		last = o
	}
}

// TestProgressCountsTheParts: a transcript too long for one request is read in parts, and the bar
// shows how many are done, with the time taken in the status line.
func TestProgressCountsTheParts(t *testing.T) {
	st := newTestStore(t)
	var lines []string
	for i := range 300 {
		lines = append(lines, fmt.Sprintf("Ana: sentence %d about the remote control, its buttons, its price and the batteries it needs.", i))
	}
	addMeeting(t, st, "Long", lines...)
	m, q, _ := newScreenWithProviders(t, st)
	hold := make(chan struct{})
	p := &scripted.Provider{Window: 2048, Answer: "- a part's notes", Hold: hold, HoldAfter: 1}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 2048}, nil
	}
	openOnly(t, m, q)
	test.Tap(m.summary.run)
	eventually(t, q, "the bar counts the parts", func() bool {
		return m.summary.bar.Visible() && m.summary.bar.Max >= 2 && strings.HasPrefix(m.summary.status.Text, "Reading part 1 of ")
	})
	if !strings.Contains(m.summary.status.Text, " · 0:") || m.summary.progress.Visible() {
		t.Errorf("status %q, endless bar shown too %v", m.summary.status.Text, m.summary.progress.Visible())
	}
	close(hold)
	eventually(t, q, "the run ends", func() bool { return m.summary.running == 0 })
	if m.summary.bar.Visible() || m.summary.progress.Visible() {
		t.Error("a bar stays after the run")
	}
}

// TestProvenanceSaysWhoWroteTheNotes: a model's version, the sample's notes written by people, and an
// edit of each.
func TestProvenanceSaysWhoWroteTheNotes(t *testing.T) {
	at := time.Date(2026, 3, 4, 9, 30, 0, 0, time.Local)
	model := store.Summary{Version: 1, Provider: provider.Ollama, Model: "llama3.2:3b", MadeOnDevice: true, Template: "standard", Language: "English", Status: store.StatusDone, CreatedAt: at}
	sample := store.Summary{Version: 1, Provider: assets.SampleNotesProvider, Model: assets.SampleNotesModel, MadeOnDevice: true, Status: store.StatusDone, CreatedAt: at}
	edit := func(su store.Summary) store.Summary { su.Version, su.EditedFrom = 2, 1; return su }
	for _, c := range []struct {
		su          store.Summary
		label, line string
	}{
		{model, "Version 1 · local · 4 Mar 09:30", "Version 1 · written by llama3.2:3b with Ollama on this device · 4 Mar 2026 09:30 · template standard · English"},
		{sample, "Version 1 · example notes · 4 Mar 09:30", "Version 1 · example notes written by people"},
		{edit(model), "Version 2 · edited by you · 4 Mar 09:30", "Version 2 · edited by you from version 1, written by llama3.2:3b with Ollama on this device"},
		{edit(sample), "Version 2 · edited by you · 4 Mar 09:30", "Version 2 · edited by you from version 1, example notes written by people"},
	} {
		if got := versionLabel(c.su); got != c.label {
			t.Errorf("label %q, want %q", got, c.label)
		}
		if got := provenanceLine(c.su); !strings.HasPrefix(got, c.line) {
			t.Errorf("provenance %q, want it to start %q", got, c.line)
		}
	}
}

// TestExportFileIsTheOwnersOnly: the file the save dialog chose is written readable by its owner only,
// like the data folder, and holds the notes on screen.
func TestExportFileIsTheOwnersOnly(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	addNotes(t, st, id, "## Decisions\n\n- Twelve euros.")
	m, q := newScreen(t, st)
	openOnly(t, m, q)
	eventually(t, q, "the notes show", func() bool { return strings.Contains(richText(m.summary), "Twelve euros") })
	path := filepath.Join(t.TempDir(), "Kick-off.md")
	w, err := storage.Writer(storage.NewFileURI(path)) // as the save dialog opens it
	if err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if err := m.summary.export(context.Background(), &doc, exportMarkdown, m.summary.meeting, m.summary.selectedID()); err != nil {
		t.Fatal(err)
	}
	if err := writeExport(w, doc.Bytes()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the export's mode is %v (%v), want no access for others", fi.Mode().Perm(), err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "Twelve euros") {
		t.Errorf("the export holds %q", b)
	}
}
