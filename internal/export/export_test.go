package export_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hushnote/internal/export"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

func TestMarkdownKeepsFrontMatterAndTextSafe(t *testing.T) {
	m := store.Meeting{ID: 4, Title: "Q3: \"final\" plan\n---", CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Duration: 3725 * time.Second, Speakers: []string{"Ana: PM", "Ben"}, SourceName: "q3.vtt", SourceFormat: transcript.FormatVTT}
	segs := []transcript.Segment{
		{Start: 0, End: 5 * time.Second, Speaker: "Ana: PM", Text: "Use *bold* and <b>tags</b> {vocalsound}"},
		{Start: 3723 * time.Second, End: 3725 * time.Second, Speaker: "Ben", Text: "# not a heading"},
	}
	sum := &store.Summary{Version: 2, Status: store.StatusDone, Text: "## Decisions\n- Ship it\n", Provider: "ollama", Model: "llama3.2"}
	var b bytes.Buffer
	if err := export.Markdown(&b, m, segs, sum); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	front, body, ok := strings.Cut(strings.TrimPrefix(out, "---\n"), "\n---\n")
	if !strings.HasPrefix(out, "---\n") || !ok {
		t.Fatalf("no front matter:\n%s", out)
	}
	for _, want := range []string{`title: "Q3: \"final\" plan\n---"`, `  - "Ana: PM"`, `duration: "1 h 2 min"`, "summary_version: 2", `summary_model: "llama3.2"`} {
		if !strings.Contains(front, want) {
			t.Errorf("front matter lacks %q:\n%s", want, front)
		}
	}
	for _, want := range []string{"## Summary\n\n## Decisions\n- Ship it\n", "`0:00` **Ana: PM:** Use \\*bold\\* and \\<b>tags\\</b> {vocalsound}", "`1:02:03` **Ben:** \\# not a heading"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

func TestJSONHasEverything(t *testing.T) {
	m := store.Meeting{ID: 1, Title: "t", Speakers: nil}
	var b bytes.Buffer
	if err := export.JSON(&b, m, []transcript.Segment{{Text: "hi"}}, []store.Summary{{Version: 1, Text: "s", FirstToken: 1500 * time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if sp, ok := doc["speakers"].([]any); !ok || len(sp) != 0 {
		t.Errorf("speakers = %#v, want []", doc["speakers"])
	}
	if _, ok := doc["meeting_date"]; ok {
		t.Error("unknown meeting_date is present")
	}
	sums := doc["summaries"].([]any)
	if len(sums) != 1 || sums[0].(map[string]any)["first_token_ms"] != 1500.0 {
		t.Errorf("summaries = %v", sums)
	}
	if segs := doc["segments"].([]any); len(segs) != 1 || segs[0].(map[string]any)["text"] != "hi" {
		t.Errorf("segments = %v", segs)
	}
}

func TestLength(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"},
		{45 * time.Second, "45 s"},
		{59*time.Second + 400*time.Millisecond, "59 s"},
		{59*time.Second + 600*time.Millisecond, "1 min"},
		{89 * time.Second, "1 min"},
		{90 * time.Second, "2 min"},
		{22*time.Minute + 52*time.Second, "23 min"},
		{59*time.Minute + 40*time.Second, "1 h"},
		{time.Hour + 5*time.Minute, "1 h 5 min"},
		{2*time.Hour + 31*time.Minute + 10*time.Second, "2 h 31 min"},
		{10 * time.Hour, "10 h"},
	} {
		if got := export.Length(c.d); got != c.want {
			t.Errorf("Length(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// Notes that open with their own Summary heading (as the templates' do) get no second one.
func TestMarkdownSaysSummaryOnce(t *testing.T) {
	m := store.Meeting{ID: 1, Title: "t"}
	for _, c := range []struct{ notes, want string }{
		{"## Summary\nWe met.\n\n## Decisions\n- Ship", "# t\n\n## Summary\nWe met.\n\n## Decisions\n- Ship\n\n## Transcript"},
		{"# SUMMARY #\nWe met.", "# t\n\n# SUMMARY #\nWe met.\n\n## Transcript"},
		{"We met.", "# t\n\n## Summary\n\nWe met.\n\n## Transcript"},
		{"##Summary of it\nWe met.", "# t\n\n## Summary\n\n##Summary of it\nWe met."},
		{"## Summary of the budget\nWe met.", "# t\n\n## Summary\n\n## Summary of the budget"},
	} {
		var b bytes.Buffer
		if err := export.Markdown(&b, m, []transcript.Segment{{Text: "hi"}}, &store.Summary{Version: 3, EditedFrom: 2, Text: c.notes}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("notes %q exported as\n%s\nwant it to hold %q", c.notes, b.String(), c.want)
		}
		if !strings.Contains(b.String(), "summary_edited_from: 2\n") {
			t.Errorf("the front matter does not say the notes were edited:\n%s", b.String())
		}
	}
}
