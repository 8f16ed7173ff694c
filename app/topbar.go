package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
)

// topBar holds Import and Paste, the Local only switch with where summaries go (in words that leave no
// doubt), Settings and About. The sentence is short enough to fit a 900-pixel window; tapping it (Fyne
// has no tooltips) shows the whole of it.
func (m *mainScreen) topBar() fyne.CanvasObject {
	m.importBtn = widget.NewButtonWithIcon("Import", theme.FolderOpenIcon(), m.onImport)
	m.importBtn.Importance = widget.HighImportance
	paste := widget.NewButtonWithIcon("Paste", theme.ContentPasteIcon(), m.onPaste)
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
	where := container.NewStack(m.where, &tapArea{onTapped: m.onWhereTapped})
	bar := container.NewBorder(nil, nil, container.NewHBox(m.importBtn, paste, widget.NewSeparator()),
		container.NewHBox(m.local, settings, about), where)
	return container.NewVBox(container.NewPadded(bar), widget.NewSeparator())
}

// tapArea is an invisible widget that calls onTapped when tapped, laid over a label to make it a button
// without changing how it looks.
type tapArea struct {
	widget.BaseWidget
	onTapped func()
}

// CreateRenderer draws nothing.
func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Tapped calls onTapped.
func (t *tapArea) Tapped(*fyne.PointEvent) {
	if t.onTapped != nil {
		t.onTapped()
	}
}

// Cursor says the sentence can be clicked.
func (t *tapArea) Cursor() desktop.Cursor { return desktop.PointerCursor }

// onWhereTapped reads where summaries go and shows the whole sentence under the bar.
func (m *mainScreen) onWhereTapped() {
	if m.svc.Providers == nil {
		return
	}
	go func() {
		d, err := describeDestination(m.ctx, m.svc)
		m.do(func() {
			text := d.full
			if err != nil {
				text = "Could not read the provider settings: " + m.scrub.err(err)
			}
			m.showWhere(text)
		})
	}()
}

// showWhere shows text in a pop-up just below the sentence in the bar, as wide as the window allows.
func (m *mainScreen) showWhere(text string) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	c := m.win.Canvas()
	pop := widget.NewPopUp(l, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m.where)
	width := fyne.Min(520, c.Size().Width-pos.X-theme.Padding())
	pop.Resize(fyne.NewSize(width, pop.MinSize().Height)) // lays the label out at that width...
	pop.Resize(fyne.NewSize(width, pop.MinSize().Height)) // ...so that its height is known
	pop.ShowAtPosition(pos.AddXY(0, m.where.Size().Height))
}

// refreshWhere reads the switch and the active provider in the background and shows them.
func (m *mainScreen) refreshWhere() {
	if m.svc.Providers == nil {
		return
	}
	go func() {
		d, err := describeDestination(m.ctx, m.svc)
		m.do(func() {
			if err != nil {
				m.where.SetText("Could not read the provider settings: " + m.scrub.err(err))
				return
			}
			m.where.SetText(d.short)
			if d.stays {
				m.where.Importance = widget.SuccessImportance
			} else {
				m.where.Importance = widget.WarningImportance
			}
			m.where.Refresh()
			m.local.OnChanged = nil
			m.local.SetChecked(d.localOnly)
			m.local.OnChanged = func(on bool) { m.onLocalOnly(on) }
			m.summary.refreshChoices() // the Write with picker says the same
		})
	}()
}

// destinationWords is where summaries go now, in words: short for the bar, full for its pop-up.
type destinationWords struct {
	short, full string
	localOnly   bool // the switch is on
	stays       bool // the text stays on this device
}

// describeDestination says where summaries go now, whether local-only is on, and whether the text stays
// on this device. It goes by where the bytes would go (Where), and says TLS only when the address is
// https.
func describeDestination(ctx context.Context, svc Services) (destinationWords, error) {
	d, err := svc.Providers.Destination(ctx)
	if err != nil {
		return destinationWords{}, err
	}
	s, err := svc.Providers.Settings(ctx, d.Preset.Name)
	if err != nil {
		return destinationWords{}, err
	}
	base := s.BaseURL
	if base == "" {
		base = svc.Providers.DefaultBaseURL(d.Preset)
	}
	return destinationText(d, strings.HasPrefix(strings.ToLower(base), "https://")), nil
}

// destinationText words a destination; tls says whether its address is https.
func destinationText(d provider.Destination, tls bool) destinationWords {
	model := d.Model
	if model == "" {
		model = "no model chosen"
	}
	what := d.Preset.Title + " · " + model
	how := "over TLS (HTTPS)"
	if !tls {
		how = "without TLS (plain HTTP)"
	}
	why := ""
	if d.Where.Why != "" {
		why = " (" + d.Where.Why + ")"
	}
	switch {
	case d.LocalOnly && d.Where.LeavesDevice:
		return destinationWords{
			short:     "Local only — nothing is sent: " + what,
			full:      fmt.Sprintf("Local only is on, so nothing is sent: %s is not on this device%s. Choose a local model in Settings, or turn Local only off.", what, why),
			localOnly: true,
		}
	case d.LocalOnly:
		return destinationWords{
			short:     "Local only — on this device: " + what,
			full:      fmt.Sprintf("Local only is on: summaries are written by %s on this device, and nothing can be sent anywhere else.", what),
			localOnly: true, stays: true,
		}
	case !d.Where.LeavesDevice:
		return destinationWords{
			short: "On this device: " + what,
			full:  fmt.Sprintf("On this device: summaries are written on this computer by %s; transcript text does not leave it.", what),
			stays: true,
		}
	case d.Preset.Cloud:
		return destinationWords{
			short: "Cloud: " + what,
			full:  fmt.Sprintf("Cloud: transcript text is sent to %s %s when you summarize, and every request is recorded in Settings → Privacy.", what, how),
		}
	}
	return destinationWords{
		short: "Leaves this device: " + what,
		full:  fmt.Sprintf("Leaves this device: transcript text is sent to %s%s %s when you summarize, and every request is recorded in Settings → Privacy.", what, why, how),
	}
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
	ring := newFocusRing(w.Canvas())
	w.SetContent(ring.wrap(s.build()))
	ctx, stopRing := context.WithCancel(m.ctx)
	go ring.follow(ctx, m.do)
	w.SetCloseIntercept(func() { s.leave(w.Close) }) // unsaved template edits are not lost unasked
	s.closeOnEscape(w)
	s.show(page)
	w.Resize(fyne.NewSize(980, 720))
	w.SetOnClosed(func() {
		stopRing()
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
				m.where.SetText("Could not switch: " + m.scrub.err(err))
			}
		})
		m.refreshWhere()
	}()
}
