package app

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// timeScheme is the URL scheme of the links that the notes' timestamps become: "at:1290" is 21:30
// into the meeting.
const timeScheme = "at"

// bracketTime matches a timestamp as the templates ask models to write it: "[00:21:30]", "[ 21:30 ]".
var bracketTime = regexp.MustCompile(`\[\s*(\d{1,2}(?::\d{2}){1,2})\s*\]`)

// bareTime matches a table cell that holds nothing but a time: "00:21:30", "21:30".
var bareTime = regexp.MustCompile(`^\s*(\d{1,2}(?::\d{2}){1,2})\s*$`)

// notesMarkdown parses Markdown with GitHub's tables.
var notesMarkdown = goldmark.New(goldmark.WithExtensions(extension.Table))

// renderNotes turns a version's Markdown into the notes' RichText segments: Fyne's own reading of
// Markdown for everything but tables, a grid (tableSegment) for every GFM table, and every timestamp a
// link that calls onTime with the moment it names (nil: no links).
func renderNotes(md string, parent *widget.RichText, onTime func(time.Duration)) []widget.RichTextSegment {
	src := []byte(linkTimes(md))
	link := timeLinks(onTime)
	doc := notesMarkdown.Parser().Parse(text.NewReader(src))
	var out []widget.RichTextSegment
	from := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		tbl, ok := isTable(n)
		if !ok {
			continue
		}
		start, end, ok := tableBounds(src, tbl)
		if !ok || start < from {
			continue
		}
		out = append(out, parseNotesMarkdown(string(src[from:start]))...)
		out = append(out, newTableSegment(src, tbl, parent, link))
		from = end
	}
	out = append(out, parseNotesMarkdown(string(src[from:]))...)
	link(out)
	return out
}

// parseNotesMarkdown is Fyne's reading of Markdown (which has no tables).
func parseNotesMarkdown(md string) []widget.RichTextSegment {
	if strings.TrimSpace(md) == "" {
		return nil
	}
	return widget.NewRichTextFromMarkdown(md).Segments
}

// linkTimes writes every bracketed timestamp as a Markdown link to its moment: "[ 00:21:30 ]" becomes
// "[00:21:30](at:1290)", which also keeps it in one piece when the line wraps.
func linkTimes(md string) string {
	locs := bracketTime.FindAllStringSubmatchIndex(md, -1)
	if locs == nil {
		return md
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		if l[1] < len(md) && md[l[1]] == '(' { // already a link
			continue
		}
		clock := md[l[2]:l[3]]
		d, ok := parseClock(clock)
		if !ok {
			continue
		}
		b.WriteString(md[last:l[0]])
		fmt.Fprintf(&b, "[%s](%s:%d)", clock, timeScheme, int(d.Seconds()))
		last = l[1]
	}
	b.WriteString(md[last:])
	return b.String()
}

// parseClock reads "1:02:03", "02:03" as a duration.
func parseClock(s string) (time.Duration, bool) {
	parts := strings.Split(s, ":")
	var secs int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || (i > 0 && n >= 60) {
			return 0, false
		}
		secs = secs*60 + n
	}
	return time.Duration(secs) * time.Second, true
}

// timeLinks returns what makes the links to moments in segments call onTime; without onTime they are
// shown as plain text.
func timeLinks(onTime func(time.Duration)) func([]widget.RichTextSegment) {
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		if onTime != nil {
			leadTimes(segs)
		}
		for i, s := range segs {
			switch t := s.(type) {
			case *widget.ListSegment:
				walk(t.Items)
			case *widget.ParagraphSegment:
				walk(t.Texts)
			case *widget.HyperlinkSegment:
				d, ok := momentOf(t.URL)
				if !ok {
					continue
				}
				if onTime == nil {
					segs[i] = &widget.TextSegment{Text: t.Text, Style: widget.RichTextStyleInline}
					continue
				}
				t.OnTapped = func() { onTime(d) }
			}
		}
	}
	return walk
}

// momentOf reads a link to a moment of the meeting.
func momentOf(u *url.URL) (time.Duration, bool) {
	if u == nil || u.Scheme != timeScheme {
		return 0, false
	}
	n, err := strconv.Atoi(u.Opaque)
	if err != nil || n < 0 {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

// cellTime makes a table cell that holds nothing but a time a link to that moment.
func cellTime(md string) string {
	m := bareTime.FindStringSubmatch(md)
	if m == nil {
		return md
	}
	d, ok := parseClock(m[1])
	if !ok {
		return md
	}
	return fmt.Sprintf("[%s](%s:%d)", m[1], timeScheme, int(d.Seconds()))
}

// lineStart is the offset of the start of the line holding offset i.
func lineStart(src []byte, i int) int {
	return bytes.LastIndexByte(src[:i], '\n') + 1
}

// lineEnd is the offset just past the end of the line holding offset i (its newline included).
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(src)
}

// leadTimes moves a link to a moment that ends a paragraph (or a list item) to its start: Fyne's
// RichText lays an inline link out after the text before it without wrapping it to the next line, so a
// link at the end of a full line would be cut off at the edge; at the start of the line it never is.
// "Basic buttons stay [00:19:09]." reads "00:19:09 Basic buttons stay.". The paragraphs are the runs
// of segments up to each one that ends a line.
func leadTimes(segs []widget.RichTextSegment) {
	start := 0
	for i, s := range segs {
		if s.Inline() && i < len(segs)-1 {
			continue
		}
		leadTime(segs[start : i+1])
		start = i + 1
	}
}

// leadTime moves the link ending one paragraph to its start, in place.
func leadTime(run []widget.RichTextSegment) {
	at := -1
	for i := len(run) - 1; i >= 0; i-- {
		if link, ok := run[i].(*widget.HyperlinkSegment); ok {
			if _, moment := momentOf(link.URL); moment {
				at = i
			}
			break
		}
		ts, ok := run[i].(*widget.TextSegment)
		if !ok || strings.Trim(ts.Text, " .,;:)") != "" {
			return // words after the last link: it does not end the paragraph
		}
	}
	if at <= 0 {
		return
	}
	link := run[at]
	if prev, ok := run[at-1].(*widget.TextSegment); ok {
		prev.Text = strings.TrimRight(prev.Text, " ")
	}
	copy(run[1:at+1], run[:at])
	run[0] = link
	if first, ok := run[1].(*widget.TextSegment); ok && first.Style.Inline {
		first.Text = " " + first.Text
	}
}
