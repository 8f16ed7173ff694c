package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	"strings"
	"text/tabwriter"
	"time"

	"hushnote/internal/export"
	"hushnote/internal/provider"
	"hushnote/internal/store"
	"hushnote/internal/summarize"
	"hushnote/internal/templates"
)

// runSummarize streams the notes to stdout, progress to stderr, and saves a version.
func runSummarize(ctx context.Context, c *call) error {
	if c.has("lang") {
		if _, ok := templates.LookupLanguage(c.flags["lang"]); !ok { // refused, never written in English instead
			return usagef("--lang %q: Hushnote cannot ask a model to write in it; use one of %s (or a code such as de)",
				c.flags["lang"], strings.Join(templates.LanguageNames(), ", "))
		}
	}
	m, err := c.meetingArg(ctx)
	if err != nil {
		return err
	}
	p, s, err := c.prov.Open(ctx, c.flags["provider"])
	if err != nil {
		return err
	}
	model := s.Model
	if c.has("model") {
		model = c.flags["model"]
	}
	info := p.Info()
	if model == "" {
		return fmt.Errorf("choose a %s model first: hushnote provider set %s --model ID (hushnote provider models %s lists them)", info.Name, info.Preset, info.Preset)
	}
	window, err := provider.ContextLength(ctx, p, s, model)
	if err != nil {
		return err
	}
	if window == 0 {
		return fmt.Errorf("%s does not say how large %s's context window is: set it with hushnote provider set %s --context TOKENS", info.Name, model, info.Preset)
	}
	where := "on this device"
	if w, _ := p.Where(ctx, model); w.LeavesDevice {
		where = "off this device (" + w.Host + ": " + w.Why + "); every request is recorded in the egress ledger"
		if pr, _ := provider.PresetByName(info.Preset); pr.Cloud {
			where = "in the cloud (" + w.Host + "); every request is recorded in the egress ledger"
		}
	}
	fmt.Fprintf(c.Stderr, "Summarising %q with %s · %s, %s.\n", m.Title, info.Name, model, where)

	// Ctrl-C stops the run; what arrived is saved.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	tty := c.tty.err
	wrote := false
	lastLine := ""
	res, err := summarize.New(c.st).Summarize(ctx, summarize.Options{
		MeetingID: m.ID, Provider: p, Model: model, ContextLength: window,
		Template: c.flags["template"], Language: c.flags["lang"], Fresh: c.has("fresh"),
		Stream: func(text string) {
			wrote = true
			fmt.Fprint(c.Stdout, text)
		},
		Restart: func() {
			if wrote {
				fmt.Fprint(c.Stdout, "\n\n")
				fmt.Fprintln(c.Stderr, "The notes did not fit the model's window after all; writing them again in smaller parts. Ignore the text above.")
			}
		},
		Progress: func(pr summarize.Progress) {
			line := progressLine(pr)
			if line == "" || line == lastLine {
				return
			}
			lastLine = line
			if tty {
				fmt.Fprintf(c.tty.rawErr, "\r\033[K%s", visible(c.Redactor.Scrub(line))) // our frame; its text as everything else
			} else {
				fmt.Fprintln(c.Stderr, line)
			}
		},
	})
	if wrote {
		fmt.Fprintln(c.Stdout)
	}
	if tty {
		fmt.Fprint(c.tty.rawErr, "\r\033[K")
	}
	su := res.Summary
	if su.ID == 0 {
		return err
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("stopped; what arrived is saved as version %d (hushnote summarize %d picks up where it stopped)", su.Version, m.ID)
		}
		return fmt.Errorf("%v — what arrived is saved as version %d; run it again to pick up where it stopped", err, su.Version)
	}
	fmt.Fprintf(c.Stderr, "Saved as version %d: %s · %s, template %s, %d parts, %d tokens in, %d out, %s.\n",
		su.Version, info.Name, model, su.Template, max(1, su.ChunkCount), su.PromptTokens, su.AnswerTokens, su.Duration.Round(100*time.Millisecond))
	if res.Reused > 0 {
		fmt.Fprintf(c.Stderr, "Reused %d finished parts of an earlier run.\n", res.Reused)
	}
	if res.SuggestedTitle != "" {
		fmt.Fprintf(c.Stderr, "Suggested title: %s — hushnote rename %d %q\n", res.SuggestedTitle, m.ID, res.SuggestedTitle)
	}
	return nil
}

func progressLine(pr summarize.Progress) string {
	switch pr.Phase {
	case summarize.PhaseReading:
		if pr.Part == 0 {
			return fmt.Sprintf("Reading the transcript in %d parts…", pr.Parts)
		}
		return fmt.Sprintf("Read part %d of %d", pr.Part, pr.Parts)
	case summarize.PhaseMerging:
		if pr.Part == 0 {
			return fmt.Sprintf("Merging the notes (round %d, %d batches)…", pr.Round, pr.Parts)
		}
		return fmt.Sprintf("Merged batch %d of %d (round %d)", pr.Part, pr.Parts, pr.Round)
	case summarize.PhaseWriting:
		if pr.Tokens == 0 {
			return "Writing the notes…"
		}
	}
	return ""
}

// summaryRow is one version in `summaries --json`.
type summaryRow struct {
	export.Summary
	ID          int64 `json:"id"`
	Interrupted bool  `json:"interrupted"`
}

func runSummaries(ctx context.Context, c *call) error {
	m, err := c.meetingArg(ctx)
	if err != nil {
		return err
	}
	sums, err := c.st.Summaries(ctx, m.ID)
	if err != nil {
		return err
	}
	rows := make([]summaryRow, 0, len(sums))
	for _, su := range sums {
		r := summaryRow{Summary: export.FromSummary(su), ID: su.ID}
		if su.Status == store.StatusDraft && time.Since(su.UpdatedAt) > summarize.StaleAfter {
			r.Interrupted, r.Status = true, string(store.StatusPartial)
		}
		rows = append(rows, r)
	}
	if c.has("json") {
		return printJSON(c.Stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(c.Stderr, "No summaries of meeting %d yet: hushnote summarize %d\n", m.ID, m.ID)
		return nil
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATUS\tWHEN\tPROVIDER\tMODEL\tTEMPLATE\tPARTS\tTOKENS IN/OUT\tTIME")
	for i, r := range rows {
		status := r.Status
		if r.Interrupted {
			status = "partial (interrupted)"
		}
		if r.EditedFrom > 0 {
			status += fmt.Sprintf(" (edited from %d)", r.EditedFrom)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d/%d\t%.1fs\n", r.Version, status, sums[i].CreatedAt.Local().Format("2006-01-02 15:04"),
			r.Provider, r.Model, r.Template, max(1, r.ChunkCount), r.PromptTokens, r.AnswerTokens, r.DurationSeconds)
	}
	return tw.Flush()
}

// templateRow is one template in `templates --json`.
type templateRow struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	BuiltIn     bool     `json:"built_in"`
	Default     bool     `json:"default"`
	Sections    []string `json:"sections"`
}

func runTemplates(ctx context.Context, c *call) error {
	lib := templates.NewLibrary(c.st)
	all, broken := lib.All(ctx)
	def, err := lib.Default(ctx)
	if err != nil {
		return err
	}
	rows := make([]templateRow, 0, len(all))
	for _, t := range all {
		r := templateRow{Name: t.Name, Title: t.Title, Description: t.Description, BuiltIn: t.BuiltIn, Default: t.Name == def.Name}
		for _, s := range t.Sections {
			r.Sections = append(r.Sections, s.Title)
		}
		rows = append(rows, r)
	}
	for _, b := range broken {
		fmt.Fprintf(c.Stderr, "hushnote templates: %v\n", b)
	}
	if c.has("json") {
		return printJSON(c.Stdout, rows)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\tNAME\tTITLE\tSECTIONS")
	for _, r := range rows {
		mark := ""
		if r.Default {
			mark = "*"
		}
		kind := ""
		if !r.BuiltIn {
			kind = " (yours)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\t%s\n", mark, r.Name, r.Title, kind, strings.Join(r.Sections, ", "))
	}
	return tw.Flush()
}
