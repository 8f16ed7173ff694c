package app

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestFolderURL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "My notes")
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/… on Windows
	}
	want := "file://" + strings.ReplaceAll(p, " ", "%20") // a space is escaped, the slashes are kept
	if got := folderURL(dir).String(); got != want {
		t.Errorf("folderURL(%q) = %q, want %q", dir, got, want)
	}
}
