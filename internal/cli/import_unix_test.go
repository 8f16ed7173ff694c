//go:build unix

package cli_test

import (
	"path/filepath"
	"syscall"
	"testing"

	"hushnote/internal/cli"
)

// TestImportRefusesANamedPipe: a named pipe among the files is refused at once with what it is; the
// import goes on with the others.
func TestImportRefusesANamedPipe(t *testing.T) {
	home := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "captions.vtt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, home, "import", fifo, "testdata/standup.zoom.vtt")
	if code != cli.ExitError || out != "1\tstandup\n" {
		t.Errorf("exit %d, stdout %q; want 1 and the stand-up imported", code, out)
	}
	if errOut != "hushnote import: captions.vtt: is a named pipe, not a transcript file\n" {
		t.Errorf("stderr %q", errOut)
	}
}
