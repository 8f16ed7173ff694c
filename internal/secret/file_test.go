package secret

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestExposedKeyFileIsRefused: a key file others can read is not used, nor written next to, and the
// message says which file, why, and how to make it private; a private one is used as before.
func TestExposedKeyFileIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps file access in ACLs, not in permission bits")
	}
	for _, tc := range []struct {
		name string
		perm fs.FileMode
		used bool
	}{
		{"readable by everyone", 0o644, false},
		{"readable by the group", 0o640, false},
		{"readable by others only", 0o604, false},
		{"writable by the group", 0o620, false},
		{"private", 0o600, true},
		{"private, read-only", 0o400, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(t.TempDir(), WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
			if _, err := s.Set("together", leakKey); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(s.FilePath(), tc.perm); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(s.FilePath())
			key, src, err := s.Get("together", "TOGETHER_API_KEY")
			if tc.used {
				if err != nil || key != leakKey || src != SourceFile {
					t.Errorf("Get = %q, %q, %v; want the key from the file", key, src, err)
				}
				return
			}
			if !errors.Is(err, ErrFileExposed) || key != "" {
				t.Fatalf("Get = %q, %v; want ErrFileExposed", key, err)
			}
			msg := err.Error()
			for _, want := range []string{s.FilePath(), "chmod 600 " + s.FilePath(), "does not use the keys", "may have read them"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the message lacks %q: %s", want, msg)
				}
			}
			if strings.Contains(msg, leakMark) {
				t.Errorf("the message holds the key: %s", msg)
			}
			if src := s.Where("together", "TOGETHER_API_KEY"); src != SourceNone {
				t.Errorf("Where = %q, want none", src)
			}
			if _, err := s.Set("groq", "gsk_second"); !errors.Is(err, ErrFileExposed) {
				t.Errorf("Set next to exposed keys: %v, want ErrFileExposed", err)
			}
			if err := s.Delete("together"); !errors.Is(err, ErrFileExposed) {
				t.Errorf("Delete: %v, want ErrFileExposed", err)
			}
			after, _ := os.ReadFile(s.FilePath())
			if fi, err := os.Stat(s.FilePath()); err != nil || fi.Mode().Perm() != tc.perm || string(after) != string(before) {
				t.Errorf("the exposed file was changed behind the user's back: %v", err)
			}
			// Made private as the message says, it is used again.
			if err := os.Chmod(s.FilePath(), 0o600); err != nil {
				t.Fatal(err)
			}
			if key, _, err := s.Get("together", ""); err != nil || key != leakKey {
				t.Errorf("after chmod 600: %q, %v", key, err)
			}
		})
	}
}

// TestKeyWithALineBreakIsRefusedNotCut: a key with a line break inside, given to Set, set in the
// environment or found in the key file, is refused whole with a message that says so.
func TestKeyWithALineBreakIsRefusedNotCut(t *testing.T) {
	const broken = "tgp_v1_first\nsecond"
	for _, tc := range []struct {
		name string
		get  func(t *testing.T) (string, error)
	}{
		{"given to Set", func(t *testing.T) (string, error) {
			s := New(t.TempDir(), WithKeyring(newMemKeyring()), WithGetenv(noEnv))
			_, err := s.Set("together", broken)
			return "", err
		}},
		{"in the environment", func(t *testing.T) (string, error) {
			s := New(t.TempDir(), WithKeyring(newMemKeyring()), WithGetenv(envWith("TOGETHER_API_KEY", broken)))
			key, _, err := s.Get("together", "TOGETHER_API_KEY")
			return key, err
		}},
		{"in the key file", func(t *testing.T) (string, error) {
			s := New(t.TempDir(), WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
			if err := s.writeFile(map[string]string{"together": broken}); err != nil {
				t.Fatal(err)
			}
			key, _, err := s.Get("together", "")
			return key, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, err := tc.get(t)
			if !errors.Is(err, ErrInvalidKey) || key != "" {
				t.Fatalf("got %q, %v; want ErrInvalidKey", key, err)
			}
			if !strings.Contains(err.Error(), "line break") || !strings.Contains(err.Error(), "one line") {
				t.Errorf("the message does not say why: %v", err)
			}
			if strings.Contains(err.Error(), "first") {
				t.Errorf("the message holds part of the key: %v", err)
			}
		})
	}
}
