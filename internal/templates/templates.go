// Package templates describes what a meeting summary should contain: a template is a named list of
// sections, each with a heading, an instruction for the model and an output format (prose, bullets or a
// table with fixed columns).
//
// The package turns a template into the part of a prompt that tells the model what to write
// (Template.Instructions) and checks an answer for the headings it should have (MissingSections). The
// built-in templates are JSON files embedded from the assets package (BuiltIns); the user's own templates
// are kept in the store and managed through a Library, which also holds the default template and summary
// language settings.
package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format is how a section's content is laid out.
type Format string

// Section formats.
const (
	FormatParagraph Format = "paragraph" // prose
	FormatBullets   Format = "bullets"   // a "- " bullet list
	FormatTable     Format = "table"     // a Markdown table with the section's columns
)

// Limits a template must keep; lengths count characters, not bytes.
const (
	MaxNameLen         = 40   // template name
	MaxTitleLen        = 100  // template title and section titles
	MaxDescriptionLen  = 500  // template description
	MaxSections        = 20   // sections in a template
	MaxInstructionLen  = 2000 // a section's instruction
	MaxColumns         = 10   // columns in a table section
	MaxColumnLen       = 40   // a column header
	maxSectionTitleLen = MaxTitleLen
)

// Section is one part of the notes: a "## Title" heading and what goes under it.
type Section struct {
	Title       string   `json:"title"`             // heading, e.g. "Action items"
	Instruction string   `json:"instruction"`       // what to put in it, for the model
	Format      Format   `json:"format"`            // paragraph, bullets or table
	Columns     []string `json:"columns,omitempty"` // table only, e.g. Owner, Task, Due date, Timestamp
}

// Template is a named recipe for a summary.
type Template struct {
	Name        string    `json:"name"`  // unique key: lower-case letters, digits and '-', e.g. "standard"
	Title       string    `json:"title"` // for people, e.g. "Standard meeting notes"
	Description string    `json:"description"`
	Sections    []Section `json:"sections"`
	BuiltIn     bool      `json:"-"` // shipped with the app, read-only
}

// ValidationError says what is wrong with a template (or a setting) in words meant for the user.
type ValidationError struct {
	// Field locates the problem for a form: "name", "title", "description", "sections", "language", or
	// "sections[i].title", "sections[i].instruction", "sections[i].format", "sections[i].columns" with i
	// counted from 0.
	Field string
	// Problem is a whole sentence for the user; sections are counted from 1 and named.
	Problem string
	// Err, when set, is the sentinel the problem is an instance of (ErrUnknownLanguage), for errors.Is.
	Err error
}

func (e *ValidationError) Error() string { return e.Problem }

// Unwrap returns Err.
func (e *ValidationError) Unwrap() error { return e.Err }

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Validate checks t and returns a *ValidationError for the first problem it finds, or nil.
func (t Template) Validate() error {
	if err := validateName(t.Name); err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(t.Title); {
	case strings.TrimSpace(t.Title) == "":
		return invalid("title", "give the template a title")
	case n > MaxTitleLen:
		return invalid("title", "the title is %d characters long; the limit is %d", n, MaxTitleLen)
	case hasControl(t.Title):
		return invalid("title", "the title must be a single line of text")
	}
	if n := utf8.RuneCountInString(t.Description); n > MaxDescriptionLen {
		return invalid("description", "the description is %d characters long; the limit is %d", n, MaxDescriptionLen)
	}
	switch n := len(t.Sections); {
	case n == 0:
		return invalid("sections", "add at least one section")
	case n > MaxSections:
		return invalid("sections", "a template can have at most %d sections; this one has %d", MaxSections, n)
	}
	seen := map[string]int{} // normalised title -> 1-based section number
	for i, s := range t.Sections {
		if err := s.validate(i); err != nil {
			return err
		}
		key := normalise(s.Title)
		if j, ok := seen[key]; ok {
			return invalid(fmt.Sprintf("sections[%d].title", i),
				"sections %d and %d are both called %q; give each section its own title", j, i+1, s.Title)
		}
		seen[key] = i + 1
	}
	return nil
}

func validateName(name string) error {
	switch {
	case name == "":
		return invalid("name", "give the template a name")
	case utf8.RuneCountInString(name) > MaxNameLen:
		return invalid("name", "the name %q is longer than %d characters", name, MaxNameLen)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return invalid("name", "the name %q may contain only lower-case letters a to z, digits and '-'", name)
		}
	}
	if name[0] == '-' {
		return invalid("name", "the name %q must start with a letter or a digit", name)
	}
	return nil
}

func (s Section) validate(i int) error {
	field := func(f string) string { return fmt.Sprintf("sections[%d].%s", i, f) }
	which := fmt.Sprintf("section %d (%q)", i+1, s.Title)
	switch n := utf8.RuneCountInString(s.Title); {
	case strings.TrimSpace(s.Title) == "":
		return invalid(field("title"), "section %d has no title", i+1)
	case n > maxSectionTitleLen:
		return invalid(field("title"), "the title of section %d is %d characters long; the limit is %d", i+1, n, maxSectionTitleLen)
	case hasControl(s.Title):
		return invalid(field("title"), "the title of section %d must be a single line of text", i+1)
	}
	switch n := utf8.RuneCountInString(s.Instruction); {
	case strings.TrimSpace(s.Instruction) == "":
		return invalid(field("instruction"), "%s has no instruction: say what should go in it", which)
	case n > MaxInstructionLen:
		return invalid(field("instruction"), "the instruction for %s is %d characters long; the limit is %d", which, n, MaxInstructionLen)
	}
	switch s.Format {
	case FormatParagraph, FormatBullets:
		if len(s.Columns) > 0 {
			return invalid(field("columns"), "%s has columns but is not a table: remove the columns or make it a table", which)
		}
		return nil
	case FormatTable:
	case "":
		return invalid(field("format"), "%s has no format: choose paragraph, bullets or table", which)
	default:
		return invalid(field("format"), "%s has the format %q: choose paragraph, bullets or table", which, s.Format)
	}
	switch n := len(s.Columns); {
	case n == 0:
		return invalid(field("columns"), "%s is a table but has no columns: add at least one", which)
	case n > MaxColumns:
		return invalid(field("columns"), "%s has %d columns; a table can have at most %d", which, n, MaxColumns)
	}
	seen := map[string]bool{}
	for j, c := range s.Columns {
		switch {
		case strings.TrimSpace(c) == "":
			return invalid(field("columns"), "column %d of %s has no name", j+1, which)
		case utf8.RuneCountInString(c) > MaxColumnLen:
			return invalid(field("columns"), "the column %q of %s is longer than %d characters", c, which, MaxColumnLen)
		case strings.Contains(c, "|") || hasControl(c):
			return invalid(field("columns"), "the column %q of %s contains '|' or a line break, which would break the table", c, which)
		case seen[normalise(c)]:
			return invalid(field("columns"), "%s has the column %q twice", which, strings.TrimSpace(c))
		}
		seen[normalise(c)] = true
	}
	return nil
}

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// normalise makes a heading comparable: spaces collapsed and trimmed, case folded.
func normalise(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// Headings returns each section's Markdown heading ("## " + title), in order.
func (t Template) Headings() []string {
	out := make([]string, len(t.Sections))
	for i, s := range t.Sections {
		out[i] = "## " + strings.TrimSpace(s.Title)
	}
	return out
}

// ClosingRule is the last line of Instructions: how the answer must be laid out.
const ClosingRule = "Write every section heading exactly as given, in this order, as a Markdown '## ' heading; " +
	"if a section has nothing, write 'None noted.' under it."

// Instructions returns the part of a prompt that tells the model what to write: a numbered list of the
// sections, each with its heading, its instruction and its format, followed by ClosingRule.
func (t Template) Instructions() string {
	const indent = "   "
	var b strings.Builder
	b.WriteString("Write the notes in the following sections.\n")
	for i, s := range t.Sections {
		fmt.Fprintf(&b, "\n%d. ## %s\n", i+1, strings.TrimSpace(s.Title))
		for _, line := range strings.Split(strings.TrimSpace(s.Instruction), "\n") {
			if line = strings.TrimRightFunc(line, unicode.IsSpace); line != "" {
				b.WriteString(indent + line + "\n")
			}
		}
		b.WriteString(indent + "Format: ")
		switch s.Format {
		case FormatBullets:
			b.WriteString(`a bullet list, one item per line, each line starting with "- ".` + "\n")
		case FormatTable:
			b.WriteString("a Markdown table with exactly these columns, in this order, and one row per item:\n")
			b.WriteString(indent + TableHeader(s.Columns) + "\n")
			b.WriteString(indent + "|" + strings.Repeat(" --- |", len(s.Columns)) + "\n")
		default:
			b.WriteString("one or more paragraphs of plain prose, with no lists or tables.\n")
		}
	}
	b.WriteString("\n" + ClosingRule + "\n")
	return b.String()
}

// TableHeader returns the Markdown header row for columns: "| Owner | Task |".
func TableHeader(columns []string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range columns {
		b.WriteString(" " + strings.TrimSpace(c) + " |")
	}
	return b.String()
}

// MissingSections returns the titles of t's sections whose "## Title" heading does not appear in markdown.
// Headings match ignoring case and extra spaces; a closing run of '#', surrounding '**' and a trailing ':'
// are tolerated.
func MissingSections(t Template, markdown string) []string {
	found := map[string]bool{}
	for _, line := range strings.Split(markdown, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "##") || strings.HasPrefix(line, "###") {
			continue
		}
		for _, h := range headingVariants(strings.TrimSpace(line[2:])) {
			found[normalise(h)] = true
		}
	}
	var missing []string
	for _, s := range t.Sections {
		if !found[normalise(s.Title)] {
			missing = append(missing, s.Title)
		}
	}
	return missing
}

// headingVariants returns the text of a heading as written and with the decorations models add removed.
func headingVariants(h string) []string {
	out := []string{h}
	if i := strings.LastIndexFunc(h, func(r rune) bool { return r != '#' }); i >= 0 && i < len(h)-1 && h[i] == ' ' {
		h = strings.TrimSpace(h[:i]) // closing sequence: "## Summary ##"
		out = append(out, h)
	}
	if s, ok := strings.CutPrefix(h, "**"); ok {
		if s, ok = strings.CutSuffix(s, "**"); ok {
			h = strings.TrimSpace(s)
			out = append(out, h)
		}
	}
	if s, ok := strings.CutSuffix(h, ":"); ok {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// Parse reads a template from JSON, refusing unknown fields, and validates it. The result is never
// marked BuiltIn.
func Parse(data []byte) (Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return Template{}, fmt.Errorf("this is not a valid template file: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Template{}, errors.New("this is not a valid template file: there is more after the template")
	}
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	return t, nil
}

// JSON returns t as indented JSON, the form Parse reads and the built-in files are written in.
func (t Template) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// clone returns a copy of t that shares no slices with it.
func (t Template) clone() Template {
	t.Sections = append([]Section(nil), t.Sections...)
	for i := range t.Sections {
		t.Sections[i].Columns = append([]string(nil), t.Sections[i].Columns...)
	}
	return t
}
