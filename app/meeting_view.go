package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/export"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// meetingView shows one meeting: its title, details and transcript. The transcript is a virtualized
// list, one row per segment, so a three-hour meeting opens as fast as a short one.
type meetingView struct {
	summary *summaryView
	title   *widget.Label
	details *widget.Label
	list    *widget.List
	root    *fyne.Container
	body    fyne.CanvasObject
	hint    fyne.CanvasObject

	segs  []transcript.Segment // only touched on the UI goroutine
	timed bool
	words []string
}

func newMeetingView(summary *summaryView) *meetingView { return &meetingView{summary: summary} }

func (v *meetingView) build(win fyne.Window) fyne.CanvasObject {
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = "headingText"
	v.title.Wrapping = fyne.TextWrapWord
	v.details = widget.NewLabel("")
	v.details.Importance = widget.LowImportance
	v.details.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(func() int { return len(v.segs) }, v.newRow, v.updateRow)
	v.list.HideSeparators = true
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon("Summary", theme.DocumentIcon(), v.summary.build(win)),
		container.NewTabItemWithIcon("Transcript", theme.ListIcon(), v.list),
	)
	v.body = container.NewBorder(container.NewVBox(v.title, v.details), nil, nil, nil, tabs)
	hint := widget.NewLabel("Select a meeting to read its transcript.")
	hint.Alignment = fyne.TextAlignCenter
	hint.Importance = widget.LowImportance
	v.hint = container.NewCenter(hint)
	v.body.Hide()
	v.root = container.NewStack(v.body, v.hint)
	return container.NewPadded(v.root)
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
func (v *meetingView) show(m store.Meeting, segs []transcript.Segment, sums []store.Summary, query string, err error) {
	v.summary.show(m, sums)
	v.hint.Hide()
	v.body.Show()
	v.title.SetText(m.Title)
	line := meetingLine(m)
	if m.SourceName != "" {
		line += " · from " + m.SourceName
	}
	if len(m.Speakers) > 0 {
		line += "\nSpeakers: " + speakerList(m.Speakers, maxSpeakersShown)
	}
	if err != nil {
		line += "\nCould not read the transcript: " + err.Error()
	}
	v.details.SetText(line)
	v.segs, v.timed, v.words = segs, m.Duration > 0, store.QueryStems(query)
	v.list.Refresh()
	v.list.ScrollToTop()
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

// maxSpeakersShown is how many speakers the header names before it says "and N others".
const maxSpeakersShown = 6

func speakerList(speakers []string, n int) string {
	if len(speakers) <= n {
		return strings.Join(speakers, ", ")
	}
	rest := len(speakers) - n
	if rest == 1 {
		return strings.Join(speakers[:n], ", ") + " and 1 other"
	}
	return strings.Join(speakers[:n], ", ") + fmt.Sprintf(" and %d others", rest)
}
