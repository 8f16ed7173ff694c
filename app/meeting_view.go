package app

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/export"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// meetingView shows one meeting: a one-line header (title, date, length, a speakers chip, Edit and a
// menu with Delete) over two tabs, the notes and the transcript, which get the rest of the page. The
// transcript is a virtualized list, one row per segment, so a three-hour meeting opens as fast as a
// short one.
type meetingView struct {
	summary  *summaryView
	onEdit   func(store.Meeting) // opens the edit dialog for the title and date
	onDelete func(store.Meeting) // asks, then deletes the meeting
	win      fyne.Window
	title    *widget.Label
	details  *widget.Label
	speakers *widget.Button // "71 speakers": opens the full list
	editBtn  *widget.Button
	moreBtn  *widget.Button // a menu: Edit, Delete
	header   *fyne.Container
	tabs     *tabSwitcher
	list     *widget.List
	found    *widget.Label
	copyBtn  *widget.Button
	root     *fyne.Container
	body     fyne.CanvasObject
	hint     fyne.CanvasObject

	meeting store.Meeting        // the meeting shown; only touched on the UI goroutine, like the fields below
	segs    []transcript.Segment // its transcript
	timed   bool
	words   []string
	// selectedSeg is the transcript row selected (by a timestamp in the notes), -1 when none.
	selectedSeg int
}

func newMeetingView(summary *summaryView, onEdit, onDelete func(store.Meeting)) *meetingView {
	return &meetingView{summary: summary, onEdit: onEdit, onDelete: onDelete}
}

func (v *meetingView) build(win fyne.Window) fyne.CanvasObject {
	v.win = win
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.details = widget.NewLabel("")
	v.details.Importance = widget.LowImportance
	v.details.Truncation = fyne.TextTruncateEllipsis
	v.speakers = widget.NewButtonWithIcon("", theme.AccountIcon(), v.onSpeakers)
	v.speakers.Importance = widget.LowImportance
	v.editBtn = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { v.onEdit(v.meeting) })
	v.moreBtn = widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), v.onMore)
	v.list = widget.NewList(func() int { return len(v.segs) }, v.newRow, v.updateRow)
	v.list.HideSeparators = true
	v.list.OnSelected = func(id widget.ListItemID) { v.selectedSeg = id }
	v.list.OnUnselected = func(widget.ListItemID) { v.selectedSeg = -1 }
	v.found = widget.NewLabel("")
	v.found.Importance = widget.LowImportance
	v.found.Truncation = fyne.TextTruncateEllipsis
	v.copyBtn = widget.NewButtonWithIcon("Copy transcript", theme.ContentCopyIcon(), v.onCopy)
	transcriptTab := topFirst(container.NewBorder(nil, nil, nil, v.copyBtn, v.found), nil, v.list)
	v.summary.onTime = v.showTime
	v.tabs = newTabSwitcher(
		tabPage{"Summary", theme.DocumentIcon(), v.summary.build(win)},
		tabPage{"Transcript", theme.ListIcon(), transcriptTab},
	)
	v.header = container.New(&headerLayout{}, v.title, v.details, v.speakers, v.editBtn, v.moreBtn)
	v.body = topFirst(container.NewVBox(v.header, v.tabs.bar), nil, v.tabs.pages)
	hint := widget.NewLabel("Select a meeting to read its transcript.")
	hint.Alignment = fyne.TextAlignCenter
	hint.Importance = widget.LowImportance
	v.hint = container.NewCenter(hint)
	v.body.Hide()
	v.root = container.NewStack(v.body, v.hint)
	return container.NewPadded(v.root)
}

// clear shows no meeting (after the one shown was deleted).
func (v *meetingView) clear() {
	v.meeting, v.segs = store.Meeting{}, nil
	v.summary.clear()
	v.body.Hide()
	v.hint.Show()
	v.list.Refresh()
}

// onMore opens the meeting's menu.
func (v *meetingView) onMore() {
	edit := fyne.NewMenuItem("Edit title and date…", func() { v.onEdit(v.meeting) })
	edit.Icon = theme.DocumentCreateIcon()
	del := fyne.NewMenuItem("Delete meeting…", func() { v.onDelete(v.meeting) })
	del.Icon = theme.DeleteIcon()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.moreBtn)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", edit, del), v.win.Canvas(), pos.Add(fyne.NewPos(0, v.moreBtn.Size().Height)))
}

// onSpeakers shows everyone who spoke, and where the transcript came from.
func (v *meetingView) onSpeakers() {
	var b strings.Builder
	if v.meeting.SourceName != "" {
		b.WriteString("Imported from " + v.meeting.SourceName + "\n\n")
	}
	b.WriteString(plural(len(v.meeting.Speakers), "speaker") + ":\n")
	for _, s := range v.meeting.Speakers {
		b.WriteString("• " + s + "\n")
	}
	l := widget.NewLabel(strings.TrimSpace(b.String()))
	l.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(l)
	scroll.SetMinSize(fyne.NewSize(320, min(360, v.win.Canvas().Size().Height-160)))
	dialog.ShowCustom("Who spoke in “"+v.meeting.Title+"”", "Close", scroll, v.win)
}

// showTime opens the Transcript tab at the moment d: the segment said then, the last one starting at
// or before it. Kept in one place for the transcript view to take over.
func (v *meetingView) showTime(d time.Duration) {
	v.tabs.selectTab(1)
	if i := segmentAt(v.segs, d); i >= 0 {
		v.list.ScrollTo(i)
		v.list.Select(i)
	}
}

// segmentAt is the index of the last segment starting at or before d (the first one when d is before
// them all), -1 when there are none.
func segmentAt(segs []transcript.Segment, d time.Duration) int {
	if len(segs) == 0 {
		return -1
	}
	i := sort.Search(len(segs), func(i int) bool { return segs[i].Start > d })
	return max(i-1, 0)
}

func (v *meetingView) newRow() fyne.CanvasObject {
	rt := widget.NewRichText()
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// updateRow fills a row and tells the list how tall the wrapped text is at the list's width.
func (v *meetingView) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(v.segs) {
		return
	}
	rt := obj.(*widget.RichText)
	rt.Segments = segmentText(v.segs[id], v.timed, v.words)
	rt.Refresh()
	width := obj.Size().Width // the list has sized the row; a fresh one is measured at the list's width
	if width <= 0 {
		width = v.list.Size().Width - theme.Padding()*2
	}
	if width <= 0 {
		return
	}
	rt.Resize(fyne.NewSize(width, rt.MinSize().Height))
	if h := rt.MinSize().Height; h > 0 {
		v.list.SetItemHeight(id, h)
	}
}

// show displays a meeting with its summaries; query's words are highlighted in the transcript.
func (v *meetingView) show(m store.Meeting, segs []transcript.Segment, sums []store.Summary, query, found string, err error) {
	v.summary.show(m, sums)
	v.meeting = m
	v.hint.Hide()
	v.body.Show()
	v.title.SetText(m.Title)
	line := meetingLine(m, false)
	if err != nil {
		line += " · could not read the transcript: " + err.Error()
	}
	v.details.SetText(line)
	if n := len(m.Speakers); n > 0 {
		v.speakers.SetText(plural(n, "speaker"))
		v.speakers.Show()
	} else {
		v.speakers.Hide()
	}
	v.header.Refresh()
	v.segs, v.timed, v.words = segs, m.Duration > 0, store.QueryStems(query)
	v.found.SetText(found)
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()
}

// foundLine says how many segments hold the searched words, or how long the transcript is.
// It goes through every segment, so it is worked out in the background before the meeting is shown.
func foundLine(segs []transcript.Segment, query string) string {
	words := store.QueryStems(query)
	if len(words) == 0 {
		return plural(len(segs), "segment")
	}
	n := 0
	for _, s := range segs {
		for _, p := range store.Highlight(s.Text, words) {
			if p.Match {
				n++
				break
			}
		}
	}
	return fmt.Sprintf("%s of %d mention “%s”", plural(n, "segment"), len(segs), strings.TrimSpace(query))
}

// onCopy puts the whole transcript on the clipboard as plain text, a line per segment.
func (v *meetingView) onCopy() {
	v.summary.scrub.copy(transcriptText(v.segs, v.timed))
}

// transcriptText is a transcript as plain text: "[12:05] Ana: words", a line per segment.
func transcriptText(segs []transcript.Segment, timed bool) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(export.Line(s, timed) + "\n")
	}
	return b.String()
}

// segmentText lays out one segment: time and speaker in bold, then the words, with the searched words
// emphasised.
func segmentText(s transcript.Segment, timed bool, words []string) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	head := ""
	if timed {
		head = export.Clock(s.Start) + "  "
	}
	if s.Speaker != "" {
		head += s.Speaker + ":  "
	}
	if head != "" {
		out = append(out, &widget.TextSegment{Text: head, Style: widget.RichTextStyleStrong})
	}
	for _, piece := range store.Highlight(s.Text, words) {
		style := widget.RichTextStyleInline
		if piece.Match {
			style = widget.RichTextStyleEmphasis
			style.ColorName = theme.ColorNamePrimary
		}
		out = append(out, &widget.TextSegment{Text: piece.Text, Style: style})
	}
	return out
}
