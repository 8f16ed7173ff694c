package export

import (
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// style is a typeface of the PDF: the Go fonts, which cover the Latin, Greek and Cyrillic scripts
// (Windows Glyph List 4) and are embedded, subset to the characters used.
type style int

const (
	regular style = iota
	bold
	italic
	boldItalic
	mono
	styles // how many there are
)

// fontFiles are the TrueType files of the styles, by style.
var fontFiles = [styles][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF, gomono.TTF}

// family and fpdfStyle name a style for fpdf.
func (s style) family() string {
	if s == mono {
		return "gomono"
	}
	return "go"
}

func (s style) fpdfStyle() string {
	return [styles]string{"", "B", "I", "BI", ""}[s]
}

// withBold and withItalic are s made bold or italic (mono stays mono).
func (s style) withBold() style {
	switch s {
	case regular:
		return bold
	case italic:
		return boldItalic
	}
	return s
}

func (s style) withItalic() style {
	switch s {
	case regular:
		return italic
	case bold:
		return boldItalic
	}
	return s
}

// missingGlyph is drawn in place of a character the fonts lack: visibly, never dropped.
const missingGlyph = '□'

// rgb is a colour.
type rgb struct{ r, g, b int }

// The PDF's colours: on white paper, the grey passes WCAG AA for small text (7:1).
var (
	ink   = rgb{0x1a, 0x1a, 0x1a}
	grey  = rgb{0x55, 0x55, 0x55}
	rule  = rgb{0xbb, 0xbb, 0xbb}
	shade = rgb{0xee, 0xee, 0xee}
)

// span is a piece of text in one style and colour.
type span struct {
	text  string
	style style
	color rgb
}

// placed is a piece of a laid-out line: its text, style and colour at x from the line's left.
type placed struct {
	span
	x float64
}

// line is one laid-out line.
type line []placed

// pdfDoc is a PDF being written: the fpdf document, the page's geometry in millimetres and what the fonts
// cover.
type pdfDoc struct {
	f                        *fpdf.Fpdf
	left, right, top, bottom float64 // the text area: x from left to right, y from top to bottom
	y                        float64
	cover                    [styles]*sfnt.Font
	glyphs                   [styles]map[rune]bool
	buf                      sfnt.Buffer
	missing                  map[rune]bool // the characters drawn as missingGlyph
}

// newPDFDoc starts an A4 document with the fonts registered.
func newPDFDoc(compress bool) (*pdfDoc, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(compress)
	for s := style(0); s < styles; s++ {
		f.AddUTF8FontFromBytes(s.family(), s.fpdfStyle(), fontFiles[s])
	}
	if err := f.Error(); err != nil {
		return nil, err
	}
	d := &pdfDoc{f: f, left: 20, top: 20, missing: map[rune]bool{}}
	w, h := f.GetPageSize()
	d.right, d.bottom = w-20, h-20
	f.SetMargins(d.left, d.top, w-d.right)
	f.SetAutoPageBreak(false, h-d.bottom) // the layout below breaks pages itself, between lines
	for s := style(0); s < styles; s++ {
		font, err := sfnt.Parse(fontFiles[s])
		if err != nil {
			return nil, err
		}
		d.cover[s], d.glyphs[s] = font, map[rune]bool{}
	}
	return d, nil
}

// has reports whether style s has a glyph for r.
func (d *pdfDoc) has(s style, r rune) bool {
	if r >= ' ' && r <= '~' {
		return true
	}
	ok, seen := d.glyphs[s][r]
	if !seen {
		g, err := d.cover[s].GlyphIndex(&d.buf, r)
		ok = err == nil && g != 0
		d.glyphs[s][r] = ok
	}
	return ok
}

// fit returns text as style s can draw it: composed (NFC, so "e" and a combining accent are "é"), tabs
// as spaces, and every character the font lacks as missingGlyph (noted, so the document can say so).
func (d *pdfDoc) fit(text string, s style) string {
	ascii := true
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < ' ' || c > '~' {
			ascii = false
			break
		}
	}
	if ascii {
		return text
	}
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
		case !d.has(s, r):
			d.missing[r] = true
			b.WriteRune(missingGlyph)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// setFont selects style s at size points.
func (d *pdfDoc) setFont(s style, size float64) {
	d.f.SetFont(s.family(), s.fpdfStyle(), size)
}

// lineHeight is the height of a line of text of size points, in millimetres.
func lineHeight(size float64) float64 { return size * 0.3528 * 1.4 }

// word is a run of text without spaces in one style, and whether a space follows it.
type word struct {
	span
	space bool
	br    bool // a line break, not a word
}

// words cuts spans into words, fitting each to its font.
func (d *pdfDoc) words(spans []span) []word {
	var out []word
	for _, sp := range spans {
		text := d.fit(sp.text, sp.style)
		start := -1
		flush := func(end int) {
			if start >= 0 {
				out = append(out, word{span: span{text[start:end], sp.style, sp.color}})
				start = -1
			}
		}
		for i, r := range text {
			switch r {
			case ' ', '\n':
				flush(i)
				if r == '\n' {
					out = append(out, word{br: true})
				} else if len(out) > 0 {
					out[len(out)-1].space = true
				}
			default:
				if start < 0 {
					start = i
				}
			}
		}
		flush(len(text))
	}
	return out
}

// layout breaks spans into lines at most width wide, at spaces; a word wider than a line is cut.
func (d *pdfDoc) layout(spans []span, size, width float64) []line {
	var (
		lines []line
		cur   line
		x     float64
		gap   bool // a space follows the last word placed
	)
	spaceW := [styles]float64{}
	for s := style(0); s < styles; s++ {
		d.setFont(s, size)
		spaceW[s] = d.f.GetStringWidth(" ")
	}
	end := func() {
		lines = append(lines, cur)
		cur, x = nil, 0
	}
	current := style(-1)
	for _, w := range d.words(spans) {
		if w.br {
			end()
			continue
		}
		if w.style != current {
			d.setFont(w.style, size)
			current = w.style
		}
		ww := d.f.GetStringWidth(w.text)
		if x > 0 && x+ww > width {
			end()
		}
		for ww > width && x == 0 { // a word longer than the line: as much of it as fits, line by line
			head := d.cut(w.text, width)
			cur = append(cur, placed{span: span{head, w.style, w.color}})
			end()
			w.text = w.text[len(head):]
			ww = d.f.GetStringWidth(w.text)
		}
		if n := len(cur); n > 0 && x > 0 && cur[n-1].style == w.style && cur[n-1].color == w.color {
			// The same style as the word before: one piece of text, as a reader copying it expects.
			if gap {
				cur[n-1].text += " "
			}
			cur[n-1].text += w.text
		} else {
			cur = append(cur, placed{span: w.span, x: x})
		}
		x += ww
		if gap = w.space; gap {
			x += spaceW[w.style]
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		end()
	}
	return lines
}

// cut returns the longest start of text (at least one character) that fits in width in the current font.
func (d *pdfDoc) cut(text string, width float64) string {
	w := 0.0
	for i, r := range text {
		w += d.f.GetStringWidth(string(r))
		if w > width && i > 0 {
			return text[:i]
		}
	}
	return text
}

// need starts a new page unless h millimetres are left on this one.
func (d *pdfDoc) need(h float64) {
	if d.y+h > d.bottom {
		d.f.AddPage()
		d.y = d.top
	}
}

// drawLine draws ln with its left at x and its top at d.y, without breaking the page.
func (d *pdfDoc) drawLine(ln line, x, size float64) {
	current := style(-1)
	for _, p := range ln {
		if p.style != current {
			d.setFont(p.style, size)
			current = p.style
		}
		d.f.SetTextColor(p.color.r, p.color.g, p.color.b)
		d.f.Text(x+p.x, d.y+size*0.3528*1.05, p.text)
	}
}

// flow writes spans as a paragraph from x to the right margin, breaking pages between lines.
func (d *pdfDoc) flow(spans []span, size, x float64) {
	h := lineHeight(size)
	for _, ln := range d.layout(spans, size, d.right-x) {
		d.need(h)
		d.drawLine(ln, x, size)
		d.y += h
	}
}

// hrule draws a thin line across the text area at d.y.
func (d *pdfDoc) hrule(x float64) {
	d.f.SetDrawColor(rule.r, rule.g, rule.b)
	d.f.SetLineWidth(0.2)
	d.f.Line(x, d.y, d.right, d.y)
}
