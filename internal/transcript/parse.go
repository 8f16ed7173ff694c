package transcript

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse reads a transcript file. name is the file's name: its extension is a hint when the content
// alone is ambiguous, and it is named in every error. data is the file's content, UTF-8 or (converted,
// see Transcript.Encoding) Windows-1252.
//
// Every error Parse returns is a *ParseError wrapping one of the sentinel errors (ErrEmpty, ErrBinary,
// ErrNotUTF8, ErrUnknownFormat, ErrMalformed, ErrNoSpeech), so callers can match it with errors.Is and
// show its message to the user as is.
func Parse(name string, data []byte) (*Transcript, error) {
	text, enc, perr := decodeText(data)
	if perr != nil {
		return nil, perr.named(name)
	}
	f, perr := detect(name, text)
	if perr != nil {
		return nil, perr.named(name)
	}
	t, perr := parseAs(f, text)
	if perr != nil {
		return nil, perr.named(name)
	}
	t.Encoding = enc
	return t, nil
}

// ParseContext is Parse that gives up when ctx ends, returning ctx's error at once: a long file takes
// seconds to parse. (The parse under way then finishes on its own and its result is dropped; it holds
// nothing but memory.)
func ParseContext(ctx context.Context, name string, data []byte) (*Transcript, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		t   *Transcript
		err error
	}
	done := make(chan result, 1)
	go func() {
		t, err := Parse(name, data)
		done <- result{t, err}
	}()
	select {
	case r := <-done:
		return r.t, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// parseAs runs the parser for format f over decoded text (valid UTF-8, no BOM, "\n" line ends).
func parseAs(f Format, text string) (*Transcript, *ParseError) {
	switch f {
	case FormatVTT:
		return parseVTT(text)
	case FormatSRT:
		return parseSRT(text)
	case FormatWhisperJSON:
		return parseWhisperJSON(text)
	case FormatVerboseJSON:
		return parseVerboseJSON(text)
	case FormatQMSum:
		return parseQMSum(text)
	case FormatText:
		return parseText(text)
	}
	return nil, fail("", 0, ErrUnknownFormat, fmt.Sprintf("no reader for format %q", f))
}

// fail builds a *ParseError. When line > 0 the detail is prefixed with it, so that the detail reads
// well on its own.
func fail(f Format, line int, sentinel error, detail string) *ParseError {
	if line > 0 {
		detail = fmt.Sprintf("line %d: %s", line, detail)
	}
	return &ParseError{Format: f, Line: line, Err: sentinel, Detail: detail}
}

// named fills in the file name and returns e as an error.
func (e *ParseError) named(name string) error {
	e.File = name
	return e
}

// normalizeSpace collapses every run of white space to one space and trims both ends.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// splitSpeaker splits a "Speaker: text" line at its first ": ". It reports false when there is no
// such separator, when nothing follows it, or when the part before it does not look like a name.
func splitSpeaker(line string) (speaker, rest string, ok bool) {
	i := strings.Index(line, ": ")
	if i < 0 {
		return "", line, false
	}
	speaker, rest = strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+2:])
	if rest == "" || !looksLikeSpeaker(speaker) {
		return "", line, false
	}
	return normalizeSpace(speaker), rest, true
}

// splitBracketSpeaker splits a "[Speaker] text" line.
func splitBracketSpeaker(line string) (speaker, rest string, ok bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "[") {
		return "", line, false
	}
	i := strings.IndexByte(line, ']')
	if i < 0 {
		return "", line, false
	}
	speaker, rest = strings.TrimSpace(line[1:i]), strings.TrimSpace(line[i+1:])
	if rest == "" || strings.ContainsAny(speaker, "[]") || !looksLikeSpeaker(speaker) {
		return "", line, false
	}
	return normalizeSpace(speaker), rest, true
}

// looksLikeSpeaker reports whether s could be a speaker's name or role: not empty, at most 100
// characters and 12 words, holding at least one letter (so not a time such as "10:30"), and not a URL.
func looksLikeSpeaker(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 100 || len(strings.Fields(s)) > 12 {
		return false
	}
	lower := strings.ToLower(s)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") {
		return false
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// mostly reports whether part is at least 60% of whole.
func mostly(part, whole int) bool {
	return whole > 0 && part*10 >= whole*6
}
