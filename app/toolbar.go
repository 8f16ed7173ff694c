package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// toolbarLayout lays a row out left to right: the objects in flex share the room the others leave, in
// proportion to their weights, and may shrink below their own minimum (a picker then shows its choice
// cut short with an ellipsis) down to flexMin; the others get their minimum width. Hidden objects take
// no room. It keeps one row at any window width.
type toolbarLayout struct {
	flex map[fyne.CanvasObject]float32
}

// flexMin is the narrowest a flexible object in a toolbar gets.
const flexMin = 72

func (l *toolbarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if _, ok := l.flex[o]; ok {
			w += min(m.Width, flexMin)
		} else {
			w += m.Width
		}
		h = max(h, m.Height)
		n++
	}
	if n > 1 {
		w += float32(n-1) * theme.Padding()
	}
	return fyne.NewSize(w, h)
}

func (l *toolbarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var fixed, weights, wanted float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		n++
		if wt, ok := l.flex[o]; ok {
			weights += wt
			wanted += o.MinSize().Width
			continue
		}
		fixed += o.MinSize().Width
	}
	if n > 1 {
		fixed += float32(n-1) * theme.Padding()
	}
	room := max(size.Width-fixed, 0)
	var least float32 // what the flexible objects get at the least
	for _, o := range objs {
		if _, ok := l.flex[o]; ok && o.Visible() {
			least += min(o.MinSize().Width, flexMin)
		}
	}
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		if wt, ok := l.flex[o]; ok {
			if room >= wanted { // room for all at their size: the spare room shared by weight
				w += (room - wanted) * wt / weights
			} else { // each its least, and what is left shared by weight
				w = min(w, flexMin) + max(room-least, 0)*wt/weights
			}
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}
