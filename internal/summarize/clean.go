package summarize

import (
	"strings"
	"unicode"
)

// clean tidies a model's Markdown: no code fence wrapped around the whole answer, no stray <think>
// block (providers remove them while streaming; this catches a model that writes one unasked), no
// trailing spaces.
func clean(s string) string {
	s = strings.TrimSpace(s)
	for {
		i := strings.Index(s, "<think>")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "</think>")
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + s[i+j+len("</think>"):]
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "```") && strings.HasSuffix(s, "```") && len(s) > 6 {
		inner := s[3 : len(s)-3]
		if nl := strings.IndexByte(inner, '\n'); nl >= 0 && !strings.ContainsAny(strings.TrimSpace(inner[:nl]), " \t") {
			inner = inner[nl+1:] // the info string: ```markdown
		}
		if !strings.Contains(inner, "```") {
			s = strings.TrimSpace(inner)
		}
	}
	return s
}

// suggestTitle proposes a title from the notes: the first sentence of their first paragraph, at most
// eight words.
func suggestTitle(notes string) string {
	for _, line := range strings.Split(notes, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*#>0123456789. "))
		if len(line) < 12 || strings.HasPrefix(line, "|") {
			continue
		}
		if i := strings.IndexAny(line, ".!?"); i > 0 {
			line = line[:i]
		}
		words := strings.Fields(line)
		if len(words) > 8 {
			words = words[:8]
		}
		title := strings.TrimRightFunc(strings.Join(words, " "), func(r rune) bool { return unicode.IsPunct(r) })
		if title != "" {
			return title
		}
	}
	return ""
}
