package transcript

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedTestdata is the project's shared test data (../shared/testdata from the repository root),
// which may be absent: tests that use it skip then.
const sharedTestdata = "../../../shared/testdata"

// TestSharedCorpus parses every real transcript in the shared test data and checks it against the
// QMSum meeting it was made from.
func TestSharedCorpus(t *testing.T) {
	if _, err := os.Stat(sharedTestdata); err != nil {
		t.Skipf("shared test data not available: %v", err)
	}
	checkCorpus(t, sharedTestdata)
}

// TestSampleCorpus does the same on the excerpt kept in this package's testdata, so that real files are
// always tested.
func TestSampleCorpus(t *testing.T) {
	checkCorpus(t, "testdata")
}

// checkCorpus checks dir/qmsum/*.json and dir/transcripts/*: each parses as the format its name says,
// with one segment per QMSum turn that has content, the turn's speaker, and every word in order.
func checkCorpus(t *testing.T, dir string) {
	meetings, err := filepath.Glob(filepath.Join(dir, "qmsum", "*.json"))
	if err != nil || len(meetings) == 0 {
		t.Fatalf("no QMSum meetings in %s/qmsum (err %v)", dir, err)
	}
	for _, path := range meetings {
		t.Run("qmsum/"+filepath.Base(path), func(t *testing.T) {
			checkFile(t, path, FormatQMSum, loadTurns(t, path), true)
		})
	}

	transcripts, err := filepath.Glob(filepath.Join(dir, "transcripts", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Format]int{}
	for _, path := range transcripts {
		base := filepath.Base(path)
		meeting, _, _ := strings.Cut(base, ".")
		want := formatByName(base)
		seen[want]++
		t.Run("transcripts/"+base, func(t *testing.T) {
			if want == "" {
				t.Fatalf("no format known for %s", base)
			}
			turns := loadTurns(t, filepath.Join(dir, "qmsum", meeting+".json"))
			checkFile(t, path, want, turns, want != FormatWhisperJSON)
		})
	}
	for _, f := range []Format{FormatVTT, FormatSRT, FormatWhisperJSON, FormatText} {
		if seen[f] == 0 {
			t.Errorf("%s/transcripts has no %s file", dir, f)
		}
	}
}

// formatByName is the format the test data's file names stand for.
func formatByName(base string) Format {
	switch {
	case strings.HasSuffix(base, ".zoom.vtt"), strings.HasSuffix(base, ".teams.vtt"):
		return FormatVTT
	case strings.HasSuffix(base, ".srt"):
		return FormatSRT
	case strings.HasSuffix(base, ".whisper.json"):
		return FormatWhisperJSON
	case strings.HasSuffix(base, ".txt"):
		return FormatText
	}
	return ""
}

// turn is one QMSum turn, read independently of the code under test.
type turn struct {
	Speaker string `json:"speaker"`
	Content string `json:"content"`
}

// loadTurns reads the turns of a QMSum meeting that have content.
func loadTurns(t *testing.T, path string) []turn {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Turns []turn `json:"meeting_transcripts"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var turns []turn
	for _, tu := range doc.Turns {
		if strings.TrimSpace(tu.Content) != "" {
			turns = append(turns, tu)
		}
	}
	if len(turns) == 0 {
		t.Fatalf("%s has no turns", path)
	}
	return turns
}

// checkFile parses path and compares it with the turns it was made from.
func checkFile(t *testing.T, path string, want Format, turns []turn, speakers bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Parse(filepath.Base(path), data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if tr.Format != want {
		t.Errorf("format %q, want %q", tr.Format, want)
	}
	if got, want := len(tr.Segments), len(turns); got != want {
		t.Errorf("%d segments, want %d (one per QMSum turn)", got, want)
	}
	for i := range min(len(tr.Segments), len(turns)) {
		wantSpeaker := turns[i].Speaker
		if !speakers {
			wantSpeaker = ""
		}
		if got := tr.Segments[i].Speaker; got != wantSpeaker {
			t.Errorf("segment %d: speaker %q, want %q", i+1, got, wantSpeaker)
			break
		}
	}
	var gotText, wantText []string
	for _, s := range tr.Segments {
		gotText = append(gotText, s.Text)
	}
	for _, tu := range turns {
		wantText = append(wantText, tu.Content)
	}
	if i, ok := sameWords(strings.Fields(strings.Join(gotText, " ")), strings.Fields(strings.Join(wantText, " "))); !ok {
		g, w := strings.Fields(strings.Join(gotText, " ")), strings.Fields(strings.Join(wantText, " "))
		t.Errorf("words differ from word %d on: got %q, want %q (%d words, want %d)",
			i+1, window(g, i), window(w, i), len(g), len(w))
	}
	if want == FormatQMSum || want == FormatText {
		return
	}
	// Timed formats: the synthetic timestamps only go forward.
	for i := 1; i < len(tr.Segments); i++ {
		prev, s := tr.Segments[i-1], tr.Segments[i]
		if s.Start < prev.Start || s.End < s.Start {
			t.Fatalf("segment %d: times %v-%v after %v-%v", i+1, s.Start, s.End, prev.Start, prev.End)
		}
	}
	if tr.Duration() == 0 {
		t.Errorf("timed transcript with no duration")
	}
}

// sameWords reports whether got and want are equal, and if not the index of the first difference.
func sameWords(got, want []string) (int, bool) {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return i, false
		}
	}
	return min(len(got), len(want)), len(got) == len(want)
}

// window returns a few words of ws around index i.
func window(ws []string, i int) string {
	lo, hi := max(0, i-3), min(len(ws), i+4)
	if lo >= hi {
		return ""
	}
	return strings.Join(ws[lo:hi], " ")
}
