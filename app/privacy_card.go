package app

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/privacy"
)

// privacyFacts shows a provider's privacy card: its facts, links that open in the browser, and when and
// where the facts were verified. Settings and the first-run screen show it the same way.
func privacyFacts(c privacy.Card) fyne.CanvasObject {
	var segs []widget.RichTextSegment
	for _, f := range c.Facts() {
		segs = append(segs,
			&widget.TextSegment{Text: f.Label + ": ", Style: widget.RichTextStyleStrong},
			&widget.TextSegment{Text: f.Value, Style: widget.RichTextStyleParagraph},
		)
	}
	facts := widget.NewRichText(segs...)
	facts.Wrapping = fyne.TextWrapWord

	box := container.NewVBox(facts)
	if len(c.Links) > 0 {
		links := container.NewVBox()
		for _, l := range c.Links {
			u, err := url.Parse(l.URL)
			if err != nil || u.Scheme != "https" {
				links.Add(widget.NewLabel(l.Title + ": " + l.URL))
				continue
			}
			h := widget.NewHyperlink(l.Title, u)
			h.Wrapping = fyne.TextWrapWord
			links.Add(h)
		}
		box.Add(links)
	}
	verified := "Verified: " + c.Verified
	if c.Source != "" {
		verified += " · Source: " + c.Source
	}
	v := widget.NewLabel(verified)
	v.Wrapping = fyne.TextWrapWord
	v.TextStyle.Italic = true
	box.Add(v)
	return box
}
