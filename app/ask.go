package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// askBeforeLosing asks a question whose yes loses something (a meeting, a version, unsaved changes):
// the yes button says what it does (confirm: "Delete", "Discard") in the danger colour, the no button
// keeps things as they are (dismiss: "Cancel", "Keep editing"). answer gets the choice.
func askBeforeLosing(win fyne.Window, title, message, confirm, dismiss string, answer func(yes bool)) {
	d := dialog.NewConfirm(title, message, answer, win)
	d.SetConfirmText(confirm)
	d.SetDismissText(dismiss)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}
