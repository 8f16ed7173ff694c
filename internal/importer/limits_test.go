package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hushnote/internal/importer"
	"hushnote/internal/store"
)

const sampleVTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnna: We ship on Friday.\n"

// TestTooLargeIsRefusedUnread: a file past the limit is refused by its size, without reading it.
func TestTooLargeIsRefusedUnread(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "huge.vtt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(importer.MaxFileSize + 1); err != nil { // sparse: no disk space taken
		t.Fatal(err)
	}
	f.Close()
	_, err = importer.File(ctx, st, path, "")
	if !errors.Is(err, importer.ErrTooLarge) || !strings.Contains(err.Error(), "huge.vtt: the file is 65 MB, larger than any transcript Hushnote reads (64 MB)") {
		t.Errorf("err = %v, want ErrTooLarge naming the file and both sizes", err)
	}
}

// TestLinkToAFileImports: a link is followed to the regular file it names.
func TestLinkToAFileImports(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "friday.vtt")
	if err := os.WriteFile(target, []byte(sampleVTT), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.vtt")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	res, err := importer.File(context.Background(), st, link, "")
	if err != nil || res.Title != "latest" {
		t.Errorf("File(link) = %+v, %v", res, err)
	}
}

// TestImportIsCancellable: an import whose context has ended saves nothing, and a folder's import stops
// where it was cancelled, keeping the meetings imported before.
func TestImportIsCancellable(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a.vtt", "b.vtt", "c.vtt", "d.vtt"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(sampleVTT), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	t.Run("one file", func(t *testing.T) {
		if _, err := importer.File(cancelled, st, paths[0], ""); !errors.Is(err, context.Canceled) {
			t.Errorf("File with a cancelled context: %v", err)
		}
		if _, err := importer.Bytes(cancelled, st, "x.vtt", []byte(sampleVTT), "", store.NewMeeting{}); !errors.Is(err, context.Canceled) {
			t.Errorf("Bytes with a cancelled context: %v", err)
		}
		if n, _ := st.CountMeetings(context.Background()); n != 0 {
			t.Errorf("%d meetings saved by cancelled imports", n)
		}
	})
	t.Run("folder", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var done []string
		err := importer.Files(ctx, st, paths, func(i int, res importer.Result, err error) {
			if err != nil {
				t.Errorf("%s: %v", paths[i], err)
			}
			done = append(done, res.Title)
			if i == 1 {
				cancel() // the user stops the import after the second file
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Files = %v, want context.Canceled", err)
		}
		if strings.Join(done, ",") != "a,b" {
			t.Errorf("imported %v, want a and b only", done)
		}
		if n, _ := st.CountMeetings(context.Background()); n != 2 {
			t.Errorf("%d meetings saved, want the 2 imported before the cancel", n)
		}
	})
}
