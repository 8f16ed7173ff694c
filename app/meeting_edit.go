package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/store"
)

// dateLayout is how the edit dialog shows and reads a meeting's date and time (local time).
const dateLayout = "2006-01-02 15:04"

// parseMeetingDate reads a date typed by the user: "2026-03-04 09:30", or a date alone; empty means
// unknown.
func parseMeetingDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{dateLayout, "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("write the date as 2026-03-04 09:30, or leave it empty")
}

// datePlaceholder is the date field's hint: the meeting's own date (or, when it has none, the day it was
// imported) written in the format the field reads, rather than Go's reference date.
func datePlaceholder(mt store.Meeting) string {
	d := mt.When()
	if d.IsZero() {
		d = time.Now()
	}
	return d.Local().Format(dateLayout) + " (empty if unknown)"
}

// meetingEdit is the open edit dialog's widgets, for tests.
type meetingEdit struct {
	d     *dialog.FormDialog
	title *widget.Entry
	date  *widget.Entry
}

// onEditMeeting lets the user change a meeting's title and date; both are saved at once.
func (m *mainScreen) onEditMeeting(mt store.Meeting) {
	if mt.ID == 0 {
		return
	}
	title := widget.NewEntry()
	title.SetText(mt.Title)
	title.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("a meeting needs a title")
		}
		return nil
	}
	date := widget.NewEntry()
	date.SetPlaceHolder(datePlaceholder(mt))
	if !mt.MeetingDate.IsZero() {
		date.SetText(mt.MeetingDate.Local().Format(dateLayout))
	}
	date.Validator = func(s string) error { _, err := parseMeetingDate(s); return err }
	items := []*widget.FormItem{
		{Text: "Title", Widget: title},
		{Text: "Date", Widget: date, HintText: "When the meeting took place, in your time zone"},
	}
	d := dialog.NewForm("Edit meeting", "Save", "Cancel", items, func(save bool) {
		if save {
			go m.saveMeetingDetails(mt, title.Text, date.Text)
		}
	}, m.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
	m.win.Canvas().Focus(title)
	m.editDialog = &meetingEdit{d: d, title: title, date: date}
}

// saveMeetingDetails stores a new title and date, then shows them everywhere; a failure keeps nothing
// half-done hidden: it says what could not be saved.
func (m *mainScreen) saveMeetingDetails(mt store.Meeting, title, dateText string) {
	date, err := parseMeetingDate(dateText)
	if err == nil && strings.TrimSpace(title) != mt.Title {
		err = m.svc.Store.RenameMeeting(m.ctx, mt.ID, title)
	}
	if err == nil && !date.Equal(mt.MeetingDate) {
		err = m.svc.Store.SetMeetingDate(m.ctx, mt.ID, date)
	}
	m.do(func() {
		if err != nil {
			dialog.ShowError(errors.New("Could not save the meeting's details: "+err.Error()), m.win)
		}
		m.reopen(mt.ID)
	})
}
