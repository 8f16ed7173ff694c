package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/export"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// meetingView shows one meeting: its title, details and transcript.
type meetingView struct {
	title      *widget.Label
	details    *widget.Label
	transcript *widget.RichText
	scroll     *container.Scroll
	root       *fyne.Container
	body       fyne.CanvasObject
	hint       fyne.CanvasObject
}

func newMeetingView() *meetingView { return &meetingView{} }

func (v *meetingView) build() fyne.CanvasObject {
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = "headingText"
	v.title.Wrapping = fyne.TextWrapWord
	v.details = widget.NewLabel("")
	v.details.Importance = widget.LowImportance
	v.details.Wrapping = fyne.TextWrapWord
	v.transcript = widget.NewRichText()
	v.transcript.Wrapping = fyne.TextWrapWord
	v.scroll = container.NewVScroll(v.transcript)
	v.body = container.NewBorder(container.NewVBox(v.title, v.details, widget.NewSeparator()), nil, nil, nil, v.scroll)
	hint := widget.NewLabel("Select a meeting to read its transcript.")
	hint.Alignment = fyne.TextAlignCenter
	hint.Importance = widget.LowImportance
	v.hint = container.NewCenter(hint)
	v.body.Hide()
	v.root = container.NewStack(v.body, v.hint)
	return container.NewPadded(v.root)
}

// show displays a meeting; query's words are highlighted in the transcript.
func (v *meetingView) show(m store.Meeting, segs []transcript.Segment, query string, err error) {
	v.hint.Hide()
	v.body.Show()
	v.title.SetText(m.Title)
	line := meetingLine(m)
	if m.SourceName != "" {
		line += " · from " + m.SourceName
	}
	if len(m.Speakers) > 0 {
		line += "\nSpeakers: " + strings.Join(m.Speakers, ", ")
	}
	v.details.SetText(line)
	if err != nil {
		v.transcript.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: "Could not read the transcript: " + err.Error(), Style: widget.RichTextStyleParagraph}}
		v.transcript.Refresh()
		return
	}
	v.transcript.Segments = transcriptSegments(segs, m.Duration > 0, queryWords(query))
	v.transcript.Refresh()
	v.scroll.ScrollToTop()
}

// transcriptSegments lays out a transcript as paragraphs: time and speaker in bold, then the words,
// with the searched words emphasised.
func transcriptSegments(segs []transcript.Segment, timed bool, words []string) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	inline := widget.RichTextStyleInline
	for _, s := range segs {
		head := ""
		if timed {
			head = export.Clock(s.Start) + "  "
		}
		if s.Speaker != "" {
			head += s.Speaker + ":  "
		}
		if head != "" {
			out = append(out, &widget.TextSegment{Text: head, Style: widget.RichTextStyleStrong})
		}
		for _, piece := range splitMatches(s.Text, words) {
			style := inline
			if piece.Match {
				style = widget.RichTextStyleEmphasis
				style.ColorName = "primary"
			}
			out = append(out, &widget.TextSegment{Text: piece.Text, Style: style})
		}
		out = append(out, &widget.TextSegment{Text: "", Style: widget.RichTextStyleParagraph})
	}
	return out
}

func queryWords(q string) []string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		w = strings.Trim(w, `"*()`)
		if len(w) > 1 && w != "or" {
			words = append(words, w)
		}
	}
	return words
}

// splitMatches cuts text where a word begins with one of words (case-insensitive).
func splitMatches(text string, words []string) []store.SnippetPart {
	if len(words) == 0 {
		return []store.SnippetPart{{Text: text}}
	}
	var parts []store.SnippetPart
	var plain strings.Builder
	for _, tok := range strings.SplitAfter(text, " ") {
		bare := strings.ToLower(strings.TrimRight(tok, " .,;:!?"))
		match := false
		for _, w := range words {
			if strings.HasPrefix(bare, w) {
				match = true
				break
			}
		}
		if !match {
			plain.WriteString(tok)
			continue
		}
		if plain.Len() > 0 {
			parts = append(parts, store.SnippetPart{Text: plain.String()})
			plain.Reset()
		}
		parts = append(parts, store.SnippetPart{Text: tok, Match: true})
	}
	if plain.Len() > 0 {
		parts = append(parts, store.SnippetPart{Text: plain.String()})
	}
	return parts
}
