package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	// transcript is the Transcript tab.
	transcript *transcriptView
	root       *fyne.Container
	body       fyne.CanvasObject
	hint       fyne.CanvasObject

	meeting store.Meeting // the meeting shown; only touched on the UI goroutine, like readErr
	readErr error         // what of it could not be read, said in the header
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
	v.transcript = newTranscriptView(v.summary.ctx, v.summary.st, v.summary.do, v.summary.scrub)
	transcriptTab := v.transcript.build(win)
	v.summary.onTime = v.transcript.scrollToTime
	v.tabs = newTabSwitcher(
		tabPage{"Summary", theme.DocumentIcon(), v.summary.build(win)},
		tabPage{"Transcript", theme.ListIcon(), transcriptTab},
	)
	v.header = container.New(&headerLayout{}, v.title, v.details, v.speakers, v.editBtn, v.moreBtn)
	v.transcript.reveal = func() { v.tabs.selectTab(1) }
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
	v.meeting = store.Meeting{}
	v.transcript.show(store.Meeting{}, nil, "")
	v.summary.clear()
	v.body.Hide()
	v.hint.Show()
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

// show displays a meeting with its summaries; query's words are highlighted in the transcript.
func (v *meetingView) show(m store.Meeting, segs []transcript.Segment, sums []store.Summary, query string, err error) {
	v.summary.show(m, sums)
	v.hint.Hide()
	v.body.Show()
	v.showHeader(m, err)
	v.transcript.show(m, segs, query)
}

// showHeader fills the header line for m (after a rename of a speaker, only it changes); err says what
// of the meeting could not be read, and stays said until the meeting is read again.
func (v *meetingView) showHeader(m store.Meeting, err error) {
	v.meeting, v.readErr = m, err
	v.title.SetText(m.Title)
	line := meetingLine(m, false)
	if err != nil {
		line += " · " + v.summary.scrub.err(err)
	}
	v.details.SetText(line)
	if n := len(m.Speakers); n > 0 {
		v.speakers.SetText(plural(n, "speaker"))
		v.speakers.Show()
	} else {
		v.speakers.Hide()
	}
	v.header.Refresh()
}
