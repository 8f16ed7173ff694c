package transcript

import (
	"html"
	"strings"
)

// parseVTT reads WebVTT as Zoom and Microsoft Teams write it. Zoom names the speaker at the start of
// the cue text ("Anna: Hi"), Teams in a voice span ("<v Anna>Hi</v>", possibly "<v.loud Anna>").
// The header's "Language:" line, if any, sets the language. NOTE, STYLE and REGION blocks are
// skipped, cue settings after the timing are ignored, tags are stripped and character references
// (&amp;, &#233;, ...) decoded. A file without the WEBVTT line is read all the same.
func parseVTT(text string) (*Transcript, *ParseError) {
	lines := strings.Split(text, "\n")
	t := &Transcript{Format: FormatVTT}
	i := nextNonBlank(lines, 0)
	if i >= 0 && isVTTHeader(strings.TrimSpace(lines[i])) {
		// The header block runs to the first blank line; it may hold "Key: value" lines.
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "" && !strings.Contains(lines[i], "-->"); i++ {
			if key, value, ok := strings.Cut(lines[i], ":"); ok && strings.EqualFold(strings.TrimSpace(key), "language") {
				t.Language = strings.TrimSpace(value)
			}
		}
	}
	cues, perr := scanCues(lines, max(i, 0), FormatVTT, true, isVTTMetadata)
	if perr != nil {
		return nil, perr
	}
	t.Segments = cueSegments(cues, splitSpeaker, decodeEntities)
	if len(t.Segments) == 0 {
		return nil, fail(FormatVTT, 0, ErrNoSpeech, "the WebVTT file has no cue with text")
	}
	return t, nil
}

// isVTTMetadata reports whether a block starting with line is a comment, style sheet or region
// definition rather than a cue.
func isVTTMetadata(line string) bool {
	for _, word := range []string{"NOTE", "STYLE", "REGION"} {
		if rest, ok := strings.CutPrefix(line, word); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// decodeEntities decodes HTML character references (&amp; &lt; &nbsp; &#8217; ...) and drops the
// invisible direction marks (&lrm; &rlm;) that Teams puts around names.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") && !strings.ContainsAny(s, "\u200e\u200f") {
		return s
	}
	return strings.NewReplacer("\u200e", "", "\u200f", "").Replace(html.UnescapeString(s))
}
