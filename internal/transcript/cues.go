package transcript

import (
	"fmt"
	"strings"
	"time"
)

// This file holds what WebVTT and SubRip share: timestamps, the layout of cue blocks, and the markup
// inside cue text.

// parseClock parses a cue timestamp: hh:mm:ss.mmm or mm:ss.mmm, with ',' accepted for '.' and the
// fraction optional. Hours may have up to six digits; minutes and seconds must be below 60.
func parseClock(s string) (time.Duration, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var hours int64
	if len(parts) == 3 {
		h, ok := parseDigits(parts[0], 6)
		if !ok {
			return 0, false
		}
		hours = h
		parts = parts[1:]
	}
	minutes, ok := parseDigits(parts[0], 2)
	if !ok || minutes >= 60 {
		return 0, false
	}
	whole, frac, hasFrac := strings.Cut(parts[1], ".")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(parts[1], ",")
	}
	seconds, ok := parseDigits(whole, 2)
	if !ok || seconds >= 60 {
		return 0, false
	}
	var nanos int64
	if hasFrac {
		n, ok := parseDigits(frac, 9)
		if !ok {
			return 0, false
		}
		for i := len(frac); i < 9; i++ {
			n *= 10
		}
		nanos = n
	}
	return time.Duration(((hours*60+minutes)*60+seconds)*int64(time.Second) + nanos), true
}

// parseDigits parses 1 to max ASCII digits.
func parseDigits(s string, max int) (int64, bool) {
	if len(s) > max || !isDigits(s) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// clockPattern is how a format's timestamps look, for error messages.
func clockPattern(f Format) string {
	if f == FormatSRT {
		return "hh:mm:ss,mmm"
	}
	return "hh:mm:ss.mmm"
}

// parseTiming parses a cue timing line, "start --> end" optionally followed by cue settings. On
// failure it returns a description of what is wrong. A SubRip cue that ends before it starts is wrong;
// in WebVTT (whose players skip such a cue) the end is taken as the start, so its words are kept.
func parseTiming(line string, f Format) (start, end time.Duration, problem string) {
	left, right, _ := strings.Cut(line, "-->")
	left = strings.TrimSpace(left)
	fields := strings.Fields(right)
	switch {
	case left == "":
		return 0, 0, fmt.Sprintf("the timing line %q has no start time", line)
	case len(fields) == 0:
		return 0, 0, fmt.Sprintf("the timing line %q has no end time", line)
	}
	start, ok := parseClock(left)
	if !ok {
		return 0, 0, fmt.Sprintf("timestamp %q is not %s", left, clockPattern(f))
	}
	end, ok = parseClock(fields[0])
	if !ok {
		return 0, 0, fmt.Sprintf("timestamp %q is not %s", fields[0], clockPattern(f))
	}
	if end < start {
		if f == FormatSRT {
			return 0, 0, fmt.Sprintf("the cue ends (%s) before it starts (%s)", fields[0], left)
		}
		end = start
	}
	return start, end, ""
}

// rawCue is a cue as laid out in the file: its timing and its text lines, markup included.
type rawCue struct {
	start, end time.Duration
	lines      []string
}

// scanCues splits lines, from index first on, into cues. A cue is an optional identifier line, a
// timing line and text lines up to a blank line. Blocks for which skip returns true (WebVTT NOTE,
// STYLE and REGION) are left out. anyID allows identifiers of any shape (WebVTT); otherwise only
// numbers are (SubRip).
//
// Nothing else is dropped: text after a blank line that belongs to no new cue continues the cue before
// it (SubRip files often have stray blank lines), and text before the first cue becomes an untimed cue.
// A number directly above a timing line is taken as that cue's index even without a blank line before
// it. A line with "-->" that is not a timing line is an error.
func scanCues(lines []string, first int, f Format, anyID bool, skip func(string) bool) ([]rawCue, *ParseError) {
	var cues []rawCue
	blockStart := true // after a blank line, or at the start
	lastText := -1     // index of the last line taken as cue text
	for i := first; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" {
			blockStart = true
			continue
		}
		if blockStart && skip != nil && skip(line) {
			for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" && !strings.Contains(lines[i+1], "-->") {
				i++
			}
			continue
		}
		if strings.Contains(line, "-->") {
			start, end, problem := parseTiming(line, f)
			if problem != "" {
				return nil, fail(f, i+1, ErrMalformed, problem)
			}
			if !blockStart && lastText == i-1 && isDigits(strings.TrimSpace(lines[i-1])) {
				c := &cues[len(cues)-1]
				c.lines = c.lines[:len(c.lines)-1]
			}
			cues = append(cues, rawCue{start: start, end: end})
			blockStart = false
			continue
		}
		if blockStart {
			if next := nextNonBlank(lines, i+1); next >= 0 && strings.Contains(lines[next], "-->") &&
				(isDigits(line) || (anyID && next == i+1)) {
				blockStart = false // a cue identifier
				continue
			}
		}
		blockStart = false
		if len(cues) == 0 {
			cues = append(cues, rawCue{})
		}
		c := &cues[len(cues)-1]
		c.lines = append(c.lines, line)
		lastText = i
	}
	return cues, nil
}

// nextNonBlank returns the index of the first non-blank line from i on, or -1.
func nextNonBlank(lines []string, i int) int {
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return i
		}
	}
	return -1
}

// run is a stretch of cue text with one voice: WebVTT <v Speaker> spans split a cue into runs.
type run struct {
	speaker string
	voiced  bool // the speaker comes from a <v> tag (possibly nameless)
	text    string
}

// cueRuns strips formatting markup from cue text and splits it where a voice tag names a different
// speaker. Known tags are removed: WebVTT's c, i, b, u, v, lang, ruby, rt and inline timestamps,
// SubRip's font and s, and SubRip/ASS positioning such as {\an8} (see isMarkupTag). Anything else that
// merely looks like a tag ("x <y and z> w", "x <b and y> z", "a <3 b") is kept as text, so no words are
// lost; corpus markup such as {vocalsound} is kept too.
func cueRuns(text string) []run {
	var runs []run
	cur := run{}
	var b strings.Builder
	for text != "" {
		i := strings.IndexAny(text, "<{")
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		text = text[i:]
		closer := byte('>')
		if text[0] == '{' {
			closer = '}'
		}
		// Tags are short; looking only a little ahead keeps this linear on hostile input.
		j := strings.IndexByte(text[:min(len(text), 256)], closer)
		tag := ""
		if j > 0 {
			tag = text[1:j]
		}
		switch {
		case j < 0 || (closer == '}' && !strings.HasPrefix(tag, `\`)) || (closer == '>' && !isVoiceTag(tag) && !isMarkupTag(tag)):
			b.WriteByte(text[0]) // not markup: keep it as text
			text = text[1:]
			continue
		case isVoiceTag(tag) && !(cur.voiced && cur.speaker == voiceName(tag)):
			cur.text = b.String()
			b.Reset()
			if strings.TrimSpace(cur.text) != "" {
				runs = append(runs, cur)
			}
			cur = run{voiced: true, speaker: voiceName(tag)}
		case isVoiceTag(tag):
			b.WriteByte(' ') // the same speaker again: one run
		}
		text = text[j+1:]
	}
	cur.text = b.String()
	if strings.TrimSpace(cur.text) != "" {
		runs = append(runs, cur)
	}
	return runs
}

// isVoiceTag reports whether tag (the text between < and >) opens a WebVTT voice span: "v Name",
// "v.loud Name".
func isVoiceTag(tag string) bool {
	return tag == "v" || strings.HasPrefix(tag, "v ") || strings.HasPrefix(tag, "v\t") || strings.HasPrefix(tag, "v.")
}

// voiceName returns the speaker named in a voice tag, character references decoded.
func voiceName(tag string) string {
	i := strings.IndexAny(tag, " \t")
	if i < 0 {
		return ""
	}
	return normalizeSpace(decodeEntities(tag[i+1:]))
}

// isMarkupTag reports whether tag (the text between < and >) is formatting to strip: an inline
// timestamp, or a known tag name (WebVTT's c, i, b, u, v, lang, ruby, rt; SubRip's s and font) opening
// or closing a span. An opening tag may carry WebVTT classes ("c.yellow"); besides that only lang takes
// an annotation (a language tag) and font attributes (color="#ff0000" size=3). Anything else — "b and
// y", "i so", "font and more" — is words that happen to stand between angle brackets.
func isMarkupTag(tag string) bool {
	if _, ok := parseClock(tag); ok {
		return true
	}
	tag = strings.TrimRight(tag, " \t")
	if name, ok := strings.CutPrefix(tag, "/"); ok {
		return isTagName(name)
	}
	name, rest, _ := strings.Cut(tag, " ")
	if n, r, ok := strings.Cut(tag, "\t"); ok && len(n) < len(name) {
		name, rest = n, r
	}
	rest = strings.TrimSpace(rest)
	base, classes, dotted := strings.Cut(name, ".")
	if !isTagName(base) || dotted && !isClassList(classes) {
		return false
	}
	switch {
	case rest == "":
		return true
	case strings.EqualFold(base, "lang"):
		return isLanguageTag(rest)
	case strings.EqualFold(base, "font"):
		return isAttributeList(rest)
	}
	return false
}

// isTagName reports whether name is a formatting tag's name (any case).
func isTagName(name string) bool {
	switch strings.ToLower(name) {
	case "c", "i", "b", "u", "s", "v", "lang", "ruby", "rt", "font":
		return true
	}
	return false
}

// isClassList reports whether s is WebVTT classes after a tag name: "yellow.bg_blue".
func isClassList(s string) bool {
	for _, c := range strings.Split(s, ".") {
		if c == "" || strings.ContainsAny(c, " \t<>&") {
			return false
		}
	}
	return true
}

// isLanguageTag reports whether s looks like a BCP 47 tag: letters, digits and hyphens ("en-GB").
func isLanguageTag(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// isAttributeList reports whether s is HTML-style attributes, each name=value with the value bare or in
// quotes: `color="#ff0000" size=3`.
func isAttributeList(s string) bool {
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || !isLanguageTag(s[:eq]) { // a name: letters, digits, hyphens
			return false
		}
		s = s[eq+1:]
		switch {
		case s == "":
			return false
		case s[0] == '"' || s[0] == '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return false
			}
			s = s[end+2:]
			if s != "" && s[0] != ' ' && s[0] != '\t' {
				return false
			}
		default:
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			if strings.ContainsAny(s[:end], `"'=`) {
				return false
			}
			s = s[end:]
		}
	}
	return true
}

// cueSegments turns scanned cues into segments: one per cue, or one per voice when a cue holds several
// speakers' voice spans. prefix finds a speaker named at the start of a cue's first line ("Anna: Hi").
// It is only trusted when it finds one in most cues without a voice tag, so that an ordinary colon in
// a captions file does not make up a speaker. decode, if not nil, decodes character references.
func cueSegments(cues []rawCue, prefix func(string) (string, string, bool), decode func(string) string) []Segment {
	type pending struct {
		seg      Segment
		named    Segment // seg with the speaker taken from a prefix
		prefixed bool
	}
	var all []pending
	open, prefixed := 0, 0
	for _, c := range cues {
		for _, r := range cueRuns(strings.Join(c.lines, "\n")) {
			text := r.text
			if decode != nil {
				text = decode(text)
			}
			p := pending{seg: Segment{Start: c.start, End: c.end, Speaker: r.speaker, Text: normalizeSpace(text)}}
			if !r.voiced {
				open++
				firstLine, more, _ := strings.Cut(strings.TrimSpace(text), "\n")
				if speaker, rest, ok := prefix(firstLine); ok {
					p.prefixed = true
					p.named = p.seg
					p.named.Speaker, p.named.Text = speaker, normalizeSpace(rest+"\n"+more)
					prefixed++
				}
			}
			all = append(all, p)
		}
	}
	trust := mostly(prefixed, open)
	var segs []Segment
	for _, p := range all {
		seg := p.seg
		if p.prefixed && trust {
			seg = p.named
		}
		if seg.Text != "" {
			segs = append(segs, seg)
		}
	}
	return segs
}
