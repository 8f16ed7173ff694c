package app

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"hushnote/internal/provider"
	"hushnote/internal/secret"
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

// TestFocusIsSeen: in both variants, a focused primary button (Import) draws differently from an
// unfocused one, and the ring around it, and around the meeting list with its selected row, stands out
// 3:1 from the background around it; with nothing focused, or a dialog open, there is no ring.
func TestFocusIsSeen(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	a := test.NewTempApp(t)
	dir := t.TempDir()
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(&memKeys{})), provider.WithGetenv(func(string) string { return "" }))
	q := make(uiQueue, 256)
	w, m := newMainWindow(context.Background(), a, Services{Store: st, Providers: mgr, DataDir: dir}, q.do)
	w.Show()
	defer w.Close()
	openOnly(t, m, q)
	ring := w.Content().(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	c := w.Canvas()
	d := fyne.CurrentApp().Driver()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a.Settings().SetTheme(themeFor(v))
		bg := themeFor(v).Color(theme.ColorNameBackground, v)

		c.Unfocus()
		waitRing(t, q, ring, false)
		plain := c.Capture()

		c.Focus(m.importBtn)
		waitRingAround(t, q, ring, m.importBtn)
		focused := c.Capture()
		pos, size := d.AbsolutePositionForObject(m.importBtn), m.importBtn.Size()
		scale := float32(plain.Bounds().Dx()) / c.Size().Width
		px := func(x, y float32) (int, int) { return int(x * scale), int(y * scale) }
		differs := 0
		for y := pos.Y; y < pos.Y+size.Height; y += 2 {
			for x := pos.X; x < pos.X+size.Width; x += 2 {
				ix, iy := px(x, y)
				if plain.At(ix, iy) != focused.At(ix, iy) {
					differs++
				}
			}
		}
		if differs == 0 {
			t.Errorf("variant %d: the focused Import button draws exactly as the unfocused one", v)
		}
		// The ring, sampled in the middle of its left side, against the window's background.
		ix, iy := px(pos.X-focusRingGap-focusRingWidth/2, pos.Y+size.Height/2)
		if r := contrast(focused.At(ix, iy), bg); r < minNonText {
			t.Errorf("variant %d: the ring beside Import is %s on %s, %.2f:1", v, hex(focused.At(ix, iy)), hex(bg), r)
		}

		c.Focus(m.list) // its one row is selected: the meeting is open
		waitRingAround(t, q, ring, m.list)
		lp := d.AbsolutePositionForObject(m.list)
		list := c.Capture()
		lx, ly := px(lp.X-focusRingGap-focusRingWidth/2, lp.Y+20)
		if r := contrast(list.At(lx, ly), bg); r < minNonText {
			t.Errorf("variant %d: the ring beside the list is %s on %s, %.2f:1", v, hex(list.At(lx, ly)), hex(bg), r)
		}
	}

	c.Focus(m.importBtn)
	waitRingAround(t, q, ring, m.importBtn)
	m.onAbout() // a dialog over the window
	waitRing(t, q, ring, false)
}

// waitRing waits until the focus ring is shown (or hidden).
func waitRing(t *testing.T, q uiQueue, ring *canvas.Rectangle, shown bool) {
	t.Helper()
	eventually(t, q, fmt.Sprintf("the focus ring is shown: %v", shown), func() bool { return ring.Visible() == shown })
}

// waitRingAround waits until the focus ring is shown around obj.
func waitRingAround(t *testing.T, q uiQueue, ring *canvas.Rectangle, obj fyne.CanvasObject) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	out := focusRingGap + focusRingWidth
	eventually(t, q, fmt.Sprintf("the focus ring goes round the %T", obj), func() bool {
		want := d.AbsolutePositionForObject(obj).SubtractXY(out, out)
		return ring.Visible() && d.AbsolutePositionForObject(ring) == want &&
			ring.Size() == obj.Size().AddWidthHeight(2*out, 2*out)
	})
}
