package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestTabOrderReadsTopToBottom: Tab goes through the top bar, then the search and the list, then the
// open meeting: its Edit button, the Summary and Transcript tabs, then the toolbar left to right: the
// version picker, the template and provider pickers, Summarize.
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
		{"Summary tab", m.detail.tabs.buttons[0]},
		{"Transcript tab", m.detail.tabs.buttons[1]},
		{"version picker", m.summary.versions},
		{"template picker", m.summary.template},
		{"Write with", m.summary.writer},
		{"Summarize", m.summary.run},
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
