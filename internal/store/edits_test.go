package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hushnote/internal/store"
)

// integrity fails the test when the database or its external-content search index disagree with
// themselves.
func integrity(t *testing.T, s *store.Store, path string) {
	t.Helper()
	if res, err := s.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Errorf("integrity = %q, %v", res, err)
	}
	if _, err := rawDB(t, path).Exec("INSERT INTO meeting_fts (meeting_fts) VALUES ('integrity-check')"); err != nil {
		t.Errorf("search index integrity: %v", err)
	}
}

func TestEditedVersionKeepsProvenanceAndTheModelsText(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	id := mustCreate(t, s, "Budget", "Ana: the budget is tight")
	v1, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Status: store.StatusDone, Text: "## Summary\nThe budget is tihgt.",
		Provider: "ollama", Model: "llama3.2:3b", BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true, Template: "standard",
		Language: "English", ChunkCount: 2, PromptTokens: 900, AnswerTokens: 120, FirstToken: time.Second, Duration: 9 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := s.AddEditedSummary(ctx, id, v1.ID, "## Summary\nThe budget is tight: marzipan is out.")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Summary{ID: edited.ID, MeetingID: id, Version: 2, Status: store.StatusDone, Text: "## Summary\nThe budget is tight: marzipan is out.",
		Provider: "ollama", Model: "llama3.2:3b", BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true, Template: "standard",
		Language: "English", EditedFrom: 1, CreatedAt: edited.CreatedAt, UpdatedAt: edited.UpdatedAt}
	if edited != want || edited.CreatedAt.IsZero() {
		t.Errorf("edited version\n got %+v\nwant %+v", edited, want)
	}
	all, err := s.Summaries(ctx, id)
	if err != nil || len(all) != 2 {
		t.Fatalf("Summaries = %+v, %v", all, err)
	}
	if all[0] != v1 {
		t.Errorf("the model's version changed:\n got %+v\nwant %+v", all[0], v1)
	}
	if all[1] != edited {
		t.Errorf("stored edit\n got %+v\nwant %+v", all[1], edited)
	}
	if latest, err := s.LatestSummary(ctx, id); err != nil || latest.ID != edited.ID {
		t.Errorf("LatestSummary = %+v, %v; want the edit", latest, err)
	}
	expectHits(t, s, "marzipan", 1)
	expectHits(t, s, "tihgt", 0) // the meeting is known by its newest notes

	// An edit of an edit names the version it was made from.
	again, err := s.AddEditedSummary(ctx, id, edited.ID, "Shorter.")
	if err != nil || again.Version != 3 || again.EditedFrom != 2 || again.Model != "llama3.2:3b" {
		t.Errorf("edit of the edit = %+v, %v", again, err)
	}

	for _, c := range []struct {
		name       string
		meeting    int64
		from       int64
		text       string
		wantErr    error
		wantRemain int
	}{
		{"empty notes", id, v1.ID, " \n\t", store.ErrEmptyNotes, 3},
		{"unknown version", id, v1.ID + 99, "x", store.ErrNotFound, 3},
		{"another meeting's version", mustCreate(t, s, "Other", "B: hi"), v1.ID, "x", store.ErrNotFound, 3},
	} {
		if _, err := s.AddEditedSummary(ctx, c.meeting, c.from, c.text); !errors.Is(err, c.wantErr) {
			t.Errorf("%s: %v, want %v", c.name, err, c.wantErr)
		}
		if all, _ := s.Summaries(ctx, id); len(all) != c.wantRemain {
			t.Errorf("%s: %d versions, want %d", c.name, len(all), c.wantRemain)
		}
	}
	integrity(t, s, path)
}

func TestDeleteOneVersion(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	db := rawDB(t, path)
	id := mustCreate(t, s, "Roadmap", "Ana: the roadmap")
	add := func(text, model string, status store.SummaryStatus) store.Summary {
		t.Helper()
		su, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Status: status, Text: text, Provider: "ollama", Model: model, MadeOnDevice: true})
		if err != nil {
			t.Fatal(err)
		}
		return su
	}
	v1 := add("apricots were chosen", "m1", store.StatusDone)
	v2 := add("bananas were chosen", "m2", store.StatusDone)
	v3 := add("cherries", "m3", store.StatusDraft)
	if err := s.SavePart(ctx, store.SummaryPart{SummaryID: v2.ID, Key: "k2", Text: "part"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendDraft(ctx, v3.ID, " in a tail"); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Version(ctx)

	if err := s.DeleteSummary(ctx, id, v2.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM summary_parts WHERE summary_id = ?", v2.ID); n != 0 {
		t.Errorf("%d parts outlived their version", n)
	}
	if m, err := s.Meeting(ctx, id); err != nil || m.Notes.Model != "m1" {
		t.Errorf("the meeting's notes after deleting version 2: %+v, %v; want version 1's", m.Notes, err)
	}
	if after, _ := s.Version(ctx); after == before {
		t.Error("Version did not change when a version was deleted")
	}
	expectHits(t, s, "bananas", 0)
	expectHits(t, s, "apricots", 1)

	if err := s.DeleteSummary(ctx, id, v3.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM summary_draft_tails"); n != 0 {
		t.Errorf("%d draft tails outlived their version", n)
	}
	// Numbers are given once: the next version is 4, not 2 or 3.
	if v4 := add("dates", "m4", store.StatusDone); v4.Version != 4 {
		t.Errorf("next version after deleting 2 and 3 = %d, want 4", v4.Version)
	}
	if err := s.DeleteSummary(ctx, id, v1.ID); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Summaries(ctx, id)
	if len(all) != 1 || all[0].Version != 4 {
		t.Errorf("versions left = %+v, want only 4", all)
	}

	other := mustCreate(t, s, "Other", "B: hi")
	for _, c := range []struct {
		name             string
		meeting, summary int64
	}{{"deleted twice", id, v1.ID}, {"another meeting's", other, all[0].ID}, {"unknown meeting", id + 99, all[0].ID}} {
		if err := s.DeleteSummary(ctx, c.meeting, c.summary); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", c.name, err)
		}
	}
	if err := s.DeleteSummary(ctx, id, all[0].ID); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Meeting(ctx, id); m.Notes != (store.NotesSource{}) {
		t.Errorf("a meeting without versions still tells of notes: %+v", m.Notes)
	}
	if _, err := s.LatestSummary(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LatestSummary with no versions: %v", err)
	}
	integrity(t, s, path)
}

func TestRenameSpeaker(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	id := mustCreate(t, s, "Standup", "Speaker 1: hello", "Ben: hi", "Speaker 1: the plan", "Speaker 2: agreed", ": nobody", "Speaker 2: yes")
	speakers := func() ([]string, []string) {
		t.Helper()
		m, err := s.Meeting(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		segs, err := s.Segments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var per []string
		for _, seg := range segs {
			per = append(per, seg.Speaker)
		}
		return m.Speakers, per
	}

	n, err := s.RenameSpeaker(ctx, id, "Speaker 1", "  Quentin Ogilvy ")
	if err != nil || n != 2 {
		t.Fatalf("rename = %d, %v; want 2 segments", n, err)
	}
	list, per := speakers()
	if want := []string{"Quentin Ogilvy", "Ben", "Speaker 2"}; !reflect.DeepEqual(list, want) {
		t.Errorf("speakers = %q, want %q", list, want)
	}
	if want := []string{"Quentin Ogilvy", "Ben", "Quentin Ogilvy", "Speaker 2", "", "Speaker 2"}; !reflect.DeepEqual(per, want) {
		t.Errorf("segments' speakers = %q, want %q", per, want)
	}
	expectHits(t, s, "Ogilvy", 1)
	expectHits(t, s, `"Speaker 1"`, 0)

	// Speaker 2 was Ben all along: the two become one, at Ben's place.
	n, err = s.RenameSpeaker(ctx, id, "Speaker 2", "Ben")
	if err != nil || n != 3 {
		t.Fatalf("merge = %d, %v; want 3 segments", n, err)
	}
	list, per = speakers()
	if want := []string{"Quentin Ogilvy", "Ben"}; !reflect.DeepEqual(list, want) {
		t.Errorf("speakers after the merge = %q, want %q", list, want)
	}
	if want := []string{"Quentin Ogilvy", "Ben", "Quentin Ogilvy", "Ben", "", "Ben"}; !reflect.DeepEqual(per, want) {
		t.Errorf("segments' speakers after the merge = %q, want %q", per, want)
	}

	// Merging into a later speaker keeps the merged name at the earlier one's place, and the numbers of
	// those after it follow.
	id2 := mustCreate(t, s, "Three", "A: one", "B: two", "C: three", "D: four", "B: five")
	if n, err := s.RenameSpeaker(ctx, id2, "A", "C"); err != nil || n != 2 {
		t.Fatalf("merge A into C = %d, %v", n, err)
	}
	m2, _ := s.Meeting(ctx, id2)
	segs2, _ := s.Segments(ctx, id2)
	var per2 []string
	for _, seg := range segs2 {
		per2 = append(per2, seg.Speaker)
	}
	if want := []string{"C", "B", "D"}; !reflect.DeepEqual(m2.Speakers, want) {
		t.Errorf("speakers = %q, want %q", m2.Speakers, want)
	}
	if want := []string{"C", "B", "C", "D", "B"}; !reflect.DeepEqual(per2, want) {
		t.Errorf("segments' speakers = %q, want %q", per2, want)
	}

	for _, c := range []struct {
		name, old, new string
		meeting        int64
		want           error
	}{
		{"unknown speaker", "Nobody", "X", id, store.ErrUnknownSpeaker},
		{"the old name", "Speaker 1", "X", id, store.ErrUnknownSpeaker},
		{"empty name", "Ben", "  ", id, store.ErrEmptySpeakerName},
		{"too long", "Ben", strings.Repeat("é", store.MaxSpeakerName+1), id, store.ErrSpeakerNameTooLong},
		{"unknown meeting", "Ben", "X", id + 99, store.ErrNotFound},
	} {
		if _, err := s.RenameSpeaker(ctx, c.meeting, c.old, c.new); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if n, err := s.RenameSpeaker(ctx, id, "Ben", "Ben"); err != nil || n != 3 {
		t.Errorf("renaming to the same name = %d, %v; want 3, nil", n, err)
	}
	if n, err := s.RenameSpeaker(ctx, id, "Ben", strings.Repeat("é", store.MaxSpeakerName)); err != nil || n != 3 {
		t.Errorf("the longest name = %d, %v", n, err)
	}
	integrity(t, s, path)
}

func TestSetSegmentText(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	id := mustCreate(t, s, "Standup", "Ana: we ship on Fryday", "Ben: fine")
	before, _ := s.Version(ctx)
	if err := s.SetSegmentText(ctx, id, 0, " we ship on Friday \n"); err != nil {
		t.Fatal(err)
	}
	segs, err := s.Segments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if segs[0].Text != "we ship on Friday" || segs[0].Speaker != "Ana" || segs[0].Start != 0 || segs[1].Text != "fine" {
		t.Errorf("segments = %+v", segs)
	}
	if after, _ := s.Version(ctx); after == before {
		t.Error("Version did not change when a segment was edited")
	}
	expectHits(t, s, "Friday", 1)
	expectHits(t, s, "Fryday", 0)
	for _, c := range []struct {
		name    string
		meeting int64
		index   int
		text    string
		want    error
	}{
		{"empty", id, 1, " ", store.ErrEmptySegment},
		{"past the end", id, 2, "x", store.ErrNotFound},
		{"negative", id, -1, "x", store.ErrNotFound},
		{"unknown meeting", id + 99, 0, "x", store.ErrNotFound},
	} {
		if err := s.SetSegmentText(ctx, c.meeting, c.index, c.text); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	integrity(t, s, path)
}

// The ledger keeps a deleted meeting's rows and says it is gone; its ID is not given to a new meeting,
// whose rows would then seem to speak of it.
func TestLedgerMarksDeletedMeetings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	keep := mustCreate(t, s, "keep", "A: hi")
	gone := mustCreate(t, s, "gone", "A: hi")
	for _, m := range []int64{keep, gone, 0} {
		if _, err := s.AddEgress(ctx, store.Egress{Provider: "together", Host: "api.together.xyz", Model: "m", CharsSent: 5, MeetingID: m, TLS: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteMeeting(ctx, gone); err != nil {
		t.Fatal(err)
	}
	next := mustCreate(t, s, "next", "A: hi")
	if next == gone {
		t.Errorf("the deleted meeting's ID %d was given again", gone)
	}
	ledger, err := s.EgressLedger(ctx, 0)
	if err != nil || len(ledger) != 3 {
		t.Fatalf("ledger = %+v, %v", ledger, err)
	}
	deleted := map[int64]bool{}
	for _, e := range ledger {
		deleted[e.MeetingID] = e.MeetingDeleted
	}
	if want := map[int64]bool{keep: false, gone: true, 0: false}; !reflect.DeepEqual(deleted, want) {
		t.Errorf("deleted by meeting = %v, want %v", deleted, want)
	}
}

// A database from before edited notes keeps its versions, and a version deleted after the upgrade does
// not give its number again.
func TestUpgradeFromSchema7KeepsVersionNumbers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	old, err := store.Open(ctx, path, store.WithMigrationsUpTo(7))
	if err != nil {
		t.Fatal(err)
	}
	id, err := old.CreateMeeting(ctx, store.NewMeeting{Title: "Before", Transcript: sampleTranscript("A: quinces")})
	if err != nil {
		t.Fatal(err)
	}
	// Versions as that schema wrote them; interrupted ones, which the search index leaves out.
	db := rawDB(t, path)
	for v := 1; v <= 3; v++ {
		if _, err := db.Exec(`INSERT INTO summaries (meeting_id, version, status, text, provider, created_at, updated_at)
			VALUES (?, ?, 'partial', 'notes', 'ollama', '2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z')`, id, v); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	s := upgrade(t, path)
	all, err := s.Summaries(ctx, id)
	if err != nil || len(all) != 3 || all[2].EditedFrom != 0 {
		t.Fatalf("versions after the upgrade = %+v, %v", all, err)
	}
	if err := s.DeleteSummary(ctx, id, all[2].ID); err != nil {
		t.Fatal(err)
	}
	su, err := s.AddEditedSummary(ctx, id, all[1].ID, "edited")
	if err != nil || su.Version != 4 || su.EditedFrom != 2 {
		t.Errorf("edit after the upgrade = %+v, %v; want version 4 from 2", su, err)
	}
	integrity(t, s, path)
}

// upgrade opens the database at path, which an older schema wrote, bringing it up to date; it is closed
// when the test ends.
func upgrade(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestSummaryOfADeletedMeetingIsNotFound: a version added after its meeting was deleted (a run that ends
// after the delete) is refused as ErrNotFound, which the engine words, not as a database error.
func TestSummaryOfADeletedMeetingIsNotFound(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustCreate(t, s, "Gone", "A: hi")
	if err := s.DeleteMeeting(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: "notes"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddSummary for a deleted meeting: %v, want ErrNotFound", err)
	}
}
