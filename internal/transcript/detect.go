package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Detect reports the format Parse reads the file as, judging by its content first and by the
// extension of name only when the content is ambiguous. Its errors are those Parse returns for a file
// that is not text at all (ErrEmpty, ErrBinary, ErrNotUTF8), or whose JSON is broken (ErrMalformed) or
// of no known shape (ErrUnknownFormat).
func Detect(name string, data []byte) (Format, error) {
	text, _, perr := decodeText(data)
	if perr != nil {
		return "", perr.named(name)
	}
	f, perr := detect(name, text)
	if perr != nil {
		return "", perr.named(name)
	}
	return f, nil
}

// detect picks the format of decoded text.
func detect(name, text string) (Format, *ParseError) {
	ext := strings.ToLower(filepath.Ext(name))
	body := strings.TrimSpace(text)
	if looksLikeJSON(body, ext) {
		return detectJSON(text)
	}
	first, second := firstLines(body)
	switch {
	case isVTTHeader(first):
		return FormatVTT, nil
	case looksLikeCues(first, second, ext):
		if ext == ".vtt" {
			return FormatVTT, nil
		}
		return FormatSRT, nil
	}
	if !textExtensions[ext] {
		return "", fail("", 0, ErrUnknownFormat, "a "+ext+" file that holds no captions or transcript JSON; "+
			"plain-text transcripts are read from .txt or .md files")
	}
	return FormatText, nil
}

// textExtensions are the file extensions read as plain-text transcripts when the content is no other
// format; anything else (source code, a .vtt without captions) is refused rather than imported as prose.
var textExtensions = map[string]bool{"": true, ".txt": true, ".text": true, ".md": true, ".markdown": true}

// firstLines returns the first two non-blank lines of text, trimmed.
func firstLines(text string) (first, second string) {
	var got []string
	for len(got) < 2 && text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if line = strings.TrimSpace(line); line != "" {
			got = append(got, line)
		}
	}
	got = append(got, "", "")
	return got[0], got[1]
}

// isVTTHeader reports whether line is a WebVTT signature line: "WEBVTT", alone or followed by a space
// or tab and any text.
func isVTTHeader(line string) bool {
	rest, ok := strings.CutPrefix(line, "WEBVTT")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// looksLikeCues reports whether a file starting with these two non-blank lines is a list of timed
// cues: an index then a timing line, or a timing line straight away.
func looksLikeCues(first, second, ext string) bool {
	if isDigits(first) && strings.Contains(second, "-->") {
		return true
	}
	if strings.Contains(first, "-->") && first[0] >= '0' && first[0] <= '9' {
		return true
	}
	// A .vtt or .srt file may start with a cue identifier of any shape.
	return (ext == ".vtt" || ext == ".srt") && (strings.Contains(first, "-->") || strings.Contains(second, "-->"))
}

// looksLikeJSON reports whether body (trimmed text) is meant as JSON. Text that merely starts with a
// brace or bracket, such as "{vocalsound} Okay" or "[00:01:02] Anna: Hi", is not.
func looksLikeJSON(body, ext string) bool {
	if ext == ".json" && json.Valid([]byte(body)) {
		return true
	}
	if body == "" || (body[0] != '{' && body[0] != '[') {
		return false
	}
	if ext == ".json" {
		return true
	}
	next := strings.TrimSpace(body[1:])
	if next == "" {
		return true
	}
	if body[0] == '{' {
		return next[0] == '"' || next[0] == '}'
	}
	return strings.IndexByte(`{["]`, next[0]) >= 0
}

// detectJSON checks that text is valid JSON and tells by its top-level fields which kind it is.
func detectJSON(text string) (Format, *ParseError) {
	data := []byte(text)
	if perr := checkJSON(data); perr != nil {
		return "", perr
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		kind := "a list"
		switch body := bytes.TrimSpace(data); {
		case len(body) > 0 && body[0] == '"':
			kind = "a single string"
		case len(body) > 0 && body[0] != '[':
			kind = "a single value"
		}
		return "", fail("", 0, ErrUnknownFormat, "the JSON is "+kind+", not an object with transcript fields")
	}
	switch {
	case top["transcription"] != nil:
		return FormatWhisperJSON, nil
	case top["meeting_transcripts"] != nil:
		return FormatQMSum, nil
	case top["segments"] != nil:
		return FormatVerboseJSON, nil
	case isJSONString(top["text"]):
		return FormatVerboseJSON, nil
	}
	return "", fail("", 0, ErrUnknownFormat, `the JSON has none of the fields a transcript has: `+
		`"transcription" (whisper.cpp), "segments" (OpenAI verbose JSON) or "meeting_transcripts" (QMSum)`)
}

func isJSONString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '"'
}

// checkJSON reports why data is not one valid JSON value, in the user's terms.
func checkJSON(data []byte) *ParseError {
	if json.Valid(data) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var v any
	err := dec.Decode(&v)
	if err == nil {
		// One complete value followed by something else.
		off := int(dec.InputOffset())
		rest := data[off:]
		off += len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
		return jsonError(lineAt(data, off), "there is more text after the end of the JSON")
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		off := max(int(syn.Offset)-1, 0) // the offset is just past the offending byte
		return jsonError(lineAt(data, off), syn.Error())
	}
	return fail("", 0, ErrMalformed, "the JSON ends before it is complete")
}

// jsonError reports invalid JSON at a line, with the line in the detail.
func jsonError(line int, why string) *ParseError {
	return &ParseError{Line: line, Err: ErrMalformed, Detail: fmt.Sprintf("invalid JSON at line %d: %s", line, why)}
}

// lineAt returns the 1-based line number of byte offset off in data ("\n" line ends).
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// Windows1252 is the Encoding of a transcript that was converted from Windows-1252 (or Latin-1, of
// which it is a superset in every printable character).
const Windows1252 = "Windows-1252"

// decodeText checks that data is text and returns it as UTF-8, without a byte order mark and with every
// line ending ("\r\n", "\r") turned into "\n". A file that is not UTF-8 and holds no UTF-8 letters at
// all is read as Windows-1252 (what Windows and older tools save "ANSI" text as; Latin-1 reads the
// same), and enc says so; a file that mixes UTF-8 letters with bytes that are not UTF-8 is refused,
// since no one encoding reads it right.
func decodeText(data []byte) (text, enc string, perr *ParseError) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", "", fail("", 0, ErrNotUTF8, "the file is saved as UTF-16")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, 0) >= 0 {
		if looksLikeUTF16(data) {
			return "", "", fail("", 0, ErrNotUTF8, "the file is saved as UTF-16")
		}
		return "", "", fail("", 0, ErrBinary, "it contains zero bytes, which text never does")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if len(data) == 0 {
			return "", "", fail("", 0, ErrEmpty, "it has no content at all")
		}
		return "", "", fail("", 0, ErrEmpty, "it holds only blank lines and spaces")
	}
	runes, controls, invalid, firstInvalid, letters := 0, 0, 0, -1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		runes++
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
			if firstInvalid < 0 {
				firstInvalid = i
			}
		case isControl(r):
			controls++
		case size > 1:
			letters++
		}
		i += size
	}
	if controls*20 > runes || (invalid*3 > runes && runes >= 16) {
		return "", "", fail("", 0, ErrBinary, "much of it is control codes rather than letters")
	}
	if firstInvalid >= 0 {
		if letters > 0 {
			return "", "", notUTF8(data, firstInvalid)
		}
		converted, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", "", notUTF8(data, firstInvalid)
		}
		data, enc = converted, Windows1252
	}
	text = string(data)
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, enc, nil
}

// looksLikeUTF16 reports whether data looks like UTF-16 text without a byte order mark: mostly
// Latin script, whose every other byte is zero.
func looksLikeUTF16(data []byte) bool {
	data = data[:min(len(data), 1024)&^1]
	var zeros [2]int
	for i, c := range data {
		if c == 0 {
			zeros[i%2]++
		}
	}
	pairs := len(data) / 2
	return pairs >= 2 && (zeros[0] == 0) != (zeros[1] == 0) && max(zeros[0], zeros[1])*10 >= pairs*9
}

// isControl reports whether r is a control code that has no place in text (tabs, line ends and form
// feeds do).
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r':
		return false
	}
	return r < 0x20 || (r >= 0x7F && r <= 0x9F)
}

// notUTF8 describes where the first invalid byte, at off, is.
func notUTF8(data []byte, off int) *ParseError {
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' || (data[i] == '\r' && (i+1 >= len(data) || data[i+1] != '\n')) {
			line++
			start = i + 1
		}
	}
	before := []rune(string(data[start:off]))
	if len(before) > 20 {
		before = before[len(before)-20:]
	}
	where := "at the start of the line"
	if len(before) > 0 {
		where = fmt.Sprintf("after %q", string(before))
	}
	return fail("", line, ErrNotUTF8, fmt.Sprintf("the byte 0x%02X %s is not UTF-8, though other letters in the file are: "+
		"it mixes two encodings", data[off], where))
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
