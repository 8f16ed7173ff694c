package export_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hushnote/internal/export"
	"hushnote/internal/store"
)

func TestFileName(t *testing.T) {
	day := time.Date(2026, 3, 4, 12, 0, 0, 0, time.Local)
	for _, c := range []struct {
		m    store.Meeting
		ext  string
		want string
	}{
		{store.Meeting{Title: "Remote control: kick-off!", MeetingDate: day}, "md", "Remote control kick-off 2026-03-04.md"},
		{store.Meeting{Title: "Q3 \"final\" plan / v2...", CreatedAt: day}, ".pdf", "Q3 final plan v2 2026-03-04.pdf"},
		{store.Meeting{Title: "Ana's 1:1 — Ben’s notes", MeetingDate: day}, "json", "Anas 1 1 Bens notes 2026-03-04.json"},
		{store.Meeting{Title: "Réunion été 日本語", MeetingDate: day}, "md", "Réunion été 日本語 2026-03-04.md"},
		{store.Meeting{Title: "...", MeetingDate: day}, "md", "2026-03-04.md"},
		{store.Meeting{Title: "?!*"}, "md", "Meeting.md"},
		{store.Meeting{Title: "   "}, "", "Meeting"},
		{store.Meeting{Title: "con"}, "md", "Meeting con.md"},
		{store.Meeting{Title: "- notes -. "}, "txt", "notes.txt"},
		{store.Meeting{Title: "../../etc/passwd"}, "md", "etc passwd.md"},
		{store.Meeting{Title: "Sample: product design kick-off (AMI ES2004a)"}, "md", "Sample product design kick-off AMI ES2004a.md"},
	} {
		if got := export.FileName(c.m, c.ext); got != c.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", c.m.Title, c.ext, got, c.want)
		}
	}
	long := export.FileName(store.Meeting{Title: strings.Repeat("word ", 100)}, "md")
	if len([]rune(long)) > 70 || strings.Contains(long, " .") || !strings.HasSuffix(long, "word.md") {
		t.Errorf("a long title gives %q", long)
	}
}

func TestWriteFileIsWholeAndPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.md")
	if err := os.WriteFile(path, []byte("the old export"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "the new export")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the new export" {
		t.Errorf("file holds %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("permissions %o, want 600 (the file replaced does not lend its own)", fi.Mode().Perm())
	}

	// A writer that fails half-way leaves the old file as it was and no temporary file.
	boom := errors.New("the disk is full")
	err := export.WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half of ")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Errorf("error = %v, want the writer's, naming the file", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the new export" {
		t.Errorf("after a failed write the file holds %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}

	missing := filepath.Join(dir, "no such folder", "notes.md")
	err = export.WriteFile(missing, func(w io.Writer) error { return nil })
	if err == nil || strings.Count(err.Error(), "notes.md") != 1 {
		t.Errorf("into a missing folder: %v; want one error naming the file once", err)
	}
}
