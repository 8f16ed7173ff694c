package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// clock is a fake time source that moves one second per reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func openTemp(t *testing.T, opts ...store.Option) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), store.FileName)
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	s, err := store.Open(context.Background(), path, append([]store.Option{store.WithClock(c.now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func sampleTranscript(lines ...string) *transcript.Transcript {
	tr := &transcript.Transcript{Format: transcript.FormatText, Language: "en"}
	for i, l := range lines {
		speaker, text, _ := strings.Cut(l, ": ")
		tr.Segments = append(tr.Segments, transcript.Segment{
			Start: time.Duration(i) * 10 * time.Second, End: time.Duration(i+1)*10*time.Second - time.Second,
			Speaker: speaker, Text: text,
		})
	}
	return tr
}

func mustCreate(t *testing.T, s *store.Store, title string, lines ...string) int64 {
	t.Helper()
	id, err := s.CreateMeeting(context.Background(), store.NewMeeting{Title: title, SourceName: title + ".txt", Transcript: sampleTranscript(lines...)})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// rawDB opens the same file with plain SQL, to look behind the store's back.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenCreatesPrivateFileInWALMode(t *testing.T) {
	_, path := openTemp(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("database permissions = %o, want 600", perm)
	}
	var mode string
	if err := rawDB(t, path).QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestMeetingRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	tr := sampleTranscript("Ana: Welcome everyone.", "Ben: Thanks, glad to be here.", "Ana: Let's start with the budget.")
	date := time.Date(2026, 2, 14, 15, 30, 0, 0, time.UTC)
	id, err := s.CreateMeeting(ctx, store.NewMeeting{Title: "  Budget review ", MeetingDate: date, SourceName: "budget.vtt", Transcript: tr})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Meeting(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Meeting{
		ID: id, Title: "Budget review", MeetingDate: date, Duration: 29 * time.Second, SourceName: "budget.vtt",
		SourceFormat: transcript.FormatText, Language: "en", Speakers: []string{"Ana", "Ben"}, SegmentCount: 3,
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("Meeting = %+v\nwant      %+v", m, want)
	}
	if m.CreatedAt.IsZero() {
		t.Error("CreatedAt not set")
	}
	segs, err := s.Segments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(segs, tr.Segments) {
		t.Errorf("Segments = %+v\nwant %+v", segs, tr.Segments)
	}
	if _, err := s.Meeting(ctx, id+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown meeting: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Segments(ctx, id+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown meeting segments: err = %v, want ErrNotFound", err)
	}
	if _, err := s.CreateMeeting(ctx, store.NewMeeting{Title: "empty", Transcript: &transcript.Transcript{}}); !errors.Is(err, store.ErrNoSegments) {
		t.Errorf("empty transcript: err = %v, want ErrNoSegments", err)
	}
}

func TestListNewestFirst(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	var ids []int64
	for _, title := range []string{"first", "second", "third", "fourth"} {
		ids = append(ids, mustCreate(t, s, title, "A: hello"))
	}
	all, err := s.ListMeetings(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range all {
		got = append(got, m.Title)
	}
	if want := []string{"fourth", "third", "second", "first"}; !reflect.DeepEqual(got, want) {
		t.Errorf("list = %v, want %v", got, want)
	}
	page, err := s.ListMeetings(ctx, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[1] {
		t.Errorf("page (offset 1, limit 2) = %+v", page)
	}
	if n, err := s.CountMeetings(ctx); err != nil || n != 4 {
		t.Errorf("CountMeetings = %d, %v; want 4", n, err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	remote := mustCreate(t, s, "Remote control kick-off", "Ana: We will design a new remote control.", "Ben: It should be trendy and cheap.")
	budget := mustCreate(t, s, "Quarterly budget", "Cleo: The budget for the remote is twelve euros.", "Dan: Marketing wants more.")
	standup := mustCreate(t, s, "Stand-up", "Eve: Yesterday I fixed the login bug.", "Fay: Today, release notes.")

	tests := []struct {
		query string
		want  []int64 // in rank order
	}{
		{"remote", []int64{remote, budget}}, // the title match ranks first
		{"REMOTE control", []int64{remote}},
		{`"remote control"`, []int64{remote}},
		{`"control remote"`, nil},
		{"budget", []int64{budget}},
		{"designing", []int64{remote}}, // stemmed
		{"relea*", []int64{standup}},
		{"login OR budget", []int64{budget, standup}}, // the title match ranks first
		{"nothinglikethis", nil},
		{`budget AND NOT ( "x`, nil}, // operators are plain words: no syntax error, and no meeting has them all
		{"Cleo", []int64{budget}},    // speaker names are searchable
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range hits {
				got = append(got, h.Meeting.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}

	hits, err := s.Search(ctx, "twelve", 10)
	if err != nil || len(hits) != 1 {
		t.Fatalf("twelve: %v, %v", hits, err)
	}
	if got := hits[0].SnippetText("[", "]"); !strings.Contains(got, "[twelve]") || got != "… for the remote is [twelve] euros." {
		t.Errorf("snippet = %q, want the matched word marked in its context", got)
	}
	if _, err := s.Search(ctx, `  "" * OR `, 10); !errors.Is(err, store.ErrEmptyQuery) {
		t.Errorf("empty query: err = %v, want ErrEmptyQuery", err)
	}
}

// TestSearchIsBoundedWithANote: a query past the bounds is searched in part (so that every search stays
// quick, whatever is typed or pasted) and SearchNote says how; within them, nothing changes.
func TestSearchIsBoundedWithANote(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	words := strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo")
	first16 := mustCreate(t, s, "Sixteen", "Ana: "+strings.Join(words[:16], " ")+".")
	mustCreate(t, s, "Other", "Ben: tango uniform victor.")
	tests := []struct {
		name, query, note string
		want              []int64
	}{
		{"within the bounds", "alpha bravo* \"charlie delta\"", "", []int64{first16}},
		{"more than 16 words", strings.Join(words, " "), "searching for the first 16 words only", []int64{first16}},
		{"a pasted page of words", strings.Repeat(strings.Join(words[:16], " ")+" ", 500) + "zulu", "searching for the first 16 words only", []int64{first16}},
		{"a one-letter prefix", "a* bravo", "a word's beginning needs 3 letters before the *, so “a*” is searched as a whole word", nil},
		{"two short prefixes", "al* br* charlie", "a word's beginning needs 3 letters before the *, so “al*”, “br*” are searched as whole words", nil},
		{"more than 2 prefixes", "alp* bra* cha*", "only the first 2 words ending in * find the words they begin; the others are searched as whole words", nil},
		{"more than 8 words in phrases", `"alpha bravo charlie" "delta echo foxtrot" "golf hotel" "juliet india"`, "only the first 8 words in quotes are searched as phrases; the others are searched one by one", []int64{first16}},
		{"a phrase cut by the bound", `"alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo"`, "only the first 8 words in quotes are searched as phrases; the others are searched one by one", []int64{first16}},
		{"a phrase that does not hold within the bound", `"alpha bravo charlie delta echo foxtrot golf hotel" "mike lima"`, "only the first 8 words in quotes are searched as phrases; the others are searched one by one", []int64{first16}},
		{"a phrase that does not hold", `"mike lima"`, "", nil},
		{"several bounds at once", "a* " + strings.Join(words, " "), "searching for the first 16 words only; a word's beginning needs 3 letters before the *, so “a*” is searched as a whole word", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.SearchNote(tc.query); got != tc.note {
				t.Errorf("SearchNote = %q, want %q", got, tc.note)
			}
			hits, err := s.Search(ctx, tc.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range hits {
				got = append(got, h.Meeting.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Search = %v, want %v", got, tc.want)
			}
			if n := len(store.QueryStems(tc.query)); n > store.MaxSearchWords {
				t.Errorf("%d words to highlight, more than the %d searched for", n, store.MaxSearchWords)
			}
		})
	}
}

// TestSearchTooCostlyToRankListsNewestFirst: when ranking the matches would take longer than the
// budget (words found in nearly every meeting weigh little and cost much), the search lists them as a
// broad search does: title and speaker matches first, then the newest, with rank 0.
func TestSearchTooCostlyToRankListsNewestFirst(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		budget time.Duration
		want   []string
		ranked bool
	}{
		{"ranked in time", time.Minute, []string{"Older", "Newer"}, true},
		{"past the budget", time.Nanosecond, []string{"Newer", "Older"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, store.WithRankBudget(tc.budget))
			mustCreate(t, s, "Older", "Ana: budget budget budget, the budget and the budget again.")
			mustCreate(t, s, "Newer", "Ben: a word on the budget among many other words of the meeting.")
			hits, err := s.Search(ctx, "budget", 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Meeting.Title)
				if ranked := h.Rank != 0; ranked != tc.ranked {
					t.Errorf("%s: rank %v", h.Meeting.Title, h.Rank)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Search = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSearchFollowsRenameAndSummaries(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustCreate(t, s, "ES2004a.vtt", "Ana: hello")
	if err := s.RenameMeeting(ctx, id, "Design kick-off"); err != nil {
		t.Fatal(err)
	}
	expectHits(t, s, "ES2004a", 0)
	expectHits(t, s, "kick-off", 1)

	draft, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: "Draft: a purple remote."})
	if err != nil {
		t.Fatal(err)
	}
	expectHits(t, s, "purple", 0) // a draft is not what the meeting is known by
	if err := s.SaveDraft(ctx, draft.ID, "Draft: a purple remote, maybe green."); err != nil {
		t.Fatal(err)
	}
	su, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: "Decided: a yellow banana-shaped remote.", Status: store.StatusDone})
	if err != nil {
		t.Fatal(err)
	}
	expectHits(t, s, "banana", 1)
	su.Text, su.Status = "Decided: a round remote.", store.StatusDone
	if err := s.UpdateSummary(ctx, su); err != nil {
		t.Fatal(err)
	}
	expectHits(t, s, "banana", 0)
	expectHits(t, s, "round", 1)
	if err := s.RenameMeeting(ctx, id, "  "); err == nil {
		t.Error("renaming to an empty title succeeded")
	}
	if err := s.RenameMeeting(ctx, id+1, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rename unknown: %v, want ErrNotFound", err)
	}
}

func expectHits(t *testing.T, s *store.Store, q string, n int) {
	t.Helper()
	hits, err := s.Search(context.Background(), q, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != n {
		t.Errorf("Search(%q) found %d meetings, want %d", q, len(hits), n)
	}
}

func TestSummaryVersionsAreNeverOverwritten(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustCreate(t, s, "m", "A: hi")
	if _, err := s.LatestSummary(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no summary yet: %v, want ErrNotFound", err)
	}
	v1, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: "one", Provider: "ollama", Model: "llama3.2", Status: store.StatusDone,
		PromptTokens: 120, AnswerTokens: 30, FirstToken: 250 * time.Millisecond, Duration: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: "two", Provider: "together", Model: "m2"})
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v2.Version != 2 {
		t.Errorf("versions = %d, %d; want 1, 2", v1.Version, v2.Version)
	}
	all, err := s.Summaries(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Text != "one" || all[1].Text != "two" || all[1].Status != store.StatusDraft {
		t.Fatalf("Summaries = %+v", all)
	}
	if all[0].FirstToken != 250*time.Millisecond || all[0].PromptTokens != 120 || all[0].Provider != "ollama" {
		t.Errorf("provenance lost: %+v", all[0])
	}
	latest, err := s.LatestSummary(ctx, id)
	if err != nil || latest.Text != "one" {
		t.Errorf("LatestSummary = %+v, %v; want the finished version 1 over the draft 2", latest, err)
	}
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: id + 9}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("summary for unknown meeting: %v, want ErrNotFound", err)
	}
}

func TestDeleteRemovesEverythingButTheLedger(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	keep := mustCreate(t, s, "keep", "A: apples and pears")
	gone := mustCreate(t, s, "gone", "B: apples and plums", "C: more plums")
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: gone, Text: "plums were discussed", Status: store.StatusDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEgress(ctx, store.Egress{Provider: "together", Host: "api.together.xyz", Model: "m", CharsSent: 42, MeetingID: gone, TLS: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteMeeting(ctx, gone); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	if n := count(t, db, "SELECT COUNT(*) FROM segments WHERE meeting_id = ?", gone); n != 0 || count(t, db, "SELECT COUNT(*) FROM segments") != 1 {
		t.Errorf("%d segments left", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM summaries WHERE meeting_id = ?", gone); n != 0 {
		t.Errorf("%d summaries left", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM meeting_fts WHERE meeting_fts MATCH 'plums'"); n != 0 {
		t.Errorf("%d index rows still match", n)
	}
	expectHits(t, s, "plums", 0)
	expectHits(t, s, "apples", 1)
	if n := count(t, db, "SELECT COUNT(*) FROM egress WHERE meeting_id = ?", gone); n != 1 {
		t.Errorf("egress rows for the deleted meeting = %d, want 1 (the text did leave)", n)
	}
	if err := s.DeleteMeeting(ctx, gone); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Meeting(ctx, keep); err != nil {
		t.Error(err)
	}
	// The external-content index must still agree with its content.
	if _, err := db.Exec("INSERT INTO meeting_fts (meeting_fts) VALUES ('integrity-check')"); err != nil {
		t.Errorf("search index integrity: %v", err)
	}
}

func TestSettingsAndLedger(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if _, err := s.Setting(ctx, "provider.active"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing setting: %v", err)
	}
	for _, v := range []string{"together", "ollama"} {
		if err := s.SetSetting(ctx, "provider.active", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Setting(ctx, "provider.active"); err != nil || got != v {
			t.Errorf("Setting = %q, %v; want %q", got, err, v)
		}
	}
	for i := range 3 {
		if _, err := s.AddEgress(ctx, store.Egress{Provider: "together", Host: "api.together.xyz", Model: "m", CharsSent: 100 * (i + 1), TLS: true}); err != nil {
			t.Fatal(err)
		}
	}
	ledger, err := s.EgressLedger(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ledger) != 2 || ledger[0].CharsSent != 300 || !ledger[0].TLS || ledger[0].At.IsZero() {
		t.Errorf("ledger = %+v", ledger)
	}
}

func TestUpgradeFromSchema1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	old, err := store.Open(ctx, path, store.WithMigrationsUpTo(1))
	if err != nil {
		t.Fatal(err)
	}
	id, err := old.CreateMeeting(ctx, store.NewMeeting{Title: "Before the upgrade", Transcript: sampleTranscript("A: marmalade recipes")})
	if err == nil || id != 0 {
		// Schema 1 has no search index; CreateMeeting (which keeps one) must fail without saving half a meeting.
		t.Fatalf("CreateMeeting on schema 1: id %d, err %v; want an error", id, err)
	}
	// Write a meeting the way schema 1 did.
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO meetings (id, title, created_at, updated_at, speakers, segment_count) VALUES (7, 'Before the upgrade', '2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z', '["A"]', 1);
		INSERT INTO segments (id, speaker_no, text) VALUES (7 << 20, 1, 'marmalade recipes');`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM meetings"); n != 1 {
		t.Fatalf("meetings before upgrade = %d, want 1", n)
	}
	old.Close()

	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if v := count(t, db, "SELECT MAX(version) FROM schema_migrations"); v != store.SchemaVersion() {
		t.Errorf("schema after upgrade = %d, want %d", v, store.SchemaVersion())
	}
	hits, err := s.Search(ctx, "marmalade", 10)
	if err != nil || len(hits) != 1 || hits[0].Meeting.ID != 7 {
		t.Errorf("search after upgrade = %+v, %v; want meeting 7", hits, err)
	}
	if res, err := s.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Errorf("integrity = %q, %v", res, err)
	}
}

// TestNewerSchemaIsRefusedUntouched: a database from a newer Hushnote is left byte for byte as it was,
// whatever its journal mode (a newer version may choose another; a copy made with VACUUM INTO or the
// sqlite3 shell's .backup is in rollback mode), and no -wal or -shm file is left beside it.
func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	for _, journal := range []string{"wal", "delete"} {
		t.Run(journal, func(t *testing.T) {
			ctx := context.Background()
			s, path := openTemp(t)
			mustCreate(t, s, "m", "A: hi")
			s.Close()
			db := rawDB(t, path)
			if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 'x')`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			var mode string
			if err := db.QueryRow(`PRAGMA journal_mode = ` + journal).Scan(&mode); err != nil || mode != journal {
				t.Fatalf("journal_mode = %q, %v; want %s", mode, err, journal)
			}
			db.Close()
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("%s exists before the test opens the file (%v)", side, err)
				}
			}
			before := fileHash(t, path)
			_, err := store.Open(ctx, path)
			var tooNew *store.SchemaTooNewError
			if !errors.As(err, &tooNew) || tooNew.Found != 99 {
				t.Fatalf("Open = %v, want SchemaTooNewError for schema 99", err)
			}
			if !strings.Contains(err.Error(), "newer version of Hushnote") {
				t.Errorf("message %q does not tell the user what happened", err)
			}
			if after := fileHash(t, path); after != before {
				t.Error("the newer database was modified")
			}
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("opening the newer database left %s beside it (%v)", side, err)
				}
			}
		})
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestVersionChangesOnEveryChange(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seen := map[string]bool{}
	check := func(step string) {
		t.Helper()
		v, err := s.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if seen[v] {
			t.Errorf("after %s the version %q did not change", step, v)
		}
		seen[v] = true
	}
	check("open")
	a := mustCreate(t, s, "a", "A: x")
	check("create")
	b := mustCreate(t, s, "b", "A: y")
	check("create another")
	if err := s.RenameMeeting(ctx, a, "a2"); err != nil {
		t.Fatal(err)
	}
	check("rename")
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: b, Text: "s"}); err != nil {
		t.Fatal(err)
	}
	check("summary")
	if err := s.DeleteMeeting(ctx, a); err != nil {
		t.Fatal(err)
	}
	check("delete")
}

// TestBroadSearchListsTitleMatchesThenNewest: past broadSearch matches, meetings whose title holds the
// words come first, then the newest.
func TestBroadSearchListsTitleMatchesThenNewest(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	n := store.BroadSearch + 20
	var titled int64
	for i := range n {
		title := fmt.Sprintf("Sync %d", i)
		if i == 3 {
			title = "Budget sync"
		}
		tr := sampleTranscript("A: the budget again", "B: yes")
		id, err := s.CreateMeeting(ctx, store.NewMeeting{Title: title, Transcript: tr})
		if err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			titled = id
		}
	}
	hits, err := s.Search(ctx, "budget", 5)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, h := range hits {
		got = append(got, h.Meeting.ID)
	}
	last := int64(n)
	if want := []int64{titled, last, last - 1, last - 2, last - 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("broad search = %v, want the title match then the newest: %v", got, want)
	}
	if hits[1].SnippetText("[", "]") != "the [budget] again" || hits[1].Speaker != "A" || hits[1].Segment != 0 {
		t.Errorf("snippet of a newest hit = %q (speaker %q, segment %d)", hits[1].SnippetText("[", "]"), hits[1].Speaker, hits[1].Segment)
	}
}

func TestMeetingKnowsWhoWroteItsNotes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustCreate(t, s, "ES2004a.vtt", "Ana: hello")
	other := mustCreate(t, s, "IS1000a.vtt", "Bo: hi")
	if m, err := s.Meeting(ctx, id); err != nil || m.Notes != (store.NotesSource{}) {
		t.Fatalf("before any summary: %+v, %v", m.Notes, err)
	}
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Status: store.StatusDone, Text: "a", Provider: "ollama", Model: "llama3.2", BaseURLHost: "127.0.0.1:11434"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Status: store.StatusDone, Text: "b", Provider: "together", Model: "meta-llama/x", BaseURLHost: "api.together.xyz"}); err != nil {
		t.Fatal(err)
	}
	// A newer draft does not count: the meeting is known by its newest finished notes.
	if _, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Text: "c", Provider: "ollama", Model: "qwen3"}); err != nil {
		t.Fatal(err)
	}
	want := store.NotesSource{Provider: "together", Model: "meta-llama/x", BaseURLHost: "api.together.xyz"}
	list, err := s.ListMeetings(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		switch m.ID {
		case id:
			if m.Notes != want {
				t.Errorf("listed notes = %+v, want %+v", m.Notes, want)
			}
		case other:
			if m.Notes != (store.NotesSource{}) {
				t.Errorf("a meeting without notes lists %+v", m.Notes)
			}
		}
	}
	if m, err := s.Meeting(ctx, id); err != nil || m.Notes != want {
		t.Errorf("Meeting notes = %+v, %v, want %+v", m.Notes, err, want)
	}
}

func TestSetMeetingDate(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustCreate(t, s, "ES2004a.vtt", "Ana: hello")
	when := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	if err := s.SetMeetingDate(ctx, id, when); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Meeting(ctx, id); err != nil || !m.MeetingDate.Equal(when) {
		t.Errorf("date = %v, %v, want %v", m.MeetingDate, err, when)
	}
	if err := s.SetMeetingDate(ctx, id, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Meeting(ctx, id); err != nil || !m.MeetingDate.IsZero() {
		t.Errorf("cleared date = %v, %v, want zero", m.MeetingDate, err)
	}
	if err := s.SetMeetingDate(ctx, id+10, when); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown meeting: %v, want ErrNotFound", err)
	}
}

// TestListIsNewestMeetingFirst: the list is ordered by when meetings took place, falling back to when
// they were imported, whatever the import order; a changed date moves a meeting.
func TestListIsNewestMeetingFirst(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	mk := func(title string, date time.Time) int64 {
		id, err := s.CreateMeeting(ctx, store.NewMeeting{Title: title, MeetingDate: date, Transcript: sampleTranscript("Ana: hello")})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	old := mk("Old retro", time.Date(2020, 5, 1, 10, 0, 0, 0, time.UTC))
	undated := mk("Imported today, no date", time.Time{})
	m, err := s.Meeting(ctx, undated)
	if err != nil {
		t.Fatal(err)
	}
	imported := m.CreatedAt // the store's clock
	mk("March planning", imported.Add(-24*time.Hour))
	order := func() string {
		ms, err := s.ListMeetings(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, m := range ms {
			titles = append(titles, m.Title)
		}
		return strings.Join(titles, " | ")
	}
	if got := order(); got != "Imported today, no date | March planning | Old retro" {
		t.Errorf("order = %s", got)
	}
	if err := s.SetMeetingDate(ctx, old, imported.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := order(); got != "Old retro | Imported today, no date | March planning" {
		t.Errorf("after moving the old one's date: %s", got)
	}
	var plan, detail string
	var id, parent, unused int
	err = rawDB(t, path).QueryRow(`EXPLAIN QUERY PLAN SELECT id FROM meetings ORDER BY COALESCE(meeting_date, created_at) DESC, id DESC LIMIT 100`).Scan(&id, &parent, &unused, &detail)
	plan = detail
	if err != nil || !strings.Contains(plan, "meetings_by_date") {
		t.Errorf("the list is read without its index: %q, %v", plan, err)
	}
}

// TestDraftGrowsByItsTails: a draft is saved by appending what arrived, and read whole; starting it
// again, marking it interrupted or saving it for good folds the tails in.
func TestDraftGrowsByItsTails(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	db := rawDB(t, path)
	id := mustCreate(t, s, "m", "A: hi")
	text := func(suID int64) string {
		t.Helper()
		all, err := s.Summaries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, su := range all {
			if su.ID == suID {
				latest, err := s.LatestSummary(ctx, id)
				if err != nil || latest.ID == suID && latest.Text != su.Text {
					t.Errorf("LatestSummary = %q, %v; Summaries says %q", latest.Text, err, su.Text)
				}
				return su.Text
			}
		}
		t.Fatalf("no summary %d", suID)
		return ""
	}
	tails := func() int { return count(t, db, "SELECT COUNT(*) FROM summary_draft_tails") }

	draft, err := s.AddSummary(ctx, store.Summary{MeetingID: id})
	if err != nil {
		t.Fatal(err)
	}
	for _, tail := range []string{"## Summary\n", "The team ", "", "met."} {
		if err := s.AppendDraft(ctx, draft.ID, tail); err != nil {
			t.Fatal(err)
		}
	}
	if got := text(draft.ID); got != "## Summary\nThe team met." || tails() != 3 {
		t.Errorf("draft %q with %d tails", got, tails())
	}
	if err := s.SaveDraft(ctx, draft.ID, "Again: "); err != nil { // the answer starts again
		t.Fatal(err)
	}
	s.AppendDraft(ctx, draft.ID, "the team met.")
	if got := text(draft.ID); got != "Again: the team met." {
		t.Errorf("draft after a restart %q", got)
	}
	if n, err := s.MarkInterrupted(ctx, id, 0); err != nil || n != 1 {
		t.Fatalf("MarkInterrupted = %d, %v", n, err)
	}
	if got := text(draft.ID); got != "Again: the team met." || tails() != 0 {
		t.Errorf("interrupted draft %q with %d tails left", got, tails())
	}

	second, err := s.AddSummary(ctx, store.Summary{MeetingID: id})
	if err != nil {
		t.Fatal(err)
	}
	s.AppendDraft(ctx, second.ID, "Half of ")
	second.Text, second.Status = "The whole notes.", store.StatusDone
	if err := s.UpdateSummary(ctx, second); err != nil {
		t.Fatal(err)
	}
	s.AppendDraft(ctx, second.ID, " more") // a finished summary is left as it is
	if got := text(second.ID); got != "The whole notes." || tails() != 0 {
		t.Errorf("finished summary %q with %d tails", got, tails())
	}

	third, _ := s.AddSummary(ctx, store.Summary{MeetingID: id})
	s.AppendDraft(ctx, third.ID, "Going")
	if err := s.DeleteMeeting(ctx, id); err != nil {
		t.Fatal(err)
	}
	if tails() != 0 {
		t.Errorf("%d tails outlived their meeting", tails())
	}
}
