package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hushnote/internal/redact"
	"hushnote/internal/redact/redacttest"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

const storeKey = "tgp_v1_STOREKEY_0a1b2c3d4e5f60718293"

// TestEveryWriteIsScrubbed writes a key into every text the store keeps, then reads the database, its
// write-ahead log and shared memory as they are on disk (nothing checkpointed), and searches the index.
func TestEveryWriteIsScrubbed(t *testing.T) {
	ctx := context.Background()
	r := redact.New()
	r.Add(storeKey)
	s, path := openTemp(t, store.WithScrubber(r))
	echo := "the service said Bearer " + storeKey + " back"

	tr := &transcript.Transcript{Format: transcript.FormatText, Language: storeKey, Segments: []transcript.Segment{
		{Speaker: "Ana " + storeKey, Text: "My key is " + storeKey + ", do not share it."},
		{Speaker: "Ben", Text: "Noted."},
	}}
	id, err := s.CreateMeeting(ctx, store.NewMeeting{Title: "Keys " + storeKey, SourceName: storeKey + ".txt", Transcript: tr})
	if err != nil {
		t.Fatal(err)
	}
	su, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: echo, Error: echo, Provider: "together", Model: storeKey, BaseURLHost: "api.together.ai", Template: "standard", Language: "English"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"draft", func() error { return s.SaveDraft(ctx, su.ID, "## Notes\n"+echo) }},
		{"draft cut in the middle of the key", func() error { return s.SaveDraft(ctx, su.ID, "## Notes\n"+storeKey[:len(storeKey)-2]) }},
		{"draft tail appended", func() error { return s.AppendDraft(ctx, su.ID, " and then "+echo) }},
		{"part", func() error {
			return s.SavePart(ctx, store.SummaryPart{SummaryID: su.ID, Round: 0, Index: 0, Key: "k", Text: "part notes: " + echo})
		}},
		{"finished summary", func() error {
			su.Status, su.Text, su.Error = store.StatusFailed, "## Summary\n"+echo, "Together AI rejected the API key ("+echo+")"
			return s.UpdateSummary(ctx, su)
		}},
		{"rename", func() error { return s.RenameMeeting(ctx, id, "Renamed "+storeKey) }},
		{"edited notes", func() error {
			_, err := s.AddEditedSummary(ctx, id, su.ID, "## Summary\nedited: "+echo)
			return err
		}},
		{"speaker renamed", func() error {
			_, err := s.RenameSpeaker(ctx, id, "Ben", "Ben "+storeKey)
			return err
		}},
		{"segment edited", func() error { return s.SetSegmentText(ctx, id, 1, "Noted, "+storeKey) }},
		{"setting", func() error { return s.SetSetting(ctx, "provider.together.model", storeKey) }},
		{"template", func() error { return s.SaveTemplate(ctx, "mine", []byte("title: Mine\n# "+storeKey)) }},
		{"ledger", func() error {
			_, err := s.AddEgress(ctx, store.Egress{Provider: "together", Host: "api.together.ai", Model: storeKey, CharsSent: 10, MeetingID: id})
			return err
		}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}

	files := redacttest.InFolder(t, storeKey, filepath.Dir(path))
	if !slices.Contains(files, store.FileName+"-wal") {
		t.Errorf("the write-ahead log was not among the files read: %v", files)
	}
	for _, q := range []string{"STOREKEY", "0a1b2c3d4e5f60718293", "tgp_v1_STOREKEY*"} {
		hits, err := s.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 0 {
			t.Errorf("the search index knows the key: %q finds %d meetings", q, len(hits))
		}
	}
	if hits, err := s.Search(ctx, "removed", 10); err != nil || len(hits) != 1 {
		t.Errorf("the placeholder is not indexed: %d hits, %v", len(hits), err)
	}

	// What was stored says where the key was.
	m, _ := s.Meeting(ctx, id)
	segs, _ := s.Segments(ctx, id)
	sums, _ := s.Summaries(ctx, id)
	parts, _ := s.Parts(ctx, su.ID)
	setting, _ := s.Setting(ctx, "provider.together.model")
	tmpl, _ := s.Template(ctx, "mine")
	ledger, _ := s.EgressLedger(ctx, 0)
	for _, tc := range []struct{ name, got string }{
		{"title", m.Title},
		{"source file", m.SourceName},
		{"language", m.Language},
		{"speaker", strings.Join(m.Speakers, ", ")},
		{"segment", segs[0].Text},
		{"segment speaker", segs[0].Speaker},
		{"summary", sums[0].Text},
		{"summary error", sums[0].Error},
		{"summary model", sums[0].Model},
		{"edited summary", sums[1].Text},
		{"edited summary's model", sums[1].Model},
		{"renamed speaker", m.Speakers[1]},
		{"edited segment", segs[1].Text},
		{"part", parts[0].Text},
		{"setting", setting},
		{"template", string(tmpl.Body)},
		{"ledger model", ledger[0].Model},
	} {
		t.Run(tc.name, func(t *testing.T) {
			redacttest.InText(t, storeKey, tc.name, tc.got)
			if !strings.Contains(tc.got, redact.Placeholder) {
				t.Errorf("%s = %q, want %q where the key was", tc.name, tc.got, redact.Placeholder)
			}
		})
	}
	if want := "the service said " + redact.Placeholder + " back"; !strings.Contains(sums[0].Text, want) {
		t.Errorf("summary = %q, want it to hold %q", sums[0].Text, want)
	}
}

// TestWithoutScrubberTextIsKept: a store opened without a Scrubber writes text as given.
func TestWithoutScrubberTextIsKept(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustCreate(t, s, "Keys "+storeKey, "Ana: hello")
	if m, _ := s.Meeting(ctx, id); m.Title != "Keys "+storeKey {
		t.Errorf("title = %q", m.Title)
	}
}
