package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// meetingView shows one meeting: its title, details and transcript. The transcript is a virtualized
// list, one row per segment, so a three-hour meeting opens as fast as a short one.
type meetingView struct {
	summary *summaryView
	onEdit  func(store.Meeting) // opens the edit dialog for the title and date
	title   *widget.Label
	details *widget.Label
	editBtn *widget.Button
	// transcript is the Transcript tab.
	transcript *transcriptView
	root       *fyne.Container
	body       fyne.CanvasObject
	hint       fyne.CanvasObject

	meeting store.Meeting // the meeting shown; only touched on the UI goroutine
}

func newMeetingView(summary *summaryView, onEdit func(store.Meeting)) *meetingView {
	return &meetingView{summary: summary, onEdit: onEdit}
}

func (v *meetingView) build(win fyne.Window) fyne.CanvasObject {
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = "headingText"
	v.title.Wrapping = fyne.TextWrapWord
	v.details = widget.NewLabel("")
	v.details.Importance = widget.LowImportance
	v.details.Wrapping = fyne.TextWrapWord
	v.editBtn = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { v.onEdit(v.meeting) })
	v.transcript = newTranscriptView(v.summary.ctx, v.summary.st, v.summary.do, v.summary.scrub)
	transcriptTab := v.transcript.build(win)
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon("Summary", theme.DocumentIcon(), v.summary.build(win)),
		container.NewTabItemWithIcon("Transcript", theme.ListIcon(), transcriptTab),
	)
	v.transcript.reveal = func() { tabs.SelectIndex(1) }
	head := container.NewBorder(nil, nil, nil, container.NewVBox(v.editBtn), v.title)
	v.body = topFirst(container.NewVBox(head, v.details), nil, tabs)
	hint := widget.NewLabel("Select a meeting to read its transcript.")
	hint.Alignment = fyne.TextAlignCenter
	hint.Importance = widget.LowImportance
	v.hint = container.NewCenter(hint)
	v.body.Hide()
	v.root = container.NewStack(v.body, v.hint)
	return container.NewPadded(v.root)
}

// show displays a meeting with its summaries; query's words are highlighted in the transcript.
func (v *meetingView) show(m store.Meeting, segs []transcript.Segment, sums []store.Summary, query, found string, err error) {
	v.summary.show(m, sums)
	v.meeting = m
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
	v.transcript.show(m, segs, query)
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
