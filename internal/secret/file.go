package secret

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// readFile returns the fallback file's keys; none when the file does not exist.
func (s *Store) readFile() (map[string]string, error) {
	if s.dir == "" {
		return nil, errors.New("no data folder to keep the key file in")
	}
	b, err := os.ReadFile(s.FilePath())
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
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
