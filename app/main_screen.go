package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/assets"
	"hushnote/internal/export"
	"hushnote/internal/store"
)

// searchDelay is how long typing must pause before a search runs.
const searchDelay = 150 * time.Millisecond

// row is one line of the meeting list: a meeting, with a snippet when it came from a search.
type row struct {
	meeting store.Meeting
	snippet []store.SnippetPart
	speaker string // who said the snippet's words, when they come from the transcript
	// badge says where the newest notes were made ("" when there are none), worked out when the row is
	// read, not each time it scrolls into view.
	badge    string
	badgeImp widget.Importance
}

// newRow makes a list row for a meeting, with its badge.
func newRow(mt store.Meeting) row {
	r := row{meeting: mt}
	r.badge, r.badgeImp = notesBadge(mt.Notes)
	return r
}

// mainScreen is the meeting list with search on the left and the selected meeting on the right.
type mainScreen struct {
	ctx context.Context
	svc Services
	win fyne.Window
	do  func(func()) // runs a function on the UI goroutine: fyne.Do, or a queue in tests

	scrub scrubber // svc.Redactor's: the services' errors and the notes are shown through it

	search   *widget.Entry
	list     *widget.List
	status   *widget.Label
	empty    fyne.CanvasObject
	listArea *fyne.Container
	detail   *meetingView
	summary  *summaryView
	local    *widget.Check
	where    *widget.Label

	importBtn    *widget.Button
	pasteDialog  *pasteDialog    // the open Paste dialog, if any
	folderDialog *folderDialog   // the open folder-import dialog, if any
	editDialog   *meetingEdit    // the open edit dialog, if any
	root         *fyne.Container // the window's content
	main         *fyne.Container // everything but the first-run screen, hidden while that shows
	welcome      *welcome        // the first-run screen
	// importingSample is set (on the UI goroutine) while the sample meeting is being imported.
	importingSample bool
	settings        *settingsScreen // the open Settings window's screen, if any
	// opened is the meeting the right pane shows or is reading (UI goroutine only): when the list
	// selects another meeting at the row it had selected, the list does not say so, and this tells.
	opened int64

	onOpened func(id int64) // called (UI goroutine) as a meeting opens, to remember it; may be nil

	// away is set while the window is not in the foreground; notify sends a desktop notification.
	away   atomic.Bool
	notify func(*fyne.Notification)

	mu         sync.Mutex // guards the fields below, written from background work through fyne.Do
	rows       listRows
	selected   int64
	query      string
	searchSeq  int
	lastChange string
}

func newMainScreen(ctx context.Context, svc Services, win fyne.Window) *mainScreen {
	return &mainScreen{ctx: ctx, svc: svc, win: win, do: fyne.Do, scrub: scrubber{svc.Redactor}, notify: fyne.CurrentApp().SendNotification}
}

// watchFocus follows whether the app is in the foreground, for notifications.
func (m *mainScreen) watchFocus(lc fyne.Lifecycle) {
	lc.SetOnExitedForeground(func() { m.away.Store(true) })
	lc.SetOnEnteredForeground(func() { m.away.Store(false) })
}

// notifyIfAway sends a desktop notification when a long summary ends while the user is in another
// window; when they are looking at Hushnote the status line says it already.
func (m *mainScreen) notifyIfAway(title, body string) {
	if m.away.Load() {
		m.notify(fyne.NewNotification(title, body))
	}
}

func (m *mainScreen) build() fyne.CanvasObject {
	m.search = widget.NewEntry()
	m.search.SetPlaceHolder("Search titles, transcripts and notes")
	m.search.OnChanged = m.onSearchChanged
	m.search.ActionItem = widget.NewIcon(theme.SearchIcon())

	m.list = widget.NewList(m.rowCount, m.newRowItem, m.updateRowItem)
	m.list.OnSelected = m.onSelected
	m.status = widget.NewLabel("")
	m.status.Importance = widget.LowImportance
	m.status.Truncation = fyne.TextTruncateEllipsis

	emptyText := widget.NewRichTextFromMarkdown("### No meetings yet\n\nImport a transcript: Zoom or Teams " +
		"captions (.vtt), subtitles (.srt), whisper JSON or a text file.\n\nEverything stays on this device.")
	emptyText.Wrapping = fyne.TextWrapWord
	m.empty = container.NewPadded(container.NewVBox(emptyText,
		widget.NewButtonWithIcon("Import a transcript…", theme.FolderOpenIcon(), m.onImport),
		widget.NewButtonWithIcon("Open a sample meeting", theme.DocumentIcon(), m.onSample)))
	m.empty.Hide() // until the first read finds no meetings
	m.listArea = container.NewStack(m.list, m.empty)

	left := topFirst(m.search, m.status, m.listArea)

	choose := func(context.Context) (modelChoice, error) { return modelChoice{}, errors.New("no provider is set up") }
	if m.svc.Providers != nil {
		choose = activeChoice(m.svc.Providers)
	}
	m.summary = newSummaryView(m.ctx, m.svc.Store, m.do, choose)
	m.summary.mgr = m.svc.Providers
	m.summary.scrub = m.scrub
	m.summary.onProviderChanged = m.refreshWhere
	m.summary.finished = m.notifyIfAway
	m.summary.onChanged = m.reload
	m.detail = newMeetingView(m.summary, m.onEditMeeting, m.onDeleteMeeting)
	split := container.NewHSplit(left, m.detail.build(m.win))
	m.detail.transcript.onChanged = m.transcriptChanged
	split.Offset = 0.34
	m.main = topFirst(m.topBar(), nil, split)
	m.root = container.NewStack(m.main) // the first-run screen joins it when it is due
	return m.root
}

// reload reads the list (or the current search) again in the background.
func (m *mainScreen) reload() {
	m.mu.Lock()
	m.searchSeq++
	seq, query := m.searchSeq, m.query
	m.mu.Unlock()
	go m.load(seq, query)
}

func (m *mainScreen) load(seq int, query string) {
	version, verr := m.svc.Store.Version(m.ctx) // read first: a change made during the fetch is seen next time
	rows, total, err := m.fetch(query)
	m.do(func() {
		m.mu.Lock()
		if verr == nil {
			m.lastChange = version
		}
		if seq != m.searchSeq { // a newer search started meanwhile
			m.mu.Unlock()
			return
		}
		if err == nil {
			rows.keepShowing(m.rows)
			m.rows = rows
		}
		shown := m.rows.total
		m.mu.Unlock()
		m.showStatus(query, shown, total, err)
		m.list.Refresh()
		m.restoreSelection()
	})
}

// fetch reads a search's hits, or the first page of the meeting list, and how many meetings there are.
func (m *mainScreen) fetch(query string) (listRows, int, error) {
	total, err := m.svc.Store.CountMeetings(m.ctx)
	if err != nil {
		return listRows{}, 0, err
	}
	if strings.TrimSpace(query) == "" {
		ms, err := m.svc.Store.ListMeetings(m.ctx, 0, listPageSize)
		if err != nil {
			return listRows{}, total, err
		}
		return meetingRows(total, meetingsToRows(ms)), total, nil
	}
	hits, err := m.svc.Store.Search(m.ctx, query, 200)
	if errors.Is(err, store.ErrEmptyQuery) {
		return searchRows(nil), total, nil
	}
	if err != nil {
		return listRows{}, total, err
	}
	rows := make([]row, len(hits))
	for i, h := range hits {
		rows[i] = newRow(h.Meeting)
		rows[i].snippet, rows[i].speaker = h.Snippet, h.Speaker
	}
	return searchRows(rows), total, nil
}

// readPage reads one page of the meeting list in the background and shows it, unless the list was read
// afresh meanwhile.
func (m *mainScreen) readPage(seq, page int) {
	ms, err := m.svc.Store.ListMeetings(m.ctx, page*listPageSize, listPageSize)
	m.do(func() {
		m.mu.Lock()
		current := seq == m.searchSeq && m.rows.pages != nil
		if current && err == nil {
			m.rows.setPage(page, meetingsToRows(ms))
		} else if current {
			delete(m.rows.loading, page) // asked again when next in view
		}
		m.mu.Unlock()
		if current {
			m.list.Refresh()
			m.restoreSelection() // the selected meeting may be on this page
		}
		if err != nil && m.ctx.Err() == nil {
			m.status.SetText("Could not read the meetings: " + err.Error())
		}
	})
}

func (m *mainScreen) showStatus(query string, shown, total int, err error) {
	switch {
	case err != nil:
		m.status.SetText("Could not read the meetings: " + err.Error())
	case strings.TrimSpace(query) != "":
		text := fmt.Sprintf("%s matching “%s”", plural(shown, "meeting"), strings.TrimSpace(query))
		if note := store.SearchNote(query); note != "" {
			text += " — " + note // the query was searched in part, to stay quick
		}
		m.status.SetText(text)
	default:
		m.status.SetText(plural(total, "meeting") + " · stored on this device")
	}
	if total == 0 && err == nil {
		m.list.Hide()
		m.empty.Show()
	} else {
		m.empty.Hide()
		m.list.Show()
	}
}

func (m *mainScreen) restoreSelection() {
	m.mu.Lock()
	sel := m.selected
	idx := m.rows.index(sel)
	m.mu.Unlock()
	if idx >= 0 {
		m.list.Select(idx) // opens it, unless that row was selected already (then it held another meeting, or this one)
		if m.opened != sel {
			m.open(sel) // a new meeting at the row that was selected: the list changed nothing
		}
	} else if sel != 0 {
		m.list.UnselectAll()
	}
}

// watch reloads when another process changes the store, until the window closes.
func (m *mainScreen) watch(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.ctx.Done():
			return
		case <-t.C:
		}
		v, err := m.svc.Store.Version(m.ctx)
		if err != nil {
			continue
		}
		m.mu.Lock()
		changed := m.lastChange != "" && v != m.lastChange
		m.mu.Unlock()
		if changed {
			m.reload()
		}
	}
}

func (m *mainScreen) rowCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rows.total
}

// rowItem is a row of the meeting list; a right click (or a long press) opens its menu. The window
// hands a click to the innermost object that takes any kind of tap, so a plain click is passed on to
// the list as a selection.
type rowItem struct {
	widget.BaseWidget
	box     *fyne.Container
	id      widget.ListItemID
	meeting store.Meeting // the meeting it shows (UI goroutine only, like id)
	menu    func(store.Meeting, fyne.Position)
	tapped  func(widget.ListItemID)
}

// Tapped selects the row.
func (r *rowItem) Tapped(*fyne.PointEvent) {
	if r.tapped != nil {
		r.tapped(r.id)
	}
}

func (r *rowItem) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// TappedSecondary opens the row's menu.
func (r *rowItem) TappedSecondary(e *fyne.PointEvent) {
	if r.meeting.ID != 0 && r.menu != nil {
		r.menu(r.meeting, e.AbsolutePosition)
	}
}

// newRowItem makes a list row with its menu.
func (m *mainScreen) newRowItem() fyne.CanvasObject {
	r := &rowItem{box: newRowBox(), menu: m.rowMenu, tapped: func(id widget.ListItemID) { m.list.Select(id) }}
	r.ExtendBaseWidget(r)
	return r
}

// rowMenu is a list row's menu: Open, Delete.
func (m *mainScreen) rowMenu(mt store.Meeting, at fyne.Position) {
	del := fyne.NewMenuItem("Delete meeting…", func() { m.onDeleteMeeting(mt) })
	del.Icon = theme.DeleteIcon()
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", del), m.win.Canvas(), at)
}

// newRowBox makes a list row's content: the title with a badge saying where its notes were made, and
// a line below with the date, length and speakers (or the search snippet).
func newRowBox() *fyne.Container {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	badge := widget.NewLabel("") // its colour says local or cloud (no italic: one font less to load at start-up)
	sub := widget.NewLabel("")
	sub.Importance = widget.LowImportance
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*2),
		container.NewBorder(nil, nil, nil, badge, title), sub)
}

// notesBadge is the list's word for where a meeting's newest notes were made, with its colour.
func notesBadge(n store.NotesSource) (string, widget.Importance) {
	switch {
	case n.Provider == "":
		return "", widget.LowImportance
	case n.Provider == assets.SampleNotesProvider:
		return "example notes", widget.MediumImportance
	case n.MadeOnDevice:
		return "local notes", widget.SuccessImportance
	}
	return "cloud notes", widget.WarningImportance
}

func (m *mainScreen) updateRowItem(id widget.ListItemID, obj fyne.CanvasObject) {
	m.mu.Lock()
	r, ok := m.rows.at(id)
	page, need := m.rows.needPage(id)
	seq := m.searchSeq
	m.mu.Unlock()
	if need {
		go m.readPage(seq, page)
	}
	if !ok {
		r = row{meeting: store.Meeting{Title: "…"}} // shown for the moment its page takes to read
	}
	item := obj.(*rowItem)
	item.id, item.meeting = id, r.meeting
	box := item.box
	head := box.Objects[0].(*fyne.Container)
	head.Objects[0].(*widget.Label).SetText(r.meeting.Title)
	badge := head.Objects[1].(*widget.Label)
	setNote(badge, r.badge, r.badgeImp)
	sub := box.Objects[1].(*widget.Label)
	switch {
	case !ok:
		sub.SetText("")
	case r.snippet != nil && r.speaker != "":
		sub.SetText(r.speaker + ": " + snippetText(r.snippet))
	case r.snippet != nil:
		sub.SetText(snippetText(r.snippet))
	default:
		sub.SetText(meetingLine(r.meeting, true))
	}
}

func snippetText(parts []store.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Match {
			b.WriteString("“" + p.Text + "”")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// meetingLine is the meeting's date, length (and speakers, when withSpeakers) in one line.
func meetingLine(mt store.Meeting, withSpeakers bool) string {
	parts := []string{mt.When().Local().Format("2 Jan 2006, 15:04")}
	if mt.Duration > 0 {
		parts = append(parts, export.Length(mt.Duration))
	}
	if n := len(mt.Speakers); n > 0 && withSpeakers {
		parts = append(parts, plural(n, "speaker"))
	}
	return strings.Join(parts, " · ")
}

func (m *mainScreen) onSelected(id widget.ListItemID) {
	m.mu.Lock()
	r, ok := m.rows.at(id)
	if !ok {
		m.mu.Unlock()
		return
	}
	sel := r.meeting.ID
	m.mu.Unlock()
	if sel != m.opened && m.summary.editor.editing() {
		// the notes being edited belong to the meeting shown: they go only when the user says so
		m.summary.editor.leave(func() { m.choose(sel) }, m.restoreSelection)
		return
	}
	m.choose(sel)
}

// choose makes sel the selected meeting and opens it.
func (m *mainScreen) choose(sel int64) {
	m.mu.Lock()
	m.selected = sel
	m.mu.Unlock()
	m.open(sel)
}

// transcriptChanged follows a rename or a corrected line in the open meeting's transcript: the list and
// the header (its speakers) are read again, while the transcript stays where the user is in it.
func (m *mainScreen) transcriptChanged(id int64) {
	m.reload()
	go func() {
		mt, err := m.svc.Store.Meeting(m.ctx, id)
		if err != nil {
			return // deleted meanwhile: the list's reload drops it
		}
		m.do(func() {
			if m.detail.meeting.ID == id {
				m.detail.showHeader(mt, m.detail.readErr)
				m.summary.meeting = mt // exports name the speakers as they are now
			}
		})
	}()
}

// reopen reads a meeting again after it changed and refreshes the list (on the UI goroutine).
func (m *mainScreen) reopen(id int64) {
	m.reload()
	m.open(id)
}

// open reads a meeting with its transcript and summaries in the background and shows it, if it is still
// the one selected by then.
func (m *mainScreen) open(id int64) {
	m.opened = id
	if m.onOpened != nil {
		m.onOpened(id)
	}
	m.mu.Lock()
	query := m.query
	m.mu.Unlock()
	go func() {
		mt, err := m.svc.Store.Meeting(m.ctx, id)
		if err != nil {
			return // deleted meanwhile by another process: the list's next reload drops it
		}
		segs, err := m.svc.Store.Segments(m.ctx, id)
		if err != nil {
			err = fmt.Errorf("could not read the transcript: %w", err)
		}
		sums, serr := m.svc.Store.Summaries(m.ctx, id)
		if serr != nil {
			serr = fmt.Errorf("could not read the notes: %w", serr)
		}
		m.do(func() {
			m.mu.Lock()
			current := m.selected == id
			m.mu.Unlock()
			if current {
				m.detail.show(mt, segs, sums, query, errors.Join(err, serr))
			}
		})
	}()
}

func (m *mainScreen) onSearchChanged(text string) {
	m.mu.Lock()
	m.query = text
	m.searchSeq++
	seq := m.searchSeq
	m.mu.Unlock()
	time.AfterFunc(searchDelay, func() {
		m.mu.Lock()
		current := seq == m.searchSeq
		m.mu.Unlock()
		if current {
			m.load(seq, text)
		}
	})
}

// onDeleteMeeting asks, naming the meeting and what goes with it, then deletes it in the background;
// the list is read again and nothing stays selected.
func (m *mainScreen) onDeleteMeeting(mt store.Meeting) {
	if mt.ID == 0 {
		return
	}
	if m.summary.running == mt.ID {
		dialog.ShowInformation("Delete “"+mt.Title+"”", "Its notes are being written. Cancel the run first, then delete it.", m.win)
		return
	}
	go func() { // how many versions go with it, for the question
		sums, err := m.svc.Store.Summaries(m.ctx, mt.ID)
		n := len(sums)
		if err != nil {
			n = -1
		}
		m.do(func() {
			askBeforeLosing(m.win, "Delete this meeting?", deleteMeetingMessage(mt.Title, n), "Delete", "Cancel", func(ok bool) {
				if ok {
					m.deleteMeeting(mt)
				}
			})
		})
	}()
}

// deleteMeetingMessage words the question before a meeting is deleted; versions is how many versions
// of notes it has (-1 when not known).
func deleteMeetingMessage(title string, versions int) string {
	what := "Its transcript and notes are"
	switch {
	case versions == 0:
		what = "Its transcript is"
	case versions > 0:
		what = "Its transcript and " + plural(versions, "version") + " of notes are"
	}
	return "Delete “" + title + "”? " + what + " removed from this device. The privacy ledger keeps its record."
}

// deleteMeeting deletes a meeting in the background, then clears the view and reads the list again.
func (m *mainScreen) deleteMeeting(mt store.Meeting) {
	go func() {
		err := m.svc.Store.DeleteMeeting(m.ctx, mt.ID)
		m.do(func() {
			if err != nil {
				dialog.ShowInformation("Not deleted", "Could not delete “"+mt.Title+"”: "+m.scrub.err(err)+
					". Nothing was removed.", m.win)
				return
			}
			m.mu.Lock()
			if m.selected == mt.ID {
				m.selected = 0
			}
			m.mu.Unlock()
			if m.opened == mt.ID {
				m.opened = 0
				m.list.UnselectAll()
			}
			if m.detail.meeting.ID == mt.ID {
				m.detail.clear()
			}
			m.reload()
		})
	}()
}
