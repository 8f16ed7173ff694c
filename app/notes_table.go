package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// notesTable is a Markdown table of the notes shown as a grid: a header row in bold on a tinted band,
// a line under every row, and columns as wide as their content allows, each at least as wide as its
// longest word so that a time such as 00:21:30 is never split.
type notesTable struct {
	widget.BaseWidget
	cols   int
	cells  [][]*widget.RichText // rows of cells, the header first
	parent *widget.RichText     // the notes it sits in: their width is the table's
}

// tableSegment puts a notesTable into the notes' RichText as a block of its own.
type tableSegment struct {
	table *notesTable
	text  string // the table as plain text, a line per row with cells split by " | "
}

// The widget.RichTextSegment methods: a block, its text a line per row; it cannot be selected.

func (s *tableSegment) Inline() bool                      { return false }
func (s *tableSegment) Textual() string                   { return s.text }
func (s *tableSegment) Update(fyne.CanvasObject)          { s.table.Refresh() }
func (s *tableSegment) Visual() fyne.CanvasObject         { return s.table }
func (s *tableSegment) Select(_, _ fyne.Position)         {}
func (s *tableSegment) SelectedText() string              { return "" }
func (s *tableSegment) Unselect()                         {}
func (s *tableSegment) cellTexts() [][]string             { return s.table.texts() }
func (t *notesTable) CreateRenderer() fyne.WidgetRenderer { return newTableRenderer(t) }

// newTableSegment makes the grid for a parsed GFM table; src is the Markdown it was parsed from, and
// link turns the times in a cell's Markdown into links (see timeLinks).
func newTableSegment(src []byte, tbl *extast.Table, parent *widget.RichText, link func([]widget.RichTextSegment)) *tableSegment {
	t := &notesTable{parent: parent}
	var lines []string
	for row := tbl.FirstChild(); row != nil; row = row.NextSibling() {
		_, header := row.(*extast.TableHeader)
		var cells []*widget.RichText
		var texts []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cell, ok := c.(*extast.TableCell)
			if !ok {
				continue
			}
			md := cellTime(cellMarkdown(src, cell))
			segs := trimParagraphEnd(parseNotesMarkdown(md))
			if header {
				boldSegments(segs)
			}
			link(segs)
			rt := widget.NewRichText(segs...)
			rt.Wrapping = fyne.TextWrapWord
			switch cell.Alignment {
			case extast.AlignRight:
				alignSegments(segs, fyne.TextAlignTrailing)
			case extast.AlignCenter:
				alignSegments(segs, fyne.TextAlignCenter)
			}
			cells = append(cells, rt)
			texts = append(texts, strings.TrimSpace(rt.String()))
		}
		t.cols = max(t.cols, len(cells))
		t.cells = append(t.cells, cells)
		lines = append(lines, strings.Join(texts, " | "))
	}
	for i, r := range t.cells { // rows short of cells get empty ones
		for len(r) < t.cols {
			r = append(r, widget.NewRichText())
		}
		t.cells[i] = r
	}
	t.ExtendBaseWidget(t)
	return &tableSegment{table: t, text: strings.Join(lines, "\n") + "\n"}
}

// cellMarkdown is a cell's Markdown source, with "\|" read as a pipe.
func cellMarkdown(src []byte, cell *extast.TableCell) string {
	var b strings.Builder
	lines := cell.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return strings.ReplaceAll(b.String(), `\|`, "|")
}

// trimParagraphEnd drops the empty line that ends a parsed paragraph: a cell is one paragraph, and the
// empty line would make every row a line taller.
func trimParagraphEnd(segs []widget.RichTextSegment) []widget.RichTextSegment {
	if n := len(segs); n > 1 {
		if ts, ok := segs[n-1].(*widget.TextSegment); ok && ts.Text == "" && ts.Style == widget.RichTextStyleParagraph {
			return segs[:n-1]
		}
	}
	return segs
}

// boldSegments makes a header cell's text bold.
func boldSegments(segs []widget.RichTextSegment) {
	for _, s := range segs {
		if ts, ok := s.(*widget.TextSegment); ok {
			ts.Style.TextStyle.Bold = true
		}
	}
}

// alignSegments aligns a cell's paragraphs.
func alignSegments(segs []widget.RichTextSegment, a fyne.TextAlign) {
	for _, s := range segs {
		switch ts := s.(type) {
		case *widget.TextSegment:
			ts.Style.Alignment = a
		case *widget.HyperlinkSegment:
			ts.Alignment = a
		}
	}
}

// texts is the table's cells as plain text, rows of columns.
func (t *notesTable) texts() [][]string {
	out := make([][]string, len(t.cells))
	for i, r := range t.cells {
		for _, c := range r {
			out[i] = append(out[i], strings.TrimSpace(c.String()))
		}
	}
	return out
}

// tableRenderer lays the cells out in columns.
type tableRenderer struct {
	t     *notesTable
	band  *canvas.Rectangle   // behind the header row
	lines []*canvas.Rectangle // under each row
	objs  []fyne.CanvasObject
}

func newTableRenderer(t *notesTable) *tableRenderer {
	r := &tableRenderer{t: t, band: canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))}
	r.objs = append(r.objs, r.band)
	for _, row := range t.cells {
		line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
		r.lines = append(r.lines, line)
		r.objs = append(r.objs, line)
		for _, c := range row {
			r.objs = append(r.objs, c)
		}
	}
	return r
}

func (r *tableRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *tableRenderer) Destroy()                     {}

func (r *tableRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.band.FillColor = th.Color(theme.ColorNameHeaderBackground, v)
	for _, l := range r.lines {
		l.FillColor = th.Color(theme.ColorNameSeparator, v)
	}
	for _, row := range r.t.cells {
		for _, c := range row {
			c.Refresh()
		}
	}
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

// width is the width the table has to fill: its parent's line width, else its own.
func (r *tableRenderer) width() float32 {
	if p := r.t.parent; p != nil && p.Size().Width > 0 {
		return p.Size().Width - 2*r.t.Theme().Size(theme.SizeNameInnerPadding)
	}
	return r.t.Size().Width
}

// columns shares width out: every column gets its longest word, and what is left goes to the columns
// in proportion to how much wider their text would like to be.
func (r *tableRenderer) columns(width float32) []float32 {
	least := make([]float32, r.t.cols)
	want := make([]float32, r.t.cols)
	for _, row := range r.t.cells {
		for i, c := range row {
			w, n := cellWidths(c)
			least[i] = max(least[i], w)
			want[i] = max(want[i], n)
		}
	}
	var sumLeast, sumExtra float32
	for i := range least {
		sumLeast += least[i]
		sumExtra += want[i] - least[i]
	}
	out := make([]float32, r.t.cols)
	spare := width - sumLeast
	for i := range out {
		out[i] = least[i]
		switch {
		case spare <= 0:
		case sumExtra <= spare: // everything fits on one line: the spare room goes to the last column
			out[i] = want[i]
			if i == len(out)-1 {
				out[i] += spare - sumExtra
			}
		default:
			out[i] += spare * (want[i] - least[i]) / sumExtra
		}
	}
	return out
}

// cellWidths is the width of a cell's longest word and of its whole text on one line, with padding.
func cellWidths(c *widget.RichText) (least, natural float32) {
	pad := 2 * theme.InnerPadding()
	for _, s := range c.Segments {
		var text string
		style := fyne.TextStyle{}
		switch ts := s.(type) {
		case *widget.TextSegment:
			text, style = ts.Text, ts.Style.TextStyle
		case *widget.HyperlinkSegment:
			text = ts.Text
		default:
			continue
		}
		size := theme.TextSize()
		natural += fyne.MeasureText(text, size, style).Width
		for _, w := range strings.Fields(text) {
			least = max(least, fyne.MeasureText(w, size, style).Width)
		}
	}
	return least + pad + 1, natural + pad + 1
}

// heights is each row's height at the given column widths.
func (r *tableRenderer) heights(widths []float32) []float32 {
	out := make([]float32, len(r.t.cells))
	for i, row := range r.t.cells {
		for j, c := range row {
			if c.Size().Width != widths[j] {
				c.Resize(fyne.NewSize(widths[j], c.MinSize().Height))
			}
			out[i] = max(out[i], c.MinSize().Height)
		}
	}
	return out
}

// MinSize is as wide as the columns' longest words, and as high as the rows are at the width the
// table has to fill.
func (r *tableRenderer) MinSize() fyne.Size {
	var w, h float32
	for _, y := range r.heights(r.columns(r.width())) {
		h += y + 1
	}
	for _, x := range r.columns(0) {
		w += x
	}
	return fyne.NewSize(w, h)
}

func (r *tableRenderer) Layout(size fyne.Size) {
	widths := r.columns(size.Width)
	heights := r.heights(widths)
	y := float32(0)
	for i, row := range r.t.cells {
		x := float32(0)
		for j, c := range row {
			c.Move(fyne.NewPos(x, y))
			c.Resize(fyne.NewSize(widths[j], heights[i]))
			x += widths[j]
		}
		if i == 0 {
			r.band.Move(fyne.NewPos(0, 0))
			r.band.Resize(fyne.NewSize(size.Width, heights[0]))
		}
		y += heights[i]
		r.lines[i].Move(fyne.NewPos(0, y))
		r.lines[i].Resize(fyne.NewSize(size.Width, 1))
		y++
	}
}

// tableCells reports the cells of the tables among a RichText's segments, for tests and Copy.
func tableCells(segs []widget.RichTextSegment) [][][]string {
	var out [][][]string
	for _, s := range segs {
		if ts, ok := s.(*tableSegment); ok {
			out = append(out, ts.cellTexts())
		}
	}
	return out
}

// isTable reports whether a parsed top-level block is a GFM table.
func isTable(n ast.Node) (*extast.Table, bool) {
	t, ok := n.(*extast.Table)
	return t, ok
}

// tableBounds finds the lines a table was parsed from: from the start of its header's line to the end
// of its last row's line (GFM table rows are one line each, so rows counted from the header's line).
func tableBounds(src []byte, tbl *extast.Table) (start, end int, ok bool) {
	first := -1
	rows := 0
	for row := tbl.FirstChild(); row != nil; row = row.NextSibling() {
		rows++
		if first >= 0 {
			continue
		}
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			if l := c.Lines(); l.Len() > 0 {
				first = l.At(0).Start
				break
			}
		}
	}
	if first < 0 || first > len(src) {
		return 0, 0, false
	}
	start = lineStart(src, first)
	end = start
	for i := 0; i < rows+1 && end < len(src); i++ { // the header, the delimiter row, the body rows
		end = lineEnd(src, end)
	}
	return start, end, true
}
