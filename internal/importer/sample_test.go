package importer_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"hushnote/assets"
	"hushnote/internal/export"
	"hushnote/internal/importer"
	"hushnote/internal/store"
)

// Importing the sample gives a meeting with clean text and its example notes as version 1, which say
// they were written by people.
func TestSampleComesWithNotesAndCleanText(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	res, err := importer.Sample(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Meeting(ctx, res.ID)
	if err != nil || m.Title != assets.SampleTitle {
		t.Fatalf("meeting = %+v, %v", m, err)
	}
	if m.Notes.Provider != assets.SampleNotesProvider || !m.Notes.MadeOnDevice {
		t.Errorf("the list's notes badge = %+v", m.Notes)
	}
	segs, err := st.Segments(ctx, res.ID)
	if err != nil || len(segs) < 250 {
		t.Fatalf("%d segments, %v", len(segs), err)
	}
	dirty := regexp.MustCompile(`\{[a-z]+\}| [.,?!]|\w '(m|s|re|ve|ll|d)\b`)
	for _, s := range segs {
		if d := dirty.FindString(s.Text); d != "" || strings.TrimSpace(s.Text) == "" {
			t.Errorf("segment at %v holds %q: %q", s.Start, d, s.Text)
		}
	}
	latest, err := st.LatestSummary(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Version != 1 || latest.Status != store.StatusDone || latest.Text != assets.SampleNotes || latest.Model != assets.SampleNotesModel {
		t.Errorf("notes = %+v", latest)
	}
	for _, want := range []string{"## Summary\n", "## Decisions\n", "## Action items\n", "25 Euros", "| Owner | Task |"} {
		if !strings.Contains(latest.Text, want) {
			t.Errorf("the notes lack %q", want)
		}
	}
	if got := export.Provenance(latest); !strings.HasPrefix(got, "Version 1 · example notes written by people, bundled with Hushnote") {
		t.Errorf("provenance = %q", got)
	}
	hits, err := st.Search(ctx, "lightweight plastic", 5)
	if err != nil || len(hits) != 1 {
		t.Errorf("search finds %d meetings, %v", len(hits), err)
	}
	// A second sample is a second meeting with its own notes.
	again, err := importer.Sample(ctx, st)
	if err != nil || again.ID == res.ID {
		t.Fatalf("second sample: %+v, %v", again, err)
	}
	if sums, _ := st.Summaries(ctx, again.ID); len(sums) != 1 || sums[0].Version != 1 {
		t.Errorf("second sample's versions = %+v", sums)
	}
}

// A sample import cancelled before it is saved leaves nothing behind.
func TestSampleCancelledSavesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := openStore(t)
	if _, err := importer.Sample(ctx, st); err == nil {
		t.Fatal("importing with a cancelled context succeeded")
	}
	if n, _ := st.CountMeetings(context.Background()); n != 0 {
		t.Errorf("%d meetings after a failed sample import", n)
	}
}
