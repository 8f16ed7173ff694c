package summarize_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hushnote/internal/summarize"
	"hushnote/internal/summarize/scripted"
	"hushnote/internal/templates"
)

// TestEveryBuiltInTemplateProducesItsSections: a model that follows the instructions it is given ends
// up with every section of every built-in template, short meeting or long.
func TestEveryBuiltInTemplateProducesItsSections(t *testing.T) {
	st := openStore(t)
	short, _ := meeting(t, st, 8)
	long, _ := meeting(t, st, 300)
	for _, tmpl := range templates.BuiltIns() {
		for _, id := range []int64{short, long} {
			p := &scripted.Provider{Sections: true, Window: 8192}
			res, err := summarize.New(st).Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Template: tmpl.Name})
			if err != nil {
				t.Fatalf("%s: %v", tmpl.Name, err)
			}
			if missing := templates.MissingSections(tmpl, res.Summary.Text); len(missing) > 0 || res.Summary.Error != "" {
				t.Errorf("%s (meeting %d): missing %v, error %q", tmpl.Name, id, missing, res.Summary.Error)
			}
			if res.Summary.Template != tmpl.Name {
				t.Errorf("provenance template = %q", res.Summary.Template)
			}
		}
	}
	// A model that leaves a section out is not hidden: the version says which.
	p := &scripted.Provider{Answer: "## Summary\nShort."}
	res, err := summarize.New(st).Summarize(context.Background(), summarize.Options{MeetingID: short, Provider: p, Model: "m", ContextLength: 8192, Fresh: true})
	if err != nil || !strings.Contains(res.Summary.Error, "left out these sections: Key decisions, Action items") {
		t.Errorf("missing sections not reported: %q, %v", res.Summary.Error, err)
	}
}

func TestUserTemplateCreatedUsedDeleted(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	id, _ := meeting(t, st, 6)
	lib := templates.NewLibrary(st)
	mine := templates.Template{Name: "board", Title: "Board minutes", Sections: []templates.Section{
		{Title: "Resolutions", Instruction: "Every resolution passed, with the vote.", Format: templates.FormatBullets},
		{Title: "Risks", Instruction: "Risks raised.", Format: templates.FormatTable, Columns: []string{"Risk", "Owner"}},
	}}
	if err := lib.Create(ctx, mine); err != nil {
		t.Fatal(err)
	}
	broken := mine
	broken.Name, broken.Sections = "broken", nil
	if err := lib.Create(ctx, broken); err == nil {
		t.Error("a template without sections was saved")
	}
	p := &scripted.Provider{Sections: true}
	res, err := summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Template: "board"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Prompts()[0], "| Risk | Owner |") || !strings.Contains(res.Summary.Text, "## Resolutions") || res.Summary.Template != "board" {
		t.Errorf("user template not used: %q", res.Summary.Text)
	}
	if err := lib.Delete(ctx, "board"); err != nil {
		t.Fatal(err)
	}
	_, err = summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Template: "board"})
	if !errors.Is(err, templates.ErrNotFound) {
		t.Errorf("deleted template: %v", err)
	}
}
