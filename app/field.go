package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// field is a text field that lets Escape through to its window. Fyne's entry keeps every key it is
// given, and the focused widget is given every key, so without this Escape in a field would never reach
// the window's own key handler (the one that closes Settings).
type field struct {
	widget.Entry
}

// newField is a one-line field.
func newField() *field {
	f := &field{Entry: widget.Entry{Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}}
	f.ExtendBaseWidget(f)
	return f
}

// newMultiLineField is a field of several lines.
func newMultiLineField() *field {
	f := newField()
	f.MultiLine = true
	return f
}

// newPasswordField is a one-line field that hides what is typed, with a button that shows it.
func newPasswordField() *field {
	f := newField()
	f.Password = true
	var reveal *widget.Button
	reveal = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), func() {
		f.Password = !f.Password
		if f.Password {
			reveal.SetIcon(theme.VisibilityOffIcon())
		} else {
			reveal.SetIcon(theme.VisibilityIcon())
		}
		f.Refresh()
	})
	reveal.Importance = widget.LowImportance
	f.ActionItem = reveal
	return f
}

// TypedKey hands Escape to the window; every other key edits the text.
func (f *field) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(k)
			return
		}
	}
	f.Entry.TypedKey(k)
}
