package app

import (
	"fyne.io/fyne/v2"

	"hushnote/internal/redact"
)

// scrubber is the app's one door for text that may hold an API key on its way to the screen or the
// clipboard: the messages of errors that carry a service's own words (which may echo the key it was
// sent), the notes as they stream in and as they are shown, and whatever Copy puts on the clipboard. It
// removes the keys the provider manager has handed out (Services.Redactor); the zero scrubber removes
// nothing.
type scrubber struct{ r *redact.Redactor }

// text returns s without the API keys Hushnote knows.
func (s scrubber) text(t string) string { return s.r.Scrub(t) }

// err returns err's message without them ("" for nil).
func (s scrubber) err(err error) string {
	if err == nil {
		return ""
	}
	return s.r.Scrub(err.Error())
}

// copy puts t on the clipboard, without them.
func (s scrubber) copy(t string) { fyne.CurrentApp().Clipboard().SetContent(s.r.Scrub(t)) }
