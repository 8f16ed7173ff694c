package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestEditMeetingTitleAndDate(t *testing.T) {
	st := newTestStore(t)
	id := addMeeting(t, st, "ES2004a", "Ana: We will build a remote control.")
	m, q := newScreen(t, st)
	eventually(t, q, "the meeting is listed", func() bool { return len(titles(m)) == 1 })
	m.list.Select(0)
	eventually(t, q, "it opens", func() bool { return m.detail.meeting.ID == id })

	test.Tap(m.detail.editBtn)
	e := m.editDialog
	e.title.SetText("")
	test.Type(e.title, "   ")
	if e.title.Validate() == nil {
		t.Error("a blank title passes validation")
	}
	e.title.SetText("")
	test.Type(e.title, "Remote control kick-off")
	test.Type(e.date, "next Tuesday")
	if err := e.date.Validate(); err == nil || !strings.Contains(err.Error(), "2026-03-04 09:30") {
		t.Errorf("a bad date: %v, want the format explained", err)
	}
	e.date.SetText("")
	test.Type(e.date, "2026-03-04 09:30")
	e.d.Submit()

	eventually(t, q, "the new title shows in the header and the list", func() bool {
		return m.detail.title.Text == "Remote control kick-off" && strings.Join(titles(m), "") == "Remote control kick-off"
	})
	mt, err := st.Meeting(t.Context(), id)
	want := time.Date(2026, 3, 4, 9, 30, 0, 0, time.Local)
	if err != nil || mt.Title != "Remote control kick-off" || !mt.MeetingDate.Equal(want) {
		t.Errorf("stored %q at %v (%v), want the new title at %v", mt.Title, mt.MeetingDate, err, want)
	}
	if !strings.Contains(m.detail.details.Text, "4 Mar 2026, 09:30") {
		t.Errorf("details = %q, want the new date", m.detail.details.Text)
	}
}

func TestTranscriptCountsMatchesAndCopies(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Budget", "Ana: The remote costs twelve euros.", "Ben: Agreed.", "Cleo: Twelve is fine for the remote.")
	m, q := newScreen(t, st)
	test.Type(m.search, "remote")
	eventually(t, q, "the search finds it", func() bool { return len(titles(m)) == 1 })
	m.list.Select(0)
	tv := m.detail.transcript
	eventually(t, q, "the find bar opens with the search and counts the segments that mention it", func() bool {
		return tv.bar.Visible() && tv.entry.Text == "remote" && tv.count.Text == "1 of 2"
	})
	test.Tap(m.detail.transcript.copyBtn)
	got := fyne.CurrentApp().Clipboard().Content()
	want := "[0:00] Ana: The remote costs twelve euros.\n[1:00] Ben: Agreed.\n[2:00] Cleo: Twelve is fine for the remote.\n"
	if got != want {
		t.Errorf("clipboard = %q, want %q", got, want)
	}
}
