package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// headerLayout lays the meeting's header out on one line: the title and the details after it at their
// natural widths, the buttons at the right end. When the line is short the details are cut first (down
// to two fifths of the room) and then the title, each with an ellipsis; the full title is in the Edit
// dialog and every speaker behind the chip.
type headerLayout struct{}

// naturalWidth is how wide a label would like to be to show all its text on one line.
func naturalWidth(l *widget.Label) float32 {
	if l.Text == "" || !l.Visible() {
		return 0
	}
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	return fyne.MeasureText(l.Text, size, l.TextStyle).Width + 2*theme.InnerPadding() + 1
}

func (headerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		h = max(h, m.Height)
		if i >= 2 {
			w += m.Width + theme.Padding()
		} else {
			w += m.Width
		}
	}
	return fyne.NewSize(w, h)
}

func (headerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	title, details := objs[0].(*widget.Label), objs[1].(*widget.Label)
	right := size.Width
	for i := len(objs) - 1; i >= 2; i-- {
		o := objs[i]
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		right -= w
		o.Move(fyne.NewPos(right, (size.Height-o.MinSize().Height)/2))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		right -= theme.Padding()
	}
	room := max(right, 0)
	tw, dw := naturalWidth(title), naturalWidth(details)
	if tw+dw > room {
		dw = min(dw, max(room-tw, room*2/5))
		tw = max(room-dw, 0)
	}
	title.Move(fyne.NewPos(0, (size.Height-title.MinSize().Height)/2))
	title.Resize(fyne.NewSize(tw, title.MinSize().Height))
	details.Move(fyne.NewPos(tw, (size.Height-details.MinSize().Height)/2))
	details.Resize(fyne.NewSize(dw, details.MinSize().Height))
}

// tabPage is one page of a tabSwitcher.
type tabPage struct {
	name    string
	icon    fyne.Resource
	content fyne.CanvasObject
}

// tabSwitcher is a row of buttons that shows one page at a time. Unlike container.AppTabs (whose tab
// buttons take no keyboard focus in Fyne 2.7) its buttons are reached with Tab and pressed with Space;
// Ctrl+1 and Ctrl+2 select the pages too.
type tabSwitcher struct {
	bar      *fyne.Container
	pages    *fyne.Container
	buttons  []*widget.Button
	contents []fyne.CanvasObject
	selected int
	// onSelected is called after the page changed, with its index.
	onSelected func(int)
}

func newTabSwitcher(pages ...tabPage) *tabSwitcher {
	t := &tabSwitcher{pages: container.NewStack()}
	var row []fyne.CanvasObject
	for i, p := range pages {
		i := i
		b := widget.NewButtonWithIcon(p.name, p.icon, func() { t.selectTab(i) })
		t.buttons = append(t.buttons, b)
		t.contents = append(t.contents, p.content)
		t.pages.Add(p.content)
		row = append(row, b)
	}
	t.bar = container.NewVBox(container.NewHBox(row...), widget.NewSeparator())
	t.selected = -1
	t.selectTab(0)
	return t
}

// selectTab shows page i: its button stands out, the others are quiet.
func (t *tabSwitcher) selectTab(i int) {
	if i < 0 || i >= len(t.contents) || i == t.selected {
		return
	}
	t.selected = i
	for j, b := range t.buttons {
		if j == i {
			b.Importance = widget.HighImportance
			t.contents[j].Show()
		} else {
			b.Importance = widget.LowImportance
			t.contents[j].Hide()
		}
		b.Refresh()
	}
	if t.onSelected != nil {
		t.onSelected(i)
	}
}
