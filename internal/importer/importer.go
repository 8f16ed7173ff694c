// Package importer brings transcript files into the meeting store: it reads a file, parses it, names the
// meeting and saves it, all or nothing.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// MaxFileSize is the largest transcript file accepted (a ten-hour meeting is about 1 MB of text).
const MaxFileSize = 64 << 20

// Errors for files Hushnote does not read, matched with errors.Is; their messages name the file.
var (
	// ErrNotAFile: the path is a folder, a device, a named pipe or a socket. Only regular files (or links
	// to them) are read: a pipe could keep the import waiting forever, a device hand it endless bytes.
	ErrNotAFile = errors.New("not a transcript file")
	// ErrTooLarge: the file holds more than MaxFileSize bytes.
	ErrTooLarge = errors.New("larger than any transcript Hushnote reads")
)

// readChunk is how much is read between two looks at ctx.
const readChunk = 1 << 20

// Result is one imported meeting.
type Result struct {
	ID    int64
	Title string
	// Note tells what the import did to the file that the user should know, for a line beside the
	// result ("converted from Windows-1252"); "" when there is nothing to tell.
	Note string
}

// File imports the transcript at path as a new meeting. The title defaults to the file's name without
// its extensions; the meeting date to the file's modification time. Only a regular file is read (a link
// is followed), and only up to MaxFileSize; a folder, device, pipe or socket is refused before it is
// opened. When ctx ends, reading or parsing stops and ctx's error is returned. On any error nothing is
// saved and the error names the file.
func File(ctx context.Context, st *store.Store, path, title string) (Result, error) {
	name := filepath.Base(path)
	data, fi, err := readFile(ctx, path)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, err)
	}
	return Bytes(ctx, st, name, data, title, store.NewMeeting{MeetingDate: fi.ModTime()})
}

// Files imports paths one after another as File does, calling done (when not nil) after each with its
// result or error; a file that fails does not stop the others. When ctx ends it stops, in the middle
// of a file or before the next, and returns ctx's error; the meetings imported before stay.
func Files(ctx context.Context, st *store.Store, paths []string, done func(i int, res Result, err error)) error {
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := File(ctx, st, p, "")
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if done != nil {
			done(i, res, err)
		}
	}
	return nil
}

// readFile reads the regular file at path, up to MaxFileSize, honouring ctx.
func readFile(ctx context.Context, path string) ([]byte, os.FileInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	fi, err := os.Stat(path) // follows links; opening a device or a pipe could block or have effects
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	if err := readable(fi); err != nil {
		return nil, nil, err
	}
	// Non-blocking, and checked again once open: should the path have been swapped for a pipe since
	// the look above, opening it does not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	if err := readable(opened); err != nil {
		return nil, nil, err
	}
	data, err := readAll(ctx, f, MaxFileSize, opened.Size())
	return data, opened, unwrapPathError(err)
}

// readable refuses what is not a regular file, saying what it is.
func readable(fi os.FileInfo) error {
	m := fi.Mode()
	switch {
	case m.IsRegular():
		if fi.Size() > MaxFileSize {
			return fmt.Errorf("the file is %d MB, %w (%d MB)", (fi.Size()+1<<20-1)>>20, ErrTooLarge, MaxFileSize>>20)
		}
		return nil
	case m.IsDir():
		return fmt.Errorf("is a folder, %w", ErrNotAFile)
	case m&os.ModeNamedPipe != 0:
		return fmt.Errorf("is a named pipe, %w", ErrNotAFile)
	case m&os.ModeSocket != 0:
		return fmt.Errorf("is a socket, %w", ErrNotAFile)
	case m&os.ModeDevice != 0:
		return fmt.Errorf("is a device, %w", ErrNotAFile)
	}
	return fmt.Errorf("is not a regular file, %w", ErrNotAFile)
}

// readAll reads r to its end in chunks, looking at ctx between them, and fails with ErrTooLarge past
// limit bytes (a file may grow, or say it is smaller than it is). size is what the file said it holds.
func readAll(ctx context.Context, r io.Reader, limit, size int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(size, 0), limit)+1)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(readChunk, int(limit+1)-len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+readChunk)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("the file holds more than %d MB, %w", limit>>20, ErrTooLarge)
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Bytes imports data (the contents of a file called name, UTF-8 or Windows-1252, which is converted and
// noted in the result) as a new meeting. base supplies the meeting
// date; its title is used when title is empty and base has one, else the file name without extensions.
// When ctx ends, parsing stops and ctx's error is returned; nothing is saved.
func Bytes(ctx context.Context, st *store.Store, name string, data []byte, title string, base store.NewMeeting) (Result, error) {
	tr, err := transcript.ParseContext(ctx, name, data)
	if err != nil {
		return Result{}, err
	}
	if title = strings.TrimSpace(title); title == "" {
		title = base.Title
	}
	if title == "" {
		title = TitleFromFileName(name)
	}
	base.Title, base.SourceName, base.Transcript = title, name, tr
	id, err := st.CreateMeeting(ctx, base)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, err)
	}
	res := Result{ID: id, Title: title}
	if tr.Encoding != "" {
		res.Note = "converted from " + tr.Encoding
	}
	return res, nil
}

// TitleFromFileName turns "ES2004a.zoom.vtt" into "ES2004a" and "weekly_sync-2026-03-01.txt" into
// "weekly sync 2026-03-01".
func TitleFromFileName(name string) string {
	base := filepath.Base(name)
	for {
		ext := filepath.Ext(base)
		if ext == "" || len(ext) > 8 || ext == base {
			break
		}
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.Join(strings.Fields(strings.ReplaceAll(base, "_", " ")), " ")
	if base == "" {
		return name
	}
	return base
}

// unwrapPathError words an error from opening or reading a file without repeating its path.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		if os.IsNotExist(err) {
			return fmt.Errorf("no such file")
		}
		if os.IsPermission(err) {
			return fmt.Errorf("permission denied")
		}
		return pe.Err
	}
	return err
}
