//go:build unix

package importer_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"hushnote/internal/importer"
)

// TestSpecialFilesAreRefusedAtOnce: a named pipe would keep the import waiting for a writer forever, a
// device would hand it endless bytes; each is refused before it is opened, with what it is, and a link
// is judged by what it points to.
func TestSpecialFilesAreRefusedAtOnce(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "meeting.vtt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.vtt")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	link := filepath.Join(dir, "link-to-pipe.txt")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, path, what string }{
		{"named pipe", fifo, "is a named pipe"},
		{"link to a named pipe", link, "is a named pipe"},
		{"socket", sock, "is a socket"},
		{"folder", dir, "is a folder"},
	}
	for _, dev := range []string{"/dev/zero", "/dev/urandom"} {
		if _, err := os.Stat(dev); err == nil {
			devLink := filepath.Join(dir, filepath.Base(dev)+".srt")
			if err := os.Symlink(dev, devLink); err != nil {
				t.Fatal(err)
			}
			cases = append(cases, struct{ name, path, what string }{dev, dev, "is a device"}, struct{ name, path, what string }{"link to " + dev, devLink, "is a device"})
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importer.File(ctx, st, tc.path, "")
			if !errors.Is(err, importer.ErrNotAFile) {
				t.Fatalf("err = %v, want ErrNotAFile", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.what) || !strings.HasPrefix(msg, filepath.Base(tc.path)+": ") {
				t.Errorf("message %q does not name the file and say it %s", msg, tc.what)
			}
		})
	}
	if n, _ := st.CountMeetings(ctx); n != 0 {
		t.Errorf("%d meetings saved", n)
	}
}
