package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
	"hushnote/internal/store"
)

// ledgerLimit is how many requests the Privacy page lists, newest first.
const ledgerLimit = 1000

// ledgerNoMeeting is the Meeting column of a request that carried text from no saved meeting.
const ledgerNoMeeting = "—"

// ledgerDeletedMeeting is the Meeting column of a request about a meeting deleted since.
const ledgerDeletedMeeting = "a meeting since deleted"

// ledgerEmpty is what the Privacy page says when nothing has been sent anywhere.
const ledgerEmpty = "Nothing has left this device."

// The ledger table's columns, in order.
const (
	ledgerWhen = iota
	ledgerTo
	ledgerModel
	ledgerSent
	ledgerTLS
	ledgerMeeting
	ledgerColumns // how many there are
)

// ledgerHeadings are the table's column headings, in column order.
func ledgerHeadings() [ledgerColumns]string {
	return [ledgerColumns]string{"When", "Sent to", "Model", "Characters", "TLS", "Meeting"}
}

// ledgerRow is one request as the table shows it: a line and a smaller line under it in each column,
// and the whole of it in one sentence.
type ledgerRow struct {
	cells  [ledgerColumns]string
	under  [ledgerColumns]string
	tlsOff bool   // sent without TLS: shown as a warning
	whole  string // everything the row says, for when a cell is too narrow
}

// privacyPage is the Privacy page of the Settings window: the promises, the egress ledger (what left this
// device, when, to whom, how much) and where the data folder is. Its fields are touched only on the UI
// goroutine.
type privacyPage struct {
	s    *settingsScreen
	item *container.TabItem

	table   *widget.Table
	empty   fyne.CanvasObject // shown instead of the table while the ledger is empty
	summary *widget.Label     // how many requests, or why the ledger could not be read
	chosen  *widget.Label     // the whole of the row the user picked
	refresh *widget.Button
	rows    []ledgerRow
}

// newPrivacyPage makes the Privacy page of s; its tab is p.item.
func newPrivacyPage(s *settingsScreen) *privacyPage {
	p := &privacyPage{s: s}
	p.item = container.NewTabItem("Privacy", p.build())
	p.onRefresh()
	return p
}

// build makes the page: the promises on top, the ledger in the middle, taking the room there is, and the
// data file at the bottom.
func (p *privacyPage) build() fyne.CanvasObject {
	title := widget.NewRichText(&widget.TextSegment{Text: "Privacy", Style: widget.RichTextStyleHeading})
	promises := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()),
		privacyPromise("Audio never leaves this device."),
		privacyPromise("Transcript text leaves it only for the cloud provider you chose, and only over TLS (HTTPS)."),
		privacyPromise("Every time it does, the request is written down here."),
	)
	head := container.NewVBox(title, promises)
	return container.NewBorder(container.NewPadded(head), container.NewPadded(p.folderCard()), nil, nil,
		container.NewPadded(p.ledgerCard()))
}

// privacyPromise is one promise with a tick in front of it.
func privacyPromise(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	tick := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	return container.NewBorder(nil, nil, tick, nil, l)
}

// ledgerCard holds the egress ledger: a table with a header row, or the empty state.
func (p *privacyPage) ledgerCard() fyne.CanvasObject {
	p.table = widget.NewTable(
		func() (int, int) { return len(p.rows), ledgerColumns },
		func() fyne.CanvasObject {
			top := widget.NewLabel("2026-06-29")
			top.Truncation = fyne.TextTruncateEllipsis
			under := widget.NewLabel("api.together.ai")
			under.Truncation = fyne.TextTruncateEllipsis
			under.SizeName = theme.SizeNameCaptionText
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), top, under)
		},
		p.updateCell,
	)
	p.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(p.rows) {
			setNote(p.chosen, p.rows[id.Row].whole, widget.MediumImportance)
		}
	}
	p.table.ShowHeaderRow = true
	p.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("Meeting", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < ledgerColumns {
			o.(*widget.Label).SetText(ledgerHeadings()[id.Col])
		}
	}

	emptyText := widget.NewLabelWithStyle(ledgerEmpty, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	emptyNote := widget.NewLabelWithStyle("When a cloud provider writes a summary, each request it was sent appears here.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	tick := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	p.empty = container.NewCenter(container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSize(48, 48), tick)), emptyText, emptyNote))
	p.empty.Hide()

	p.summary = widget.NewLabel("Reading the ledger…")
	p.summary.Truncation = fyne.TextTruncateEllipsis // beside Refresh: a wrapping label there could be laid out too narrow
	p.chosen = newSettingsNote(widget.MediumImportance)
	p.chosen.Selectable = true
	p.refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), p.onRefresh)

	t := widget.NewLabelWithStyle("What left this device", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameSubHeadingText
	t.Truncation = fyne.TextTruncateEllipsis
	head := container.NewBorder(nil, nil, nil, container.NewVBox(p.refresh), container.NewVBox(t, p.summary))
	columns := &ledgerLayout{table: p.table}
	body := container.NewStack(container.New(columns, p.table), p.empty)
	return widget.NewCard("", "", container.NewBorder(head, p.chosen, nil, nil, body))
}

// updateCell shows one cell of the ledger.
func (p *privacyPage) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	top, under := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
	if id.Row < 0 || id.Row >= len(p.rows) || id.Col < 0 || id.Col >= ledgerColumns {
		top.SetText("")
		under.SetText("")
		return
	}
	r := p.rows[id.Row]
	imp := widget.MediumImportance
	if id.Col == ledgerTLS && r.tlsOff {
		imp = widget.DangerImportance
	}
	align := fyne.TextAlignLeading
	if id.Col == ledgerSent {
		align = fyne.TextAlignTrailing
	}
	if top.Importance != imp || top.Alignment != align {
		top.Importance, top.Alignment = imp, align
		top.Refresh()
	}
	top.SetText(r.cells[id.Col])
	under.SetText(r.under[id.Col])
}

// folderCard says where the data folder is, with a button to open it.
func (p *privacyPage) folderCard() fyne.CanvasObject {
	t := widget.NewLabelWithStyle("Your data", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameSubHeadingText
	t.Truncation = fyne.TextTruncateEllipsis
	what := widget.NewLabel("Meetings, transcripts, summaries, settings and this ledger are in one file on this device; API keys are not:")
	what.Wrapping = fyne.TextWrapWord
	path := widget.NewLabel(dataFilePath(p.s.svc.DataDir))
	path.Selectable = true
	path.Wrapping = fyne.TextWrapBreak
	path.TextStyle.Monospace = true
	open := widget.NewButtonWithIcon("Open the data folder", theme.FolderOpenIcon(), func() {
		openDataFolder(p.s.svc.DataDir, p.s.win)
	})
	return widget.NewCard("", "", container.NewVBox(container.NewBorder(nil, nil, nil, open, t), what, path))
}

// onRefresh reads the ledger in the background and shows it.
func (p *privacyPage) onRefresh() {
	p.refresh.Disable()
	go func() {
		rows, err := readLedger(p.s.ctx, p.s.svc.Store)
		p.s.do(func() { p.show(rows, err) })
	}()
}

// show puts the ledger in the table, or the empty state, or the reason it could not be read.
func (p *privacyPage) show(rows []ledgerRow, err error) {
	p.refresh.Enable()
	if err != nil {
		setNote(p.summary, "Could not read the ledger: "+err.Error(), widget.DangerImportance)
		return
	}
	p.rows = rows
	p.table.UnselectAll()
	setNote(p.chosen, "", widget.MediumImportance)
	p.table.Refresh()
	if len(rows) == 0 {
		p.table.Hide()
		p.empty.Show()
		setNote(p.summary, "", widget.MediumImportance)
		return
	}
	p.empty.Hide()
	p.table.Show()
	p.table.ScrollToTop()
	setNote(p.summary, ledgerSummary(rows)+" Pick a row to read all of it.", widget.MediumImportance)
}

// ledgerSummary says how many requests the table lists, newest first.
func ledgerSummary(rows []ledgerRow) string {
	text := plural(len(rows), "request") + ", newest first."
	if len(rows) == 1 {
		text = "1 request."
	}
	if len(rows) >= ledgerLimit {
		text = "The newest " + settingsThousands(len(rows)) + " requests."
	}
	return text
}

// readLedger reads the newest ledgerLimit requests and puts them in words, with the title of the meeting
// each one carried text from.
func readLedger(ctx context.Context, st *store.Store) ([]ledgerRow, error) {
	entries, err := st.EgressLedger(ctx, ledgerLimit)
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	rows := make([]ledgerRow, 0, len(entries))
	for _, e := range entries {
		if _, ok := titles[e.MeetingID]; !ok {
			titles[e.MeetingID] = ledgerMeetingTitle(ctx, st, e.MeetingID)
		}
		rows = append(rows, ledgerRowOf(e, titles[e.MeetingID]))
	}
	return rows, nil
}

// ledgerMeetingTitle names the meeting whose text a request carried.
func ledgerMeetingTitle(ctx context.Context, st *store.Store, id int64) string {
	if id == 0 {
		return ledgerNoMeeting
	}
	m, err := st.Meeting(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return ledgerDeletedMeeting
	case err != nil:
		return "meeting " + strconv.FormatInt(id, 10)
	}
	return m.Title
}

// ledgerRowOf puts one ledger entry in words.
func ledgerRowOf(e store.Egress, meeting string) ledgerRow {
	to := e.Provider
	if p, ok := provider.PresetByName(e.Provider); ok {
		to = p.Title
	}
	at := e.At.Local()
	var r ledgerRow
	r.cells[ledgerWhen], r.under[ledgerWhen] = at.Format("2006-01-02"), at.Format("15:04:05")
	host, model := e.Route(), e.ModelLine()
	r.cells[ledgerTo], r.under[ledgerTo] = to, host
	r.cells[ledgerModel] = e.Model
	if e.AnsweredBy != "" {
		r.under[ledgerModel] = "answered by " + e.AnsweredBy
	}
	r.cells[ledgerSent] = settingsThousands(e.CharsSent)
	r.cells[ledgerTLS] = "Yes"
	how := "over TLS"
	if !e.TLS {
		r.cells[ledgerTLS], how, r.tlsOff = "No", "without TLS", true
	}
	r.cells[ledgerMeeting] = meeting
	from := "from “" + meeting + "”"
	switch meeting {
	case ledgerNoMeeting:
		from = "from no saved meeting"
	case ledgerDeletedMeeting:
		from = "from " + meeting
	}
	r.whole = fmt.Sprintf("%s: %s characters to %s at %s, model %s, %s, %s.",
		at.Format("2006-01-02 15:04:05"), settingsThousands(e.CharsSent), to, host, model, how, from)
	return r
}

// ledgerLayout gives the ledger table all its space and shares the width among the columns: each has a
// least width, and the rest goes to the columns that hold names.
type ledgerLayout struct {
	table *widget.Table
	width float32 // the width the columns were last set for
}

// ledgerColumnWidths are each column's least width and its share of the space left over.
func ledgerColumnWidths() (least, share [ledgerColumns]float32) {
	least = [ledgerColumns]float32{90, 140, 160, 95, 44, 130}
	share = [ledgerColumns]float32{0, 0.25, 0.4, 0, 0, 0.35}
	return least, share
}

// Layout sets the column widths for size and fills it with the table.
func (l *ledgerLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		least, share := ledgerColumnWidths()
		pad := theme.Padding()
		free := size.Width - pad*float32(ledgerColumns) - theme.ScrollBarSize()
		for _, w := range least {
			free -= w
		}
		free = max(free, 0)
		for i := range ledgerColumns {
			l.table.SetColumnWidth(i, least[i]+free*share[i])
		}
	}
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the table's own.
func (l *ledgerLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}
