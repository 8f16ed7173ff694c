package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/export"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// transcriptView is a meeting's Transcript tab: a virtualized list, one row per segment (a three-hour
// meeting opens as fast as a short one), a find bar, and the row actions that correct the transcript:
// rename a speaker, edit what was said.
type transcriptView struct {
	ctx   context.Context
	st    *store.Store
	do    func(func()) // runs a function on the UI goroutine
	scrub scrubber
	win   fyne.Window

	// reveal shows the Transcript tab (set by the meeting view); onChanged is called, on the UI
	// goroutine, once a rename or an edit is stored, so that the rest of the window reads the meeting
	// again. Either may be nil.
	reveal    func()
	onChanged func(id int64)

	list     *widget.List
	found    *widget.Label // the transcript's length, or what a rename or an edit did
	copyBtn  *widget.Button
	bar      *fyne.Container // the find bar, hidden until asked for
	entry    *findEntry
	count    *widget.Label // "3 of 116"
	prevBtn  *widget.Button
	nextBtn  *widget.Button
	closeBtn *widget.Button

	// Everything below is touched only on the UI goroutine.
	meeting store.Meeting
	// segs is replaced, never changed in place: a count running in the background reads the one it was
	// given.
	segs    []transcript.Segment
	timed   bool
	stems   []string        // the find query's words
	matches []int           // the segments that hold them, in order
	cur     int             // the current match, an index into matches, or -1
	marked  int             // the segment a timestamp opened, or -1
	findSeq int             // counts queries and transcript changes; a count for an older one is dropped
	heights map[int]float32 // the heights told to the list (it keeps them), to know where a row is
	widths  wordWidths
	width   float32 // the list's width when its rows were last measured

	rename  *speakerRename    // the open rename dialog, if any (for tests)
	edit    *segmentEdit      // the open edit dialog, if any
	menu    *widget.PopUpMenu // the open row menu, if any
	rowMenu *fyne.Menu        // its items
}

// speakerRename is the rename dialog's widgets.
type speakerRename struct {
	d    *dialog.FormDialog
	name *widget.Entry
}

// segmentEdit is the edit dialog's widgets.
type segmentEdit struct {
	d    *dialog.FormDialog
	text *widget.Entry
}

func newTranscriptView(ctx context.Context, st *store.Store, do func(func()), scrub scrubber) *transcriptView {
	return &transcriptView{ctx: ctx, st: st, do: do, scrub: scrub, cur: -1, marked: -1, heights: map[int]float32{}}
}

func (t *transcriptView) build(win fyne.Window) fyne.CanvasObject {
	t.win = win
	t.list = widget.NewList(func() int { return len(t.segs) }, t.newRow, t.updateRow)
	t.list.HideSeparators = true
	t.found = widget.NewLabel("")
	t.found.Importance = widget.LowImportance
	t.found.Truncation = fyne.TextTruncateEllipsis
	t.copyBtn = widget.NewButtonWithIcon("Copy transcript", theme.ContentCopyIcon(), t.onCopy)

	t.entry = newFindEntry(t)
	t.entry.SetPlaceHolder("Find in the transcript")
	t.entry.OnChanged = t.setQuery
	t.count = widget.NewLabel("")
	t.prevBtn = widget.NewButtonWithIcon("", theme.MoveUpIcon(), t.prev)
	t.nextBtn = widget.NewButtonWithIcon("", theme.MoveDownIcon(), t.next)
	t.closeBtn = widget.NewButtonWithIcon("", theme.CancelIcon(), t.closeFind)
	for _, b := range []*widget.Button{t.prevBtn, t.nextBtn, t.closeBtn} {
		b.Importance = widget.LowImportance
	}
	t.bar = container.NewBorder(nil, nil, nil,
		container.NewHBox(t.count, t.prevBtn, t.nextBtn, t.closeBtn), t.entry)
	t.bar.Hide()

	t.watchKeys(win.Canvas())
	head := container.NewVBox(t.bar, container.NewBorder(nil, nil, nil, t.copyBtn, t.found))
	return topFirst(head, nil, container.New(&widthWatch{onWidth: t.onWidth}, t.list))
}

// widthWatch fills its space with its one object and says when the width changed: the rows' heights
// depend on it.
type widthWatch struct {
	width   float32
	onWidth func()
}

func (w *widthWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
	if size.Width != w.width {
		w.width = size.Width
		w.onWidth()
	}
}

func (w *widthWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return layout.NewStackLayout().MinSize(objs)
}

// onWidth measures the rows in view again at the list's new width: their old heights would make them
// overlap (or leave gaps) until scrolled. Rows out of view are measured when they come into view.
func (t *transcriptView) onWidth() {
	if t.list.Size().Width == t.width || len(t.segs) == 0 {
		return
	}
	t.list.Refresh()
}

func (t *transcriptView) newRow() fyne.CanvasObject { return newTranscriptRow(t) }

// updateRow fills a row and tells the list how tall it is at the list's width.
func (t *transcriptView) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(t.segs) {
		return
	}
	r := obj.(*transcriptRow)
	r.set(id)
	width := t.list.Size().Width
	if width <= 0 {
		return
	}
	t.width = width
	th := t.list.Theme()
	t.widths.reset(th.Size(theme.SizeNameText))
	h := t.widths.flow(t.segs[id], t.timed, t.stems, width, metricsOf(th)).height
	if t.heights[id] != h {
		t.heights[id] = h
		t.list.SetItemHeight(id, h)
	}
}

// show displays a meeting's transcript. A query from the meeting list's search opens the find bar with
// it. Shown again after a change (a rename, an edit), the same meeting keeps its place and its find.
func (t *transcriptView) show(m store.Meeting, segs []transcript.Segment, query string) {
	same := m.ID == t.meeting.ID
	t.meeting, t.segs, t.timed = m, segs, m.Duration > 0
	if same {
		offset := t.list.GetScrollOffset()
		t.list.Refresh()
		t.list.ScrollToOffset(offset)
		t.recount(false)
		return
	}
	t.marked, t.cur, t.matches, t.stems = -1, -1, nil, nil
	t.found.SetText(plural(len(segs), "segment"))
	t.list.Refresh()
	t.list.ScrollToTop()
	q := strings.TrimSpace(query)
	if len(store.QueryStems(q)) == 0 {
		q = ""
	}
	t.bar.Hidden = q == ""
	t.bar.Refresh()
	t.entry.OnChanged = nil // the same text as before still has to be counted in this transcript
	t.entry.SetText(q)
	t.entry.OnChanged = t.setQuery
	t.recount(true)
}

// openFind shows the find bar on the Transcript tab with its field focused (Ctrl+F).
func (t *transcriptView) openFind() {
	if t.reveal != nil {
		t.reveal()
	}
	t.bar.Show()
	t.win.Canvas().Focus(t.entry)
	if t.entry.Text != "" {
		t.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

// closeFind hides the find bar and its marks (Escape).
func (t *transcriptView) closeFind() {
	t.bar.Hide()
	t.entry.SetText("")
	if t.win.Canvas().Focused() == t.entry {
		t.win.Canvas().Unfocus()
	}
}

// setQuery finds the typed words: the count runs in the background (a long transcript takes a moment)
// and the first match is shown when it comes back.
func (t *transcriptView) setQuery(string) { t.recount(true) }

// recount counts the find query's matches in the transcript shown. jump shows the first match;
// otherwise the current one stays current if it still matches.
func (t *transcriptView) recount(jump bool) {
	t.findSeq++
	seq, segs := t.findSeq, t.segs
	stems := store.QueryStems(t.entry.Text)
	if len(stems) == 0 {
		t.applyMatches(nil, nil, jump)
		return
	}
	go func() {
		ms := matchingSegments(segs, stems)
		t.do(func() {
			if seq == t.findSeq {
				t.applyMatches(stems, ms, jump)
			}
		})
	}()
}

// matchingSegments lists the segments that hold any of stems, as Search counts words.
func matchingSegments(segs []transcript.Segment, stems []string) []int {
	var out []int
	for i, s := range segs {
		for _, p := range store.Highlight(s.Text, stems) {
			if p.Match {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func (t *transcriptView) applyMatches(stems []string, ms []int, jump bool) {
	was := t.currentSegment()
	t.stems, t.matches, t.cur = stems, ms, -1
	if len(ms) > 0 {
		t.cur = 0
		if !jump && was >= 0 {
			t.cur, _ = slices.BinarySearch(ms, was)
			t.cur = min(t.cur, len(ms)-1)
		}
	}
	t.showCount()
	t.list.Refresh()
	if jump && t.cur >= 0 {
		t.scrollToSegment(t.matches[t.cur])
	}
}

func (t *transcriptView) showCount() {
	switch {
	case len(t.stems) == 0:
		t.count.SetText("")
	case len(t.matches) == 0:
		t.count.SetText("No matches")
	default:
		t.count.SetText(fmt.Sprintf("%d of %d", t.cur+1, len(t.matches)))
	}
}

// currentSegment is the segment of the current match, or -1.
func (t *transcriptView) currentSegment() int {
	if t.cur < 0 || t.cur >= len(t.matches) {
		return -1
	}
	return t.matches[t.cur]
}

// next makes the next match current (Enter, F3), wrapping round at the end.
func (t *transcriptView) next() { t.step(1) }

// prev makes the previous match current (Shift+Enter, Shift+F3).
func (t *transcriptView) prev() { t.step(-1) }

func (t *transcriptView) step(by int) {
	n := len(t.matches)
	if n == 0 {
		return
	}
	old := t.currentSegment()
	t.cur = ((t.cur+by)%n + n) % n
	t.showCount()
	t.refreshSegment(old)
	t.refreshSegment(t.currentSegment())
	t.scrollToSegment(t.currentSegment())
}

func (t *transcriptView) refreshSegment(id int) {
	if id >= 0 {
		t.list.RefreshItem(id)
	}
}

// scrollToTime shows the segment said at d: the last one that starts at or before it, marked.
func (t *transcriptView) scrollToTime(d time.Duration) {
	if len(t.segs) == 0 {
		return
	}
	i, _ := slices.BinarySearchFunc(t.segs, d, func(s transcript.Segment, d time.Duration) int {
		if s.Start <= d {
			return -1
		}
		return 1
	})
	old := t.marked
	t.marked = max(i-1, 0)
	if t.reveal != nil {
		t.reveal()
	}
	t.refreshSegment(old)
	t.refreshSegment(t.marked)
	t.scrollToSegment(t.marked)
}

// scrollToSegment brings a segment into view, near the middle when it has to move. Rows not yet seen
// are measured as they come into view and push the others, so it looks again until the row stays.
func (t *transcriptView) scrollToSegment(id int) {
	for range 6 {
		off, view := t.list.GetScrollOffset(), t.list.Size().Height
		if view <= 0 || t.rowVisible(id) {
			return
		}
		y, h := t.rowSpan(id)
		t.list.ScrollToOffset(max(y-(view-min(h, view))/2, 0))
		if t.list.GetScrollOffset() == off {
			return // at the end already
		}
	}
}

// rowSpan is where segment id's row is in the list's content, as the list lays it out: the heights it
// was told, and its template's for rows it has not shown yet.
func (t *transcriptView) rowSpan(id int) (y, h float32) {
	th := t.list.Theme()
	gap := th.Size(theme.SizeNamePadding)
	t.widths.reset(th.Size(theme.SizeNameText))
	def := t.widths.lineH + metricsOf(th).pad*2
	height := func(i int) float32 {
		if h, ok := t.heights[i]; ok {
			return h
		}
		return def
	}
	for i := range id {
		y += height(i) + gap
	}
	return y, height(id)
}

// rowVisible says whether segment id's row is wholly in view (or fills the view).
func (t *transcriptView) rowVisible(id int) bool {
	y, h := t.rowSpan(id)
	off, view := t.list.GetScrollOffset(), t.list.Size().Height
	return y >= off-0.5 && y+min(h, view) <= off+view+0.5
}

// watchKeys adds F3 and Shift+F3 (next and previous match) and Escape (close the find bar) to the
// window, for when no field has the focus; the find field handles them itself. Handlers set before
// are kept.
func (t *transcriptView) watchKeys(c fyne.Canvas) {
	shift := false
	if dc, ok := c.(desktop.Canvas); ok {
		down, up := dc.OnKeyDown(), dc.OnKeyUp()
		dc.SetOnKeyDown(func(e *fyne.KeyEvent) {
			if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
				shift = true
			}
			if down != nil {
				down(e)
			}
		})
		dc.SetOnKeyUp(func(e *fyne.KeyEvent) {
			if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
				shift = false
			}
			if up != nil {
				up(e)
			}
		})
	}
	typed := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if t.findKey(e.Name, shift) {
			return
		}
		if typed != nil {
			typed(e)
		}
	})
}

// findKey acts on a find key while the find bar is open, and says whether it did.
func (t *transcriptView) findKey(k fyne.KeyName, shift bool) bool {
	if !t.bar.Visible() {
		return false
	}
	switch k {
	case fyne.KeyF3:
		if shift {
			t.prev()
		} else {
			t.next()
		}
	case fyne.KeyEscape:
		t.closeFind()
	default:
		return false
	}
	return true
}

// findEntry is the find field: Enter and F3 go to the next match, with Shift to the previous one, and
// Escape closes the bar.
type findEntry struct {
	widget.Entry
	t     *transcriptView
	shift bool
}

func newFindEntry(t *transcriptView) *findEntry {
	e := &findEntry{t: t}
	e.ExtendBaseWidget(e)
	return e
}

// KeyDown notes Shift, for Shift+Enter.
func (e *findEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

// KeyUp notes Shift let go.
func (e *findEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

// TypedKey moves between matches and closes the bar; other keys edit the query.
func (e *findEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift {
			e.t.prev()
		} else {
			e.t.next()
		}
	case fyne.KeyF3, fyne.KeyEscape:
		e.t.findKey(k.Name, e.shift)
	default:
		e.Entry.TypedKey(k)
	}
}

// showRowMenu opens a row's menu at pos: rename its speaker, edit its text, copy it.
func (t *transcriptView) showRowMenu(id int, pos fyne.Position) {
	s := t.segs[id]
	rename := fyne.NewMenuItem("Rename speaker…", func() { t.onRename(id) })
	if s.Speaker != "" {
		rename.Label = "Rename “" + s.Speaker + "”…"
	} else {
		rename.Disabled = true
	}
	menu := fyne.NewMenu("",
		rename,
		fyne.NewMenuItem("Edit text…", func() { t.onEditText(id) }),
		fyne.NewMenuItem("Copy this line", func() { t.scrub.copy(export.Line(t.segs[id], t.timed)) }),
	)
	t.rowMenu = menu
	t.menu = widget.NewPopUpMenu(menu, t.win.Canvas())
	t.menu.ShowAtPosition(pos)
}

// onRename asks for a new name for segment id's speaker, in this meeting only.
func (t *transcriptView) onRename(id int) {
	if id < len(t.segs) && t.segs[id].Speaker != "" {
		t.renameSpeaker(t.segs[id].Speaker)
	}
}

// renameSpeaker asks for a new name for speaker old of the meeting shown (from a row, or from a list of
// the meeting's speakers).
func (t *transcriptView) renameSpeaker(old string) {
	mid := t.meeting.ID
	if mid == 0 || old == "" {
		return
	}
	name := widget.NewEntry()
	name.SetText(old)
	name.Validator = func(s string) error {
		switch s = strings.TrimSpace(s); {
		case s == "":
			return errors.New("a speaker needs a name")
		case utf8.RuneCountInString(s) > store.MaxSpeakerName:
			return store.ErrSpeakerNameTooLong
		}
		return nil
	}
	items := []*widget.FormItem{{Text: "New name", Widget: name,
		HintText: "Changes every line they said in this meeting; a name already in it merges the two"}}
	d := dialog.NewForm("Rename “"+old+"” in this meeting", "Rename", "Cancel", items, func(ok bool) {
		if to := strings.TrimSpace(name.Text); ok && to != old {
			go t.saveRename(mid, old, to)
		}
	}, t.win)
	name.OnSubmitted = func(string) { d.Submit() } // Enter renames, as the button does
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
	t.win.Canvas().Focus(name)
	name.TypedShortcut(&fyne.ShortcutSelectAll{})
	t.rename = &speakerRename{d: d, name: name}
}

// saveRename stores a speaker's new name (in the background) and shows the transcript as stored.
func (t *transcriptView) saveRename(mid int64, old, to string) {
	n, err := t.st.RenameSpeaker(t.ctx, mid, old, to)
	var segs []transcript.Segment
	if err == nil {
		segs, err = t.st.Segments(t.ctx, mid)
	}
	t.do(func() {
		if err != nil {
			dialog.ShowError(errors.New("Could not rename “"+old+"”: "+t.editError(err)), t.win)
			return
		}
		t.stored(mid, segs, fmt.Sprintf("Renamed “%s” to “%s” in %s", old, to, plural(n, "segment")))
	})
}

// onEditText lets the user correct what was said in segment id.
func (t *transcriptView) onEditText(id int) {
	if id >= len(t.segs) {
		return
	}
	s, mid := t.segs[id], t.meeting.ID
	text := widget.NewMultiLineEntry()
	text.Wrapping = fyne.TextWrapWord
	text.SetText(s.Text)
	text.SetMinRowsVisible(4)
	text.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("write what was said")
		}
		return nil
	}
	title := "Edit what was said"
	if s.Speaker != "" {
		title = "Edit what " + s.Speaker + " said"
	}
	if t.timed {
		title += " at " + export.Clock(s.Start)
	}
	d := dialog.NewForm(title, "Save", "Cancel", []*widget.FormItem{{Widget: text}}, func(ok bool) {
		if to := strings.TrimSpace(text.Text); ok && to != s.Text {
			go t.saveText(mid, id, to)
		}
	}, t.win)
	text.OnSubmitted = func(string) { d.Submit() } // Shift+Enter saves; Enter starts a new line
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
	t.win.Canvas().Focus(text)
	t.edit = &segmentEdit{d: d, text: text}
}

// saveText stores a segment's corrected text (in the background) and shows the transcript as stored.
func (t *transcriptView) saveText(mid int64, id int, text string) {
	err := t.st.SetSegmentText(t.ctx, mid, id, text)
	var segs []transcript.Segment
	if err == nil {
		segs, err = t.st.Segments(t.ctx, mid)
	}
	t.do(func() {
		if err != nil {
			dialog.ShowError(errors.New("Could not save the corrected text: "+t.editError(err)), t.win)
			return
		}
		line := "Corrected the text"
		if id < len(segs) && t.timed {
			line += " at " + export.Clock(segs[id].Start)
		}
		t.stored(mid, segs, line)
	})
}

// stored shows a meeting's segments as read back after a change, in place and keeping the find, says
// what changed, and lets the rest of the window know.
func (t *transcriptView) stored(mid int64, segs []transcript.Segment, what string) {
	if t.meeting.ID == mid {
		t.segs = segs
		offset := t.list.GetScrollOffset()
		t.list.Refresh()
		t.list.ScrollToOffset(offset)
		t.recount(false)
		t.found.SetText(what)
	}
	if t.onChanged != nil {
		t.onChanged(mid)
	}
}

// editError says why a rename or a correction was not stored, in the user's terms.
func (t *transcriptView) editError(err error) string {
	if errors.Is(err, store.ErrNotFound) {
		return "the meeting or that line is no longer there (deleted in another window?)"
	}
	return t.scrub.err(err)
}

// onCopy puts the whole transcript on the clipboard as plain text, a line per segment.
func (t *transcriptView) onCopy() {
	t.scrub.copy(transcriptText(t.segs, t.timed))
}

// transcriptText is a transcript as plain text: "[12:05] Ana: words", a line per segment.
func transcriptText(segs []transcript.Segment, timed bool) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(export.Line(s, timed) + "\n")
	}
	return b.String()
}
