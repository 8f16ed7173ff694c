package app

import (
	"path/filepath"
	"testing"
)

func TestFolderURL(t *testing.T) {
	tests := []struct{ dir, want string }{
		{filepath.FromSlash("/home/ana/.local/share/Hushnote"), "file:///home/ana/.local/share/Hushnote"},
		{filepath.FromSlash("/tmp/My notes"), "file:///tmp/My%20notes"},
	}
	for _, tt := range tests {
		if got := folderURL(tt.dir).String(); got != tt.want {
			t.Errorf("folderURL(%q) = %q, want %q", tt.dir, got, tt.want)
		}
	}
}
