package datadir_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"hushnote/internal/datadir"
)

func TestResolveOrder(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv(datadir.EnvHome, filepath.Join(tmp, "env"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(tmp, "xdg"))

	if got, _ := datadir.Resolve(filepath.Join(tmp, "flag")); got != filepath.Join(tmp, "flag") {
		t.Errorf("--home: got %q", got)
	}
	if got, _ := datadir.Resolve(""); got != filepath.Join(tmp, "env") {
		t.Errorf("%s: got %q", datadir.EnvHome, got)
	}
	t.Setenv(datadir.EnvHome, "")
	got, err := datadir.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && got != filepath.Join(tmp, "xdg", "Hushnote") {
		t.Errorf("XDG_DATA_HOME: got %q", got)
	}
}

func TestEnsureCreatesPrivateFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := datadir.Ensure(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("permissions = %o, want 700", fi.Mode().Perm())
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o600)
	if err := datadir.Ensure(file); err == nil {
		t.Error("Ensure accepted a file")
	}
}
