package secret

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// fileName is the fallback file's name in the data folder.
const fileName = "keys.json"

// fileNote is written into the fallback file for whoever opens it.
const fileNote = "API keys Hushnote keeps here because no system keychain answered. Only your user account can read this file; keep it that way."

// keyFile is the fallback file's content: the preset's name to its key.
type keyFile struct {
	Note string            `json:"note"`
	Keys map[string]string `json:"keys"`
}

// FilePath returns the fallback file: keys.json in the data folder, readable and writable by its owner
// only (0600) in a folder only the owner can open (0700), and replaced whole on every change.
func (s *Store) FilePath() string {
	return filepath.Join(s.dir, fileName)
}

// ErrFileExposed means the fallback file's permissions let other users read (or change) it, so its keys
// are not used; the wrapping error names the file and says how to make it private.
var ErrFileExposed = errors.New("the key file can be read by other users")

// exposed reports the fallback file's permission bits when they let anyone but its owner in.
//
// Hushnote treats such a file as ssh treats a private key file that is "too open": it refuses to use it
// and says why, rather than tightening it quietly. Hushnote writes the file 0600 itself, so wider
// permissions mean something else changed it (a copy, a restore from backup, a sync tool), and while they
// were wide anyone on this computer could have read the keys: making it private now would hide that. The
// message says how to make it private and that the keys may be worth replacing; storing a key again, or
// removing one, waits until the file is private too, so nothing is written next to keys others may read.
// Windows keeps file access in ACLs that these bits do not show, so there the check does not apply.
func exposed(fi fs.FileInfo) (fs.FileMode, bool) {
	perm := fi.Mode().Perm()
	return perm, runtime.GOOS != "windows" && perm&0o077 != 0
}

// readFile returns the fallback file's keys; none when the file does not exist. A file others can read
// is refused (see exposed).
func (s *Store) readFile() (map[string]string, error) {
	if s.dir == "" {
		return nil, errors.New("no data folder to keep the key file in")
	}
	file, err := os.Open(s.FilePath())
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the key file: %w", err)
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("read the key file: %w", err)
	}
	if perm, open := exposed(fi); open {
		return nil, fmt.Errorf("%w (%s has permissions %04o), so Hushnote does not use the keys in it: others may have read them. "+
			"Make it private with: chmod 600 %s (or delete it and enter your keys again), and consider replacing those keys with your provider",
			ErrFileExposed, s.FilePath(), perm, s.FilePath())
	}
	b, err := io.ReadAll(file)
	if err != nil {
		return nil, fmt.Errorf("read the key file: %w", err)
	}
	var f keyFile
	if err := json.Unmarshal(b, &f); err != nil {
		// Not wrapped: a JSON syntax error quotes the character it stopped at, which may be part of a key.
		return nil, fmt.Errorf("the key file %s is damaged; delete it and enter your keys again", s.FilePath())
	}
	if f.Keys == nil {
		f.Keys = map[string]string{}
	}
	return f.Keys, nil
}

// updateFile sets the fallback file's key for name, or removes it when key is "". It leaves the file
// alone when there is nothing to remove, and deletes it when no key is left.
func (s *Store) updateFile(name, key string) error {
	keys, err := s.readFile()
	if err != nil {
		return err
	}
	if key == "" {
		if _, ok := keys[name]; !ok {
			return nil
		}
		delete(keys, name)
	} else {
		keys[name] = key
	}
	if len(keys) == 0 {
		if err := os.Remove(s.FilePath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the key file: %w", err)
		}
		return nil
	}
	return s.writeFile(keys)
}

// writeFile replaces the fallback file atomically: it writes a private temporary file next to it, flushes
// it to disk and renames it over the old one, so a reader sees the old file or the new one, never half.
func (s *Store) writeFile(keys map[string]string) (err error) {
	b, err := json.MarshalIndent(keyFile{Note: fileNote, Keys: keys}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode the key file: %w", err)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("create the data folder: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".keys-*.tmp") // created 0600
	if err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.FilePath()); err != nil {
		return fmt.Errorf("write the key file: %w", err)
	}
	syncDir(s.dir)
	return nil
}

// syncDir flushes a folder's entries so a rename in it survives a crash; where folders cannot be opened
// for that (Windows), it does nothing.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	defer d.Close()
	_ = d.Sync()
}
