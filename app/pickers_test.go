package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walkObjects calls visit for o and everything under it, as the window draws it: a container's
// objects, a scroll's content, a widget's rendered objects.
func walkObjects(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkObjects(c, visit)
		}
	case *container.Scroll:
		walkObjects(x.Content, visit)
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkObjects(c, visit)
		}
	}
}

// popUpMenu is the menu open on top of the window's canvas, nil when there is none.
func popUpMenu(w fyne.Window) *widget.PopUpMenu {
	var pm *widget.PopUpMenu
	walkObjects(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if m, ok := o.(*widget.PopUpMenu); ok && pm == nil && m.Visible() {
			pm = m
		}
	})
	return pm
}

// menuItems are the texts of the open menu's items and the items to tap, in order.
func menuItems(t *testing.T, w fyne.Window) ([]string, []fyne.Tappable) {
	t.Helper()
	pm := popUpMenu(w)
	if pm == nil {
		t.Fatal("no menu is open")
	}
	var texts []string
	var taps []fyne.Tappable
	for _, it := range pm.Items {
		text := ""
		walkObjects(it, func(o fyne.CanvasObject) {
			if tx, ok := o.(*canvas.Text); ok && text == "" {
				text = tx.Text
			}
		})
		tap, _ := it.(fyne.Tappable)
		texts = append(texts, text)
		taps = append(taps, tap)
	}
	return texts, taps
}
