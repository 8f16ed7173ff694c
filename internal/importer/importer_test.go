package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"hushnote/internal/importer"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// shared is the project's shared test data (real meetings from QMSum, MIT licence), beside the repository.
const shared = "../../../shared/testdata"

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(shared, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared test data not present (%v)", err)
	}
	return dir
}

type qmsumTurn struct{ Speaker, Content string }

// reference reads a QMSum meeting's turns that have words in them.
func reference(t testing.TB, meeting string) []qmsumTurn {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(shared, "qmsum", meeting+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Turns []qmsumTurn `json:"meeting_transcripts"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []qmsumTurn
	for _, turn := range doc.Turns {
		if strings.TrimSpace(turn.Content) != "" {
			out = append(out, turn)
		}
	}
	return out
}

// TestEverySharedFileImportsWhole imports each real transcript into a real store and reads it back: the
// right speakers, one segment per turn, and every word in order.
func TestEverySharedFileImportsWhole(t *testing.T) {
	var files []string
	for _, sub := range []string{"transcripts", "qmsum"} {
		entries, err := os.ReadDir(sharedDir(t, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "LICENSE" {
				files = append(files, filepath.Join(shared, sub, e.Name()))
			}
		}
	}
	if len(files) < 28 {
		t.Fatalf("found %d shared files, want the 15 transcripts and 13 QMSum meetings", len(files))
	}
	ctx := context.Background()
	st := openStore(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			meeting, _, _ := strings.Cut(name, ".")
			want := reference(t, meeting)
			res, err := importer.File(ctx, st, path, "")
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.ReplaceAll(meeting, "_", " "); res.Title != want {
				t.Errorf("title = %q, want %q", res.Title, want)
			}
			m, err := st.Meeting(ctx, res.ID)
			if err != nil {
				t.Fatal(err)
			}
			segs, err := st.Segments(ctx, res.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(segs) != len(want) || m.SegmentCount != len(want) {
				t.Fatalf("%d segments (meeting says %d), want %d turns", len(segs), m.SegmentCount, len(want))
			}
			withSpeakers := !strings.HasSuffix(name, ".whisper.json")
			var got, ref []string
			for i, s := range segs {
				if withSpeakers && s.Speaker != want[i].Speaker {
					t.Fatalf("segment %d speaker = %q, want %q", i, s.Speaker, want[i].Speaker)
				}
				got = append(got, strings.Fields(s.Text)...)
				ref = append(ref, strings.Fields(want[i].Content)...)
			}
			if strings.Join(got, " ") != strings.Join(ref, " ") {
				for i := range min(len(got), len(ref)) {
					if got[i] != ref[i] {
						t.Fatalf("word %d = %q, want %q (of %d words)", i, got[i], ref[i], len(ref))
					}
				}
				t.Fatalf("%d words imported, want %d", len(got), len(ref))
			}
			if withSpeakers && len(m.Speakers) == 0 {
				t.Error("no speakers recorded")
			}
			timed := strings.HasSuffix(name, ".vtt") || strings.HasSuffix(name, ".srt") || strings.HasSuffix(name, ".whisper.json")
			if timed && m.Duration == 0 {
				t.Error("timed transcript stored without a duration")
			}
		})
	}
}

func TestBadFilesSaveNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty.vtt", nil, transcript.ErrEmpty},
		{"blank.txt", []byte(" \n\n\t\n"), transcript.ErrEmpty},
		{"photo.srt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), transcript.ErrBinary},
		{"cut.json", []byte(`{"meeting_transcripts": [{"speaker": "A", "content": "hel`), transcript.ErrMalformed},
		{"broken.vtt", []byte("WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.500\nA: hi\n"), transcript.ErrMalformed},
		{"mixed.txt", []byte("Ren\xc3\xa9: caf\xe9 cr\xe8me\n"), transcript.ErrNotUTF8},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if err := os.WriteFile(path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := importer.File(ctx, st, path, "")
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.name) {
				t.Errorf("message %q does not name the file", err)
			}
			if n, _ := st.CountMeetings(ctx); n != 0 {
				t.Errorf("%d meetings saved after a failed import", n)
			}
		})
	}
}

func TestTitleFromFileName(t *testing.T) {
	for in, want := range map[string]string{
		"ES2004a.zoom.vtt":           "ES2004a",
		"weekly_sync 2026-03-01.txt": "weekly sync 2026-03-01",
		"/tmp/x/Board meeting.srt":   "Board meeting",
		"notes":                      "notes",
		"v1.2 planning.whisper.json": "v1.2 planning",
		".hidden":                    ".hidden",
	} {
		if got := importer.TitleFromFileName(in); got != want {
			t.Errorf("TitleFromFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkImportQMSum imports all 13 QMSum meetings into a fresh store per iteration.
func BenchmarkImportQMSum(b *testing.B) {
	dir := sharedDir(b, "qmsum")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var size int64
	for _, f := range files {
		fi, _ := os.Stat(f)
		size += fi.Size()
	}
	b.SetBytes(size)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		b.StartTimer()
		for _, f := range files {
			if _, err := importer.File(ctx, st, f, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "meetings/op")
}

// A transcript saved as Windows-1252 is converted, and the result says so; a UTF-8 one has no note.
func TestWindows1252FileIsConvertedAndNoted(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	utf := "Zoë Müller: The case costs 25 € – “cheap”.\nJosé: D’accord, c’est décidé.\n"
	ansi, err := charmap.Windows1252.NewEncoder().Bytes([]byte(utf))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ansi.txt")
	if err := os.WriteFile(path, ansi, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := importer.File(ctx, st, path, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Note != "converted from Windows-1252" {
		t.Errorf("Note = %q", res.Note)
	}
	segs, err := st.Segments(ctx, res.ID)
	if err != nil || len(segs) != 2 || segs[0].Speaker != "Zoë Müller" || segs[0].Text != "The case costs 25 € – “cheap”." || segs[1].Text != "D’accord, c’est décidé." {
		t.Errorf("segments = %+v, %v", segs, err)
	}
	os.WriteFile(path, []byte(utf), 0o600)
	if res, err := importer.File(ctx, st, path, ""); err != nil || res.Note != "" {
		t.Errorf("a UTF-8 file: %+v, %v; want no note", res, err)
	}
}
