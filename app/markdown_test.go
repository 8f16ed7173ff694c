package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestLinkTimesMakesBracketedTimesLinks(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"agreed [ 00:21:30 ] here", "agreed [00:21:30](at:1290) here"},
		{"at [12:05].", "at [12:05](at:725)."},
		{"[1:02:03] and [99:99]", "[1:02:03](at:3723) and [99:99]"},
		{"a [link](https://x) [00:01](at:1)", "a [link](https://x) [00:01](at:1)"},
		{"no times", "no times"},
	} {
		if got := linkTimes(c.in); got != c.want {
			t.Errorf("linkTimes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRenderNotesMakesTablesGridsAndTimesLinks(t *testing.T) {
	test.NewTempApp(t)
	md := "## Action items\n\n| Owner | Task | Due date | Timestamp |\n|---|:---|---:|---|\n" +
		"| Ana | Draft the UI | Friday | [ 00:21:30 ] |\n| Ben | Ask about `a \\| b` batteries |  | 00:05 |\n\nThat is all, see [ 00:01:00 ].\n" +
		"A | pipe in prose stays.\n"
	var tapped []time.Duration
	rt := widget.NewRichText()
	segs := renderNotes(md, rt, func(d time.Duration) { tapped = append(tapped, d) })
	tables := tableCells(segs)
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1: %#v", len(tables), segs)
	}
	want := [][]string{{"Owner", "Task", "Due date", "Timestamp"}, {"Ana", "Draft the UI", "Friday", "00:21:30"}, {"Ben", "Ask about a | b batteries", "", "00:05"}}
	if got := tables[0]; !equalRows(got, want) {
		t.Errorf("cells = %q, want %q", got, want)
	}
	var text strings.Builder
	for _, s := range segs {
		text.WriteString(s.Textual())
	}
	if strings.Contains(text.String(), "|---") || !strings.Contains(text.String(), "A | pipe in prose stays.") {
		t.Errorf("text around the table = %q", text.String())
	}
	tapLinks(segs)
	if len(tapped) != 3 || tapped[0] != 21*time.Minute+30*time.Second || tapped[1] != 5*time.Second || tapped[2] != time.Minute {
		t.Errorf("links tapped to %v, want 21:30, 0:05 and 1:00", tapped)
	}
	plain := "| not a table, no rule below |\nsecond line"
	if got := tableCells(renderNotes(plain, rt, nil)); len(got) != 0 {
		t.Errorf("a lone pipe line became a table: %q", got)
	}
}

// TestTableKeepsTimesWhole: at a narrow width the table's columns wrap their words, but a time is never
// split across lines: every column is at least as wide as its longest word.
func TestTableKeepsTimesWhole(t *testing.T) {
	test.NewTempApp(t)
	md := "| Owner | Task | Timestamp |\n|---|---|---|\n| Ana | Draft the user interface for the remote control and send it round | [ 00:21:30 ] |\n"
	rt := widget.NewRichText()
	rt.Wrapping = fyne.TextWrapWord
	rt.Segments = renderNotes(md, rt, func(time.Duration) {})
	w := test.NewWindow(rt)
	defer w.Close()
	w.Resize(w.Content().MinSize().AddWidthHeight(0, 0))
	seg := rt.Segments[0].(*tableSegment)
	r := test.WidgetRenderer(seg.table).(*tableRenderer)
	seg.table.Resize(seg.table.MinSize())
	r.Layout(seg.table.Size())
	timeCell := seg.table.cells[1][2]
	least, _ := cellWidths(timeCell)
	if timeCell.Size().Width < least {
		t.Errorf("the time's column is %v wide, narrower than the time (%v)", timeCell.Size().Width, least)
	}
	if h, one := timeCell.MinSize().Height, seg.table.cells[0][2].MinSize().Height; h > one {
		t.Errorf("the time wraps: its cell is %v high, a one-line cell %v", h, one)
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

// tapLinks taps every link to a moment among segs, tables' cells included, in reading order.
func tapLinks(segs []widget.RichTextSegment) {
	for _, s := range segs {
		switch x := s.(type) {
		case *widget.HyperlinkSegment:
			if x.OnTapped != nil {
				x.OnTapped()
			}
		case *widget.ListSegment:
			tapLinks(x.Items)
		case *widget.ParagraphSegment:
			tapLinks(x.Texts)
		case *tableSegment:
			for _, row := range x.table.cells {
				for _, c := range row {
					tapLinks(c.Segments)
				}
			}
		}
	}
}

// TestTimeEndingAParagraphLeadsIt: a time at the end of a bullet or paragraph moves to its start, where
// Fyne never cuts a link off at the edge; a time inside the words stays where it is.
func TestTimeEndingAParagraphLeadsIt(t *testing.T) {
	test.NewTempApp(t)
	segs := renderNotes("- Basic **buttons** stay [ 00:19:09 ].\n- Said at [ 00:01:00 ] by Ana.\n\nThe market is international [00:02:00]\n", widget.NewRichText(), func(time.Duration) {})
	list := segs[0].(*widget.ListSegment)
	first := list.Items[0].(*widget.ParagraphSegment).Texts
	if link, ok := first[0].(*widget.HyperlinkSegment); !ok || link.Text != "00:19:09" || segmentsText(first) != "00:19:09 Basic buttons stay." {
		t.Errorf("first bullet = %q", segmentsText(first))
	}
	second := list.Items[1].(*widget.ParagraphSegment).Texts
	if _, ok := second[0].(*widget.HyperlinkSegment); ok || segmentsText(second) != "Said at 00:01:00 by Ana." {
		t.Errorf("second bullet = %q", segmentsText(second))
	}
	if got := segmentsText(segs[1:]); got != "00:02:00 The market is international" {
		t.Errorf("paragraph = %q", got)
	}
}
