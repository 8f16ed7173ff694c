package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// topBar holds Import and Paste, the Local only switch with where summaries go (in words that leave no
// doubt), Settings and About.
func (m *mainScreen) topBar() fyne.CanvasObject {
	m.importBtn = widget.NewButtonWithIcon("Import", theme.FolderOpenIcon(), m.onImport)
	m.importBtn.Importance = widget.HighImportance
	paste := widget.NewButtonWithIcon("Paste transcript", theme.ContentPasteIcon(), m.onPaste)
	m.where = widget.NewLabel("")
	m.where.Truncation = fyne.TextTruncateEllipsis
	m.local = widget.NewCheck("Local only", func(on bool) { m.onLocalOnly(on) })
	settings := widget.NewButtonWithIcon("Settings", theme.SettingsIcon(), m.onSettings)
	if m.svc.Providers == nil {
		m.local.Disable()
		settings.Disable()
	}
	m.refreshWhere()
	about := widget.NewButtonWithIcon("", theme.InfoIcon(), m.onAbout)
	bar := container.NewBorder(nil, nil, container.NewHBox(m.importBtn, paste, widget.NewSeparator()),
		container.NewHBox(m.local, settings, about), m.where)
	return container.NewVBox(container.NewPadded(bar), widget.NewSeparator())
}

// refreshWhere reads the switch and the active provider in the background and shows them.
func (m *mainScreen) refreshWhere() {
	if m.svc.Providers == nil {
		return
	}
	go func() {
		text, on, stays, err := describeDestination(m.ctx, m.svc)
		m.do(func() {
			if err != nil {
				m.where.SetText("Could not read the provider settings: " + err.Error())
				return
			}
			m.where.SetText(text)
			if stays {
				m.where.Importance = widget.SuccessImportance
			} else {
				m.where.Importance = widget.WarningImportance
			}
			m.where.Refresh()
			m.local.OnChanged = nil
			m.local.SetChecked(on)
			m.local.OnChanged = func(on bool) { m.onLocalOnly(on) }
			m.summary.refreshChoices() // the Write with picker says the same
		})
	}()
}

// describeDestination says where summaries go now, whether local-only is on, and whether the text stays
// on this device.
func describeDestination(ctx context.Context, svc Services) (text string, localOnly, stays bool, err error) {
	d, err := svc.Providers.Destination(ctx)
	if err != nil {
		return "", false, false, err
	}
	model := d.Model
	if model == "" {
		model = "no model chosen"
	}
	switch {
	case d.LocalOnly && d.Where.LeavesDevice:
		return fmt.Sprintf("Local only — nothing is sent: %s · %s is not on this device (%s)", d.Preset.Title, model, d.Where.Why), true, false, nil
	case d.LocalOnly:
		return fmt.Sprintf("Local only — summaries stay on this device (%s · %s)", d.Preset.Title, model), true, true, nil
	case d.Preset.Cloud:
		return fmt.Sprintf("Cloud: %s · %s — transcript text is sent over TLS and recorded", d.Preset.Title, model), false, false, nil
	case d.Where.LeavesDevice:
		return fmt.Sprintf("Leaves this device: %s · %s (%s) — transcript text is sent and recorded", d.Preset.Title, model, d.Where.Why), false, false, nil
	}
	return fmt.Sprintf("On this device: %s · %s", d.Preset.Title, model), false, true, nil
}

// onSettings opens the settings on the active provider's page.
func (m *mainScreen) onSettings() {
	page := ""
	if active, err := m.svc.Providers.Active(m.ctx); err == nil {
		page = active.Name
	}
	m.openSettings(page)
}

// openSettings opens the settings in a window of their own on a provider's page (the first when page is
// ""), or brings the open one forward on that page; closing it updates the bar.
func (m *mainScreen) openSettings(page string) {
	if m.settings != nil {
		m.settings.show(page)
		m.settings.win.RequestFocus()
		return
	}
	w := fyne.CurrentApp().NewWindow("Hushnote settings")
	s := newSettingsScreen(m.ctx, m.svc, w, m.do)
	s.changed = m.refreshWhere
	w.SetContent(s.build())
	w.SetCloseIntercept(func() { s.leave(w.Close) }) // unsaved template edits are not lost unasked
	s.show(page)
	w.Resize(fyne.NewSize(980, 720))
	w.SetOnClosed(func() {
		s.stopDownloads()
		m.settings = nil
		m.refreshWhere()
	})
	m.settings = s
	w.Show()
}

func (m *mainScreen) onLocalOnly(on bool) {
	go func() {
		err := m.svc.Providers.SetLocalOnly(m.ctx, on)
		m.do(func() {
			if err != nil {
				m.where.SetText("Could not switch: " + err.Error())
			}
		})
		m.refreshWhere()
	}()
}
