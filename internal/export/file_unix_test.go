//go:build unix

package export_test

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"hushnote/internal/export"
)

// The user's umask may take more away than 0600 does, never add to it.
func TestWriteFileFollowsAStricterUmask(t *testing.T) {
	old := syscall.Umask(0o277)
	t.Cleanup(func() { syscall.Umask(old) })
	path := filepath.Join(t.TempDir(), "notes.md")
	if err := export.WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o400 {
		t.Errorf("permissions %o under umask 277, want 400", fi.Mode().Perm())
	}
}
