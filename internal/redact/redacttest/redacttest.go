// Package redacttest checks, in tests, that an API key stayed out of what Hushnote keeps and shows: the
// files of a data folder, read byte for byte as they are on disk, and captured output.
package redacttest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// traces are the ways a key can show up: whole, or its first half (what a message cut short keeps), as
// written and with the backslashes Markdown puts before _ and *.
func traces(key string) []string {
	half := key[:(len(key)+1)/2]
	md := strings.NewReplacer(`_`, `\_`, `*`, `\*`)
	return []string{half, md.Replace(half)}
}

// InText fails t when text (named by what) holds a trace of key.
func InText(t testing.TB, key, what, text string) {
	t.Helper()
	for _, tr := range traces(key) {
		if i := strings.Index(text, tr); i >= 0 {
			t.Errorf("%s holds the API key: %q", what, text[max(0, i-80):min(len(text), i+len(tr)+80)])
			return
		}
	}
}

// InFolder fails t for every file under dir that holds a trace of key, reading each as it is on disk
// (nothing is checkpointed or closed first). It returns the names of the files it read, relative to dir.
func InFolder(t testing.TB, key, dir string) []string {
	t.Helper()
	var read []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		read = append(read, rel)
		InText(t, key, "the file "+rel, string(b))
		return nil
	})
	if err != nil {
		t.Fatalf("read the data folder: %v", err)
	}
	return read
}
