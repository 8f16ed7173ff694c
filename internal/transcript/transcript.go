// Package transcript turns the transcript files people have on disk (Zoom and Teams WebVTT, SubRip,
// whisper.cpp and OpenAI verbose JSON, QMSum JSON, plain text) into a list of timed, attributed segments.
//
// The format is chosen by content as well as by file extension, and every parser keeps every word of
// its source: consecutive cues are never merged and nothing is dropped but markup.
package transcript

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Format names a transcript file format.
type Format string

// The formats Parse understands.
const (
	FormatVTT         Format = "vtt"          // WebVTT, as Zoom and Microsoft Teams write it
	FormatSRT         Format = "srt"          // SubRip
	FormatWhisperJSON Format = "whisper-json" // whisper.cpp -oj output
	FormatVerboseJSON Format = "verbose-json" // OpenAI-style verbose JSON: segments[] {start, end, text}
	FormatQMSum       Format = "qmsum-json"   // QMSum: meeting_transcripts[] {speaker, content}
	FormatText        Format = "text"         // "Speaker: text" lines, or free text paragraphs
)

// Segment is one stretch of speech: who said what, and when. Start and End are zero when the source
// has no timestamps; Speaker is empty when it names nobody.
type Segment struct {
	Start   time.Duration
	End     time.Duration
	Speaker string
	Text    string
}

// Transcript is a parsed file.
type Transcript struct {
	Format   Format
	Language string // BCP 47 tag or language name when the file states one ("en"), else ""
	Segments []Segment
	// Encoding is the character set the file was converted from (Windows1252) when it was not UTF-8;
	// "" for UTF-8.
	Encoding string
}

// Duration is the end of the last timed segment, or zero when the transcript has no timestamps.
func (t *Transcript) Duration() time.Duration {
	var d time.Duration
	for _, s := range t.Segments {
		d = max(d, s.End, s.Start)
	}
	return d
}

// Speakers lists the distinct speaker names in order of first appearance.
func (t *Transcript) Speakers() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range t.Segments {
		if s.Speaker != "" && !seen[s.Speaker] {
			seen[s.Speaker] = true
			out = append(out, s.Speaker)
		}
	}
	return out
}

// Sentinel errors, matched with errors.Is on the *ParseError that Parse returns.
var (
	ErrEmpty         = errors.New("the file is empty")
	ErrBinary        = errors.New("the file is binary, not a text transcript")
	ErrNotUTF8       = errors.New("the file is not UTF-8 text (save it as UTF-8 and import it again)")
	ErrUnknownFormat = errors.New("the file is not a transcript format Hushnote reads (WebVTT, SRT, whisper JSON, QMSum JSON or text)")
	ErrMalformed     = errors.New("the file is damaged")
	ErrNoSpeech      = errors.New("the file holds no transcript text")
)

// ParseError says which file could not be read, as what, and why. Line is 1-based, or 0 when unknown.
type ParseError struct {
	File   string
	Format Format
	Line   int
	Err    error  // one of the sentinels above
	Detail string // what exactly was wrong, in the user's terms
}

func (e *ParseError) Error() string {
	msg := e.File + ": "
	if e.Format != "" {
		msg += string(e.Format) + ": "
	}
	// The details this package writes usually name the line already; say it only once.
	if e.Line > 0 && !strings.Contains(e.Detail, fmt.Sprintf("line %d:", e.Line)) {
		msg += fmt.Sprintf("line %d: ", e.Line)
	}
	msg += e.Err.Error()
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

func (e *ParseError) Unwrap() error { return e.Err }
