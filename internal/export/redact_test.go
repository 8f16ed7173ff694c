package export_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"hushnote/internal/export"
	"hushnote/internal/redact"
	"hushnote/internal/redact/redacttest"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// exportKey has the underscores Markdown escapes, and JSON would escape its & and <.
const exportKey = "tgp_v1_EXPORT_<a&b>_0f1e2d3c4b5a6978"

// TestExportsScrubKeys: a key in any text of a meeting (one saved before the store scrubbed, or by a
// Hushnote that did not know the key yet) is written as the placeholder, in JSON and in Markdown,
// never as itself nor escaped.
func TestExportsScrubKeys(t *testing.T) {
	r := redact.New()
	r.Add(exportKey)
	m := store.Meeting{ID: 1, Title: "Keys " + exportKey, CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Duration: time.Minute,
		Speakers: []string{"Ana " + exportKey}, SourceName: exportKey + ".vtt", SourceFormat: transcript.FormatVTT}
	segs := []transcript.Segment{{Start: 0, End: 5 * time.Second, Speaker: "Ana " + exportKey, Text: "the key is " + exportKey}}
	sums := []store.Summary{{Version: 1, Status: store.StatusFailed, Text: "## Summary\nBearer " + exportKey, Error: "rejected (" + exportKey + ")",
		Provider: "together", Model: exportKey}}
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, ...export.Option) error
	}{
		{"json", func(b *bytes.Buffer, o ...export.Option) error { return export.JSON(b, m, segs, sums, o...) }},
		{"markdown", func(b *bytes.Buffer, o ...export.Option) error { return export.Markdown(b, m, segs, &sums[0], o...) }},
		{"markdown without a summary", func(b *bytes.Buffer, o ...export.Option) error { return export.Markdown(b, m, segs, nil, o...) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, export.WithScrubber(r)); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			redacttest.InText(t, exportKey, tc.name, out)
			for _, escaped := range []string{`tgp\_v1\_EXPORT`, `EXPORT_\u003ca\u0026b`} {
				if strings.Contains(out, escaped) {
					t.Errorf("the key is in the export, escaped (%s):\n%s", escaped, out)
				}
			}
			if !strings.Contains(out, "API key removed") {
				t.Errorf("no placeholder where the key was:\n%s", out)
			}
			if segs[0].Text != "the key is "+exportKey || m.Speakers[0] != "Ana "+exportKey {
				t.Error("exporting changed the caller's meeting")
			}
		})
	}
}
