package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"hushnote/internal/store"
)

// maxNameRunes is the longest title part of a suggested file name, in characters: room for the date and
// extension within every file system's 255-byte limit, even in a script of 3-byte letters.
const maxNameRunes = 60

// FileName suggests a file name for exporting meeting m with extension ext ("md" or ".md"; "" for none):
// its title and date ("Remote control kick-off 2026-03-04.md"), of letters, digits, spaces and dashes
// only, so it means the same in every file manager, shell and operating system. It is never empty and
// never ends in a dot or a space.
func FileName(m store.Meeting, ext string) string {
	var b strings.Builder
	space := false
	for _, r := range m.Title {
		switch {
		case r == '\'' || r == '’': // "Ana's" reads better as "Anas" than as "Ana s"
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	name := cutWords(b.String(), maxNameRunes)
	name = strings.Trim(name, " -")
	if date := m.When(); !date.IsZero() {
		name = strings.TrimSpace(name + " " + date.Local().Format("2006-01-02"))
	}
	if name == "" || reservedOnWindows(name) {
		name = strings.TrimSpace("Meeting " + name)
	}
	if ext = strings.TrimPrefix(ext, "."); ext != "" {
		name += "." + ext
	}
	return name
}

// cutWords shortens s to at most n characters, at a space when there is one.
func cutWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut
}

// reservedOnWindows reports whether name is a device name Windows refuses as a file name.
func reservedOnWindows(name string) bool {
	switch strings.ToUpper(name) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return true
	}
	return false
}

// WriteFile writes what write writes to the file at path, whole or not at all: it goes to a temporary
// file in the same folder, which replaces path only when everything was written and flushed to disk, so
// an error (of write, of the disk) never leaves half a file, nor a temporary one. The file is created
// readable and writable by its owner only (0600, less when the process's umask takes more away), like
// the data folder the meeting came from; a file it replaces does not lend it its permissions.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	// os.CreateTemp creates with 0600, which the umask can only narrow.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, unwrapPath(err))
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// unwrapPath drops the *os.PathError or *os.LinkError around err, whose path (the temporary file's) is
// not the one the user asked for: the caller names that one.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
