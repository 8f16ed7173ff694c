package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts binds the keyboard: Ctrl (Cmd on macOS) with F find in the open meeting's transcript
// (the meeting search when none is open), Shift+F the meeting search, O import, comma settings, Enter
// summarize, L local only, 1 the Summary tab, 2 the Transcript tab, S save the notes being edited.
func (m *mainScreen) addShortcuts(c fyne.Canvas) {
	mod := fyne.KeyModifierShortcutDefault
	bind := func(key fyne.KeyName, action func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod}, func(fyne.Shortcut) { action() })
	}
	bind(fyne.KeyF, func() {
		if m.detail.meeting.ID != 0 {
			m.detail.transcript.openFind()
		} else {
			c.Focus(m.search)
		}
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: mod | fyne.KeyModifierShift},
		func(fyne.Shortcut) { c.Focus(m.search) })
	bind(fyne.KeyO, m.onImportFile)
	bind(fyne.KeyReturn, m.summary.onSummarize)
	bind(fyne.Key1, func() { m.detail.tabs.selectTab(0) })
	bind(fyne.Key2, func() { m.detail.tabs.selectTab(1) })
	bind(fyne.KeyS, m.summary.editor.onSave)
	if m.svc.Providers != nil {
		bind(fyne.KeyComma, m.onSettings)
		bind(fyne.KeyL, func() { m.local.SetChecked(!m.local.Checked) })
	}
}
