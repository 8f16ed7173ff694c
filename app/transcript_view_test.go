package app

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/store"
	"hushnote/internal/summarize/scripted"
	"hushnote/internal/transcript"
)

// longMeeting adds a meeting of n segments, a minute each, whose segment i says the words of say(i).
func longMeeting(t *testing.T, st *store.Store, n int, say func(i int) string) int64 {
	t.Helper()
	lines := make([]string, n)
	for i := range lines {
		who := []string{"The Chair", "Ben", "Cleo"}[i%3]
		lines[i] = who + ": " + say(i)
	}
	return addMeeting(t, st, "Long meeting", lines...)
}

// openTranscript opens the only meeting on its Transcript tab.
func openTranscript(t *testing.T, m *mainScreen, q uiQueue) *transcriptView {
	t.Helper()
	openOnly(t, m, q)
	tv := m.detail.transcript
	tv.reveal()
	eventually(t, q, "the transcript shows", func() bool { return len(shownRows(tv)) > 0 })
	return tv
}

// shownRows are the transcript rows on screen, top to bottom, with where each one is in the window.
func shownRows(tv *transcriptView) []*transcriptRow {
	rows, _ := rowsAt(tv)
	return rows
}

// rowsAt walks the list as laid out: its rows on screen, top to bottom, and their positions in the window.
func rowsAt(tv *transcriptView) ([]*transcriptRow, map[*transcriptRow]fyne.Position) {
	at := map[*transcriptRow]fyne.Position{}
	var rows []*transcriptRow
	var walk func(o fyne.CanvasObject, p fyne.Position)
	walk = func(o fyne.CanvasObject, p fyne.Position) {
		if !o.Visible() {
			return
		}
		p = p.Add(o.Position())
		switch o := o.(type) {
		case *transcriptRow:
			if o.id >= 0 {
				rows = append(rows, o)
				at[o] = p
			}
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c, p)
			}
		case fyne.Widget: // a scroller's content is moved by its offset
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c, p)
			}
		}
	}
	walk(tv.list, fyne.CurrentApp().Driver().AbsolutePositionForObject(tv.list).Subtract(tv.list.Position()))
	slices.SortFunc(rows, func(a, b *transcriptRow) int { return cmp.Compare(at[a].Y, at[b].Y) })
	return rows, at
}

// rowOnScreen is segment id's row when it is wholly inside the list's visible area, or nil.
func rowOnScreen(tv *transcriptView, id int) *transcriptRow {
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(tv.list).Y
	bottom := top + tv.list.Size().Height
	rows, at := rowsAt(tv)
	for _, r := range rows {
		if y := at[r].Y; r.id == id && y >= top-0.5 && y+r.Size().Height <= bottom+0.5 {
			return r
		}
	}
	return nil
}

// checkNoOverlap fails when a row on screen is shorter than its words need or overlaps the next one.
func checkNoOverlap(t *testing.T, tv *transcriptView, when string) {
	t.Helper()
	rows, at := rowsAt(tv)
	if len(rows) < 3 {
		t.Fatalf("%s: only %d rows on screen", when, len(rows))
	}
	for i, r := range rows {
		if r.flow.height > r.Size().Height+0.5 {
			t.Errorf("%s: row %d needs %.0f px but is %.0f tall: its words run into the next row", when, r.id, r.flow.height, r.Size().Height)
		}
		if i > 0 {
			p := rows[i-1]
			if end := at[p].Y + p.Size().Height; end > at[r].Y+0.5 {
				t.Errorf("%s: row %d ends at %.0f, below the start of row %d at %.0f", when, p.id, end, r.id, at[r].Y)
			}
		}
	}
}

func TestTranscriptFindMovesBetweenMatches(t *testing.T) {
	st := newTestStore(t)
	hits := []int{5, 150, 290}
	longMeeting(t, st, 300, func(i int) string {
		if slices.Contains(hits, i) {
			return "The remote needs a bigger battery."
		}
		// rows of one to four lines: rows not yet seen are measured as they come into view
		return strings.Repeat(fmt.Sprintf("Item %d of the agenda is about the budget and the schedule. ", i), 1+3*(i%4))
	})
	m, q := newScreen(t, st)
	tv := openTranscript(t, m, q)
	m.addShortcuts(m.win.Canvas())
	m.detail.tabs.selectTab(0)
	press(m, fyne.KeyF) // from the Summary tab, Ctrl+F brings the Transcript tab with the find bar
	if !tv.bar.Visible() || m.win.Canvas().Focused() != tv.entry || m.detail.tabs.selected != 1 {
		t.Fatalf("the find bar is not open with its field focused on the Transcript tab (tab %d)", m.detail.tabs.selected)
	}
	test.Type(tv.entry, "remote")
	want := func(n int) {
		t.Helper()
		eventually(t, q, fmt.Sprintf("match %d of 3 is current and on screen", n), func() bool {
			return tv.count.Text == fmt.Sprintf("%d of 3", n) && rowOnScreen(tv, hits[n-1]) != nil
		})
		r := rowOnScreen(tv, hits[n-1])
		if !r.current {
			t.Errorf("row %d is on screen but not drawn as the current match", r.id)
		}
		for _, o := range shownRows(tv) {
			if o.current && o.id != hits[n-1] {
				t.Errorf("row %d is drawn as current too", o.id)
			}
		}
	}
	want(1)
	offset := tv.list.GetScrollOffset()

	tv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want(2)
	if tv.list.GetScrollOffset() <= offset {
		t.Errorf("Enter did not scroll down: offset %.0f, was %.0f", tv.list.GetScrollOffset(), offset)
	}
	tv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want(3)
	tv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want(1) // round to the first

	tv.entry.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	tv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tv.entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	want(3) // Shift+Enter: back, round to the last

	tv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF3})
	want(1)
	test.Tap(tv.nextBtn)
	want(2)
	test.Tap(tv.prevBtn)
	want(1)

	m.win.Canvas().Unfocus() // F3 on the window, with no field focused
	m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF3})
	want(2)
	if !tv.findKey(fyne.KeyF3, true) {
		t.Error("Shift+F3 on the window was not taken")
	}
	want(1)

	// The other matches are marked too: every match on screen sits on a box.
	for _, r := range shownRows(tv) {
		for _, w := range r.flow.words {
			if w.match != (strings.HasPrefix(w.text, "remote")) {
				t.Errorf("row %d: %q marked %v", r.id, w.text, w.match)
			}
		}
	}

	tv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tv.bar.Visible() || tv.count.Text != "" || len(tv.stems) != 0 {
		t.Errorf("Escape left the bar open (%v) or its marks (%q, %v)", tv.bar.Visible(), tv.count.Text, tv.stems)
	}
	tv.openFind()
	test.Type(tv.entry, "zebra")
	eventually(t, q, "a word not said finds nothing", func() bool { return tv.count.Text == "No matches" })
	m.win.Canvas().Unfocus()
	m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tv.bar.Visible() {
		t.Error("Escape on the window did not close the find bar")
	}
}

func TestTranscriptOpensAtTimestamp(t *testing.T) {
	st := newTestStore(t)
	longMeeting(t, st, 200, func(i int) string { return fmt.Sprintf("Point %d.", i) })
	m, q := newScreen(t, st)
	openOnly(t, m, q)
	tv := m.detail.transcript
	tv.scrollToTime(150*time.Minute + 30*time.Second)
	eventually(t, q, "the segment said then is on screen, marked", func() bool {
		r := rowOnScreen(tv, 150)
		return r != nil && r.marked && tv.marked == 150
	})
	tv.scrollToTime(0)
	eventually(t, q, "the first one", func() bool { r := rowOnScreen(tv, 0); return r != nil && r.marked })
}

func TestTranscriptRowsDoNotOverlapAfterResize(t *testing.T) {
	st := newTestStore(t)
	longMeeting(t, st, 100, func(i int) string {
		return strings.Repeat(fmt.Sprintf("Segment %d has words enough to wrap onto several lines. ", i), 1+i%4)
	})
	m, q := newScreen(t, st)
	tv := openTranscript(t, m, q)
	checkNoOverlap(t, tv, "at 1000 px")
	m.win.Resize(fyne.NewSize(620, 700))
	checkNoOverlap(t, tv, "narrowed to 620 px")
	m.win.Resize(fyne.NewSize(1400, 900))
	checkNoOverlap(t, tv, "widened to 1400 px")
	tv.list.ScrollToOffset(3000)
	checkNoOverlap(t, tv, "scrolled")
}

func TestRenameSpeakerEverywhereAndInTheNextPrompt(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Budget", "The Chair: We open the meeting.", "Ben: The remote costs twelve euros.",
		"The Chair: Agreed, twelve it is.")
	m, q, _ := newScreenWithProviders(t, st)
	p := &scripted.Provider{Answer: "## Summary\nDone."}
	m.summary.choose = func(context.Context) (modelChoice, error) {
		return modelChoice{p: p, model: "scripted", window: 8192}, nil
	}
	tv := openTranscript(t, m, q)

	row := shownRows(tv)[0]
	spk := row.flow.speaker
	test.TapAt(row, spk.AddXY(4, 4)) // on the speaker's name
	if tv.rename == nil {
		t.Fatal("tapping the speaker's name opened no rename dialog")
	}
	if got := tv.rename.d; got == nil || tv.rename.name.Text != "The Chair" {
		t.Fatalf("the dialog offers %q, want the old name", tv.rename.name.Text)
	}
	tv.rename.name.SetText("Ana Ruiz")
	tv.rename.d.Submit()
	eventually(t, q, "every segment of the speaker shows the new name", func() bool {
		return tv.segs[0].Speaker == "Ana Ruiz" && tv.segs[2].Speaker == "Ana Ruiz" && tv.segs[1].Speaker == "Ben" &&
			strings.Contains(tv.found.Text, "Renamed “The Chair” to “Ana Ruiz” in 2 segments")
	})
	eventually(t, q, "the row shows it", func() bool {
		r := shownRows(tv)[0]
		return r.flow.words[0].text == "Ana" && r.flow.words[1].text == "Ruiz:"
	})
	segs, err := st.Segments(t.Context(), id)
	if err != nil || segs[0].Speaker != "Ana Ruiz" || segs[2].Speaker != "Ana Ruiz" {
		t.Fatalf("stored %+v (%v)", segs, err)
	}

	m.summary.onSummarize()
	eventually(t, q, "a summary is written", func() bool { return strings.Contains(m.summary.status.Text, "Saved as version 1") })
	prompts := strings.Join(p.Prompts(), "\n")
	if !strings.Contains(prompts, "Ana Ruiz") || strings.Contains(prompts, "The Chair") {
		t.Errorf("the prompt after the rename:\n%s\nwant the new name and not the old one", prompts)
	}
}

func TestEditSegmentTextShowsAndIsFound(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Budget", "Ana: The remote costs twelve euros.", "Ben: We need a new lock on the door.")
	m, q := newScreen(t, st)
	tv := openTranscript(t, m, q)

	test.DoubleTap(shownRows(tv)[1])
	if tv.edit == nil || tv.edit.text.Text != "We need a new lock on the door." {
		t.Fatal("double-tapping the row opened no edit dialog with its text")
	}
	tv.edit.text.SetText("We need a new logo on the door.")
	tv.edit.d.Submit()
	eventually(t, q, "the row shows the corrected text", func() bool {
		r := shownRows(tv)[1]
		return tv.segs[1].Text == "We need a new logo on the door." && r.flow.words[5].text == "logo"
	})
	segs, err := st.Segments(t.Context(), id)
	if err != nil || segs[1].Text != "We need a new logo on the door." {
		t.Fatalf("stored %+v (%v)", segs, err)
	}
	hits, err := st.Search(t.Context(), "logo", 10)
	if err != nil || len(hits) != 1 {
		t.Errorf("searching the corrected word: %v (%v)", hits, err)
	}
	tv.openFind()
	test.Type(tv.entry, "logo")
	eventually(t, q, "find finds it too", func() bool { return tv.count.Text == "1 of 1" })

	// The row's menu offers the same, and renaming.
	test.TapSecondary(shownRows(tv)[0])
	if tv.menu == nil || !tv.menu.Visible() {
		t.Fatal("no row menu")
	}
	var labels []string
	for _, it := range tv.rowMenu.Items {
		labels = append(labels, it.Label)
	}
	if got := strings.Join(labels, "|"); got != "Rename “Ana”…|Edit text…|Copy this line" {
		t.Errorf("row menu = %s", got)
	}
	tv.rowMenu.Items[2].Action()
	if got := fyne.CurrentApp().Clipboard().Content(); got != "[0:00] Ana: The remote costs twelve euros." {
		t.Errorf("copied %q", got)
	}
}

// BenchmarkTranscriptFind measures counting a query's matches and laying out every row of a long
// transcript: HUSHNOTE_BENCH_TRANSCRIPT names the file (a 4,135-segment Teams file was used).
func BenchmarkTranscriptFind(b *testing.B) {
	path := os.Getenv("HUSHNOTE_BENCH_TRANSCRIPT")
	if path == "" {
		b.Skip("HUSHNOTE_BENCH_TRANSCRIPT is not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := transcript.Parse(path, data)
	if err != nil {
		b.Fatal(err)
	}
	stems := store.QueryStems("data")
	b.Run(fmt.Sprintf("count/%d-segments", len(tr.Segments)), func(b *testing.B) {
		for b.Loop() {
			matchingSegments(tr.Segments, stems)
		}
		b.ReportMetric(float64(len(matchingSegments(tr.Segments, stems))), "matches")
	})
	// The same words as 4,135 short cues, the size of the 71-speaker Teams meeting in issue 10.
	var words []string
	for _, s := range tr.Segments {
		words = append(words, strings.Fields(s.Text)...)
	}
	cues := make([]transcript.Segment, 4135)
	per := len(words) / len(cues)
	for i := range cues {
		cues[i] = transcript.Segment{Speaker: "Speaker", Text: strings.Join(words[i*per:(i+1)*per], " ")}
	}
	b.Run("count/4135-cues", func(b *testing.B) {
		for b.Loop() {
			matchingSegments(cues, stems)
		}
	})
	test.NewTempApp(b)
	var ww wordWidths
	ww.reset(theme.TextSize())
	mt := rowMetrics{pad: 4, inner: 8, icon: 20}
	b.Run("heights-all-rows", func(b *testing.B) {
		for b.Loop() {
			for _, s := range tr.Segments {
				ww.flow(s, true, stems, 800, mt)
			}
		}
	})
}

// BenchmarkTranscriptScreenful compares laying out a first screenful (30 rows) of the long transcript,
// with nothing measured yet, as our rows and as the RichText rows used before.
func BenchmarkTranscriptScreenful(b *testing.B) {
	path := os.Getenv("HUSHNOTE_BENCH_TRANSCRIPT")
	if path == "" {
		b.Skip("HUSHNOTE_BENCH_TRANSCRIPT is not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := transcript.Parse(path, data)
	if err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	mt := rowMetrics{pad: 4, inner: 8, icon: 20}
	b.Run("rows", func(b *testing.B) {
		i := 0
		for b.Loop() {
			var ww wordWidths
			ww.reset(theme.TextSize() + float32(i%50)/100) // a size not measured before: cold
			i++
			for _, s := range tr.Segments[:30] {
				ww.flow(s, true, nil, 800, mt)
			}
		}
	})
	b.Run("richtext", func(b *testing.B) {
		i := 0
		for b.Loop() {
			for _, s := range tr.Segments[:30] {
				rt := widget.NewRichText(&widget.TextSegment{Text: s.Speaker + ": " + s.Text + strings.Repeat(" ", i%50)})
				rt.Wrapping = fyne.TextWrapWord
				rt.Resize(fyne.NewSize(800, 20))
				rt.Resize(fyne.NewSize(800, rt.MinSize().Height))
			}
			i++
		}
	})
}

// TestRenameSaysWhyItFailed: a name too long is refused in the dialog, and a rename the store refuses
// (the meeting was deleted from another window meanwhile) says so and changes nothing on screen.
func TestRenameSaysWhyItFailed(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "Budget", "Ana: We open the meeting.", "Ben: Agreed.")
	m, q := newScreen(t, st)
	tv := openTranscript(t, m, q)
	tv.renameSpeaker("Ana")
	tv.rename.name.SetText(strings.Repeat("x", store.MaxSpeakerName+1))
	if err := tv.rename.name.Validate(); err == nil {
		t.Error("a name past the limit passes")
	}
	tv.rename.name.SetText("Ana Ruiz")
	if err := st.DeleteMeeting(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	tv.rename.d.Submit()
	eventually(t, q, "the error is shown", func() bool { return errorShown(m.win) })
	if tv.segs[0].Speaker != "Ana" || tv.found.Text != "2 segments" {
		t.Errorf("the row says %q after a failed rename", tv.segs[0].Speaker)
	}
}

// errorShown says whether the window shows an error dialog ("Could not …").
func errorShown(w fyne.Window) bool {
	shown := false
	for _, o := range w.Canvas().Overlays().List() {
		walkShown(o, func(x fyne.CanvasObject) {
			if l, ok := x.(*widget.Label); ok && l.Text == "Could not rename “Ana”: the meeting or that line is no longer there (deleted in another window?)" {
				shown = true
			}
		})
	}
	return shown
}

// walkShown calls fn for o and every object shown inside it, through the widgets' renderers as the
// window has them (test.LaidOutObjects makes new renderers, which cuts a List off from its scroller).
func walkShown(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if !o.Visible() {
		return
	}
	fn(o)
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walkShown(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			walkShown(c, fn)
		}
	}
}

// TestFindCountsEachMeetingOpened: the list's search is counted afresh in every meeting opened with it.
func TestFindCountsEachMeetingOpened(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "One", "Ana: The remote.", "Ben: The remote again.", "Cleo: Fine.")
	addMeeting(t, st, "Two", "Ana: A remote.")
	m, q := newScreen(t, st)
	test.Type(m.search, "remote")
	eventually(t, q, "both are found", func() bool { return len(titles(m)) == 2 })
	tv := m.detail.transcript
	want := map[string]string{"One": "1 of 2", "Two": "1 of 1"}
	for _, i := range []int{0, 1, 0} {
		title := titles(m)[i]
		m.list.Select(i)
		eventually(t, q, title+"'s find bar counts "+want[title], func() bool {
			return tv.meeting.Title == title && tv.bar.Visible() && tv.count.Text == want[title]
		})
	}
}
