package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
)

// TestSettingsWheelScrollsEverywhere: on the Ollama and Together pages, the mouse wheel scrolls the page
// wherever the pointer is: over the text fields, the installed-models table and the cards, from the top
// to the bottom of the page; and a click still reaches the field beneath.
func TestSettingsWheelScrollsEverywhere(t *testing.T) {
	srv := ollamatest.Start(t)
	if err := srv.CreateModel(context.Background(), "tiny-notes", ollamatest.TinyModel{ContextLength: 4096}); err != nil {
		t.Fatal(err)
	}
	pg, q, _ := ollamaPage(t, srv.URL)
	eventually(t, q, "the installed models are listed", func() bool { return len(installedRows(pg.ollama)) == 1 })
	s := pg.s
	c := s.win.Canvas()
	for _, name := range []string{provider.Ollama, provider.Together} {
		s.show(name)
		scroll := s.tabs.Selected().Content.(*container.Scroll)
		origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(scroll)
		bottom := scroll.Content.MinSize().Height - scroll.Size().Height
		if bottom <= 0 {
			t.Fatalf("%s: the page fits the window; nothing to scroll", name)
		}
		for _, start := range []float32{0, bottom / 2} {
			for y := float32(5); y < scroll.Size().Height; y += 30 {
				for x := float32(5); x < scroll.Size().Width; x += 90 {
					scroll.Offset = fyne.NewPos(0, start)
					scroll.Refresh()
					test.Scroll(c, origin.AddXY(x, y), 0, -30)
					if scroll.Offset.Y <= start {
						t.Fatalf("%s page scrolled to %.0f: the wheel at (%.0f, %.0f) does not scroll it", name, start, x, y)
					}
				}
			}
		}
	}

	s.show(provider.Ollama)
	scroll := s.tabs.Selected().Content.(*container.Scroll)
	scroll.ScrollToTop()
	tapped := false
	pg.ollama.refreshBtn.OnTapped = func() { tapped = true }
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(pg.ollama.refreshBtn)
	test.TapCanvas(c, at.AddXY(10, 10))
	if !tapped {
		t.Error("a click on Refresh does not reach the button under the wheel's layer")
	}
}

// TestSettingsEscapeCloses: Escape closes the Settings window, with nothing focused and from a field
// being typed in; other keys in a field still type.
func TestSettingsEscapeCloses(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	closed := false
	s.win.SetOnClosed(func() { closed = true })
	s.closeOnEscape(s.win)
	c := s.win.Canvas()
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if closed {
		t.Fatal("Return closed Settings")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !closed {
		t.Error("Escape did not close Settings")
	}

	s, _, _ = newSettingsForTest(t, nil)
	closed = false
	s.win.SetOnClosed(func() { closed = true })
	s.closeOnEscape(s.win)
	var f *field
	walkObjects(s.win.Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*field); ok && f == nil && o.Visible() {
			f = e
		}
	})
	if f == nil {
		t.Fatal("no text field on the first Settings page")
	}
	s.win.Canvas().Focus(f)
	f.SetText("")
	test.Type(f, "ab")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if f.Text != "a" || closed {
		t.Fatalf("typing in the field: text %q, closed %v", f.Text, closed)
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !closed {
		t.Error("Escape in a focused field did not close Settings")
	}
}

// TestPasswordFieldShowsWhatIsTyped: the key field hides the key until its button is pressed.
func TestPasswordFieldShowsWhatIsTyped(t *testing.T) {
	f := newPasswordField()
	reveal, ok := f.ActionItem.(*widget.Button)
	if !f.Password || !ok {
		t.Fatalf("password %v, action item %T", f.Password, f.ActionItem)
	}
	test.Tap(reveal)
	if f.Password {
		t.Error("the button did not show the key")
	}
	test.Tap(reveal)
	if !f.Password {
		t.Error("the button did not hide the key again")
	}
}
