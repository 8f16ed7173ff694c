package export

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// Sizes of the document's own text, in points.
const (
	titleSize   = 18
	sectionSize = 15
)

// PDF writes the meeting as a PDF for reading and printing: its title, date, length and speakers, the
// notes of version latest (nil: none) drawn from their Markdown, with their provenance, then the
// transcript with times and speakers. The fonts are embedded; a character they cannot draw is shown as
// "□" and the document says how many there were. Options as for Markdown (WithScrubber).
func PDF(w io.Writer, m store.Meeting, segs []transcript.Segment, latest *store.Summary, opts ...Option) (err error) {
	defer func() {
		if r := recover(); r != nil { // the PDF library's, on input it did not expect: an error, not a crash
			err = fmt.Errorf("make the PDF: %v", r)
		}
	}()
	m, segs, latest = scrubbedLatest(opts, m, segs, latest)
	d, err := newPDFDoc(!optionsOf(opts).uncompressed)
	if err != nil {
		return fmt.Errorf("make the PDF: %w", err)
	}
	f := d.f
	f.SetTitle(d.fit(m.Title, regular), true)
	f.SetCreator("Hushnote", true)
	footer := d.fit(cutWords(m.Title, 70), regular)
	f.AliasNbPages("")
	f.SetFooterFunc(func() {
		d.setFont(regular, smallSize)
		f.SetTextColor(grey.r, grey.g, grey.b)
		_, h := f.GetPageSize()
		f.SetXY(d.left, h-13)
		f.CellFormat(d.right-d.left, 4, fmt.Sprintf("%s · page %d of {nb}", footer, f.PageNo()), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	d.y = d.top

	d.flow([]span{{m.Title, bold, ink}}, titleSize, d.left)
	d.y += 1
	d.flow([]span{{strings.Join(details(m), " · "), regular, grey}}, bodySize, d.left)
	if len(m.Speakers) > 0 {
		d.flow([]span{{"Speakers: ", bold, grey}, {strings.Join(m.Speakers, ", "), regular, grey}}, bodySize, d.left)
	}
	d.y += 4

	d.section("Notes")
	switch {
	case latest == nil || strings.TrimSpace(latest.Text) == "":
		d.flow([]span{{"No notes have been written for this meeting.", italic, grey}}, bodySize, d.left)
		if latest != nil {
			d.flow([]span{{Provenance(*latest), italic, grey}}, smallSize, d.left)
		}
	default:
		d.notes(latest.Text)
		d.y += 1
		d.flow([]span{{Provenance(*latest), italic, grey}}, smallSize, d.left)
	}
	d.y += 4

	d.section("Transcript")
	timed := m.Duration > 0
	for _, s := range segs {
		var spans []span
		if timed {
			spans = append(spans, span{Clock(s.Start) + "  ", mono, grey})
		}
		if s.Speaker != "" {
			spans = append(spans, span{s.Speaker + ": ", bold, ink})
		}
		spans = append(spans, span{s.Text, regular, ink})
		d.flow(spans, bodySize, d.left)
		d.y += 1.2
	}
	if note := d.missingNote(); note != "" {
		d.y += 3
		d.flow([]span{{note, italic, grey}}, smallSize, d.left)
	}
	return f.Output(w)
}

// missingNote says which characters the fonts could not draw, by their code points (they cannot be
// drawn, by definition), or "" when there were none.
func (d *pdfDoc) missingNote() string {
	if len(d.missing) == 0 {
		return ""
	}
	codes := make([]rune, 0, len(d.missing))
	for r := range d.missing {
		codes = append(codes, r)
	}
	slices.Sort(codes)
	var names []string
	for i, r := range codes {
		if i == 8 {
			names = append(names, fmt.Sprintf("and %d more", len(codes)-i))
			break
		}
		names = append(names, fmt.Sprintf("U+%04X", r))
	}
	return fmt.Sprintf("Characters this PDF's fonts cannot draw (%s) are shown as %c; the Markdown and JSON exports keep them as they are.",
		strings.Join(names, ", "), missingGlyph)
}

// details are the meeting's date and length, as the PDF's header says them.
func details(m store.Meeting) []string {
	var out []string
	switch {
	case !m.MeetingDate.IsZero():
		t := m.MeetingDate.Local()
		layout := "Monday 2 January 2006"
		if t.Hour() != 0 || t.Minute() != 0 {
			layout += ", 15:04"
		}
		out = append(out, t.Format(layout))
	case !m.CreatedAt.IsZero():
		out = append(out, "Imported "+m.CreatedAt.Local().Format("2 January 2006"))
	}
	if m.Duration > 0 {
		out = append(out, Length(m.Duration))
	}
	return out
}

// section starts one of the document's sections: its name, and a rule under it.
func (d *pdfDoc) section(name string) {
	d.need(lineHeight(sectionSize) + 2*lineHeight(bodySize))
	d.flow([]span{{name, bold, ink}}, sectionSize, d.left)
	d.hrule(d.left)
	d.y += 2.5
}
