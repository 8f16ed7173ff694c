package app

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
	"hushnote/internal/secret"
	"hushnote/internal/store"
	"hushnote/internal/templates"
)

// openSettingsOver opens another Settings screen, in a window of the running test app, over st: what the
// user sees after a restart.
func openSettingsOver(t *testing.T, st *store.Store) (*settingsScreen, uiQueue) {
	t.Helper()
	noEnv := func(string) string { return "" }
	mgr := provider.NewManager(st, secret.New(t.TempDir(), secret.WithKeyring(&settingsKeyring{}), secret.WithGetenv(noEnv)), provider.WithGetenv(noEnv))
	w := fyne.CurrentApp().NewWindow("Settings again")
	q := make(uiQueue, 256)
	s := newSettingsScreen(context.Background(), Services{Store: st, Providers: mgr, DataDir: t.TempDir()}, w, q.do)
	w.SetContent(s.build())
	w.Resize(fyne.NewSize(900, 700))
	q.drain()
	return s, q
}

// templateList is the list as the page shows it, one "Title (kind)" per template, through the list's
// own callbacks.
func templateList(p *templatesPage) []string {
	var out []string
	for i := range p.list.Length() {
		o := p.list.CreateItem()
		p.list.UpdateItem(i, o)
		box := o.(*fyne.Container)
		out = append(out, box.Objects[0].(*widget.Label).Text+" ("+box.Objects[1].(*widget.Label).Text+")")
	}
	return out
}

// hasItem reports whether the list shows item.
func hasItem(p *templatesPage, item string) bool {
	for _, it := range templateList(p) {
		if it == item {
			return true
		}
	}
	return false
}

// pick selects the template called name in the list, as a click would.
func pick(t *testing.T, p *templatesPage, name string) {
	t.Helper()
	i := p.index(name)
	if i < 0 {
		t.Fatalf("no %q in the list: %q", name, templateList(p))
	}
	p.list.Select(i)
}

// findButton returns the button labelled text under o, nil when there is none.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch w := o.(type) {
	case *widget.Button:
		if w.Text == text {
			return w
		}
		return nil
	case *fyne.Container:
		for _, c := range w.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
		return nil
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// answerDialog checks the open dialog says want and taps its button labelled button.
func answerDialog(t *testing.T, w fyne.Window, want, button string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open; want one saying %q", want)
	}
	if text := settingsVisibleText(top); !strings.Contains(text, want) {
		t.Errorf("the dialog says %q; want %q", text, want)
	}
	b := findButton(top, button)
	if b == nil {
		t.Fatalf("the dialog has no %q button", button)
	}
	test.Tap(b)
	if w.Canvas().Overlays().Top() != nil {
		t.Errorf("the dialog is still open after %q", button)
	}
}

func getTemplate(t *testing.T, st *store.Store, name string) (templates.Template, error) {
	t.Helper()
	return templates.NewLibrary(st).Get(context.Background(), name)
}

func TestTemplatesCreateEditAndValidate(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	st := s.svc.Store
	p := s.templates
	s.showTemplates()
	if s.tabs.Selected() != p.item {
		t.Fatal("showTemplates did not select the Templates page")
	}
	if p.selected != templates.Default || p.editor != nil {
		t.Fatalf("on open the page shows %q (editor %v), want the default, read-only", p.selected, p.editor != nil)
	}

	test.Tap(p.newBtn)
	e := p.editor
	if e == nil || !e.isNew || e.name.Disabled() {
		t.Fatal("New template shows no form for a new template")
	}
	typeInto(e.title, "Sprint retro")
	if e.name.Text != "sprint-retro" {
		t.Errorf("name = %q, want it to follow the title", e.name.Text)
	}
	typeInto(e.description, "For the team's retrospective.")
	s0 := e.sections[0]
	typeInto(s0.title, "Went well")
	s0.format.SetSelected("Bullet list")

	// No instruction yet: the problem shows next to the section and the Save button, and nothing typed
	// is lost or saved.
	test.Tap(e.saveBtn)
	const noInstruction = `section 1 ("Went well") has no instruction: say what should go in it.`
	if !s0.err.Visible() || s0.err.Text != "S"+noInstruction[1:] {
		t.Errorf("under section 1: %q (shown %v); want %q", s0.err.Text, s0.err.Visible(), noInstruction)
	}
	if !strings.Contains(e.saveNote.Text, "Not saved: "+noInstruction) {
		t.Errorf("next to Save: %q", e.saveNote.Text)
	}
	if p.editor != e || e.title.Text != "Sprint retro" || e.description.Text != "For the team's retrospective." ||
		s0.title.Text != "Went well" || s0.format.Selected != "Bullet list" {
		t.Error("the form lost what was typed")
	}
	if _, err := getTemplate(t, st, "sprint-retro"); !errors.Is(err, templates.ErrNotFound) {
		t.Fatalf("an invalid template was saved: %v", err)
	}

	typeInto(s0.instruction, "What the team says went well.")
	test.Tap(e.addBtn)
	s1 := e.sections[1]
	typeInto(s1.title, "Actions")
	s1.format.SetSelected("Table")
	if !s1.columns.Visible() {
		t.Error("the columns field is hidden for a table")
	}
	typeInto(s1.columns, "Owner, Action")
	typeInto(s1.instruction, "Agreed improvements.")
	test.Tap(e.saveBtn)

	want := templates.Template{Name: "sprint-retro", Title: "Sprint retro", Description: "For the team's retrospective.",
		Sections: []templates.Section{
			{Title: "Went well", Instruction: "What the team says went well.", Format: templates.FormatBullets},
			{Title: "Actions", Instruction: "Agreed improvements.", Format: templates.FormatTable, Columns: []string{"Owner", "Action"}},
		}}
	if got, err := getTemplate(t, st, "sprint-retro"); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("stored = %+v, %v; want %+v", got, err, want)
	}
	if !hasItem(p, "Sprint retro (Yours)") {
		t.Errorf("list = %q, want the new template in it", templateList(p))
	}
	if p.selected != "sprint-retro" || p.editor == nil || p.editor.isNew || !p.editor.name.Disabled() {
		t.Fatalf("after Create the page shows %q; want the new template's form, its name fixed", p.selected)
	}

	// Edit: a new title, the table first.
	e = p.editor
	typeInto(e.title, "Sprint retrospective")
	test.Tap(e.sections[1].up)
	if e.sections[0].title.Text != "Actions" || !e.sections[0].up.Disabled() {
		t.Fatal("moving section 2 up did not make it the first")
	}
	test.Tap(e.saveBtn)
	if e.saveNote.Text != "Saved." {
		t.Errorf("next to Save: %q", e.saveNote.Text)
	}
	want.Title = "Sprint retrospective"
	want.Sections[0], want.Sections[1] = want.Sections[1], want.Sections[0]
	if got, err := getTemplate(t, st, "sprint-retro"); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after editing, stored = %+v, %v; want %+v", got, err, want)
	}
	if !hasItem(p, "Sprint retrospective (Yours)") || p.headTitle.Text != "Sprint retrospective" {
		t.Errorf("list %q, heading %q: the new title is not shown", templateList(p), p.headTitle.Text)
	}

	// An invalid edit keeps what was typed and leaves the stored template as it was.
	typeInto(e.sections[0].columns, "Owner, owner ")
	test.Tap(e.saveBtn)
	if !strings.Contains(e.sections[0].err.Text, `has the column "owner" twice`) || !e.sections[0].err.Visible() {
		t.Errorf("under section 1: %q", e.sections[0].err.Text)
	}
	if e.sections[0].columns.Text != "Owner, owner " {
		t.Errorf("columns field = %q, want what was typed", e.sections[0].columns.Text)
	}
	if got, _ := getTemplate(t, st, "sprint-retro"); !reflect.DeepEqual(got, want) {
		t.Errorf("a refused edit changed the stored template: %+v", got)
	}

	// A name already taken is refused under the name field.
	test.Tap(p.newBtn)
	answerDialog(t, s.win, "Your changes to “Sprint retrospective” are not saved yet.", "Discard")
	e = p.editor
	typeInto(e.title, "Standard")
	typeInto(e.sections[0].title, "Notes")
	typeInto(e.sections[0].instruction, "Everything.")
	test.Tap(e.saveBtn)
	if !e.nameErr.Visible() || !strings.Contains(e.nameErr.Text, `"standard" is the name of a built-in template; choose another name`) {
		t.Errorf("under the name: %q", e.nameErr.Text)
	}
}

func TestTemplatesUnsavedChangesAreNotLostSilently(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	p := s.templates
	pick(t, p, "standup")
	test.Tap(p.duplicateBtn)
	e := p.editor
	if p.selected != "standup-copy" || e == nil {
		t.Fatalf("after Duplicate the page shows %q", p.selected)
	}
	typeInto(e.title, "My stand-up")

	pick(t, p, "lecture")
	answerDialog(t, s.win, "Your changes to “My stand-up” are not saved yet.", "Keep editing")
	if p.selected != "standup-copy" || p.editor != e || e.title.Text != "My stand-up" {
		t.Fatalf("after Keep editing the page shows %q with title %q", p.selected, p.editor.title.Text)
	}
	if sel := p.index("standup-copy"); !listSelected(p, sel) {
		t.Error("the list no longer marks the template being edited")
	}

	pick(t, p, "lecture")
	answerDialog(t, s.win, "not saved yet", "Discard")
	if p.selected != "lecture" || p.editor != nil {
		t.Fatalf("after Discard the page shows %q", p.selected)
	}
	if got, _ := getTemplate(t, s.svc.Store, "standup-copy"); got.Title != "Daily stand-up (copy)" {
		t.Errorf("discarded changes were saved: title %q", got.Title)
	}
}

// listSelected reports whether the list shows item i as selected: selecting it again changes nothing.
func listSelected(p *templatesPage, i int) bool {
	changed := false
	old := p.list.OnSelected
	p.list.OnSelected = func(widget.ListItemID) { changed = true }
	p.list.Select(i)
	p.list.OnSelected = old
	return !changed
}

func TestTemplatesDuplicateBuiltInAndDeleteTheCopy(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	st := s.svc.Store
	p := s.templates
	pick(t, p, "action-items")
	if !p.deleteBtn.Disabled() || p.editor != nil {
		t.Error("a built-in template can be deleted or edited")
	}
	if !strings.Contains(p.actionNote.Text, "Built-in templates cannot be changed or deleted") {
		t.Errorf("note under the buttons: %q", p.actionNote.Text)
	}
	if text := settingsVisibleText(p.detail); !strings.Contains(text, "1. Action items") || !strings.Contains(text, "Table with the columns") {
		t.Errorf("the built-in's sections are not shown:\n%s", text)
	}

	test.Tap(p.duplicateBtn)
	orig, _ := getTemplate(t, st, "action-items")
	cp, err := getTemplate(t, st, "action-items-copy")
	if err != nil || cp.Title != orig.Title+" (copy)" || !reflect.DeepEqual(cp.Sections, orig.Sections) {
		t.Fatalf("stored copy = %+v, %v", cp, err)
	}
	if p.selected != "action-items-copy" || p.editor == nil || p.deleteBtn.Disabled() {
		t.Fatalf("after Duplicate the page shows %q, editable %v", p.selected, p.editor != nil)
	}
	if !hasItem(p, orig.Title+" (copy) (Yours)") {
		t.Errorf("list = %q", templateList(p))
	}

	test.Tap(p.deleteBtn)
	answerDialog(t, s.win, "will be gone for good", "Cancel")
	if _, err := getTemplate(t, st, "action-items-copy"); err != nil {
		t.Fatalf("Cancel deleted the template: %v", err)
	}

	test.Tap(p.deleteBtn)
	answerDialog(t, s.win, "“"+orig.Title+" (copy)” will be gone for good", "Delete")
	if _, err := getTemplate(t, st, "action-items-copy"); !errors.Is(err, templates.ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	if p.index("action-items-copy") >= 0 || p.selected != templates.Default {
		t.Errorf("after Delete the list is %q and shows %q", templateList(p), p.selected)
	}
}

func TestTemplatesDefaultAndLanguageSurviveARestart(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	st := s.svc.Store
	p := s.templates
	if p.language.Text != "" || !strings.Contains(p.languageNote.Text, "transcript's language") {
		t.Errorf("language on a new database: %q, note %q", p.language.Text, p.languageNote.Text)
	}

	pick(t, p, "one-on-one")
	test.Tap(p.duplicateBtn)
	test.Tap(p.defaultBtn)
	if !hasItem(p, "One-on-one (copy) (Yours · default)") || !hasItem(p, "Standard meeting notes (Built-in)") {
		t.Errorf("list = %q, want the copy marked default and standard no longer", templateList(p))
	}
	if !p.defaultBtn.Disabled() || !strings.Contains(p.actionNote.Text, "This is the default template") {
		t.Errorf("after Use as default: button disabled %v, note %q", p.defaultBtn.Disabled(), p.actionNote.Text)
	}

	tooLong := strings.Repeat("x", templates.MaxLanguageLen+1)
	typeInto(p.language, tooLong)
	if p.language.Text != tooLong || !strings.HasPrefix(p.languageNote.Text, "Not saved: The language is 41 characters long") {
		t.Errorf("a language too long: field %q, note %q", p.language.Text, p.languageNote.Text)
	}
	p.language.SetText("") // as picking from the menu does
	test.Type(p.language, "German")
	if !strings.Contains(p.languageNote.Text, "Summaries are written in German.") {
		t.Errorf("language note = %q", p.languageNote.Text)
	}

	again, _ := openSettingsOver(t, st)
	p2 := again.templates
	if p2.selected != "one-on-one-copy" || !hasItem(p2, "One-on-one (copy) (Yours · default)") {
		t.Errorf("after a restart the page shows %q; list %q", p2.selected, templateList(p2))
	}
	if p2.language.Text != "German" || !strings.Contains(p2.languageNote.Text, "German") {
		t.Errorf("after a restart the language is %q (%q)", p2.language.Text, p2.languageNote.Text)
	}
}

func TestTemplateNameFrom(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Sprint retro", "sprint-retro"},
		{"  Team 1:1 (weekly)  ", "team-1-1-weekly"},
		{"Réunion d'équipe", "reunion-d-equipe"},
		{"Ελληνικά notes", "notes"},
		{"---", ""},
		{strings.Repeat("abc ", 20), "abc-abc-abc-abc-abc-abc-abc-abc-abc-abc"},
	}
	for _, tt := range tests {
		got := templateNameFrom(tt.title)
		if got != tt.want {
			t.Errorf("templateNameFrom(%q) = %q, want %q", tt.title, got, tt.want)
		}
		if got != "" {
			if err := (templates.Template{Name: got, Title: "T", Sections: []templates.Section{{Title: "S", Instruction: "I", Format: templates.FormatParagraph}}}).Validate(); err != nil {
				t.Errorf("templateNameFrom(%q) = %q, which is not a valid name: %v", tt.title, got, err)
			}
		}
	}
}

// A page whose least height is more than the window's makes the window grow off the screen (a wrapping
// label laid out one letter wide does that).
func TestTemplatesAndPrivacyFitTheWindow(t *testing.T) {
	s, q, _ := newSettingsForTest(t, nil)
	q.drain()
	for _, it := range []*container.TabItem{s.templates.item, s.privacy.item} {
		if h := it.Content.MinSize().Height; h > 600 {
			t.Errorf("the %s page needs %.0f pixels of height; the window has 720", it.Text, h)
		}
	}
}

// TestClosingSettingsAsksAboutUnsavedTemplateEdits: closing the Settings window with a template form
// changed asks first; Keep editing keeps the window, Discard closes it.
func TestClosingSettingsAsksAboutUnsavedTemplateEdits(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	p := s.templates
	closed := 0
	closeWindow := func() { closed++ }
	s.leave(closeWindow)
	if closed != 1 {
		t.Fatalf("with nothing changed, closing ran %d times, want at once", closed)
	}
	pick(t, p, "standup")
	test.Tap(p.duplicateBtn)
	typeInto(p.editor.title, "My stand-up")
	s.leave(closeWindow)
	answerDialog(t, s.win, "Your changes to “My stand-up” are not saved yet.", "Keep editing")
	if closed != 1 || p.editor == nil || p.editor.title.Text != "My stand-up" {
		t.Fatalf("after Keep editing: closed %d times, editor %v", closed, p.editor != nil)
	}
	s.leave(closeWindow)
	answerDialog(t, s.win, "not saved yet", "Discard")
	if closed != 2 {
		t.Errorf("after Discard the window was closed %d times in all, want 2", closed)
	}
}

// TestSummaryLanguageFieldOffersWhatTheEngineCanName: the field's menu is the engine's own list; a
// language typed that the engine cannot name is refused at the field with the reason, and the language
// saved before stays (it is never replaced by English behind the user's back).
func TestSummaryLanguageFieldOffersWhatTheEngineCanName(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	st := s.svc.Store
	p := s.templates
	lib := templates.NewLibrary(st)

	dropDown, ok := p.language.ActionItem.(*widget.Button)
	if !ok {
		t.Fatal("the language field has no menu button")
	}
	test.Tap(dropDown)
	offered, items := menuItems(t, s.win)
	if !slices.Equal(offered, templates.LanguageNames()) {
		t.Fatalf("the field offers %q;\nthe engine can name %q", offered, templates.LanguageNames())
	}
	test.Tap(items[slices.Index(offered, "French")])
	if lang, _ := lib.Language(t.Context()); p.language.Text != "French" || lang != "French" || p.languageNote.Text != "Summaries are written in French." {
		t.Errorf("picked French: field %q, saved %q, note %q", p.language.Text, lang, p.languageNote.Text)
	}

	tests := []struct {
		typed string
		saved string // what the library holds afterwards
		note  string
		imp   widget.Importance
	}{
		{"Swahili", "French", "Not saved: Hushnote cannot ask a model to write in “Swahili”: choose one of the listed languages", widget.DangerImportance},
		{"Deutsch", "German", "Summaries are written in German.", widget.SuccessImportance},
		{"Klingon", "German", "Not saved: Hushnote cannot ask a model to write in “Klingon”", widget.DangerImportance},
		{"pt-BR", "Portuguese", "Summaries are written in Portuguese.", widget.SuccessImportance},
		{strings.Repeat("x", templates.MaxLanguageLen+1), "Portuguese", "Not saved: The language is 41 characters long", widget.DangerImportance},
		{"", "", "In the transcript's language", widget.MediumImportance},
		{"Sw", "", "Not saved: Hushnote cannot ask a model to write in “Sw”", widget.DangerImportance},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			p.language.SetText(tt.typed) // as pasting does; typing saves at every key the same way
			if tt.imp == widget.DangerImportance {
				still := "Summaries are still written in " + tt.saved + "."
				if tt.saved == "" {
					still = "Summaries stay in the transcript's language."
				}
				if !strings.HasSuffix(p.languageNote.Text, still) {
					t.Errorf("the refusal %q does not say %q", p.languageNote.Text, still)
				}
			}
			lang, err := lib.Language(t.Context())
			if err != nil || lang != tt.saved {
				t.Errorf("saved %q (%v), want %q", lang, err, tt.saved)
			}
			if p.language.Text != tt.typed {
				t.Errorf("the field now says %q, want what was typed, %q", p.language.Text, tt.typed)
			}
			if !strings.HasPrefix(p.languageNote.Text, tt.note) || p.languageNote.Importance != tt.imp || !p.languageNote.Visible() {
				t.Errorf("note %q (importance %v, shown %v), want it to start %q (importance %v)",
					p.languageNote.Text, p.languageNote.Importance, p.languageNote.Visible(), tt.note, tt.imp)
			}
		})
	}

	// A language an older Hushnote saved that the engine cannot name is shown as the problem it is.
	if err := st.SetSetting(t.Context(), templates.SettingLanguage, "Swahili"); err != nil {
		t.Fatal(err)
	}
	again, _ := openSettingsOver(t, st)
	if n := again.templates.languageNote; n.Importance != widget.DangerImportance || !strings.Contains(n.Text, "cannot ask a model to write in “Swahili”") {
		t.Errorf("a saved language the engine cannot name: note %q (importance %v)", n.Text, n.Importance)
	}
}
