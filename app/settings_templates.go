package app

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/templates"
)

// templatesPage is the Templates page of the Settings window: every template (built-in and the user's),
// the chosen one's sections (in a form for the user's own), Use as default, Duplicate, Delete, New
// template, and the language summaries are written in. Every change is saved to the store at once. Its
// fields are touched only on the UI goroutine.
type templatesPage struct {
	s    *settingsScreen
	lib  *templates.Library
	item *container.TabItem

	all      []templates.Template // in the list's order
	def      string               // name of the default template
	list     *widget.List
	listNote *widget.Label  // the templates that could not be read
	newBtn   *widget.Button // New template
	selected string         // the template shown; "" while a new one is being written
	quiet    bool           // the list's selection is being set by the page, not the user

	language      *widget.SelectEntry
	languageNote  *widget.Label
	savedLanguage string // the language last saved ("" for the transcript's), as the engine names it

	// The right side is made once and filled with the template on show, in place: a picker in it is
	// never detached from the window while it can be tapped.
	detail    *fyne.Container // the chosen template's header, actions, and its sections or form
	headTitle *widget.Label   // the title of the template on show
	headName  *widget.Label   // its name and kind; hidden for a new template
	headDesc  *widget.Label   // its description
	scroll    *container.Scroll
	shown     templates.Template // the template on show (zero while a new one is written)
	sections  *fyne.Container    // a built-in template's sections, read-only (labels only)
	form      *templateEditor    // the one form, for the user's templates and new ones
	editor    *templateEditor    // the form when it is on show; nil for a built-in template

	actions                             *fyne.Container // the buttons below, and actionNote
	defaultBtn, duplicateBtn, deleteBtn *widget.Button
	actionNote                          *widget.Label
}

// newTemplatesPage makes the Templates page of s; its tab is p.item.
func newTemplatesPage(s *settingsScreen) *templatesPage {
	p := &templatesPage{s: s, lib: templates.NewLibrary(s.svc.Store)}
	p.item = container.NewTabItem("Templates", p.build())
	return p
}

// showTemplates selects the Templates page.
func (s *settingsScreen) showTemplates() {
	s.tabs.Select(s.templates.item)
}

// build makes the page: heading and summary language on top, the list on the left and the chosen
// template on the right. The default template is shown first.
func (p *templatesPage) build() fyne.CanvasObject {
	title := widget.NewRichText(&widget.TextSegment{Text: "Templates", Style: widget.RichTextStyleHeading})
	blurb := widget.NewLabel("A template says what the notes contain: their sections, what goes in each and how it is laid out. Built-in templates are read-only; duplicate one to make it your own.")
	blurb.Wrapping = fyne.TextWrapWord

	p.languageNote = newSettingsNote(widget.MediumImportance)     // under the field, wrapping: a refusal is read whole
	p.language = widget.NewSelectEntry(templates.LanguageNames()) // exactly the languages the engine can name
	p.language.SetPlaceHolder("The transcript's language")
	lang, err := p.lib.Language(p.s.ctx)
	p.language.SetText(lang)
	p.savedLanguage = lang
	p.language.OnChanged = p.onLanguage
	if err != nil {
		setNote(p.languageNote, "Could not read the summary language: "+err.Error(), widget.DangerImportance)
	} else {
		p.describeLanguage(lang)
	}
	language := container.New(layout.NewFormLayout(),
		settingsFieldLabel("Write summaries in"), container.NewVBox(
			container.NewGridWrap(fyne.NewSize(280, p.language.MinSize().Height), p.language), p.languageNote))

	p.list = widget.NewList(
		func() int { return len(p.all) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("Standard meeting notes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			kind := widget.NewLabel("Built-in · default")
			kind.SizeName = theme.SizeNameCaptionText
			kind.Truncation = fyne.TextTruncateEllipsis
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), name, kind)
		},
		p.updateItem,
	)
	p.list.OnSelected = p.onSelected
	p.listNote = newSettingsNote(widget.WarningImportance)
	p.newBtn = widget.NewButtonWithIcon("New template", theme.ContentAddIcon(), p.onNew)
	left := container.NewBorder(nil, container.NewVBox(p.listNote, p.newBtn), nil, nil, p.list)

	p.detail = p.buildDetail()
	p.scroll = container.NewVScroll(container.NewPadded(p.detail))
	split := container.NewHSplit(left, p.scroll)
	split.Offset = 0.3

	p.reload()
	p.selectName(p.def)
	return container.NewBorder(
		container.NewPadded(container.NewVBox(title, blurb, language, widget.NewSeparator())), nil, nil, nil,
		container.NewPadded(split))
}

// updateItem shows one template in the list: its title, and whether it is built-in and the default.
func (p *templatesPage) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(p.all) {
		return
	}
	t := p.all[i]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(t.Title)
	box.Objects[1].(*widget.Label).SetText(p.kindOf(t))
}

// kindOf says whose a template is and whether it is the default: "Built-in · default".
func (p *templatesPage) kindOf(t templates.Template) string {
	kind := "Yours"
	if t.BuiltIn {
		kind = "Built-in"
	}
	if t.Name == p.def {
		kind += " · default"
	}
	return kind
}

// reload reads the templates and the default again and refreshes the list.
func (p *templatesPage) reload() {
	ctx := p.s.ctx
	all, errs := p.lib.All(ctx)
	p.all = all
	if def, err := p.lib.Default(ctx); err == nil {
		p.def = def.Name
	} else {
		errs = append(errs, err)
	}
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	setNote(p.listNote, strings.Join(msgs, "\n"), widget.WarningImportance)
	p.list.Refresh()
	p.s.notifyChanged() // the Summary tab's template picker follows
}

// index is the position of the template called name in the list, -1 when it is not there.
func (p *templatesPage) index(name string) int {
	for i, t := range p.all {
		if t.Name == name {
			return i
		}
	}
	return -1
}

// selectName selects the template called name in the list and shows it, without asking about changes
// not saved.
func (p *templatesPage) selectName(name string) {
	i := p.index(name)
	if i < 0 {
		i = 0
	}
	p.quiet = true
	p.list.Select(i)
	p.quiet = false
	p.show(p.all[i])
}

// onSelected shows the template the user picked, first asking whether to drop changes not saved.
func (p *templatesPage) onSelected(i widget.ListItemID) {
	if p.quiet || i < 0 || i >= len(p.all) {
		return
	}
	t := p.all[i]
	if t.Name == p.selected && p.selected != "" {
		return
	}
	p.leave(func() { p.show(t) }, func() {
		p.quiet = true
		if j := p.index(p.selected); j >= 0 && p.selected != "" {
			p.list.Select(j)
		} else {
			p.list.UnselectAll()
		}
		p.quiet = false
	})
}

// leave runs next when the form holds nothing unsaved; otherwise it asks first, and runs stay when the
// user keeps editing.
func (p *templatesPage) leave(next, stay func()) {
	if p.editor == nil || !p.editor.dirty {
		next()
		return
	}
	what := "the new template"
	if p.selected != "" {
		what = "“" + p.editor.title.Text + "”"
	}
	askBeforeLosing(p.s.win, "Discard your changes?", "Your changes to "+what+" are not saved yet.", "Discard", "Keep editing", func(discard bool) {
		if discard {
			next()
		} else if stay != nil {
			stay()
		}
	})
}

// buildDetail makes the right side once: the header, the actions, a built-in template's sections and
// the form, each shown when it applies.
func (p *templatesPage) buildDetail() *fyne.Container {
	p.headTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.headTitle.SizeName = theme.SizeNameSubHeadingText
	p.headTitle.Wrapping = fyne.TextWrapWord
	p.headName = widget.NewLabel("")
	p.headName.TextStyle.Italic = true
	p.headName.SizeName = theme.SizeNameCaptionText
	p.headDesc = widget.NewLabel("")
	p.headDesc.Wrapping = fyne.TextWrapWord

	p.defaultBtn = widget.NewButtonWithIcon("Use as default", theme.ConfirmIcon(), func() { p.onDefault(p.shown.Name) })
	p.duplicateBtn = widget.NewButtonWithIcon("Duplicate", theme.ContentCopyIcon(), func() { p.onDuplicate(p.shown.Name) })
	p.deleteBtn = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() { p.onDelete(p.shown) })
	p.actionNote = newSettingsNote(widget.MediumImportance)
	p.actions = container.NewVBox(container.NewHBox(p.defaultBtn, p.duplicateBtn, p.deleteBtn), p.actionNote)

	p.sections = container.NewVBox()
	p.form = newTemplateEditor(p.s.win)
	p.form.root.Hide()
	return container.NewVBox(container.NewVBox(p.headTitle, p.headName, p.headDesc), p.actions, widget.NewSeparator(),
		p.sections, p.form.root)
}

// show puts a template on the right: its header and actions, then its sections, in the form when it is
// the user's.
func (p *templatesPage) show(t templates.Template) {
	p.selected, p.shown = t.Name, t
	kind := "your template"
	if t.BuiltIn {
		kind = "built-in, read-only"
	}
	p.header(t.Title, "Name: "+t.Name+" · "+kind, t.Description)
	p.actions.Show()
	setNote(p.actionNote, "", widget.MediumImportance)
	p.describeActions(t)
	if t.BuiltIn {
		p.editor = nil
		p.form.root.Hide()
		p.sections.Objects = templateSectionsView(t) // labels only: no picker is replaced
		p.sections.Refresh()
		p.sections.Show()
	} else {
		p.sections.Hide()
		p.form.load(t, false, p.saveExisting)
		p.editor = p.form
		p.form.root.Show()
	}
	p.detail.Refresh()
	p.scroll.ScrollToTop()
}

// header fills the header: the title on show, its name and kind ("" hides it), its description.
func (p *templatesPage) header(title, name, description string) {
	p.headTitle.SetText(title)
	setNote(p.headName, name, widget.MediumImportance)
	setNote(p.headDesc, description, widget.MediumImportance)
}

// describeActions enables the actions that apply to t and says why the others do not.
func (p *templatesPage) describeActions(t templates.Template) {
	var notes []string
	if t.Name == p.def {
		p.defaultBtn.Disable()
		notes = append(notes, "This is the default template: new summaries use it unless you choose another.")
	} else {
		p.defaultBtn.Enable()
	}
	if t.BuiltIn {
		p.deleteBtn.Disable()
		notes = append(notes, "Built-in templates cannot be changed or deleted. Duplicate this one to make a copy you can edit.")
	} else {
		p.deleteBtn.Enable()
	}
	setNote(p.actionNote, strings.Join(notes, "\n"), widget.MediumImportance)
}

// templateSectionsView shows a template's sections, read-only: heading, layout and instruction.
func templateSectionsView(t templates.Template) []fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Sections", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	objs := []fyne.CanvasObject{title}
	for i, s := range t.Sections {
		h := widget.NewLabelWithStyle(strconv.Itoa(i+1)+". "+s.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		h.Wrapping = fyne.TextWrapWord
		layoutText := templateFormatName(s.Format)
		if s.Format == templates.FormatTable {
			layoutText += " with the columns " + strings.Join(s.Columns, ", ")
		}
		f := widget.NewLabel(layoutText)
		f.TextStyle.Italic = true
		f.Wrapping = fyne.TextWrapWord
		in := widget.NewLabel(s.Instruction)
		in.Wrapping = fyne.TextWrapWord
		objs = append(objs, container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), h, f, in))
	}
	return objs
}

// saveExisting saves the form of a user template and refreshes the list and the header.
func (p *templatesPage) saveExisting(t templates.Template) error {
	if err := p.lib.Update(p.s.ctx, t); err != nil {
		return err
	}
	p.reload()
	if i := p.index(t.Name); i >= 0 {
		p.quiet = true
		p.list.Select(i)
		p.quiet = false
	}
	p.shown = t
	p.headTitle.SetText(t.Title)
	setNote(p.headDesc, t.Description, widget.MediumImportance)
	return nil
}

// onNew shows an empty form for a new template.
func (p *templatesPage) onNew() {
	p.leave(p.showNew, nil)
}

// showNew puts an empty form on the right, with one section to fill in, and the cursor in the title.
func (p *templatesPage) showNew() {
	p.selected = ""
	p.quiet = true
	p.list.UnselectAll()
	p.quiet = false
	p.shown = templates.Template{}
	p.header("New template", "", "Give it a title and at least one section, then press Create template.")
	p.actions.Hide()
	p.sections.Hide()
	p.form.load(templates.Template{Sections: []templates.Section{{Format: templates.FormatParagraph}}}, true, p.create)
	p.editor = p.form
	p.form.root.Show()
	p.detail.Refresh()
	p.scroll.ScrollToTop()
	p.s.win.Canvas().Focus(p.editor.title)
}

// create saves a new template from the form and shows it.
func (p *templatesPage) create(t templates.Template) error {
	if err := p.lib.Create(p.s.ctx, t); err != nil {
		return err
	}
	p.reload()
	p.selectName(t.Name)
	setNote(p.actionNote, "Created.", widget.SuccessImportance)
	return nil
}

// onDefault makes the template called name the default.
func (p *templatesPage) onDefault(name string) {
	if err := p.lib.SetDefault(p.s.ctx, name); err != nil {
		setNote(p.actionNote, "Could not make it the default: "+err.Error(), widget.DangerImportance)
		return
	}
	p.reload()
	if t, ok := p.find(name); ok {
		p.describeActions(t)
	}
}

// find returns the listed template called name.
func (p *templatesPage) find(name string) (templates.Template, bool) {
	if i := p.index(name); i >= 0 {
		return p.all[i], true
	}
	return templates.Template{}, false
}

// onDuplicate copies the template called name into a new user template and shows the copy's form.
func (p *templatesPage) onDuplicate(name string) {
	p.leave(func() {
		cp, err := p.lib.Duplicate(p.s.ctx, name, "")
		if err != nil {
			setNote(p.actionNote, "Could not duplicate it: "+err.Error(), widget.DangerImportance)
			return
		}
		p.reload()
		p.selectName(cp.Name)
		setNote(p.actionNote, "This is your copy: change it as you like.", widget.SuccessImportance)
	}, nil)
}

// onDelete asks, then deletes the user template t.
func (p *templatesPage) onDelete(t templates.Template) {
	msg := "“" + t.Title + "” will be gone for good. Summaries already written with it are kept."
	if t.Name == p.def {
		def := templates.Default
		if t, ok := p.find(templates.Default); ok {
			def = "“" + t.Title + "”"
		}
		msg += " The default goes back to " + def + "."
	}
	askBeforeLosing(p.s.win, "Delete this template?", msg, "Delete", "Cancel", func(ok bool) {
		if !ok {
			return
		}
		if err := p.lib.Delete(p.s.ctx, t.Name); err != nil && !errors.Is(err, templates.ErrNotFound) {
			setNote(p.actionNote, "Could not delete it: "+err.Error(), widget.DangerImportance)
			return
		}
		p.editor = nil
		p.reload()
		p.selectName(p.def)
	})
}

// onLanguage saves the summary language as it is typed or chosen: one of the listed languages, by its
// name, its own name or its code. Anything else is not saved, and stays in the field with the reason
// beside it; the summaries keep the language saved before.
func (p *templatesPage) onLanguage(lang string) {
	if err := p.lib.SetLanguage(p.s.ctx, lang); err != nil {
		msg := "Not saved: " + sentence(err.Error())
		if errors.Is(err, templates.ErrUnknownLanguage) {
			msg += " " + stillWritten(p.savedLanguage)
		}
		setNote(p.languageNote, msg, widget.DangerImportance)
		return
	}
	p.savedLanguage = ""
	if l, ok := templates.LookupLanguage(lang); ok {
		p.savedLanguage = l.Name
	}
	p.describeLanguage(lang)
}

// stillWritten says what summaries are written in while a language typed is refused: the one saved.
func stillWritten(saved string) string {
	if saved == "" {
		return "Summaries stay in the transcript's language."
	}
	return "Summaries are still written in " + saved + "."
}

// describeLanguage says what language summaries are written in; a saved language the engine cannot
// name (left by an older Hushnote) is shown as a problem, since summaries are refused until it changes.
func (p *templatesPage) describeLanguage(lang string) {
	lang = strings.TrimSpace(lang)
	if lang == "" {
		setNote(p.languageNote, "In the transcript's language (English when it is not known).", widget.MediumImportance)
		return
	}
	l, ok := templates.LookupLanguage(lang)
	if !ok {
		setNote(p.languageNote, "Hushnote cannot ask a model to write in “"+lang+"”: choose a language from the list.", widget.DangerImportance)
		return
	}
	setNote(p.languageNote, "Summaries are written in "+l.Name+".", widget.SuccessImportance)
}
