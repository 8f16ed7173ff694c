package transcript

import (
	"strings"
	"time"
)

// parseText reads plain text. When most non-blank lines (60% or more) are "Speaker: text" lines, each
// of them starts a segment and any other line continues the segment before it; such a line may start
// with a timestamp, "[00:01:02] Anna: Hi" or "00:01:02 Anna: Hi". Otherwise the text is free text: one
// segment per paragraph, paragraphs being separated by blank lines.
func parseText(text string) (*Transcript, *ParseError) {
	lines := strings.Split(text, "\n")
	parsed := make([]textLine, len(lines))
	nonBlank, speakerLines := 0, 0
	for i, line := range lines {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		nonBlank++
		parsed[i] = parseTextLine(line)
		if parsed[i].speaker != "" {
			speakerLines++
		}
	}
	t := &Transcript{Format: FormatText}
	if mostly(speakerLines, nonBlank) {
		t.Segments = speakerSegments(parsed)
	} else {
		t.Segments = paragraphs(lines)
	}
	if len(t.Segments) == 0 {
		return nil, fail(FormatText, 0, ErrNoSpeech, "the file has no text")
	}
	return t, nil
}

// textLine is a non-blank line of a text transcript. speaker is set for "Speaker: text" lines, whose
// text is then in rest; other lines are all rest.
type textLine struct {
	start   time.Duration
	stamped bool
	speaker string
	rest    string
}

// parseTextLine reads one trimmed, non-blank line.
func parseTextLine(line string) textLine {
	start, afterStamp, stamped := leadingTimestamp(line)
	if speaker, rest, ok := splitSpeaker(afterStamp); ok {
		return textLine{start: start, stamped: stamped, speaker: speaker, rest: rest}
	}
	return textLine{rest: line}
}

// leadingTimestamp splits "[00:01:02] rest", "(01:02) rest" or "00:01:02 rest".
func leadingTimestamp(line string) (time.Duration, string, bool) {
	var stamp, rest string
	switch line[0] {
	case '[', '(':
		closer := byte(']')
		if line[0] == '(' {
			closer = ')'
		}
		j := strings.IndexByte(line, closer)
		if j < 0 {
			return 0, line, false
		}
		stamp, rest = line[1:j], line[j+1:]
	default:
		j := strings.IndexAny(line, " \t")
		if j < 0 {
			return 0, line, false
		}
		stamp, rest = line[:j], line[j+1:]
	}
	d, ok := parseClock(strings.TrimSpace(stamp))
	if rest = strings.TrimSpace(rest); !ok || rest == "" {
		return 0, line, false
	}
	return d, rest, true
}

// speakerSegments builds one segment per speaker line, continued by the lines that follow it. Lines
// before the first speaker line make a segment of their own. A timestamped segment ends where the
// next timestamped one starts.
func speakerSegments(lines []textLine) []Segment {
	var segs []Segment
	var stamped []bool
	var texts [][]string
	for _, l := range lines {
		switch {
		case l.speaker != "":
			segs = append(segs, Segment{Start: l.start, End: l.start, Speaker: l.speaker})
			stamped = append(stamped, l.stamped)
			texts = append(texts, []string{l.rest})
		case l.rest == "":
			// a blank line
		case len(segs) == 0:
			segs = append(segs, Segment{})
			stamped = append(stamped, false)
			texts = append(texts, []string{l.rest})
		default:
			texts[len(texts)-1] = append(texts[len(texts)-1], l.rest)
		}
	}
	next := time.Duration(-1) // start of the next timestamped segment
	for i := len(segs) - 1; i >= 0; i-- {
		segs[i].Text = normalizeSpace(strings.Join(texts[i], " "))
		if !stamped[i] {
			continue
		}
		if next >= segs[i].Start {
			segs[i].End = next
		}
		next = segs[i].Start
	}
	return segs
}

// paragraphs builds one segment per paragraph of free text.
func paragraphs(lines []string) []Segment {
	var segs []Segment
	var para []string
	flush := func() {
		if text := normalizeSpace(strings.Join(para, " ")); text != "" {
			segs = append(segs, Segment{Text: text})
		}
		para = para[:0]
	}
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	return segs
}
