package app

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/unicode/norm"

	"hushnote/internal/templates"
)

// templateFormats are the section layouts as the editor names them, in the order it offers them.
func templateFormats() []templates.Format {
	return []templates.Format{templates.FormatParagraph, templates.FormatBullets, templates.FormatTable}
}

// templateFormatName is a section layout in words.
func templateFormatName(f templates.Format) string {
	switch f {
	case templates.FormatParagraph:
		return "Paragraphs"
	case templates.FormatBullets:
		return "Bullet list"
	case templates.FormatTable:
		return "Table"
	}
	return string(f)
}

// templateFormatOf is the layout named name, or "" when name is none of them.
func templateFormatOf(name string) templates.Format {
	for _, f := range templateFormats() {
		if templateFormatName(f) == name {
			return f
		}
	}
	return ""
}

// templateEditor is a form for one of the user's templates: name, title, description and the sections,
// with a Save button. What is typed stays in the form until it is saved or the user leaves it; a
// problem is shown under the field it is about and next to Save. The page makes one form and fills it
// with the template on show (load): its widgets, the layout pickers included, are updated in place and
// never rebuilt, so the picker a user taps is always the one in the window. Its fields are touched only
// on the UI goroutine.
type templateEditor struct {
	win   fyne.Window
	isNew bool
	// save stores the template; it returns the error to show, nil when it was saved.
	save func(templates.Template) error
	// dirty is set by any change not saved yet.
	dirty bool
	// loading is set while the editor fills its own fields: those changes are not the user's.
	loading bool
	// nameTyped is set once the user types a name; until then a new template's name follows its title.
	nameTyped bool

	name, title, description          *field
	nameErr, titleErr, descriptionErr *widget.Label
	nameHelp                          *widget.Label
	sectionsErr                       *widget.Label
	sections                          []*sectionEditor // the template's sections, in order
	spare                             []*sectionEditor // section forms not in use, hidden, kept for the next
	sectionBox                        *fyne.Container
	addBtn                            *widget.Button
	saveBtn                           *widget.Button
	saveNote                          *widget.Label
	root                              fyne.CanvasObject // the form, laid out once
}

// sectionEditor is one section in the form.
type sectionEditor struct {
	title       *field
	format      *widget.Select
	columns     *field
	columnsRow  []fyne.CanvasObject // the label and the entry: shown only for tables
	instruction *field
	err         *widget.Label
	heading     *widget.Label
	up, down    *widget.Button
	remove      *widget.Button
	box         fyne.CanvasObject
}

// newTemplateEditor makes a form, laid out and empty; load fills it.
func newTemplateEditor(win fyne.Window) *templateEditor {
	e := &templateEditor{win: win}
	e.name = newField()
	e.name.SetPlaceHolder("e.g. retro — lower-case letters, digits and -")
	e.name.OnChanged = func(string) {
		if !e.loading {
			e.nameTyped = true
		}
		e.changed()
	}
	e.title = newField()
	e.title.SetPlaceHolder("e.g. Sprint retrospective")
	e.title.OnChanged = e.onTitle
	e.description = newMultiLineField()
	e.description.Wrapping = fyne.TextWrapWord
	e.description.SetMinRowsVisible(2)
	e.description.SetPlaceHolder("When to use it, in a sentence or two")
	e.description.OnChanged = func(string) { e.changed() }
	e.nameErr = newSettingsNote(widget.DangerImportance)
	e.titleErr = newSettingsNote(widget.DangerImportance)
	e.descriptionErr = newSettingsNote(widget.DangerImportance)
	e.sectionsErr = newSettingsNote(widget.DangerImportance)
	e.sectionBox = container.NewVBox()
	e.saveBtn = widget.NewButtonWithIcon("Save changes", theme.DocumentSaveIcon(), e.onSave)
	e.saveBtn.Importance = widget.HighImportance
	e.saveNote = newSettingsNote(widget.MediumImportance)
	e.saveNote.Show() // always laid out beside the button (a hidden one would not be), empty until there is news
	e.root = e.build()
	return e
}

// load fills the form with t, as if it had just been opened: nothing typed is kept, no problem is
// shown. isNew makes the name editable and the button "Create template"; save is what the button does.
// The section forms already made are refilled; more are made only when t has more sections.
func (e *templateEditor) load(t templates.Template, isNew bool, save func(templates.Template) error) {
	e.loading = true
	defer func() { e.loading = false }()
	e.isNew, e.save, e.dirty = isNew, save, false
	e.name.SetText(t.Name)
	e.nameTyped = t.Name != ""
	if isNew {
		e.name.Enable()
		e.nameHelp.SetText("Used to choose the template from the command line; it cannot be changed later.")
		e.saveBtn.SetText("Create template")
	} else {
		e.name.Disable()
		e.nameHelp.SetText("The name cannot be changed; duplicate the template to save it under another name.")
		e.saveBtn.SetText("Save changes")
	}
	e.title.SetText(t.Title)
	e.description.SetText(t.Description)
	e.spare = append(e.sections, e.spare...)
	e.sections = nil
	for _, sec := range t.Sections {
		e.sections = append(e.sections, e.takeSection(sec))
	}
	e.layoutSections()
	e.clearErrors()
	setNote(e.saveNote, "", widget.MediumImportance)
	e.saveNote.Show()
}

// takeSection is a section form filled with s: a spare one when there is one, else a new one.
func (e *templateEditor) takeSection(s templates.Section) *sectionEditor {
	if len(e.spare) == 0 {
		return e.newSection(s)
	}
	se := e.spare[0]
	e.spare = e.spare[1:]
	loading := e.loading
	e.loading = true
	se.fill(s)
	e.loading = loading
	return se
}

// build lays the form out.
func (e *templateEditor) build() fyne.CanvasObject {
	e.nameHelp = widget.NewLabel("")
	e.nameHelp.Wrapping = fyne.TextWrapWord
	e.nameHelp.SizeName = theme.SizeNameCaptionText
	fields := container.New(layout.NewFormLayout(),
		settingsFieldLabel("Title"), container.NewVBox(e.title, e.titleErr),
		settingsFieldLabel("Name"), container.NewVBox(e.name, e.nameHelp, e.nameErr),
		settingsFieldLabel("Description"), container.NewVBox(e.description, e.descriptionErr),
	)
	e.addBtn = widget.NewButtonWithIcon("Add a section", theme.ContentAddIcon(), e.onAddSection)
	sectionsTitle := widget.NewLabelWithStyle("Sections", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	sectionsTitle.SizeName = theme.SizeNameSubHeadingText
	sectionsHelp := widget.NewLabel("The notes have one “## heading” per section, in this order.")
	sectionsHelp.Wrapping = fyne.TextWrapWord
	return container.NewVBox(
		fields,
		widget.NewSeparator(),
		sectionsTitle, sectionsHelp, e.sectionsErr,
		e.sectionBox,
		container.NewHBox(e.addBtn),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, e.saveBtn, nil, e.saveNote),
	)
}

// newSection makes the form of one section, filled with s.
func (e *templateEditor) newSection(s templates.Section) *sectionEditor {
	se := &sectionEditor{}
	se.title = newField()
	se.title.SetPlaceHolder("e.g. Action items")
	se.title.OnChanged = func(string) { e.changed() }

	var opts []string
	for _, f := range templateFormats() {
		opts = append(opts, templateFormatName(f))
	}
	se.columns = newField()
	se.columns.SetPlaceHolder("e.g. Owner, Task, Due date")
	se.columns.OnChanged = func(string) { e.changed() }
	columnsLabel := settingsFieldLabel("Columns")
	se.columnsRow = []fyne.CanvasObject{columnsLabel, se.columns}

	se.format = widget.NewSelect(opts, func(string) {
		se.showColumns()
		e.changed()
	})
	se.format.PlaceHolder = "Choose a layout"

	se.instruction = newMultiLineField()
	se.instruction.Wrapping = fyne.TextWrapWord
	se.instruction.SetPlaceHolder("What should go in this section, for the model")
	se.instruction.OnChanged = func(string) { e.changed() }
	se.err = newSettingsNote(widget.DangerImportance)
	loading := e.loading
	e.loading = true
	se.fill(s)
	e.loading = loading

	se.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	se.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.move(se, -1) })
	se.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.move(se, +1) })
	se.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.removeSection(se) })
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(se.up, se.down, se.remove), se.heading)

	form := container.New(layout.NewFormLayout(),
		settingsFieldLabel("Heading"), se.title,
		settingsFieldLabel("Layout"), container.NewHBox(se.format),
		columnsLabel, se.columns,
		settingsFieldLabel("Instruction"), se.instruction,
	)
	se.box = container.NewVBox(bar, form, se.err, widget.NewSeparator())
	return se
}

// fill puts s in the section's form (the editor's loading flag is set by the caller).
func (se *sectionEditor) fill(s templates.Section) {
	se.title.SetText(s.Title)
	se.columns.SetText(strings.Join(s.Columns, ", "))
	if s.Format != "" {
		se.format.SetSelected(templateFormatName(s.Format))
	} else {
		se.format.ClearSelected()
	}
	se.showColumns()
	se.instruction.SetMinRowsVisible(instructionRows(s.Instruction))
	se.instruction.SetText(s.Instruction)
	setNote(se.err, "", widget.DangerImportance)
}

// instructionRows is how many lines the instruction field shows, so that most instructions are read
// whole: 3 to 8.
func instructionRows(text string) int {
	const perLine = 70 // characters on a line of the field, about
	return min(max(utf8.RuneCountInString(text)/perLine+1, 3), 8)
}

// showColumns shows the columns field only for a table.
func (se *sectionEditor) showColumns() {
	for _, o := range se.columnsRow {
		if templateFormatOf(se.format.Selected) == templates.FormatTable {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// section is what the form of one section says.
func (se *sectionEditor) section() templates.Section {
	s := templates.Section{
		Title:       strings.TrimSpace(se.title.Text),
		Instruction: strings.TrimSpace(se.instruction.Text),
		Format:      templateFormatOf(se.format.Selected),
	}
	if s.Format == templates.FormatTable {
		for _, c := range strings.Split(se.columns.Text, ",") {
			if c = strings.TrimSpace(c); c != "" {
				s.Columns = append(s.Columns, c)
			}
		}
	}
	return s
}

// layoutSections puts the sections in the form in order, numbered, with the buttons that make sense;
// the spare section forms stay in the form, hidden, so no picker ever leaves the window.
func (e *templateEditor) layoutSections() {
	objs := make([]fyne.CanvasObject, 0, len(e.sections)+len(e.spare))
	for i, se := range e.sections {
		se.heading.SetText(fmt.Sprintf("Section %d", i+1))
		setEnabled(se.up, i > 0)
		setEnabled(se.down, i < len(e.sections)-1)
		setEnabled(se.remove, len(e.sections) > 1)
		se.box.Show()
		objs = append(objs, se.box)
	}
	for _, se := range e.spare {
		se.box.Hide()
		objs = append(objs, se.box)
	}
	e.sectionBox.Objects = objs // the same objects, reordered: each stays in the window
	e.sectionBox.Refresh()
}

// setEnabled enables or disables a button.
func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// onAddSection adds an empty bullet-list section at the end and puts the cursor in its heading.
func (e *templateEditor) onAddSection() {
	se := e.takeSection(templates.Section{Format: templates.FormatBullets})
	e.sections = append(e.sections, se)
	e.layoutSections()
	e.changed()
	if e.win != nil {
		e.win.Canvas().Focus(se.title)
	}
}

// move moves a section by places (-1 up, +1 down) when there is room.
func (e *templateEditor) move(se *sectionEditor, by int) {
	for i, s := range e.sections {
		if s == se && i+by >= 0 && i+by < len(e.sections) {
			e.sections[i], e.sections[i+by] = e.sections[i+by], e.sections[i]
			break
		}
	}
	e.layoutSections()
	e.changed()
}

// removeSection takes a section out of the form (the template changes only when it is saved); its form
// is hidden and kept for the next section added.
func (e *templateEditor) removeSection(se *sectionEditor) {
	for i, s := range e.sections {
		if s == se {
			e.sections = append(e.sections[:i], e.sections[i+1:]...)
			e.spare = append(e.spare, se)
			break
		}
	}
	if e.win != nil && se.holds(e.win.Canvas().Focused()) {
		e.win.Canvas().Unfocus() // typing must not go on into a hidden field
	}
	e.layoutSections()
	e.changed()
}

// holds reports whether f is one of the section's fields.
func (se *sectionEditor) holds(f fyne.Focusable) bool {
	if f == nil {
		return false
	}
	for _, o := range []fyne.Focusable{se.title, se.format, se.columns, se.instruction, se.up, se.down, se.remove} {
		if o == f {
			return true
		}
	}
	return false
}

// onTitle lets a new template's name follow its title until the user types a name of their own.
func (e *templateEditor) onTitle(title string) {
	if e.isNew && !e.nameTyped && !e.loading {
		e.loading = true
		e.name.SetText(templateNameFrom(title))
		e.loading = false
	}
	e.changed()
}

// templateNameFrom makes a template name from a title: "Sprint retro (team)" -> "sprint-retro-team",
// "Réunion" -> "reunion".
func templateNameFrom(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		if unicode.Is(unicode.Mn, r) { // the accent of a decomposed letter
			continue
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= templates.MaxNameLen {
			break
		}
	}
	return strings.TrimRight(b.String()[:min(b.Len(), templates.MaxNameLen)], "-")
}

// changed marks the form as holding changes not saved yet.
func (e *templateEditor) changed() {
	if e.loading {
		return
	}
	e.dirty = true
	if e.saveNote != nil && e.saveNote.Importance != widget.DangerImportance {
		e.saveNote.SetText("")
	}
}

// template is what the form says.
func (e *templateEditor) template() templates.Template {
	t := templates.Template{
		Name:        strings.TrimSpace(e.name.Text),
		Title:       strings.TrimSpace(e.title.Text),
		Description: strings.TrimSpace(e.description.Text),
	}
	for _, se := range e.sections {
		t.Sections = append(t.Sections, se.section())
	}
	return t
}

// onSave saves the form; a problem is shown under its field and next to the button, and what was typed
// stays as it is.
func (e *templateEditor) onSave() {
	e.clearErrors()
	err := e.save(e.template())
	if err == nil {
		e.dirty = false
		setNote(e.saveNote, "Saved.", widget.SuccessImportance)
		return
	}
	setNote(e.saveNote, "Not saved: "+fullStop(err.Error()), widget.DangerImportance)
	label, focus := e.fieldOf(err)
	if label != nil {
		setNote(label, sentence(err.Error()), widget.DangerImportance)
	}
	if focus != nil && e.win != nil {
		e.win.Canvas().Focus(focus)
	}
}

// clearErrors hides every problem shown in the form.
func (e *templateEditor) clearErrors() {
	for _, l := range []*widget.Label{e.nameErr, e.titleErr, e.descriptionErr, e.sectionsErr} {
		setNote(l, "", widget.DangerImportance)
	}
	for _, se := range e.sections {
		setNote(se.err, "", widget.DangerImportance)
	}
}

// fieldOf is where in the form a problem belongs: the label to show it in and the field to focus.
func (e *templateEditor) fieldOf(err error) (*widget.Label, fyne.Focusable) {
	if errors.Is(err, templates.ErrExists) {
		return e.nameErr, e.name
	}
	var ve *templates.ValidationError
	if !errors.As(err, &ve) {
		return nil, nil
	}
	switch ve.Field {
	case "name":
		return e.nameErr, e.name
	case "title":
		return e.titleErr, e.title
	case "description":
		return e.descriptionErr, e.description
	case "sections":
		return e.sectionsErr, nil
	}
	var i int
	var part string
	if _, err := fmt.Sscanf(ve.Field, "sections[%d].%s", &i, &part); err != nil || i < 0 || i >= len(e.sections) {
		return e.sectionsErr, nil
	}
	se := e.sections[i]
	switch part {
	case "title":
		return se.err, se.title
	case "instruction":
		return se.err, se.instruction
	case "columns":
		return se.err, se.columns
	}
	return se.err, nil
}
