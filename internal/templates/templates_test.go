package templates_test

import (
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"hushnote/assets"
	"hushnote/internal/templates"
)

type wantSection struct {
	title   string
	format  templates.Format
	columns []string
}

var (
	ownerTaskDueTime = []string{"Owner", "Task", "Due date", "Timestamp"}
	para             = templates.FormatParagraph
	bullets          = templates.FormatBullets
	table            = templates.FormatTable
)

// The built-ins as the product promises them, in display order.
var wantBuiltIns = []struct {
	name, title string
	sections    []wantSection
}{
	{"standard", "Standard meeting notes", []wantSection{
		{"Summary", para, nil}, {"Key decisions", bullets, nil}, {"Action items", table, ownerTaskDueTime},
		{"Open questions", bullets, nil}, {"Discussion highlights", bullets, nil},
	}},
	{"action-items", "Action items only", []wantSection{{"Action items", table, ownerTaskDueTime}}},
	{"standup", "Daily stand-up", []wantSection{
		{"Done since last stand-up", table, []string{"Person", "Done"}}, {"Plans for today", table, []string{"Person", "Plan"}},
		{"Blockers", bullets, nil}, {"Action items", table, ownerTaskDueTime},
	}},
	{"one-on-one", "One-on-one", []wantSection{
		{"Summary", para, nil}, {"Topics discussed", bullets, nil}, {"Feedback", bullets, nil},
		{"Agreements and next steps", table, ownerTaskDueTime}, {"Follow-ups for next time", bullets, nil},
	}},
	{"interview", "Interview", []wantSection{
		{"Candidate overview", para, nil}, {"Questions and answers", bullets, nil}, {"Strengths", bullets, nil},
		{"Concerns", bullets, nil}, {"Next steps", bullets, nil},
	}},
	{"customer-call", "Customer call", []wantSection{
		{"Summary", para, nil}, {"Customer needs and pain points", bullets, nil}, {"Objections and concerns", bullets, nil},
		{"Commitments made", table, []string{"Owner", "Commitment", "Due date", "Timestamp"}}, {"Next steps", bullets, nil},
	}},
	{"lecture", "Lecture or study notes", []wantSection{
		{"Summary", para, nil}, {"Key concepts", bullets, nil}, {"Definitions", table, []string{"Term", "Definition"}},
		{"Examples", bullets, nil}, {"Questions to review", bullets, nil},
	}},
}

func TestBuiltInFilesAllParse(t *testing.T) {
	ts, errs := templates.LoadBuiltIns(assets.Templates)
	for _, err := range errs {
		t.Error(err)
	}
	files, _ := fs.Glob(assets.Templates, "templates/*.json")
	if len(ts) != len(files) || len(ts) != len(templates.BuiltInOrder) {
		t.Errorf("%d templates from %d files; %d in the display order", len(ts), len(files), len(templates.BuiltInOrder))
	}
	// Each file is in the form JSON() writes, so a template saved from the app diffs cleanly against it.
	for _, tpl := range ts {
		file, _ := fs.ReadFile(assets.Templates, "templates/"+tpl.Name+".json")
		canon, err := tpl.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if string(file) != string(canon) {
			t.Errorf("templates/%s.json is not in canonical form; JSON() writes:\n%s", tpl.Name, canon)
		}
	}
}

func TestBuiltIns(t *testing.T) {
	got := templates.BuiltIns()
	if len(got) != len(wantBuiltIns) {
		t.Fatalf("%d built-ins, want %d", len(got), len(wantBuiltIns))
	}
	if got[0].Name != templates.Default {
		t.Errorf("first built-in = %q, want the default %q", got[0].Name, templates.Default)
	}
	names := map[string]bool{}
	for i, want := range wantBuiltIns {
		tpl := got[i]
		t.Run(want.name, func(t *testing.T) {
			if tpl.Name != want.name || tpl.Title != want.title || !tpl.BuiltIn || tpl.Description == "" {
				t.Errorf("got %q %q BuiltIn=%v description %q; want %q %q, built in, with a description",
					tpl.Name, tpl.Title, tpl.BuiltIn, tpl.Description, want.name, want.title)
			}
			if names[tpl.Name] {
				t.Errorf("name %q used twice", tpl.Name)
			}
			names[tpl.Name] = true
			if err := tpl.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			var gotSections []wantSection
			for _, s := range tpl.Sections {
				gotSections = append(gotSections, wantSection{s.Title, s.Format, s.Columns})
				lower := strings.ToLower(s.Instruction)
				if strings.Contains(lower, "instruction") || strings.Contains(lower, "you are") {
					t.Errorf("section %q: the instruction talks about instructions or roles: %q", s.Title, s.Instruction)
				}
				if len(s.Instruction) < 80 {
					t.Errorf("section %q: instruction %q is too thin to guide a model", s.Title, s.Instruction)
				}
			}
			if !reflect.DeepEqual(gotSections, want.sections) {
				t.Errorf("sections = %v\nwant       %v", gotSections, want.sections)
			}

			ins := tpl.Instructions()
			for i, s := range tpl.Sections {
				if !strings.Contains(ins, "## "+s.Title+"\n") {
					t.Errorf("Instructions lack the heading %q", "## "+s.Title)
				}
				if !strings.Contains(ins, s.Instruction) {
					t.Errorf("Instructions lack the instruction of section %d", i+1)
				}
				if s.Format == templates.FormatTable {
					row := "| " + strings.Join(s.Columns, " | ") + " |"
					if !strings.Contains(ins, "\n   "+row+"\n") {
						t.Errorf("Instructions lack the header row %s on a line of its own:\n%s", row, ins)
					}
				}
			}
			if !strings.HasSuffix(ins, templates.ClosingRule+"\n") {
				t.Errorf("Instructions do not end with the closing rule:\n%s", ins)
			}

			doc := "# Notes\n\n" + strings.Join(tpl.Headings(), "\n\nNone noted.\n\n") + "\n\nNone noted.\n"
			if m := templates.MissingSections(tpl, doc); len(m) != 0 {
				t.Errorf("MissingSections on a complete answer = %v", m)
			}
			for i, h := range tpl.Headings() {
				cut := strings.Replace(doc, h+"\n", "", 1)
				if m := templates.MissingSections(tpl, cut); !slices.Equal(m, []string{tpl.Sections[i].Title}) {
					t.Errorf("without %q MissingSections = %v", h, m)
				}
			}
		})
	}
}

func TestBuiltInsAreCopies(t *testing.T) {
	a := templates.BuiltIns()
	a[0].Title = "changed"
	a[0].Sections[0].Title = "changed"
	a[0].Sections[2].Columns[0] = "changed"
	b := templates.BuiltIns()
	if b[0].Title == "changed" || b[0].Sections[0].Title == "changed" || b[0].Sections[2].Columns[0] == "changed" {
		t.Error("changing the result of BuiltIns changed the built-in templates")
	}
}

func TestLoadBuiltInsReportsBadFiles(t *testing.T) {
	valid := func(name string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"name":"` + name + `","title":"T","description":"","sections":[{"title":"S","instruction":"I","format":"paragraph"}]}`)}
	}
	full := fstest.MapFS{}
	for _, name := range templates.BuiltInOrder {
		full["templates/"+name+".json"] = valid(name)
	}
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"not JSON", func(m fstest.MapFS) { m["templates/standard.json"] = &fstest.MapFile{Data: []byte("{")} }, "standard.json"},
		{"unknown field", func(m fstest.MapFS) {
			m["templates/lecture.json"] = &fstest.MapFile{Data: []byte(`{"name":"lecture","colour":"red"}`)}
		}, `unknown field "colour"`},
		{"invalid", func(m fstest.MapFS) {
			m["templates/standup.json"] = &fstest.MapFile{Data: []byte(`{"name":"standup","title":"T","sections":[]}`)}
		}, "at least one section"},
		{"named after another file", func(m fstest.MapFS) { m["templates/interview.json"] = valid("interview-2") }, "must be named after it"},
		{"missing file", func(m fstest.MapFS) { delete(m, "templates/one-on-one.json") }, `"one-on-one" has no valid file`},
		{"not in the order list", func(m fstest.MapFS) { m["templates/retro.json"] = valid("retro") }, "not in the display order"},
	}
	if _, errs := templates.LoadBuiltIns(full); len(errs) != 0 {
		t.Fatalf("a sound set of files reports %v", errs)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fstest.MapFS{}
			for k, v := range full {
				m[k] = v
			}
			tt.change(m)
			_, errs := templates.LoadBuiltIns(m)
			if len(errs) == 0 || !strings.Contains(errors.Join(errs...).Error(), tt.want) {
				t.Errorf("errors = %v; want one mentioning %q", errs, tt.want)
			}
		})
	}
}

func validTemplate() templates.Template {
	return templates.Template{
		Name: "retro", Title: "Retrospective", Description: "What went well, what did not.",
		Sections: []templates.Section{
			{Title: "Went well", Instruction: "What the team says went well.", Format: templates.FormatBullets},
			{Title: "Actions", Instruction: "Agreed improvements.", Format: templates.FormatTable, Columns: []string{"Owner", "Action"}},
		},
	}
}

func TestValidate(t *testing.T) {
	if err := validTemplate().Validate(); err != nil {
		t.Fatalf("valid template: %v", err)
	}
	tests := []struct {
		name   string
		change func(*templates.Template)
		field  string
		want   string // in the message
	}{
		{"no name", func(t *templates.Template) { t.Name = "" }, "name", "give the template a name"},
		{"upper case name", func(t *templates.Template) { t.Name = "Retro" }, "name", "only lower-case letters"},
		{"space in name", func(t *templates.Template) { t.Name = "my retro" }, "name", "only lower-case letters"},
		{"accented name", func(t *templates.Template) { t.Name = "rétro" }, "name", "only lower-case letters"},
		{"name starting with -", func(t *templates.Template) { t.Name = "-retro" }, "name", "must start with a letter or a digit"},
		{"name too long", func(t *templates.Template) { t.Name = strings.Repeat("a", 41) }, "name", "longer than 40 characters"},
		{"no title", func(t *templates.Template) { t.Title = "  " }, "title", "give the template a title"},
		{"title too long", func(t *templates.Template) { t.Title = strings.Repeat("é", 101) }, "title", "101 characters long; the limit is 100"},
		{"two-line title", func(t *templates.Template) { t.Title = "Retro\nnotes" }, "title", "single line"},
		{"description too long", func(t *templates.Template) { t.Description = strings.Repeat("x", 501) }, "description", "the limit is 500"},
		{"no sections", func(t *templates.Template) { t.Sections = nil }, "sections", "add at least one section"},
		{"too many sections", func(t *templates.Template) {
			t.Sections = nil
			for i := range 21 {
				t.Sections = append(t.Sections, templates.Section{Title: strings.Repeat("S", i+1), Instruction: "x", Format: "paragraph"})
			}
		}, "sections", "at most 20 sections; this one has 21"},
		{"section without title", func(t *templates.Template) { t.Sections[1].Title = "" }, "sections[1].title", "section 2 has no title"},
		{"section title on two lines", func(t *templates.Template) { t.Sections[0].Title = "Went\nwell" }, "sections[0].title", "single line"},
		{"section title too long", func(t *templates.Template) { t.Sections[0].Title = strings.Repeat("x", 101) }, "sections[0].title", "the limit is 100"},
		{"duplicate section titles", func(t *templates.Template) { t.Sections[1].Title = "  went   WELL " }, "sections[1].title", "sections 1 and 2 are both called"},
		{"no instruction", func(t *templates.Template) { t.Sections[0].Instruction = " \n" }, "sections[0].instruction", `section 1 ("Went well") has no instruction`},
		{"instruction too long", func(t *templates.Template) { t.Sections[0].Instruction = strings.Repeat("x", 2001) }, "sections[0].instruction", "2001 characters long; the limit is 2000"},
		{"instruction at the limit", func(t *templates.Template) { t.Sections[0].Instruction = strings.Repeat("ü", 2000) }, "", ""},
		{"no format", func(t *templates.Template) { t.Sections[0].Format = "" }, "sections[0].format", "has no format: choose paragraph, bullets or table"},
		{"unknown format", func(t *templates.Template) { t.Sections[0].Format = "list" }, "sections[0].format", `has the format "list"`},
		{"table without columns", func(t *templates.Template) { t.Sections[1].Columns = nil }, "sections[1].columns", `section 2 ("Actions") is a table but has no columns`},
		{"columns on bullets", func(t *templates.Template) { t.Sections[0].Columns = []string{"A"} }, "sections[0].columns", "has columns but is not a table"},
		{"empty column", func(t *templates.Template) { t.Sections[1].Columns = []string{"Owner", " "} }, "sections[1].columns", "column 2 of section 2"},
		{"duplicate column", func(t *templates.Template) { t.Sections[1].Columns = []string{"Owner", "owner "} }, "sections[1].columns", `has the column "owner" twice`},
		{"pipe in column", func(t *templates.Template) { t.Sections[1].Columns = []string{"Owner|Task"} }, "sections[1].columns", "would break the table"},
		{"too many columns", func(t *templates.Template) {
			t.Sections[1].Columns = strings.Split("a b c d e f g h i j k", " ")
		}, "sections[1].columns", "at most 10"},
		{"column too long", func(t *templates.Template) { t.Sections[1].Columns = []string{strings.Repeat("c", 41)} }, "sections[1].columns", "longer than 40"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := validTemplate()
			tt.change(&tpl)
			err := tpl.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			var ve *templates.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			if ve.Field != tt.field || !strings.Contains(ve.Problem, tt.want) || err.Error() != ve.Problem {
				t.Errorf("Validate = {%q, %q}; want field %q and a message containing %q", ve.Field, ve.Problem, tt.field, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	valid, err := validTemplate().JSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := templates.Parse(valid)
	if err != nil || !reflect.DeepEqual(got, validTemplate()) {
		t.Fatalf("Parse(JSON()) = %+v, %v; want the template back", got, err)
	}
	tests := []struct {
		name, data, want string
	}{
		{"not JSON", `name: retro`, "not a valid template file"},
		{"unknown field", `{"name":"retro","colour":"red"}`, `unknown field "colour"`},
		{"BuiltIn cannot be set", strings.Replace(string(valid), `"name"`, `"BuiltIn":true,"name"`, 1), `unknown field "BuiltIn"`},
		{"wrong type", `{"name":"retro","sections":"all"}`, "not a valid template file"},
		{"two templates", string(valid) + string(valid), "more after the template"},
		{"invalid template", `{"name":"retro","title":"Retro","sections":[]}`, "add at least one section"},
		{"empty", ``, "not a valid template file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := templates.Parse([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %+v, %v; want an error containing %q", tpl, err, tt.want)
			}
		})
	}
}

func TestInstructions(t *testing.T) {
	tpl := validTemplate()
	tpl.Sections = append([]templates.Section{{Title: "Summary", Instruction: "Two sentences.\n\nNo more.  ", Format: templates.FormatParagraph}}, tpl.Sections...)
	want := `Write the notes in the following sections.

1. ## Summary
   Two sentences.
   No more.
   Format: one or more paragraphs of plain prose, with no lists or tables.

2. ## Went well
   What the team says went well.
   Format: a bullet list, one item per line, each line starting with "- ".

3. ## Actions
   Agreed improvements.
   Format: a Markdown table with exactly these columns, in this order, and one row per item:
   | Owner | Action |
   | --- | --- |

Write every section heading exactly as given, in this order, as a Markdown '## ' heading; if a section has nothing, write 'None noted.' under it.
`
	if got := tpl.Instructions(); got != want {
		t.Errorf("Instructions =\n%s\nwant\n%s", got, want)
	}
	if got := tpl.Headings(); !slices.Equal(got, []string{"## Summary", "## Went well", "## Actions"}) {
		t.Errorf("Headings = %q", got)
	}
}

func TestMissingSections(t *testing.T) {
	tpl := templates.Template{Sections: []templates.Section{{Title: "Summary"}, {Title: "Action items"}, {Title: "Notes on C#"}}}
	all := []string{"Summary", "Action items", "Notes on C#"}
	tests := []struct {
		name, markdown string
		missing        []string
	}{
		{"all present", "## Summary\ntext\n## Action items\n| a |\n## Notes on C#\n", nil},
		{"nothing", "", all},
		{"one removed", "## Summary\n## Notes on C#\n", []string{"Action items"}},
		{"case and spaces", "  ##   SUMMARY  \r\n##action   ITEMS\n## notes on c#\n", nil},
		{"closing hashes, bold and colon", "## Summary ##\n## **Action items**\n## Notes on C#:\n", nil},
		{"wrong level", "# Summary\n### Action items\n#### Notes on C#\n", all},
		{"title in text, not a heading", "Summary\nAction items were discussed. ## Notes on C#\n", all},
		{"prefix only", "## Summary of the meeting\n## Action\n## Notes on C\n", all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := templates.MissingSections(tpl, tt.markdown); !slices.Equal(got, tt.missing) {
				t.Errorf("MissingSections = %q, want %q", got, tt.missing)
			}
		})
	}
}
