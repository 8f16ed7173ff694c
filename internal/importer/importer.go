// Package importer brings transcript files into the meeting store: it reads a file, parses it, names the
// meeting and saves it, all or nothing.
package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// MaxFileSize is the largest transcript file accepted (a ten-hour meeting is about 1 MB of text).
const MaxFileSize = 64 << 20

// Result is one imported meeting.
type Result struct {
	ID    int64
	Title string
}

// File imports the transcript at path as a new meeting. The title defaults to the file's name without
// its extensions; the meeting date to the file's modification time. On any error nothing is saved and
// the error names the file.
func File(ctx context.Context, st *store.Store, path, title string) (Result, error) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, unwrapPathError(err))
	}
	if fi.IsDir() {
		return Result{}, fmt.Errorf("%s: is a folder, not a transcript file", name)
	}
	if fi.Size() > MaxFileSize {
		return Result{}, fmt.Errorf("%s: the file is %d MB, larger than any transcript Hushnote reads (%d MB)", name, fi.Size()>>20, MaxFileSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, unwrapPathError(err))
	}
	return Bytes(ctx, st, name, data, title, store.NewMeeting{MeetingDate: fi.ModTime()})
}

// Bytes imports data (the contents of a file called name) as a new meeting. base supplies the meeting
// date; its title is used when title is empty and base has one, else the file name without extensions.
func Bytes(ctx context.Context, st *store.Store, name string, data []byte, title string, base store.NewMeeting) (Result, error) {
	tr, err := transcript.Parse(name, data)
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
	return Result{ID: id, Title: title}, nil
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
