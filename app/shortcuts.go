package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts binds the keyboard: Ctrl (Cmd on macOS) with F search, O import, comma settings,
// Enter summarize, L local only.
func (m *mainScreen) addShortcuts(c fyne.Canvas) {
	mod := fyne.KeyModifierShortcutDefault
	bind := func(key fyne.KeyName, action func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod}, func(fyne.Shortcut) { action() })
	}
	bind(fyne.KeyF, func() { c.Focus(m.search) })
	bind(fyne.KeyO, m.onImportFile)
	bind(fyne.KeyReturn, m.summary.onSummarize)
	if m.svc.Providers != nil {
		bind(fyne.KeyComma, m.onSettings)
		bind(fyne.KeyL, func() { m.local.SetChecked(!m.local.Checked) })
	}
}
