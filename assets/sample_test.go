package assets_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"hushnote/assets"
	"hushnote/internal/transcript"
)

// updateSample rewrites sample-ES2004a.vtt cleaned: go test ./assets -run TestSampleIsClean -update-sample
var updateSample = flag.Bool("update-sample", false, "rewrite sample-ES2004a.vtt with its text cleaned")

// The patterns cleanText applies, in order.
var (
	corpusMarker   = regexp.MustCompile(`\{[a-z]+\}`)               // {vocalsound}, {disfmarker}, {gap}, {pause}
	repeatedDash   = regexp.MustCompile(`—( —)+`)                   // two interruptions in a row
	spaceBeforeP   = regexp.MustCompile(` +([.,?!;:])`)             // "fine ." → "fine."
	dashBeforeP    = regexp.MustCompile(` ?—([.,?!;:])`)            // "got —." → "got."
	splitEnding    = regexp.MustCompile(`(\w) '(m|s|re|ve|ll|d)\b`) // "I 'm" → "I'm"
	splitNegative  = regexp.MustCompile(`(\w)n 't\b`)               // "don 't" → "don't"
	hasLetterOrNum = regexp.MustCompile(`[\pL\pN]`)
)

// cleanText turns a QMSum turn into text as people write it: corpus markers out (an interruption,
// {disfmarker}, reads as a dash between words), no space before punctuation, contractions whole. Every
// word stays.
func cleanText(s string) string {
	s = corpusMarker.ReplaceAllStringFunc(s, func(m string) string {
		if m == "{disfmarker}" {
			return " — "
		}
		return " "
	})
	s = strings.Join(strings.Fields(s), " ")
	s = repeatedDash.ReplaceAllString(s, "—")
	s = spaceBeforeP.ReplaceAllString(s, "$1")
	s = dashBeforeP.ReplaceAllString(s, "$1")
	s = splitEnding.ReplaceAllString(s, "$1'$2")
	s = splitNegative.ReplaceAllString(s, "${1}n't")
	s = strings.Trim(s, " —")
	if !hasLetterOrNum.MatchString(s) {
		return ""
	}
	return s
}

// cleanSample returns the sample's WebVTT with every cue's text cleaned; a cue left with no words (it
// held only a marker, such as a laugh) is dropped and the cues are numbered again.
func cleanSample(t *testing.T, vtt string) string {
	t.Helper()
	blocks := strings.Split(strings.TrimSpace(vtt), "\n\n")
	if blocks[0] != "WEBVTT" {
		t.Fatalf("the sample does not start with a WEBVTT header: %q", blocks[0])
	}
	out := []string{"WEBVTT"}
	for _, b := range blocks[1:] {
		lines := strings.Split(b, "\n")
		if len(lines) < 3 || !strings.Contains(lines[1], "-->") {
			t.Fatalf("a cue not laid out as number, timing, text: %q", b)
		}
		speaker, words, ok := strings.Cut(strings.Join(lines[2:], " "), ": ")
		if !ok {
			t.Fatalf("a cue without a speaker: %q", b)
		}
		if words = cleanText(words); words != "" {
			out = append(out, fmt.Sprintf("%d\n%s\n%s: %s", len(out), lines[1], speaker, words))
		}
	}
	return strings.Join(out, "\n\n") + "\n"
}

// TestSampleIsClean: the bundled sample reads as clean text — no corpus markers, no space before
// punctuation, contractions whole — and stays so (cleaning it again changes nothing). With
// -update-sample it rewrites the file cleaned.
func TestSampleIsClean(t *testing.T) {
	const file = "sample-ES2004a.vtt"
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != string(assets.SampleMeeting) {
		t.Fatal("assets.SampleMeeting is not the file")
	}
	clean := cleanSample(t, string(raw))
	if *updateSample {
		if err := os.WriteFile(file, []byte(clean), 0o644); err != nil {
			t.Fatal(err)
		}
		raw = []byte(clean)
	}
	if clean != string(raw) {
		t.Errorf("%s is not clean: run go test ./assets -run TestSampleIsClean -update-sample", file)
	}
	for _, bad := range []*regexp.Regexp{corpusMarker, spaceBeforeP, splitEnding, splitNegative} {
		if m := bad.FindString(string(raw)); m != "" {
			t.Errorf("the sample still holds %q", m)
		}
	}
	tr, err := transcript.Parse(assets.SampleName, raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tr.Speakers(), ", "); got != "User Interface, Project Manager, Marketing, Industrial Designer" || len(tr.Segments) < 250 {
		t.Errorf("the sample parses as %d segments by %s", len(tr.Segments), got)
	}
	for _, s := range tr.Segments {
		if strings.TrimSpace(s.Text) == "" || strings.HasPrefix(s.Text, "—") {
			t.Errorf("segment at %v reads %q", s.Start, s.Text)
		}
	}
}

// TestSampleKeepsEveryWord: cleaning dropped markup only — the sample's words, in order, are the QMSum
// meeting's (from the shared test data, when it is there).
func TestSampleKeepsEveryWord(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "testdata", "qmsum", "ES2004a.json"))
	if err != nil {
		t.Skipf("shared test data not available: %v", err)
	}
	var doc struct {
		Turns []struct{ Speaker, Content string } `json:"meeting_transcripts"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, turn := range doc.Turns {
		src.WriteString(corpusMarker.ReplaceAllString(turn.Content, " ") + " ")
	}
	tr, err := transcript.Parse(assets.SampleName, assets.SampleMeeting)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, s := range tr.Segments {
		got.WriteString(s.Text + " ")
	}
	if w, g := words(src.String()), words(got.String()); w != g {
		t.Errorf("the sample's words differ from QMSum's:\n%.300s\n%.300s", w, g)
	}
}

// words is s's letters and digits, word by word, lower-case, with nothing else.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
