package templates

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"hushnote/internal/store"
)

// Setting keys kept in the store.
const (
	SettingDefault  = "summary.template" // name of the default template
	SettingLanguage = "summary.language" // language to write summaries in; "" for the transcript's
)

// MaxLanguageLen is the longest summary language setting accepted, in characters.
const MaxLanguageLen = 40

var (
	// ErrNotFound is returned (wrapped, with the name) when no template has the asked-for name. It is
	// store.ErrNotFound, so either matches with errors.Is.
	ErrNotFound = store.ErrNotFound
	// ErrExists is returned when a new template would take a name already in use.
	ErrExists = errors.New("name already taken")
	// ErrBuiltIn is returned when asked to change or delete a built-in template.
	ErrBuiltIn = errors.New("built-in template")
)

// BrokenError reports a user template in the store that no longer reads as a valid template.
type BrokenError struct {
	Name string
	Err  error
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("your template %q can no longer be used (%v); edit or delete it", e.Name, e.Err)
}

func (e *BrokenError) Unwrap() error { return e.Err }

// Library is every template the user can choose from: the built-in ones and the user's own, kept in the
// store. It is safe for concurrent use.
type Library struct {
	st *store.Store
}

// NewLibrary returns the library over st.
func NewLibrary(st *store.Store) *Library { return &Library{st: st} }

func notFound(name string) error { return fmt.Errorf("no template named %q: %w", name, ErrNotFound) }

func builtInReadOnly(name string) error {
	return fmt.Errorf("%w: %q cannot be changed or deleted; duplicate it and edit the copy", ErrBuiltIn, name)
}

// decode parses a stored row; a body that does not parse or names another template is broken.
func decode(row store.StoredTemplate) (Template, error) {
	t, err := Parse(row.Body)
	if err != nil {
		return Template{}, &BrokenError{Name: row.Name, Err: err}
	}
	if t.Name != row.Name {
		return Template{}, &BrokenError{Name: row.Name, Err: fmt.Errorf("it is saved as %q but calls itself %q", row.Name, t.Name)}
	}
	return t, nil
}

// All returns the built-in templates, then the user's by name. Every user template that cannot be used
// (see BrokenError) is left out and reported in the second result; if the store cannot be read, the
// built-in templates come back with that error.
func (l *Library) All(ctx context.Context) ([]Template, []error) {
	out := BuiltIns()
	rows, err := l.st.Templates(ctx)
	if err != nil {
		return out, []error{fmt.Errorf("read your templates: %w", err)}
	}
	var errs []error
	for _, row := range rows {
		if _, ok := builtIn(row.Name); ok {
			errs = append(errs, &BrokenError{Name: row.Name, Err: errors.New("a built-in template now has the same name")})
			continue
		}
		t, err := decode(row)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, t)
	}
	return out, errs
}

// Get returns the built-in or user template called name. It fails with ErrNotFound when there is none and
// with a *BrokenError when the user's template can no longer be read.
func (l *Library) Get(ctx context.Context, name string) (Template, error) {
	if t, ok := builtIn(name); ok {
		return t, nil
	}
	row, err := l.st.Template(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return Template{}, notFound(name)
	}
	if err != nil {
		return Template{}, err
	}
	return decode(row)
}

// Create saves t as a new user template. It fails with a *ValidationError when t is not valid and with
// ErrExists when its name is already used by a built-in or user template; nothing is saved then.
func (l *Library) Create(ctx context.Context, t Template) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if _, ok := builtIn(t.Name); ok {
		return fmt.Errorf("%w: %q is the name of a built-in template; choose another name", ErrExists, t.Name)
	}
	switch _, err := l.st.Template(ctx, t.Name); {
	case err == nil:
		return fmt.Errorf("%w: you already have a template named %q; choose another name", ErrExists, t.Name)
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	return l.save(ctx, t)
}

// Update replaces the user template named t.Name with t. Built-in templates are read-only (ErrBuiltIn);
// a name with no user template fails with ErrNotFound. A template that no longer read can be replaced.
func (l *Library) Update(ctx context.Context, t Template) error {
	if _, ok := builtIn(t.Name); ok {
		return builtInReadOnly(t.Name)
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if _, err := l.st.Template(ctx, t.Name); errors.Is(err, store.ErrNotFound) {
		return notFound(t.Name)
	} else if err != nil {
		return err
	}
	return l.save(ctx, t)
}

func (l *Library) save(ctx context.Context, t Template) error {
	t.BuiltIn = false
	body, err := t.JSON()
	if err != nil {
		return err
	}
	return l.st.SaveTemplate(ctx, t.Name, body)
}

// Duplicate copies the built-in or user template called from into a new user template called newName,
// titled "<title> (copy)", and returns the copy. An empty newName picks "<from>-copy" (or "-copy-2",
// "-copy-3"… when that is taken). It fails as Create does.
func (l *Library) Duplicate(ctx context.Context, from, newName string) (Template, error) {
	src, err := l.Get(ctx, from)
	if err != nil {
		return Template{}, err
	}
	t := src.clone()
	t.BuiltIn = false
	t.Title = withSuffix(strings.TrimSpace(src.Title), " (copy)", MaxTitleLen)
	if t.Name = newName; t.Name == "" {
		if t.Name, err = l.freeName(ctx, from, "-copy"); err != nil {
			return Template{}, err
		}
	}
	if err := l.Create(ctx, t); err != nil {
		return Template{}, err
	}
	return t, nil
}

// freeName returns the first of base+suffix, base+suffix+"-2", base+suffix+"-3"… that no template has,
// shortening base so the name fits MaxNameLen.
func (l *Library) freeName(ctx context.Context, base, suffix string) (string, error) {
	for n := 1; ; n++ {
		s := suffix
		if n > 1 {
			s += fmt.Sprintf("-%d", n)
		}
		name := withSuffix(base, s, MaxNameLen)
		switch _, err := l.Get(ctx, name); {
		case errors.Is(err, ErrNotFound):
			return name, nil
		case err != nil && !errors.As(err, new(*BrokenError)):
			return "", err
		}
	}
}

// withSuffix appends suffix to s, shortening s so the result has at most limit characters.
func withSuffix(s, suffix string, limit int) string {
	keep := limit - utf8.RuneCountInString(suffix)
	if utf8.RuneCountInString(s) > keep {
		s = strings.TrimRight(string([]rune(s)[:max(keep, 0)]), " -")
	}
	return s + suffix
}

// Delete removes the user template called name. Built-in templates cannot be deleted (ErrBuiltIn); a
// name with no user template fails with ErrNotFound. If it was the default, the default goes back to
// Default.
func (l *Library) Delete(ctx context.Context, name string) error {
	if _, ok := builtIn(name); ok {
		return builtInReadOnly(name)
	}
	if err := l.st.DeleteTemplate(ctx, name); errors.Is(err, store.ErrNotFound) {
		return notFound(name)
	} else if err != nil {
		return err
	}
	// So that a later template of the same name does not silently become the default again.
	if def, err := l.st.Setting(ctx, SettingDefault); err == nil && def == name {
		return l.st.SetSetting(ctx, SettingDefault, "")
	}
	return nil
}

// Default returns the template chosen as the default, or the built-in Default when none is chosen or the
// chosen one no longer exists or can no longer be read.
func (l *Library) Default(ctx context.Context) (Template, error) {
	name, err := l.st.Setting(ctx, SettingDefault)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Template{}, err
	}
	if name != "" {
		t, err := l.Get(ctx, name)
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, ErrNotFound) && !errors.As(err, new(*BrokenError)) {
			return Template{}, err
		}
	}
	return l.Get(ctx, Default)
}

// SetDefault makes the template called name the default; it must exist and be usable.
func (l *Library) SetDefault(ctx context.Context, name string) error {
	if _, err := l.Get(ctx, name); err != nil {
		return err
	}
	return l.st.SetSetting(ctx, SettingDefault, name)
}

// Language returns the language summaries are to be written in ("German"), as SetLanguage stored it.
// "" means: the language of the transcript, or English when that is unknown. A value stored by an older
// Hushnote may be one the engine cannot name; the engine refuses it (see LookupLanguage).
func (l *Library) Language(ctx context.Context) (string, error) {
	lang, err := l.st.Setting(ctx, SettingLanguage)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return lang, err
}

// SetLanguage sets the language summaries are written in; "" goes back to the transcript's language.
// The value is one of Languages, by its name, its own name or its code ("Deutsch" and "de" are
// German), and is stored by its English name; anything else is refused with a *ValidationError for
// the field "language" that matches ErrUnknownLanguage, and nothing is stored.
func (l *Library) SetLanguage(ctx context.Context, lang string) error {
	lang = strings.TrimSpace(lang)
	if n := utf8.RuneCountInString(lang); n > MaxLanguageLen {
		return &ValidationError{Field: "language", Err: ErrUnknownLanguage,
			Problem: fmt.Sprintf("the language is %d characters long; no language Hushnote knows takes more than %d", n, MaxLanguageLen)}
	}
	if hasControl(lang) {
		return &ValidationError{Field: "language", Err: ErrUnknownLanguage, Problem: "the language must be a single line of text"}
	}
	if lang != "" {
		known, ok := LookupLanguage(lang)
		if !ok {
			return unknownLanguage(lang)
		}
		lang = known.Name
	}
	return l.st.SetSetting(ctx, SettingLanguage, lang)
}
