package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/export"
	"hushnote/internal/provider"
	"hushnote/internal/store"
)

// exportFormat is a file format the Summary tab exports to.
type exportFormat string

// Export formats.
const (
	exportMarkdown exportFormat = "md"
	exportJSON     exportFormat = "json"
	exportPDF      exportFormat = "pdf"
)

// writerLabel words a provider choice for the "Write with" picker, saying where the text goes.
func writerLabel(c provider.Choice) string {
	model := c.Model
	if model == "" {
		model = "no model chosen"
	}
	where := "cloud"
	switch {
	case c.Blocked:
		where = "off while Local only is on"
	case !c.Where.LeavesDevice:
		where = "on this device"
	}
	return fmt.Sprintf("%s · %s — %s", c.Preset.Title, model, where)
}

// refreshChoices reads the templates and the providers that can write summaries in the background and
// fills the pickers; the active provider and the chosen (else default) template are selected. It is
// called on the UI goroutine.
func (v *summaryView) refreshChoices() {
	if v.meeting.ID == 0 {
		return // no meeting shown yet: the pickers are filled when the first one is
	}
	go func() {
		ts, _ := v.lib.All(v.ctx) // a broken user template is left out here; Settings names it
		def, derr := v.lib.Default(v.ctx)
		var cs []provider.Choice
		var cerr error
		if v.mgr != nil {
			cs, cerr = v.mgr.Choices(v.ctx)
		}
		v.do(func() {
			v.filling = true
			defer func() { v.filling = false }()
			v.templateNames = v.templateNames[:0]
			var titles []string
			for _, t := range ts {
				v.templateNames = append(v.templateNames, t.Name)
				titles = append(titles, t.Title)
			}
			v.template.Options = titles
			if !slices.Contains(v.templateNames, v.chosenTemplate) {
				v.chosenTemplate = "" // deleted meanwhile: back to the default
			}
			want := v.chosenTemplate
			if want == "" && derr == nil {
				want = def.Name
			}
			for i, n := range v.templateNames {
				if n == want {
					v.template.SetSelectedIndex(i)
				}
			}
			v.template.Refresh()

			v.choices = cs
			var labels []string
			for _, c := range cs {
				labels = append(labels, writerLabel(c))
			}
			v.writer.Options = labels
			for i, c := range cs {
				if c.Active {
					v.writer.SetSelectedIndex(i)
				}
			}
			if cerr != nil {
				v.writer.PlaceHolder = "Could not read the providers"
			}
			if v.note.scope == aboutLocalOnly && cerr == nil && !slices.ContainsFunc(cs, func(c provider.Choice) bool { return c.Blocked }) {
				v.clearNote() // Local only was turned off: the refusal no longer holds
			}
			v.writer.Refresh()
		})
	}()
}

// onTemplate remembers the template picked for the next summaries (Settings → Templates sets the default).
func (v *summaryView) onTemplate(string) {
	if v.filling {
		return
	}
	if i := v.template.SelectedIndex(); i >= 0 && i < len(v.templateNames) {
		v.chosenTemplate = v.templateNames[i]
	}
}

// onWriter makes the picked provider the active one, for the whole app: the top bar says so at once. A
// cloud provider while Local only is on is refused with the reason, and the picker goes back.
func (v *summaryView) onWriter(string) {
	if v.filling || v.mgr == nil {
		return
	}
	i := v.writer.SelectedIndex()
	if i < 0 || i >= len(v.choices) {
		return
	}
	c := v.choices[i]
	go func() {
		err := v.mgr.Use(v.ctx, c.Preset.Name)
		v.do(func() {
			if err != nil { // refused while Local only is on: the line goes when it is turned off
				v.say(sentence(v.scrub.err(err)), widget.DangerImportance, noteAbout{scope: aboutLocalOnly})
			}
			if v.onProviderChanged != nil {
				v.onProviderChanged() // the top bar, which refreshes this picker too
			} else {
				v.refreshChoices()
			}
		})
	}()
}

// onExport offers the formats, then a save dialog; the file holds the meeting, its transcript and the
// version on screen (Markdown) or every version (JSON).
func (v *summaryView) onExport() {
	if v.meeting.ID == 0 {
		return
	}
	md := fyne.NewMenuItem("Markdown (.md)…", func() { v.saveExport(exportMarkdown) })
	js := fyne.NewMenuItem("JSON with every version (.json)…", func() { v.saveExport(exportJSON) })
	pdf := fyne.NewMenuItem("PDF with its provenance (.pdf)…", func() { v.saveExport(exportPDF) })
	md.Icon, js.Icon, pdf.Icon = theme.DocumentIcon(), theme.FileTextIcon(), theme.DocumentPrintIcon()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.exportBtn)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", md, pdf, js), v.win.Canvas(), pos.Add(fyne.NewPos(0, v.exportBtn.Size().Height)))
}

// saveExport makes the export of what is on screen now in the background, then asks where to save it.
// It is made before the dialog opens because the dialog empties a file it is told to overwrite: made
// afterwards, a failed export would leave the user's old file empty.
func (v *summaryView) saveExport(f exportFormat) {
	m, shown := v.meeting, int64(0)
	if su := v.selected(); su != nil {
		shown = su.ID
	}
	go func() {
		var doc bytes.Buffer
		err := v.export(v.ctx, &doc, f, m, shown)
		v.do(func() {
			if err != nil {
				v.say("Could not make the export: "+v.scrub.err(err), widget.DangerImportance, noteAbout{scope: aboutMeeting})
				return
			}
			v.askWhereToSave(f, m, doc.Bytes())
		})
	}()
}

// askWhereToSave opens the save dialog for a finished export and writes it where the user says.
func (v *summaryView) askWhereToSave(f exportFormat, m store.Meeting, doc []byte) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			v.say("Could not open the file to save into: "+v.scrub.err(err), widget.DangerImportance, noteAbout{scope: aboutMeeting})
			return
		}
		if w == nil {
			return // cancelled
		}
		go func() {
			err := writeExport(w, doc)
			v.do(func() {
				if err != nil {
					v.say("Could not save "+w.URI().Name()+": "+v.scrub.err(err), widget.DangerImportance, noteAbout{scope: aboutMeeting})
					return
				}
				if v.meeting.ID == m.ID {
					v.say("Exported to "+w.URI().Path(), widget.MediumImportance, noteAbout{scope: aboutMeeting})
				}
			})
		}()
	}, v.win)
	d.SetFileName(export.FileName(m, string(f)))
	d.SetFilter(storage.NewExtensionFileFilter([]string{"." + string(f)}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// writeExport writes a finished export to what the save dialog opened. A file on this computer is
// written whole or not at all and readable by its owner only (export.WriteFile), like the data folder;
// the empty file the dialog made is replaced.
func writeExport(w fyne.URIWriteCloser, doc []byte) error {
	if w.URI().Scheme() != "file" {
		_, err := w.Write(doc)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return export.WriteFile(w.URI().Path(), func(out io.Writer) error {
		_, err := out.Write(doc)
		return err
	})
}

// export writes a meeting in a format: Markdown with the version whose ID is shown (none when 0), or
// JSON with every version. It reads the store, not the widgets, so it may run in the background.
func (v *summaryView) export(ctx context.Context, w io.Writer, f exportFormat, m store.Meeting, shown int64) error {
	segs, err := v.st.Segments(ctx, m.ID)
	if err != nil {
		return err
	}
	sums, err := v.st.Summaries(ctx, m.ID)
	if err != nil {
		return err
	}
	if f == exportJSON {
		return export.JSON(w, m, segs, sums, export.WithScrubber(v.scrub.r))
	}
	write := export.Markdown
	if f == exportPDF {
		write = export.PDF
	}
	for i := range sums {
		if sums[i].ID == shown {
			return write(w, m, segs, &sums[i], export.WithScrubber(v.scrub.r))
		}
	}
	if shown != 0 {
		return errors.New("the version on screen was deleted meanwhile")
	}
	return write(w, m, segs, nil, export.WithScrubber(v.scrub.r))
}
