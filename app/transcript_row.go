package app

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/export"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// A transcript row lays out its own words instead of using a RichText: RichText's text segments cannot
// draw a background (Fyne 2.7.1), and find marks every match with one. Word widths are measured once per
// transcript and kept, so laying a row out, or working out its height at a new width, is arithmetic.

// rowWord is one word of a row as laid out: where it goes and how it is drawn.
type rowWord struct {
	text    string
	x, y, w float32
	speaker bool // part of the speaker's name (bold, and tapping it renames the speaker)
	match   bool // a word find or the search matched
}

// rowFlow is a row laid out at one width.
type rowFlow struct {
	words   []rowWord
	textX   float32 // where the words begin, after the time column
	height  float32
	speaker fyne.Position // the speaker name's box: from textX at the top to speakerEnd on the first lines
	spkEnd  fyne.Position
}

// wordWidths measures words in the theme's text size and keeps what it measured.
type wordWidths struct {
	size   float32
	plain  map[string]float32
	bold   map[string]float32
	space  float32
	lineH  float32
	clockW float32
}

// reset starts afresh when the text size changed (a theme change).
func (m *wordWidths) reset(size float32) {
	if m.size == size && m.plain != nil {
		return
	}
	m.size = size
	m.plain, m.bold = map[string]float32{}, map[string]float32{}
	sz := fyne.MeasureText("M g", size, fyne.TextStyle{})
	m.space = sz.Width - fyne.MeasureText("Mg", size, fyne.TextStyle{}).Width
	m.lineH = sz.Height
	m.clockW = fyne.MeasureText("0:00:00", size, fyne.TextStyle{Monospace: true}).Width
}

func (m *wordWidths) width(word string, bold bool) float32 {
	cache := m.plain
	if bold {
		cache = m.bold
	}
	if w, ok := cache[word]; ok {
		return w
	}
	w := fyne.MeasureText(word, m.size, fyne.TextStyle{Bold: bold}).Width
	cache[word] = w
	return w
}

// rowMetrics are the fixed measures of a row, from the theme.
type rowMetrics struct {
	pad, inner, icon float32
}

func metricsOf(th fyne.Theme) rowMetrics {
	return rowMetrics{pad: th.Size(theme.SizeNamePadding), inner: th.Size(theme.SizeNameInnerPadding), icon: th.Size(theme.SizeNameInlineIcon)}
}

// flow lays a segment out at width: the time in a column of its own, then the speaker and the words,
// wrapped at word boundaries, with room at the right for the row's menu icon.
func (m *wordWidths) flow(s transcript.Segment, timed bool, stems []string, width float32, mt rowMetrics) rowFlow {
	f := rowFlow{textX: mt.inner}
	if timed {
		f.textX += m.clockW + mt.inner
	}
	right := width - mt.inner - mt.icon - mt.pad
	avail := right - f.textX
	x, y := float32(0), mt.pad
	place := func(word string, speaker, match, glued bool) {
		w := m.width(word, speaker)
		if glued { // punctuation round a match: no space between them
			x -= m.space
		}
		if x > 0 && x+w > avail && !glued {
			x, y = 0, y+m.lineH
		}
		f.words = append(f.words, rowWord{text: word, x: f.textX + x, y: y, w: w, speaker: speaker, match: match})
		x += w + m.space
	}
	if s.Speaker != "" {
		names := strings.Fields(s.Speaker)
		for i, n := range names {
			if i == len(names)-1 {
				n += ":"
			}
			place(n, true, false, false)
		}
		last := f.words[len(f.words)-1]
		f.speaker = fyne.NewPos(f.textX, mt.pad)
		f.spkEnd = fyne.NewPos(last.x+last.w, last.y+m.lineH)
		x += m.space
	}
	for _, p := range store.Highlight(s.Text, stems) {
		for _, w := range strings.Fields(p.Text) {
			if !p.Match {
				place(w, false, false, false)
				continue
			}
			// The box goes round the word, not the punctuation next to it: "(petitions)."
			core := strings.TrimFunc(w, notLetterOrDigit)
			if core == "" {
				core = w
			}
			lead, trail, _ := strings.Cut(w, core)
			glued := false
			for _, part := range []struct {
				text  string
				match bool
			}{{lead, false}, {core, true}, {trail, false}} {
				if part.text != "" {
					place(part.text, false, part.match, glued)
					glued = true
				}
			}
		}
	}
	f.height = y + m.lineH + mt.pad
	return f
}

// transcriptRow is one segment in the transcript list.
type transcriptRow struct {
	widget.BaseWidget
	t  *transcriptView
	id int // the segment shown, or -1

	flow    rowFlow
	current bool // the current find match
	marked  bool // the segment a timestamp link opened
}

func newTranscriptRow(t *transcriptView) *transcriptRow {
	r := &transcriptRow{t: t, id: -1}
	r.ExtendBaseWidget(r)
	return r
}

// set shows segment id in the row.
func (r *transcriptRow) set(id int) {
	r.id = id
	r.Refresh()
}

// MinSize is one line: the list is told each row's real height as it shows it.
func (r *transcriptRow) MinSize() fyne.Size {
	mt := metricsOf(r.Theme())
	r.t.widths.reset(r.Theme().Size(theme.SizeNameText))
	return fyne.NewSize(r.t.widths.clockW+mt.inner*3+mt.icon, r.t.widths.lineH+mt.pad*2)
}

// Tapped renames the speaker when the tap is on their name, and opens the row's menu on the icon.
func (r *transcriptRow) Tapped(e *fyne.PointEvent) {
	if r.id < 0 {
		return
	}
	p := e.Position
	switch {
	case r.onMenuIcon(p):
		r.t.showRowMenu(r.id, e.AbsolutePosition)
	case r.flow.spkEnd.X > 0 && p.X >= r.flow.speaker.X && p.X <= r.flow.spkEnd.X && p.Y >= r.flow.speaker.Y && p.Y <= r.flow.spkEnd.Y:
		r.t.onRename(r.id)
	}
}

// DoubleTapped edits the segment's text.
func (r *transcriptRow) DoubleTapped(*fyne.PointEvent) {
	if r.id >= 0 {
		r.t.onEditText(r.id)
	}
}

// TappedSecondary opens the row's menu.
func (r *transcriptRow) TappedSecondary(e *fyne.PointEvent) {
	if r.id >= 0 {
		r.t.showRowMenu(r.id, e.AbsolutePosition)
	}
}

func (r *transcriptRow) onMenuIcon(p fyne.Position) bool {
	mt := metricsOf(r.Theme())
	return p.X >= r.Size().Width-mt.icon-mt.pad*3 && p.Y <= mt.pad*3+mt.icon
}

// CreateRenderer draws the row.
func (r *transcriptRow) CreateRenderer() fyne.WidgetRenderer {
	rr := &rowRenderer{row: r, bg: canvas.NewRectangle(nil), bar: canvas.NewRectangle(nil),
		clock: canvas.NewText("", nil), icon: canvas.NewImageFromResource(theme.MoreVerticalIcon())}
	rr.clock.TextStyle.Monospace = true
	rr.icon.FillMode = canvas.ImageFillContain
	return rr
}

// rowRenderer keeps the row's text and boxes and reuses them as the row shows other segments.
type rowRenderer struct {
	row   *transcriptRow
	bg    *canvas.Rectangle // tints the current or marked row
	bar   *canvas.Rectangle // an accent at its left edge
	clock *canvas.Text
	icon  *canvas.Image
	texts []*canvas.Text
	boxes []*canvas.Rectangle
	objs  []fyne.CanvasObject
	size  fyne.Size
	id    int
}

func (rr *rowRenderer) Destroy()                     {}
func (rr *rowRenderer) MinSize() fyne.Size           { return rr.row.MinSize() }
func (rr *rowRenderer) Objects() []fyne.CanvasObject { return rr.objs }
func (rr *rowRenderer) Refresh()                     { rr.Layout(rr.row.Size()) }

// Layout lays the segment out at size and draws it: runs of plain words as one text each, every match
// on a box of its own.
func (rr *rowRenderer) Layout(size fyne.Size) {
	r, t := rr.row, rr.row.t
	rr.objs = rr.objs[:0]
	if r.id < 0 || r.id >= len(t.segs) || size.Width <= 0 {
		return
	}
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	t.widths.reset(th.Size(theme.SizeNameText))
	mt := metricsOf(th)
	s := t.segs[r.id]
	r.flow = t.widths.flow(s, t.timed, t.stems, size.Width, mt)
	r.current = t.currentSegment() == r.id
	r.marked = t.marked == r.id
	fg := th.Color(theme.ColorNameForeground, v)

	if r.current || r.marked {
		rr.bg.FillColor = th.Color(theme.ColorNameSelection, v)
		rr.bg.Resize(size)
		rr.bar.FillColor = th.Color(theme.ColorNamePrimary, v)
		rr.bar.Resize(fyne.NewSize(mt.pad/2+1, size.Height))
		rr.bg.Refresh()
		rr.bar.Refresh()
		rr.objs = append(rr.objs, rr.bg, rr.bar)
	}
	if t.timed {
		rr.clock.Text = export.Clock(s.Start)
		rr.clock.TextSize = th.Size(theme.SizeNameText)
		rr.clock.Color = fg
		rr.clock.Move(fyne.NewPos(mt.inner, mt.pad))
		rr.clock.Resize(fyne.NewSize(t.widths.clockW, t.widths.lineH))
		rr.clock.Refresh()
		rr.objs = append(rr.objs, rr.clock)
	}
	nt, nb := 0, 0
	text := func(s string, x, y float32, bold bool, c color.Color) {
		if nt == len(rr.texts) {
			rr.texts = append(rr.texts, canvas.NewText("", nil))
		}
		ct := rr.texts[nt]
		nt++
		ct.Text, ct.Color, ct.TextSize, ct.TextStyle = s, c, th.Size(theme.SizeNameText), fyne.TextStyle{Bold: bold}
		ct.Move(fyne.NewPos(x, y))
		ct.Resize(ct.MinSize())
		ct.Refresh()
		rr.objs = append(rr.objs, ct)
	}
	words := r.flow.words
	for i := 0; i < len(words); {
		w := words[i]
		if w.match {
			if nb == len(rr.boxes) {
				rr.boxes = append(rr.boxes, canvas.NewRectangle(nil))
			}
			b := rr.boxes[nb]
			nb++
			c := fg
			b.FillColor = th.Color(theme.ColorNameSelection, v)
			if r.current {
				b.FillColor, c = th.Color(theme.ColorNamePrimary, v), th.Color(theme.ColorNameForegroundOnPrimary, v)
			}
			b.CornerRadius = mt.pad / 2
			b.Move(fyne.NewPos(w.x-mt.pad/4, w.y))
			b.Resize(fyne.NewSize(w.w+mt.pad/2, t.widths.lineH))
			b.Refresh()
			rr.objs = append(rr.objs, b)
			text(w.text, w.x, w.y, false, c)
			i++
			continue
		}
		j := i + 1 // a run of plain words on one line, in one style, is drawn as one text
		for j < len(words) && !words[j].match && words[j].y == w.y && words[j].speaker == w.speaker {
			j++
		}
		parts := make([]string, 0, j-i)
		for _, p := range words[i:j] {
			parts = append(parts, p.text)
		}
		text(strings.Join(parts, " "), w.x, w.y, w.speaker, fg)
		i = j
	}
	rr.icon.Resize(fyne.NewSquareSize(mt.icon))
	rr.icon.Move(fyne.NewPos(size.Width-mt.icon-mt.pad, mt.pad+(t.widths.lineH-mt.icon)/2))
	rr.objs = append(rr.objs, rr.icon)
	rr.size, rr.id = size, r.id
}

// notLetterOrDigit tells punctuation and symbols from the letters and digits of a word.
func notLetterOrDigit(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }
