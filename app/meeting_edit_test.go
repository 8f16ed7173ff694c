package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestEditDialogDateHintIsTheMeetingsOwn: the date field's placeholder is the meeting's own date in the
// format the field reads (a meeting with no date shows the day it was imported), never Go's reference
// date.
func TestEditDialogDateHintIsTheMeetingsOwn(t *testing.T) {
	st := goldenStore(t) // its clock says 4 March 2026, 09:30
	undated := addMeeting(t, st, "Undated", "Ana: hello")
	dated := addMeeting(t, st, "Dated", "Ben: hi")
	if err := st.SetMeetingDate(t.Context(), dated, time.Date(2025, 11, 20, 14, 5, 0, 0, time.Local)); err != nil {
		t.Fatal(err)
	}
	m, q := newScreen(t, st)
	for _, c := range []struct {
		id   int64
		want string
	}{{dated, "2025-11-20 14:05 (empty if unknown)"}, {undated, "2026-03-04 09:30 (empty if unknown)"}} {
		m.mu.Lock()
		m.selected = c.id
		m.mu.Unlock()
		m.open(c.id)
		eventually(t, q, "the meeting opens", func() bool { return m.detail.meeting.ID == c.id })
		test.Tap(m.detail.editBtn)
		e := m.editDialog
		if e.date.PlaceHolder != c.want {
			t.Errorf("placeholder = %q, want %q", e.date.PlaceHolder, c.want)
		}
		if e.date.PlaceHolder == "2006-01-02 15:04 (empty if unknown)" {
			t.Error("the placeholder is Go's reference date")
		}
		e.d.Hide()
	}
}
