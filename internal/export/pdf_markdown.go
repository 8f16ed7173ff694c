package export

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Sizes of the notes' text, in points.
const (
	bodySize  = 10.5
	smallSize = 8.5
	codeSize  = 9
)

// headingSize is the size of a heading of the notes at level (1 to 6); the document's own sections
// ("Notes", "Transcript") are larger still.
func headingSize(level int) float64 {
	switch level {
	case 1:
		return 14
	case 2:
		return 12.5
	case 3:
		return 11.5
	}
	return bodySize
}

// mdContext is where a block of the notes is drawn: its left edge, and the style and colour its text
// starts from.
type mdContext struct {
	x     float64
	style style
	color rgb
	tight bool // in a tight list: paragraphs without space after them
}

// notes draws Markdown notes: headings, paragraphs, lists, tables as tables, quotes, code and rules,
// with bold, italic and code inside them.
func (d *pdfDoc) notes(md string) {
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList)).
		Parser().Parse(text.NewReader(src))
	d.blocks(doc, src, mdContext{x: d.left, style: regular, color: ink})
}

// blocks draws the block children of n.
func (d *pdfDoc) blocks(n ast.Node, src []byte, c mdContext) {
	for b := n.FirstChild(); b != nil; b = b.NextSibling() {
		d.block(b, src, c)
	}
}

func (d *pdfDoc) block(n ast.Node, src []byte, c mdContext) {
	switch n := n.(type) {
	case *ast.Heading:
		size := headingSize(n.Level)
		if d.y > d.top {
			d.y += lineHeight(size) * 0.5
		}
		d.need(lineHeight(size) + lineHeight(bodySize)) // a heading is not left alone at the foot of a page
		d.flow(d.inlines(n, src, c.style.withBold(), c.color), size, c.x)
		d.y += 1
	case *ast.Paragraph:
		d.flow(d.inlines(n, src, c.style, c.color), bodySize, c.x)
		if !c.tight {
			d.y += lineHeight(bodySize) * 0.5
		}
	case *ast.TextBlock:
		d.flow(d.inlines(n, src, c.style, c.color), bodySize, c.x)
	case *ast.List:
		d.list(n, src, c)
	case *ast.Blockquote:
		q := c
		q.x += 6
		q.style, q.color = c.style.withItalic(), grey
		d.blocks(n, src, q)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			d.flow([]span{{strings.TrimRight(string(seg.Value(src)), "\n"), mono, c.color}}, codeSize, c.x+4)
		}
		d.y += lineHeight(bodySize) * 0.5
	case *ast.HTMLBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		d.flow([]span{{strings.TrimSpace(b.String()), c.style, c.color}}, bodySize, c.x)
		d.y += lineHeight(bodySize) * 0.5
	case *ast.ThematicBreak:
		d.need(lineHeight(bodySize))
		d.y += lineHeight(bodySize) * 0.5
		d.hrule(c.x)
		d.y += lineHeight(bodySize) * 0.5
	case *east.Table:
		d.table(n, src, c)
		d.y += lineHeight(bodySize) * 0.5
	default:
		d.blocks(n, src, c)
	}
}

// list draws a list: each item's marker ("•", "–" nested, or its number) in the margin of its text.
func (d *pdfDoc) list(n *ast.List, src []byte, c mdContext) {
	nested := false
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.ListItem); ok {
			nested = true
			break
		}
	}
	no := n.Start
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "•"
		switch {
		case n.IsOrdered():
			marker = fmt.Sprintf("%d.", no)
			no++
		case nested:
			marker = "–"
		}
		d.setFont(regular, bodySize)
		indent := max(5, d.f.GetStringWidth(marker)+2)
		d.need(lineHeight(bodySize))
		d.drawLine(line{{span: span{marker, regular, c.color}}}, c.x, bodySize)
		in := c
		in.x, in.tight = c.x+indent, n.IsTight
		d.blocks(item, src, in)
	}
	if !nested {
		d.y += lineHeight(bodySize) * 0.5
	}
}

// inlines returns the text of n's inline children as spans, starting from style s.
func (d *pdfDoc) inlines(n ast.Node, src []byte, s style, col rgb) []span {
	var out []span
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			out = append(out, span{string(c.Segment.Value(src)), s, col})
			switch {
			case c.HardLineBreak():
				out = append(out, span{"\n", s, col})
			case c.SoftLineBreak():
				out = append(out, span{" ", s, col})
			}
		case *ast.String:
			out = append(out, span{string(c.Value), s, col})
		case *ast.Emphasis:
			inner := s.withItalic()
			if c.Level >= 2 {
				inner = s.withBold()
			}
			out = append(out, d.inlines(c, src, inner, col)...)
		case *ast.CodeSpan:
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			out = append(out, span{b.String(), mono, col})
		case *ast.AutoLink:
			out = append(out, span{string(c.URL(src)), s, col})
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				out = append(out, span{string(seg.Value(src)), s, col})
			}
		case *east.TaskCheckBox:
			box := "[ ] "
			if c.IsChecked {
				box = "[x] "
			}
			out = append(out, span{box, mono, col})
		default: // links, images (their alt text), strikethrough: their text
			out = append(out, d.inlines(c, src, s, col)...)
		}
	}
	return out
}

// cellPad is the space between a table cell's border and its text, in millimetres.
const cellPad = 1.5

// table draws a Markdown table as a table: a shaded header row, ruled cells, text wrapped in its
// column; a row never splits across pages, and the header is drawn again on each page.
func (d *pdfDoc) table(t *east.Table, src []byte, c mdContext) {
	var rows [][][]span
	header := false
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		if _, ok := r.(*east.TableHeader); ok {
			header = true
		}
		var cells [][]span
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			st := c.style
			if _, ok := r.(*east.TableHeader); ok {
				st = st.withBold()
			}
			cells = append(cells, d.inlines(cell, src, st, c.color))
		}
		rows = append(rows, cells)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	widths := d.columnWidths(rows, cols, d.right-c.x)
	h := lineHeight(bodySize)
	laid := func(r [][]span) ([][]line, float64) {
		out := make([][]line, cols)
		tall := 1
		for i := range cols {
			if i < len(r) {
				out[i] = d.layout(r[i], bodySize, widths[i]-2*cellPad)
			}
			tall = max(tall, len(out[i]))
		}
		return out, float64(tall)*h + 2*cellPad
	}
	draw := func(r [][]span, fill bool) {
		cells, rowH := laid(r)
		d.need(rowH)
		x := c.x
		d.f.SetDrawColor(rule.r, rule.g, rule.b)
		d.f.SetFillColor(shade.r, shade.g, shade.b)
		d.f.SetLineWidth(0.2)
		top := d.y
		for i := range cols {
			style := "D"
			if fill {
				style = "FD"
			}
			d.f.Rect(x, top, widths[i], rowH, style)
			d.y = top + cellPad
			for _, ln := range cells[i] {
				d.drawLine(ln, x+cellPad, bodySize)
				d.y += h
			}
			x += widths[i]
		}
		d.y = top + rowH
	}
	if header && len(rows) > 1 { // the header is not left alone at the foot of a page
		_, headH := laid(rows[0])
		_, firstH := laid(rows[1])
		d.need(headH + firstH)
	}
	for i, r := range rows {
		if i > 0 && header {
			_, rowH := laid(r)
			if d.y+rowH > d.bottom { // a new page starts with the header again
				d.f.AddPage()
				d.y = d.top
				draw(rows[0], true)
			}
		}
		draw(r, i == 0 && header)
	}
}

// columnWidths shares width among a table's columns by how much text each holds, none narrower than
// its longest word (when they all fit) or a fair share.
func (d *pdfDoc) columnWidths(rows [][][]span, cols int, width float64) []float64 {
	natural := make([]float64, cols)
	least := make([]float64, cols)
	for _, r := range rows {
		for i, cell := range r {
			w := 2 * cellPad
			for _, wd := range d.words(cell) {
				if wd.br {
					continue
				}
				d.setFont(wd.style, bodySize)
				ww := d.f.GetStringWidth(wd.text)
				least[i] = max(least[i], ww+2*cellPad)
				w += ww + d.f.GetStringWidth(" ")
			}
			natural[i] = max(natural[i], w)
		}
	}
	total := 0.0
	for i := range natural {
		natural[i] = max(natural[i], least[i], 8)
		total += natural[i]
	}
	out := make([]float64, cols)
	if total <= width {
		for i := range out { // the table spans the text area; the spare room goes where the text is
			out[i] = natural[i] + (width-total)*natural[i]/total
		}
		return out
	}
	// Too wide: each column gets at least its longest word (or a fair share, when even those do not
	// fit), the rest shared by how much more each would take.
	floor := make([]float64, cols)
	sumFloor := 0.0
	for i := range floor {
		floor[i] = min(least[i], width/float64(cols))
		sumFloor += floor[i]
	}
	extra, spare := 0.0, width-sumFloor
	for i := range natural {
		extra += natural[i] - floor[i]
	}
	for i := range out {
		out[i] = floor[i]
		if extra > 0 {
			out[i] += spare * (natural[i] - floor[i]) / extra
		}
	}
	return out
}
