package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/importer"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// transcriptExtensions are the file extensions the folder picker and a dropped folder offer for import;
// extensionList names them for messages.
var transcriptExtensions = []string{".vtt", ".srt", ".json", ".txt", ".md"}

// extensionList is transcriptExtensions in words: ".vtt, .srt, .json, .txt or .md".
func extensionList() string {
	n := len(transcriptExtensions)
	return strings.Join(transcriptExtensions[:n-1], ", ") + " or " + transcriptExtensions[n-1]
}

// importFailure is a file that could not be imported, and why, in the user's terms.
type importFailure struct {
	name, why string
}

// onImport offers the ways in: one file through the file dialog, or several from a folder.
func (m *mainScreen) onImport() {
	items := []*fyne.MenuItem{
		fyne.NewMenuItem("A transcript file…", m.onImportFile),
		fyne.NewMenuItem("Several transcripts from a folder…", m.onImportFolder),
		fyne.NewMenuItem("Paste a transcript…", m.onPaste),
	}
	items[0].Icon, items[1].Icon, items[2].Icon = theme.FileIcon(), theme.FolderOpenIcon(), theme.ContentPasteIcon()
	menu := fyne.NewMenu("", items...)
	c := m.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m.importBtn)
	widget.ShowPopUpMenuAtPosition(menu, c, pos.Add(fyne.NewPos(0, m.importBtn.Size().Height)))
}

// onImportFile imports one transcript chosen in the file dialog.
func (m *mainScreen) onImportFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, m.win)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		go m.importFiles([]string{path})
	}, m.win)
	d.SetFilter(storage.NewExtensionFileFilter(transcriptExtensions))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// onImportFolder lets the user pick a folder, then tick the transcripts in it to import at once.
func (m *mainScreen) onImportFolder() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, m.win)
			return
		}
		if dir == nil {
			return
		}
		files, err := transcriptsIn(dir.Path())
		if err != nil {
			dialog.ShowError(fmt.Errorf("could not read the folder %s: %w", dir.Name(), err), m.win)
			return
		}
		m.chooseFiles(dir.Path(), files)
	}, m.win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// transcriptsIn lists the files in dir (not its sub-folders) that have a transcript's extension, sorted.
func transcriptsIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && slices.Contains(transcriptExtensions, strings.ToLower(filepath.Ext(e.Name()))) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// chooseFiles shows the transcripts found in a folder, all ticked, and imports the ticked ones.
func (m *mainScreen) chooseFiles(dir string, files []string) {
	if len(files) == 0 {
		dialog.ShowInformation("No transcripts here", "The folder "+filepath.Base(dir)+" holds no "+extensionList()+" files.", m.win)
		return
	}
	checks := container.NewVBox()
	fd := &folderDialog{}
	var importBtn *widget.Button
	chosen := func() []string { // the ticked files
		var out []string
		for i, c := range fd.checks {
			if c.Checked {
				out = append(out, files[i])
			}
		}
		return out
	}
	update := func() {
		n := len(chosen())
		importBtn.SetText("Import " + plural(n, "transcript"))
		setEnabled(importBtn, n > 0)
	}
	for _, f := range files {
		c := widget.NewCheck(filepath.Base(f), func(bool) { update() })
		c.Checked = true
		checks.Add(c)
		fd.checks = append(fd.checks, c)
	}
	var d *dialog.CustomDialog
	importBtn = widget.NewButtonWithIcon("", theme.DownloadIcon(), func() {
		d.Hide()
		go m.importFiles(chosen())
	})
	importBtn.Importance = widget.HighImportance
	update()
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	head := widget.NewLabel("Transcripts in " + dir)
	head.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Import transcripts", container.NewBorder(head, nil, nil, nil, container.NewVScroll(checks)), m.win)
	d.SetButtons([]fyne.CanvasObject{cancel, importBtn})
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
	fd.d, fd.importBtn = d, importBtn
	m.folderDialog = fd
}

// folderDialog is the open folder-import dialog's widgets, for tests.
type folderDialog struct {
	d         *dialog.CustomDialog
	checks    []*widget.Check
	importBtn *widget.Button
}

// onDropped imports the transcripts dropped on the window; a dropped folder gives the transcripts in it.
// When nothing dropped is a transcript, it says so.
func (m *mainScreen) onDropped(_ fyne.Position, uris []fyne.URI) {
	go func() {
		var paths []string
		var skipped []importFailure
		for _, u := range uris {
			if u.Scheme() != "file" {
				skipped = append(skipped, importFailure{name: u.Name(), why: u.Name() + ": not a file on this computer"})
				continue
			}
			p := u.Path()
			fi, err := os.Stat(p)
			if err != nil || !fi.IsDir() {
				paths = append(paths, p) // a file that cannot be read is named by its import
				continue
			}
			inside, err := transcriptsIn(p)
			switch {
			case err != nil:
				skipped = append(skipped, importFailure{name: fi.Name(), why: fi.Name() + ": the folder could not be read"})
			case len(inside) == 0:
				skipped = append(skipped, importFailure{name: fi.Name(), why: fi.Name() + ": no " + extensionList() + " files in this folder"})
			}
			paths = append(paths, inside...)
		}
		if len(paths) == 0 {
			m.do(func() { m.afterImport(0, 0, skipped) })
			return
		}
		m.importFiles(paths, skipped...)
	}()
}

// importFiles imports transcripts one after another in the background, saying how far it is; then it
// selects the last one imported and names every file that could not be (and what was skipped before),
// with the reason. It stops when the app's context ends.
func (m *mainScreen) importFiles(paths []string, skipped ...importFailure) {
	var lastID int64
	var notes []string
	failed := skipped
	imported := 0
	progress := func(i int) {
		if len(paths) > 1 && i < len(paths) {
			line := fmt.Sprintf("Importing %d of %d: %s", i+1, len(paths), filepath.Base(paths[i]))
			m.do(func() { m.status.SetText(line) })
		}
	}
	progress(0)
	err := importer.Files(m.ctx, m.svc.Store, paths, func(i int, res importer.Result, err error) {
		if err != nil {
			failed = append(failed, importFailure{name: filepath.Base(paths[i]), why: importProblem(err)})
		} else {
			imported++
			lastID = res.ID
			if res.Note != "" {
				notes = append(notes, filepath.Base(paths[i])+": "+res.Note)
			}
		}
		progress(i + 1)
	})
	if err != nil {
		return // the app is closing
	}
	m.do(func() { m.afterImport(lastID, imported, failed, notes...) })
}

// importProblem words an import error for the user: the parser's own message names the file and line.
func importProblem(err error) string {
	var pe *transcript.ParseError
	if errors.As(err, &pe) {
		return pe.Error()
	}
	return err.Error()
}

// afterImport shows the newest imported meeting and reports failures, and notes on what was done to
// files that were imported (converted from another encoding), on the UI goroutine.
func (m *mainScreen) afterImport(lastID int64, imported int, failed []importFailure, notes ...string) {
	if lastID != 0 && m.welcome != nil && m.welcome.root.Visible() {
		m.finishWelcome() // a meeting came in (dropped, or the sample): show it
	}
	if lastID != 0 {
		m.mu.Lock()
		m.selected = lastID
		m.mu.Unlock()
		m.search.SetText("")
	}
	m.reload()
	switch {
	case len(failed) == 1 && imported == 0:
		dialog.ShowError(errors.New("Could not import "+failed[0].why), m.win)
	case len(failed) > 0:
		var b strings.Builder
		fmt.Fprintf(&b, "Imported %s; %d could not be read:\n", plural(imported, "transcript"), len(failed))
		for _, f := range failed {
			b.WriteString("\n• " + f.why)
		}
		if len(notes) > 0 {
			b.WriteString("\n\nImported with a change:\n")
			for _, n := range notes {
				b.WriteString("\n• " + n)
			}
		}
		msg := widget.NewLabel(b.String())
		msg.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom("Some files were not imported", "Close", container.NewVScroll(msg), m.win)
		d.Resize(fyne.NewSize(620, 360))
		d.Show()
	case len(notes) > 0:
		msg := widget.NewLabel("• " + strings.Join(notes, "\n• ") + "\n\nThe meeting's text is as the file meant it; the file itself is unchanged.")
		msg.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustom("Imported with a change", "Close", container.NewVScroll(msg), m.win)
		d.Resize(fyne.NewSize(560, 240))
		d.Show()
	}
}

// onSample imports the bundled sample meeting with its example notes, so a new user sees a real meeting
// and its notes at once; a second click while it is being imported does nothing.
func (m *mainScreen) onSample() {
	if m.importingSample {
		return
	}
	m.importingSample = true
	go func() {
		res, err := importer.Sample(m.ctx, m.svc.Store)
		m.do(func() {
			m.importingSample = false
			if err != nil {
				m.afterImport(0, 0, []importFailure{{why: importProblem(err)}})
				return
			}
			m.afterImport(res.ID, 1, nil)
		})
	}()
}

// pastedName is the source name of a pasted transcript; without an extension, its content decides the
// format (captions, whisper JSON, or plain text).
const pastedName = "Pasted transcript"

// onPaste lets the user paste a transcript's text (captions, JSON or plain "Name: words" lines) and
// imports it as a meeting.
func (m *mainScreen) onPaste() {
	title := widget.NewEntry()
	title.SetPlaceHolder("Title (optional)")
	body := widget.NewMultiLineEntry()
	body.SetPlaceHolder("Paste the transcript here: Zoom or Teams captions, subtitles, whisper JSON, or lines like “Ana: Let's start.”")
	body.Wrapping = fyne.TextWrapWord
	body.SetMinRowsVisible(12)
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	var d *dialog.CustomDialog
	var importBtn *widget.Button
	importBtn = widget.NewButtonWithIcon("Import", theme.ConfirmIcon(), func() {
		text := body.Text
		if strings.TrimSpace(text) == "" {
			problem.SetText("Paste a transcript first.")
			problem.Show()
			return
		}
		name := title.Text
		if strings.TrimSpace(name) == "" {
			name = "Pasted transcript, " + time.Now().Format("2 Jan 2006 15:04")
		}
		importBtn.Disable() // one meeting per paste, however often it is clicked
		go func() {
			res, err := importer.Bytes(m.ctx, m.svc.Store, pastedName, []byte(text), name, store.NewMeeting{MeetingDate: time.Now()})
			m.do(func() {
				importBtn.Enable()
				if err != nil { // the dialog stays open with the text, so nothing pasted is lost
					problem.SetText("Could not import: " + importProblem(err))
					problem.Show()
					return
				}
				d.Hide()
				m.afterImport(res.ID, 1, nil)
			})
		}()
	})
	importBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Paste a transcript", container.NewBorder(title, problem, nil, nil, body), m.win)
	d.SetButtons([]fyne.CanvasObject{cancel, importBtn})
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
	m.win.Canvas().Focus(body)
	m.pasteDialog = &pasteDialog{d: d, title: title, body: body, problem: problem, importBtn: importBtn}
}

// pasteDialog is the open Paste dialog's widgets, for tests.
type pasteDialog struct {
	d         *dialog.CustomDialog
	title     *widget.Entry
	body      *widget.Entry
	problem   *widget.Label
	importBtn *widget.Button
}
