package app

import (
	"context"
	"image/color"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// topFirst lays out top above center above bottom (either may be nil) like container.NewBorder, but
// keeps them in reading order, top first, so that Tab moves through the screen from top to bottom
// (container.NewBorder puts the centre first).
func topFirst(top, bottom, center fyne.CanvasObject) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{top, center, bottom} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return container.New(layout.NewBorderLayout(top, bottom, nil, nil), objs...)
}

// focusRingWidth is how thick the focus ring is, and focusRingGap how far outside the widget it sits.
const (
	focusRingWidth float32 = 2
	focusRingGap   float32 = 1
)

// focusRingEvery is how often the ring looks for a change of focus: Fyne says nothing when the focus
// moves (Tab, a click), so the window asks.
const focusRingEvery = 100 * time.Millisecond

// focusRing draws a ring around the focused widget of a window, in the theme's focus-ring colour, on a
// see-through layer over the window's content. Fyne shows focus only as a tint of the widget's own fill,
// which on a primary button or the selected row of a list is barely seen; the ring is seen on every
// widget (3:1 against what is around it, see TestThemeContrast). It takes no input: taps, the wheel and
// the keys go to the widgets beneath.
type focusRing struct {
	c     fyne.Canvas
	layer *fyne.Container
	ring  *canvas.Rectangle

	shown fyne.Focusable // what the ring is around now (nil: hidden)
	pos   fyne.Position
	size  fyne.Size
}

// newFocusRing makes the ring for the window whose canvas is c.
func newFocusRing(c fyne.Canvas) *focusRing {
	r := &focusRing{c: c, ring: canvas.NewRectangle(color.Transparent)}
	r.ring.StrokeWidth = focusRingWidth
	r.ring.Hide()
	r.layer = container.NewWithoutLayout(r.ring)
	return r
}

// wrap lays the ring's layer over content; the result is the window's content.
func (r *focusRing) wrap(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(content, r.layer)
}

// update puts the ring around the focused widget, or hides it when nothing is focused, the focused
// widget is hidden, or a dialog is open over the window (the ring would be under it). UI goroutine only.
func (r *focusRing) update() {
	f := r.c.Focused()
	var obj fyne.CanvasObject
	if o, ok := f.(fyne.CanvasObject); ok && o.Visible() && r.c.Overlays().Top() == nil &&
		fyne.CurrentApp().Driver().CanvasForObject(o) == r.c {
		obj = o
	}
	if obj == nil {
		if r.shown != nil {
			r.shown = nil
			r.ring.Hide()
		}
		return
	}
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(r.layer))
	size := obj.Size()
	if f == r.shown && pos == r.pos && size == r.size && r.ring.Visible() {
		return
	}
	r.shown, r.pos, r.size = f, pos, size
	out := focusRingGap + focusRingWidth
	r.ring.StrokeColor = theme.Color(colorNameFocusRing)
	r.ring.CornerRadius = theme.InputRadiusSize() + out
	r.ring.Move(pos.SubtractXY(out, out))
	r.ring.Resize(size.AddWidthHeight(2*out, 2*out))
	r.ring.Show()
	r.ring.Refresh()
}

// follow keeps the ring on the focus until ctx ends; do runs update on the UI goroutine. At most one
// update waits to run at a time, however slow the UI goroutine is.
func (r *focusRing) follow(ctx context.Context, do func(func())) {
	t := time.NewTicker(focusRingEvery)
	defer t.Stop()
	var waiting atomic.Bool
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if waiting.CompareAndSwap(false, true) {
			do(func() {
				waiting.Store(false)
				r.update()
			})
		}
	}
}
