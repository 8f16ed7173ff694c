package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestTabOrderReadsTopToBottom: Tab goes through the top bar, then the search and the list, then the
// open meeting: its Edit button, the version picker and Summarize, the template and provider pickers.
func TestTabOrderReadsTopToBottom(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	m, q, _ := newScreenWithProviders(t, st)
	openOnly(t, m, q)

	c := m.win.Canvas()
	c.Unfocus()
	var order []fyne.Focusable
	for range 60 {
		c.FocusNext()
		f := c.Focused()
		if f == nil || (len(order) > 0 && f == order[0]) {
			break
		}
		order = append(order, f)
	}
	pos := func(name string, w fyne.Focusable) int {
		for i, f := range order {
			if f == w {
				return i
			}
		}
		t.Fatalf("Tab never reaches %s (order has %d stops)", name, len(order))
		return -1
	}
	want := []struct {
		name string
		w    fyne.Focusable
	}{
		{"Import", m.importBtn},
		{"Local only", m.local},
		{"search", m.search},
		{"meeting list", m.list},
		{"Edit", m.detail.editBtn},
		{"version picker", m.summary.versions},
		{"Summarize", m.summary.run},
		{"template picker", m.summary.template},
		{"Write with", m.summary.writer},
	}
	last := -1
	for _, w := range want {
		p := pos(w.name, w.w)
		if p <= last {
			t.Errorf("Tab reaches %s at stop %d, before the widget listed ahead of it (stop %d)", w.name, p, last)
		}
		last = p
	}
}
