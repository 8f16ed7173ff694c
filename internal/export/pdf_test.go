package export_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"hushnote/internal/export"
	"hushnote/internal/redact"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// shared is the project's shared test data (../shared/testdata from the repository root), which may be
// absent: tests that use it skip then.
const shared = "../../../shared/testdata"

// checkPDF fails the test unless b is a whole PDF file whose cross-reference table points at its
// objects, and returns its page count.
func checkPDF(t *testing.T, b []byte) int {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
		t.Fatalf("not a whole PDF file: starts %q, ends %q", b[:min(len(b), 10)], b[max(0, len(b)-10):])
	}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(b) || !bytes.HasPrefix(b[at:], []byte("xref")) {
		t.Fatalf("startxref %d does not point at the xref table", at)
	}
	head := regexp.MustCompile(`^xref\s+(\d+) (\d+)\s+`).FindSubmatch(b[at:])
	if head == nil {
		t.Fatal("the xref table has no subsection")
	}
	first, n := atoi(head[1]), atoi(head[2])
	entries := regexp.MustCompile(`(\d{10}) (\d{5}) ([nf])`).FindAllSubmatch(b[at:], n)
	if len(entries) != n || n < 3 {
		t.Fatalf("xref lists %d objects, has %d entries", n, len(entries))
	}
	for i, e := range entries {
		if string(e[3]) != "n" {
			continue
		}
		off := atoi(e[1])
		if want := fmt.Sprintf("%d 0 obj", first+i); off >= len(b) || !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", first+i, b[off:min(len(b), off+12)], want)
		}
	}
	count := regexp.MustCompile(`/Type /Pages\s+/Kids \[[^\]]*\]\s+/Count (\d+)`).FindSubmatch(b)
	if count == nil {
		t.Fatal("no page tree")
	}
	return atoi(count[1])
}

func atoi(b []byte) int {
	n, _ := strconv.Atoi(string(b))
	return n
}

// pdfText is the text an uncompressed PDF draws, in order, each piece separated by a space.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`(?s)BT [-0-9. ]+ Td \((.*?[^\\])\) ?Tj ET`).FindAllSubmatch(b, -1) {
		raw := m[1]
		var bs []byte
		for i := 0; i < len(raw); i++ {
			c := raw[i]
			if c == '\\' && i+1 < len(raw) {
				i++
				c = raw[i]
				if c == 'r' {
					c = '\r'
				}
			}
			bs = append(bs, c)
		}
		if len(bs)%2 != 0 {
			t.Fatalf("a text string of odd length: %q", bs)
		}
		u := make([]uint16, len(bs)/2)
		for i := range u {
			u[i] = uint16(bs[2*i])<<8 | uint16(bs[2*i+1])
		}
		out = append(out, string(utf16.Decode(u)))
	}
	return strings.Join(out, " ")
}

// has fails the test unless text holds every one of want, spaces aside.
func has(t *testing.T, text string, want ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("the PDF does not say %q", w)
		}
	}
}

const pdfKey = "tgp_v1_PDFKEY_0a1b2c3d4e5f60718293"

func TestPDFHasTheMeetingNotesAndTranscript(t *testing.T) {
	m := store.Meeting{ID: 3, Title: "Remote control kick-off — Zoë & José", MeetingDate: time.Date(2026, 3, 4, 14, 5, 0, 0, time.Local),
		Duration: 23*time.Minute + 10*time.Second, Speakers: []string{"José Núñez", "Zoë Ångström"}, SegmentCount: 3}
	segs := []transcript.Segment{
		{Start: 5 * time.Second, Speaker: "José Núñez", Text: "Bienvenue à la réunion, café e\u0301 first."},
		{Start: 65 * time.Second, Speaker: "Zoë Ångström", Text: "The Japanese team says 日本語 and 👍; my key is " + pdfKey + "."},
		{Start: 21*time.Minute + 30*time.Second, Text: "(nobody named)"},
	}
	notes := "## Summary\nThe team chose a **rubber case** and *bright* colours.\n\n" +
		"## Decisions\n- Ship in May\n- Keep the price under 25 euros\n  - nested point\n\n" +
		"## Action items\n| Owner | Task | Due | Timestamp |\n|---|---|---|---|\n| José Núñez | Draft the working design | Friday | [00:21:30] |\n| Zoë | Price the parts | not set | [00:03:10] |\n\n" +
		"1. First\n2. Second\n\n- [x] done task\n\nKey in the notes: " + pdfKey
	latest := &store.Summary{Version: 3, EditedFrom: 2, Status: store.StatusDone, Text: notes, Provider: "ollama", Model: "llama3.2:3b",
		BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true}
	r := redact.New()
	r.Add(pdfKey)

	var b bytes.Buffer
	if err := export.PDF(&b, m, segs, latest, export.WithScrubber(r), export.Uncompressed()); err != nil {
		t.Fatal(err)
	}
	if pages := checkPDF(t, b.Bytes()); pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	text := pdfText(t, b.Bytes())
	has(t, text, "Remote control kick-off — Zoë & José", "Wednesday 4 March 2026, 14:05", "23 min", "Speakers: José Núñez, Zoë Ångström",
		"Notes", "Summary", "The team chose a", "rubber case", "Decisions", "•", "Ship in May", "–", "nested point",
		"Owner", "Task", "Due", "Timestamp", "Draft the working design", "[00:21:30]", "Price the parts",
		"1.", "First", "2.", "Second", "[x]", "done task",
		"Version 3 · edited by you from version 2, written by llama3.2:3b with Ollama on this device",
		"Transcript", "0:05", "José Núñez:", "Bienvenue à la réunion, café é first.", "1:05", "Zoë Ångström:",
		"says □□□ and □;", "21:30", "(nobody named)", redact.Placeholder,
		"Characters this PDF's fonts cannot draw (U+65E5, U+672C, U+8A9E, U+1F44D) are shown as □",
		"page 1 of 1")
	if strings.Contains(text, "#") || strings.Contains(text, "**") || strings.Contains(text, "|") {
		t.Errorf("Markdown syntax shows in the PDF: %q", text)
	}
	if bytes.Contains(b.Bytes(), []byte("PDFKEY")) || strings.Contains(text, "PDFKEY") {
		t.Error("the key is in the PDF")
	}
	// The table is drawn as ruled cells: 4 columns, a header and 2 rows.
	if n := bytes.Count(b.Bytes(), []byte(" re S")) + bytes.Count(b.Bytes(), []byte(" re B")); n < 12 {
		t.Errorf("%d cell rectangles, want 12", n)
	}

	// Without notes it says so.
	b.Reset()
	if err := export.PDF(&b, m, segs[:1], nil, export.Uncompressed()); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, b.Bytes())
	has(t, pdfText(t, b.Bytes()), "No notes have been written for this meeting.", "Bienvenue")
}

// loadShared parses a transcript of the shared test data, or skips the test without it.
func loadShared(tb testing.TB, name string) (store.Meeting, []transcript.Segment) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(shared, name))
	if err != nil {
		tb.Skipf("shared test data not available: %v", err)
	}
	tr, err := transcript.Parse(name, data)
	if err != nil {
		tb.Fatal(err)
	}
	return store.Meeting{ID: 1, Title: strings.TrimSuffix(name, filepath.Ext(name)), Duration: tr.Duration(), Speakers: tr.Speakers(),
		SegmentCount: len(tr.Segments), CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, tr.Segments
}

// The longest real transcript (71 speakers, 134,000 characters), with accented names given to some of
// its speakers as a user renaming them would, and a committee meeting with Welsh and typographic
// characters: every speaker and word is in the PDF, nothing is left out, and pages grow with the text.
func TestPDFOfRealTranscripts(t *testing.T) {
	m, segs := loadShared(t, "transcripts/covid_2.zoom.vtt")
	accented := map[string]string{}
	for i, name := range []string{"Élodie Gagné", "François Côté", "Søren Ærø"} {
		accented[m.Speakers[i]] = name
		m.Speakers[i] = name
	}
	for i := range segs {
		if n, ok := accented[segs[i].Speaker]; ok {
			segs[i].Speaker = n
		}
	}
	su := &store.Summary{Version: 1, Status: store.StatusDone, Text: "## Summary\nThe committee met.", Provider: "together", Model: "m", BaseURLHost: "api.together.xyz"}
	var short, long bytes.Buffer
	if err := export.PDF(&short, m, segs[:5], su); err != nil {
		t.Fatal(err)
	}
	if err := export.PDF(&long, m, segs, su, export.Uncompressed()); err != nil {
		t.Fatal(err)
	}
	few, many := checkPDF(t, short.Bytes()), checkPDF(t, long.Bytes())
	if few > 3 || many < 30 {
		t.Errorf("pages: %d for 5 segments, %d for all %d; want a few and dozens", few, many, len(segs))
	}
	text := pdfText(t, long.Bytes())
	has(t, text, m.Speakers...)
	has(t, text, "in the cloud (api.together.xyz)", fmt.Sprintf("page %d of %d", many, many))
	if strings.Contains(text, "□") || strings.Contains(text, "cannot draw") {
		t.Error("characters of covid_2 went missing")
	}
	// The footer is drawn as each page ends, between the words of a segment that goes on to the next.
	body := regexp.MustCompile(regexp.QuoteMeta(m.Title)+` · page \d+ of \d+`).ReplaceAllString(text, "")
	flat := strings.Join(strings.Fields(body), "")
	for _, s := range segs {
		if w := strings.Join(strings.Fields(s.Text), ""); !strings.Contains(flat, w) {
			t.Fatalf("segment at %v is not all in the PDF: %.80q", s.Start, s.Text)
		}
	}

	m2, segs2 := loadShared(t, "qmsum/education_17.json")
	var b bytes.Buffer
	if err := export.PDF(&b, m2, segs2, nil, export.Uncompressed()); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, b.Bytes())
	text2 := pdfText(t, b.Bytes())
	if strings.Contains(text2, "□") {
		t.Error("education_17 has characters the fonts lack")
	}
	for _, r := range "ŵâ—" {
		if !strings.ContainsRune(text2, r) {
			t.Errorf("%q is not in the PDF", r)
		}
	}
}

func BenchmarkPDFLongestTranscript(b *testing.B) {
	m, segs := loadShared(b, "transcripts/covid_2.zoom.vtt")
	su := &store.Summary{Version: 1, Status: store.StatusDone, Text: "## Summary\nThe committee met.\n\n- one\n- two"}
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := export.PDF(&out, m, segs, su); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len())/1024, "KiB")
}
