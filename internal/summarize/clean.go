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

// languageName turns a language code or name into a name a model understands ("de" -> "German"). The
// value can come from an imported file and goes into the system prompt, so only known languages pass;
// anything else is English.
func languageName(l string) string {
	names := map[string]string{
		"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
		"nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nb": "Norwegian", "fi": "Finnish",
		"pl": "Polish", "cs": "Czech", "ru": "Russian", "uk": "Ukrainian", "tr": "Turkish", "ja": "Japanese",
		"zh": "Chinese", "ko": "Korean", "ar": "Arabic", "hi": "Hindi", "el": "Greek", "hu": "Hungarian",
		"ro": "Romanian", "he": "Hebrew", "id": "Indonesian", "vi": "Vietnamese", "th": "Thai", "ca": "Catalan",
	}
	l = strings.TrimSpace(l)
	code := strings.ToLower(strings.SplitN(strings.SplitN(l, "-", 2)[0], "_", 2)[0])
	if n, ok := names[code]; ok {
		return n
	}
	for _, n := range names {
		if strings.EqualFold(n, l) {
			return n
		}
	}
	return "English"
}
