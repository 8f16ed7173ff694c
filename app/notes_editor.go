package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/store"
)

// notesEditor edits a version's Markdown in place, with a live preview beside it. Saving adds a new
// version marked as edited by the user, with the version it came from; the model's text is never
// changed. Cancel or Escape discards the edit, asking first when something was changed.
type notesEditor struct {
	v       *summaryView
	root    *fyne.Container
	heading *widget.Label
	entry   *escapeEntry
	preview *widget.RichText
	save    *widget.Button
	cancel  *widget.Button

	from     store.Summary // the version being edited; its ID is 0 when none is
	original string        // its text as the editor opened it
	saving   bool
}

func newNotesEditor(v *summaryView) *notesEditor { return &notesEditor{v: v} }

func (e *notesEditor) build() fyne.CanvasObject {
	e.heading = widget.NewLabel("")
	e.heading.Truncation = fyne.TextTruncateEllipsis
	e.entry = newEscapeEntry(e.onCancel)
	e.entry.MultiLine = true
	e.entry.Wrapping = fyne.TextWrapWord
	e.entry.OnChanged = func(s string) { e.showPreview(s) }
	e.preview = widget.NewRichText()
	e.preview.Wrapping = fyne.TextWrapWord
	e.save = widget.NewButtonWithIcon("Save as a new version", theme.DocumentSaveIcon(), e.onSave)
	e.save.Importance = widget.HighImportance
	e.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), e.onCancel)
	previewLabel := widget.NewLabelWithStyle("Preview", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	split := container.NewHSplit(e.entry, topFirst(previewLabel, nil, container.NewVScroll(e.preview)))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(e.cancel, e.save), e.heading)
	e.root = topFirst(bar, nil, split)
	e.root.Hide()
	return e.root
}

// editing reports whether the editor is open.
func (e *notesEditor) editing() bool { return e.root != nil && e.root.Visible() }

// changed reports whether the text differs from the version it came from.
func (e *notesEditor) changed() bool { return e.editing() && e.entry.Text != e.original }

// open starts editing a version's text.
func (e *notesEditor) open(su store.Summary) {
	e.from, e.original = su, su.Text
	e.heading.SetText(fmt.Sprintf("Editing version %d", su.Version)) // Save says the rest: "as a new version"
	e.entry.SetText(su.Text)
	e.showPreview(su.Text)
	e.save.Enable()
	e.root.Show()
	e.v.notes.Hide()
	e.v.enableVersionButtons()
	e.v.run.Disable()
	if c := fyne.CurrentApp().Driver().CanvasForObject(e.entry); c != nil {
		c.Focus(e.entry)
	}
}

// close leaves the editor without saving.
func (e *notesEditor) close() {
	e.root.Hide()
	e.from = store.Summary{}
	e.v.notes.Show()
	e.v.enableVersionButtons()
	e.v.showRunning()
}

func (e *notesEditor) showPreview(md string) {
	e.preview.Segments = renderNotes(md, e.preview, nil)
	e.preview.Refresh()
}

// onCancel discards the edit, asking first when it changed anything.
func (e *notesEditor) onCancel() {
	if !e.editing() || e.saving {
		return
	}
	e.leave(e.close, nil)
}

// leave runs next once the edit may go (next closes it or moves on from it): at once when nothing
// changed, else after the user chose to discard the changes; stay (may be nil) runs when they keep
// editing instead.
func (e *notesEditor) leave(next, stay func()) {
	if !e.changed() {
		next()
		return
	}
	askBeforeLosing(e.v.win, "Discard your changes?",
		fmt.Sprintf("Your changes to version %d are not saved. Discard them?", e.from.Version), "Discard", "Keep editing",
		func(discard bool) {
			switch {
			case discard:
				next()
			case stay != nil:
				stay()
			}
		})
}

// onSave adds the edited text as a new version in the background and shows it.
func (e *notesEditor) onSave() {
	if !e.editing() || e.saving {
		return
	}
	v, from, text := e.v, e.from, e.entry.Text
	e.saving = true
	e.save.Disable()
	v.work.Add(1) // closing the window waits for the save
	go func() {
		defer v.work.Done()
		su, err := v.st.AddEditedSummary(context.WithoutCancel(v.ctx), from.MeetingID, from.ID, text)
		var sums []store.Summary
		if err == nil {
			sums, err = v.st.Summaries(context.WithoutCancel(v.ctx), from.MeetingID)
		}
		v.do(func() {
			e.saving = false
			e.save.Enable()
			switch { // on failure the edit stays open: nothing the user typed is lost
			case errors.Is(err, store.ErrEmptyNotes):
				v.say("The notes are empty: write something, or Cancel to keep the version as it is.", widget.DangerImportance, noteAbout{scope: aboutMeeting})
				return
			case err != nil:
				v.say("Could not save your edit: "+v.scrub.err(err), widget.DangerImportance, noteAbout{scope: aboutMeeting})
				return
			}
			if v.meeting.ID != from.MeetingID {
				return
			}
			e.close()
			v.sums = sums
			v.refreshVersions(v.indexOf(su.ID, len(sums)-1))
			v.say(fmt.Sprintf("Saved your edit as version %d; version %d is kept as it was.", su.Version, from.Version),
				widget.MediumImportance, noteAbout{scope: aboutVersion, version: su.ID})
			if v.onChanged != nil {
				v.onChanged()
			}
		})
	}()
}

// onEdit opens the editor on the version shown.
func (v *summaryView) onEdit() {
	su := v.selected()
	if su == nil || v.running == v.meeting.ID {
		return
	}
	v.editor.open(*su)
}

// onInfo shows where the version on screen came from, with Delete this version.
func (v *summaryView) onInfo() {
	su := v.selected()
	if su == nil {
		return
	}
	text := widget.NewLabel(v.provenance.Text)
	text.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	del := widget.NewButtonWithIcon("Delete this version…", theme.DeleteIcon(), func() {
		d.Hide()
		v.confirmDeleteVersion(*su)
	})
	del.Importance = widget.DangerImportance
	if v.running == v.meeting.ID {
		del.Disable() // a run is writing to this meeting
	}
	d = dialog.NewCustom(versionLabel(*su), "Close", container.NewVBox(text, container.NewHBox(del)), v.win)
	d.Resize(fyne.NewSize(min(520, v.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// confirmDeleteVersion asks before deleting one version, naming it.
func (v *summaryView) confirmDeleteVersion(su store.Summary) {
	title := v.meeting.Title
	msg := fmt.Sprintf("Delete version %d of the notes of “%s” (%s)? Its text is removed from this device; the other versions stay. The privacy ledger keeps its record.",
		su.Version, title, su.CreatedAt.Local().Format("2 Jan 2006, 15:04"))
	askBeforeLosing(v.win, "Delete this version?", msg, "Delete", "Cancel", func(ok bool) {
		if ok {
			v.deleteVersion(su)
		}
	})
}

// deleteVersion deletes a version in the background and shows what is left.
func (v *summaryView) deleteVersion(su store.Summary) {
	go func() {
		err := v.st.DeleteSummary(v.ctx, su.MeetingID, su.ID)
		var sums []store.Summary
		if err == nil {
			sums, err = v.st.Summaries(v.ctx, su.MeetingID)
		}
		v.do(func() {
			if v.meeting.ID != su.MeetingID {
				return
			}
			if err != nil {
				v.say("Could not delete version "+fmt.Sprint(su.Version)+": "+v.scrub.err(err), widget.DangerImportance, noteAbout{scope: aboutMeeting})
				return
			}
			v.sums = sums
			v.refreshVersions(known(sums))
			v.say(fmt.Sprintf("Version %d deleted.", su.Version), widget.MediumImportance, noteAbout{scope: aboutMeeting})
			if v.onChanged != nil {
				v.onChanged()
			}
		})
	}()
}

// escapeEntry is an entry that calls onEscape when Escape is pressed in it.
type escapeEntry struct {
	widget.Entry
	onEscape func()
}

func newEscapeEntry(onEscape func()) *escapeEntry {
	e := &escapeEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Escape; every other key is the entry's.
func (e *escapeEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}
