package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz tests feed each parser arbitrary bytes (after the same text checks Parse makes) and check
// that it neither panics nor breaks what its callers rely on. Seeds are in testdata/fuzz/FuzzXxx and
// below; the sample transcripts in testdata are seeds too.

func FuzzVTT(f *testing.F) {
	fuzzParser(f, FormatVTT, parseVTT, "file:transcripts/ES2004a.zoom.vtt", "file:transcripts/ES2004a.teams.vtt",
		"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000 align:start\nAnna: Hi &amp; <i>bye</i>\n",
		"WEBVTT\n\nNOTE x\n\nSTYLE\n::cue{}\n\nid\n01:02.500 --> 01:03.000\n<v.loud Bob>Yo</v><v Eve>Hey</v>\n",
		"WEBVTT\n\n00:00:1x.000 --> 00:00:02.000\nbroken\n",
	)
}

func FuzzSRT(f *testing.F) {
	fuzzParser(f, FormatSRT, parseSRT, "file:transcripts/ES2004a.srt",
		"1\n00:00:01,000 --> 00:00:02,000\n[Anna] Hi\n\n2\n00:00:02.000 --> 00:00:03,000\nBob: <i>Yo</i>\n",
		"00:00:01,000 --> 00:00:02,000\nno index\n\n\nstray\n3\n00:00:04,000 --> 00:00:05,000\n{\\an8}top\n",
		"1\n00:00:01;000 --> 00:00:02,000\nbroken\n",
	)
}

func FuzzWhisperJSON(f *testing.F) {
	fuzzParser(f, FormatWhisperJSON, parseWhisperJSON, "file:transcripts/ES2004a.whisper.json",
		`{"result":{"language":"en"},"transcription":[{"timestamps":{"from":"00:00:00,000","to":"00:00:01,600"},"offsets":{"from":0,"to":1600},"text":" Hmm"}]}`,
		`{"params":{"language":"auto"},"transcription":[{"timestamps":{"from":"00:00:01,000","to":"00:00:02,000"},"text":" Hi","speaker_turn_next":true}]}`,
		`{"transcription":[{"offsets":{"from":-1,"to":1e400},"text":"x"}]`,
	)
}

func FuzzVerboseJSON(f *testing.F) {
	fuzzParser(f, FormatVerboseJSON, parseVerboseJSON,
		`{"language":"english","duration":1.6,"text":"Hi","segments":[{"id":0,"start":0.0,"end":1.6,"text":" Hi"}]}`,
		`{"segments":[{"start":0.5,"end":0.25,"text":"Hi","speaker":"SPEAKER_00"},{"start":1,"end":2,"text":"Yo","speaker":3}]}`,
		`{"text":"only text"}`,
		`{"segments":[{"start":"0","text":1}]}`,
	)
}

func FuzzQMSum(f *testing.F) {
	fuzzParser(f, FormatQMSum, parseQMSum, "file:qmsum/ES2004a.json",
		`{"topic_list":[],"meeting_transcripts":[{"speaker":"Project Manager","content":"Okay . {vocalsound}"},{"speaker":"A","content":" "}]}`,
		`{"meeting_transcripts":[{"speaker":1,"content":"x"}]}`,
	)
}

func FuzzText(f *testing.F) {
	fuzzParser(f, FormatText, parseText, "file:transcripts/ES2004a.txt",
		"Anna: Hello.\nBob: Hi: there.\ncontinued\n",
		"[00:01:02] Anna: Hi.\n00:01:05 Bob: Yo.\n(01:10) Anna: Bye.\n",
		"A paragraph\nof free text.\n\nAnother: one.\n",
	)
}

// FuzzParse checks detection and the whole of Parse on any file name and content.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"transcripts/ES2004a.zoom.vtt", "transcripts/ES2004a.srt", "transcripts/ES2004a.txt", "qmsum/ES2004a.json"} {
		f.Add(filepath.Base(name), readSeed(f, name))
	}
	f.Add("a.txt", []byte("{vocalsound} Okay ."))
	f.Add("a.json", []byte(`{"segments":[{"start":0,"end":1,"text":"x"}]}`))
	f.Add("a.vtt", []byte("cue\n00:01.000 --> 00:02.000\nHi"))
	f.Add("a.srt", []byte("caf\xe9"))
	f.Add("", []byte("\xff\xfe\x00"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		tr, err := Parse(name, data)
		format, derr := Detect(name, data)
		if err != nil {
			pe := checkError(t, err)
			if pe.File != name || !strings.Contains(err.Error(), name) {
				t.Fatalf("error %q does not name the file %q", err, name)
			}
			if derr != nil && !errors.Is(err, sentinelOf(derr)) {
				t.Fatalf("Parse error %v, Detect error %v", err, derr)
			}
			return
		}
		if derr != nil || format != tr.Format {
			t.Fatalf("Parse read %q, Detect says %q, %v", tr.Format, format, derr)
		}
		checkTranscript(t, tr.Format, tr)
	})
}

// fuzzParser runs one parser on fuzzed input that passed Parse's text checks. A seed "file:name" is
// the content of testdata/name.
func fuzzParser(f *testing.F, format Format, parse func(string) (*Transcript, *ParseError), seeds ...string) {
	for _, s := range seeds {
		if name, ok := strings.CutPrefix(s, "file:"); ok {
			f.Add(readSeed(f, name))
		} else {
			f.Add([]byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _, perr := decodeText(data)
		if perr != nil {
			checkError(t, perr)
			return
		}
		if !utf8.ValidString(text) || strings.ContainsRune(text, '\r') || strings.HasPrefix(text, "\uFEFF") {
			t.Fatalf("decodeText let through %q", text)
		}
		tr, perr := parse(text)
		if perr != nil {
			checkError(t, perr)
			if perr.Format != format {
				t.Fatalf("error %v has format %q, want %q", perr, perr.Format, format)
			}
			return
		}
		checkTranscript(t, format, tr)
		checkFormatInvariants(t, text, tr)
	})
}

func readSeed(f *testing.F, name string) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// sentinelOf returns the sentinel a *ParseError wraps.
func sentinelOf(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return nil
}

// checkError checks that err is a *ParseError wrapping a sentinel, with a detail to show.
func checkError(t *testing.T, err error) *ParseError {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) || pe == nil {
		t.Fatalf("error %T %v is not a *ParseError", err, err)
	}
	known := false
	for _, s := range []error{ErrEmpty, ErrBinary, ErrNotUTF8, ErrUnknownFormat, ErrMalformed, ErrNoSpeech} {
		known = known || pe.Err == s
	}
	if !known || !errors.Is(err, pe.Err) {
		t.Fatalf("error %v does not wrap a sentinel error", err)
	}
	// The detail is this package's text and quotes the file's (checked) text; the file name, which
	// Error() includes, may be any bytes.
	if pe.Detail == "" || pe.Line < 0 || !utf8.ValidString(pe.Detail) {
		t.Fatalf("error %q: empty detail, negative line or detail not UTF-8", pe.Error())
	}
	return pe
}

// checkTranscript checks what holds for every transcript a parser returns.
func checkTranscript(t *testing.T, format Format, tr *Transcript) {
	t.Helper()
	if tr == nil || tr.Format != format {
		t.Fatalf("transcript %+v, want format %q", tr, format)
	}
	if len(tr.Segments) == 0 {
		t.Fatal("success without segments")
	}
	if !utf8.ValidString(tr.Language) {
		t.Fatalf("language %q is not UTF-8", tr.Language)
	}
	for i, s := range tr.Segments {
		if s.Text == "" || !utf8.ValidString(s.Text) || s.Text != strings.Join(strings.Fields(s.Text), " ") {
			t.Fatalf("segment %d: text %q is empty, not UTF-8 or not normalised", i, s.Text)
		}
		if !utf8.ValidString(s.Speaker) || s.Speaker != strings.Join(strings.Fields(s.Speaker), " ") {
			t.Fatalf("segment %d: speaker %q is not UTF-8 or not normalised", i, s.Speaker)
		}
		if s.Start < 0 || s.End < s.Start {
			t.Fatalf("segment %d: times %v to %v", i, s.Start, s.End)
		}
		if tr.Duration() < s.End {
			t.Fatalf("Duration %v before segment %d ends (%v)", tr.Duration(), i, s.End)
		}
	}
}

// checkFormatInvariants checks what a given format promises beyond checkTranscript.
func checkFormatInvariants(t *testing.T, text string, tr *Transcript) {
	t.Helper()
	switch tr.Format {
	case FormatSRT:
		for i, s := range tr.Segments {
			if strings.Contains(s.Text, "-->") {
				t.Fatalf("segment %d: timing line left in text %q", i, s.Text)
			}
		}
	case FormatWhisperJSON:
		for i, s := range tr.Segments {
			if s.Speaker != "" {
				t.Fatalf("segment %d: whisper JSON has no speakers, got %q", i, s.Speaker)
			}
		}
	case FormatQMSum:
		for i, s := range tr.Segments {
			if s.Start != 0 || s.End != 0 {
				t.Fatalf("segment %d: QMSum has no times, got %v-%v", i, s.Start, s.End)
			}
		}
	case FormatText:
		// Text is only split, never rewritten: each segment is a stretch of the input, and without
		// speakers the segments hold exactly the input's words.
		words := strings.Fields(text)
		all := strings.Join(words, " ")
		var got []string
		speakers := false
		for i, s := range tr.Segments {
			if !strings.Contains(all, s.Text) {
				t.Fatalf("segment %d: text %q is not in the input", i, s.Text)
			}
			got = append(got, strings.Fields(s.Text)...)
			speakers = speakers || s.Speaker != ""
		}
		if _, same := sameWords(got, words); !speakers && !same {
			t.Fatalf("free text lost or changed words: %q from %q", got, words)
		}
	}
}
