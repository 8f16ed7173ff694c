package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
	"hushnote/internal/summarize/scripted"
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

// pickers are the Selects and SelectEntries in the window's content, shown or not, in tree order.
func pickers(w fyne.Window) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	walkObjects(w.Content(), func(o fyne.CanvasObject) {
		switch o.(type) {
		case *widget.Select, *widget.SelectEntry:
			out = append(out, o)
		}
	})
	return out
}

// tapPickers checks that every picker in ps is still in the window's widget tree (updated in place, not
// rebuilt: a detached picker has no canvas, and Fyne 2.7's Select crashes when one is tapped), and taps
// each as a user would, the Select itself or a SelectEntry's menu button: its menu must open on the
// window. It closes the menu again.
func tapPickers(t *testing.T, w fyne.Window, after string, ps []fyne.CanvasObject) {
	t.Helper()
	now := pickers(w)
	for i, p := range ps {
		attached := false
		for _, o := range now {
			attached = attached || o == p
		}
		if !attached {
			t.Errorf("after %s, picker %d (%T %p) is no longer in the window: it was rebuilt, not updated", after, i, p, p)
		}
		switch x := p.(type) {
		case *widget.Select:
			if x.Disabled() {
				continue
			}
			test.Tap(x)
		case *widget.SelectEntry:
			b, ok := x.ActionItem.(*widget.Button)
			if !ok || x.Disabled() {
				continue
			}
			test.Tap(b)
		}
		pm := popUpMenu(w)
		if pm == nil {
			t.Errorf("after %s, tapping picker %d (%T) opened no menu", after, i, p)
			continue
		}
		pm.Dismiss()
		if top := w.Canvas().Overlays().Top(); top != nil {
			w.Canvas().Overlays().Remove(top)
		}
	}
}

// TestPickersStayTappableAfterRefreshes: every picker of the main window and of Settings is updated
// in place when what it offers is read again, so the one the user taps is the one on screen.
func TestPickersStayTappableAfterRefreshes(t *testing.T) {
	t.Run("main window", func(t *testing.T) {
		ctx := context.Background()
		st := newTestStore(t)
		first := addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
		addMeeting(t, st, "Budget review", "Cleo: Twelve euros.")
		m, q, mgr := newScreenWithProviders(t, st)
		if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
			t.Fatal(err)
		}
		m.summary.choose = func(context.Context) (modelChoice, error) {
			return modelChoice{p: &scripted.Provider{Answer: "## Summary\nDone."}, model: "scripted", window: 8192}, nil
		}
		eventually(t, q, "both meetings are listed", func() bool { return len(titles(m)) == 2 })
		m.list.Select(0)
		eventually(t, q, "the pickers are filled", func() bool {
			return len(m.summary.writer.Options) == 2 && len(m.summary.template.Options) > 0
		})
		ps := pickers(m.win)
		if len(ps) < 3 {
			t.Fatalf("%d pickers in the main window; want at least versions, template and Write with", len(ps))
		}
		refreshes := []struct {
			name string
			do   func()
			done func() bool
		}{
			{"the choices are read again", func() { m.summary.refreshChoices() }, func() bool { return m.summary.writer.Selected != "" }},
			{"the top bar is read again", m.refreshWhere, func() bool { return m.where.Text != "" }},
			{"Local only is switched on", func() { m.local.SetChecked(true) }, func() bool { return strings.HasPrefix(m.where.Text, "Local only") }},
			{"Local only is switched off", func() { m.local.SetChecked(false) }, func() bool { return !strings.HasPrefix(m.where.Text, "Local only") }},
			{"Write with picks Together", func() { m.summary.writer.SetSelectedIndex(0) }, func() bool { return strings.HasPrefix(m.where.Text, "Cloud: Together AI") }},
			{"a summary adds a version", m.summary.onSummarize, func() bool {
				return m.summary.running == 0 && strings.Contains(m.summary.status.Text, "Saved as version")
			}},
			{"another meeting opens", func() { m.list.Select(slices.Index(titles(m), "Kick-off")) }, func() bool { return m.summary.meeting.ID == first }},
			{"the list is read again", m.reload, func() bool { return m.detail.meeting.ID == first }},
		}
		for _, r := range refreshes {
			for range 3 {
				r.do()
				eventually(t, q, r.name, r.done)
				q.drain()
				tapPickers(t, m.win, r.name, ps)
			}
		}
	})

	t.Run("settings", func(t *testing.T) {
		s, q, _ := newSettingsForTest(t, nil)
		p := s.templates
		s.showTemplates()
		pick(t, p, "standup")
		test.Tap(p.duplicateBtn) // a template of the user's: its form has a layout picker per section
		pick(t, p, "interview")
		test.Tap(p.duplicateBtn)
		ps := pickers(s.win)
		refreshes := []struct {
			name string
			do   func()
		}{
			{"the model lists are read again", func() {
				for _, pg := range s.pages {
					pg.fillModels([]provider.Model{{ID: "m1", Chat: true}, {ID: "m2", Chat: true}}, nil)
				}
			}},
			{"the template list is read again", p.reload},
			{"another template of the user's is shown", func() { pick(t, p, "standup-copy") }},
			{"a built-in template is shown", func() { pick(t, p, "lecture") }},
			{"the copy is shown again", func() { pick(t, p, "interview-copy") }},
			{"a section is added", func() { test.Tap(p.editor.addBtn) }},
			{"a section is removed", func() { test.Tap(p.editor.sections[len(p.editor.sections)-1].remove) }},
			{"a section moves up", func() { test.Tap(p.editor.sections[1].up) }},
			{"the form is saved", func() { test.Tap(p.editor.saveBtn) }},
			{"it becomes the default", func() { test.Tap(p.defaultBtn) }},
			{"the language is chosen", func() { p.language.SetText("German") }},
		}
		for _, r := range refreshes {
			for range 3 {
				r.do()
				q.drain()
				tapPickers(t, s.win, r.name, ps)
			}
		}
	})
}
