package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"hushnote/internal/export"
	"hushnote/internal/importer"
	"hushnote/internal/store"
)

func runImport(ctx context.Context, c *call) error {
	title := c.flags["title"]
	if c.has("title") && len(c.args) > 1 {
		return usagef("--title names one meeting; import one file with it")
	}
	failed, imported := 0, 0
	report := func(_ int, res importer.Result, err error) {
		if err != nil {
			failed++
			fmt.Fprintf(c.Stderr, "hushnote import: %s\n", oneLine(err))
			return
		}
		imported++
		fmt.Fprintf(c.Stdout, "%d\t%s\n", res.ID, res.Title)
		if res.Note != "" {
			fmt.Fprintf(c.Stderr, "hushnote import: %s: %s\n", res.Title, res.Note)
		}
	}
	var err error
	if title != "" {
		var res importer.Result
		res, err = importer.File(ctx, c.st, c.args[0], title)
		if ctx.Err() == nil {
			report(0, res, err)
			err = nil
		}
	} else {
		err = importer.Files(ctx, c.st, c.args, report)
	}
	if err != nil { // Ctrl-C
		return fmt.Errorf("stopped after importing %d of %d files", imported, len(c.args))
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runList(ctx context.Context, c *call) error {
	ms, err := c.st.ListMeetings(ctx, 0, 0)
	if err != nil {
		return err
	}
	if c.has("json") {
		out := make([]export.Meeting, 0, len(ms))
		for _, m := range ms {
			out = append(out, export.FromMeeting(m))
		}
		return printJSON(c.Stdout, out)
	}
	if len(ms) == 0 {
		fmt.Fprintln(c.Stderr, "No meetings yet. Import one with: hushnote import FILE")
		return nil
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tDURATION\tSPEAKERS\tTITLE")
	for _, m := range ms {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", m.ID, meetingDate(m), duration(m), len(m.Speakers), m.Title)
	}
	return tw.Flush()
}

func meetingDate(m store.Meeting) string {
	return m.When().Local().Format("2006-01-02 15:04")
}

func duration(m store.Meeting) string {
	if m.Duration == 0 {
		return "-"
	}
	return export.Length(m.Duration)
}

// showDoc is what `show --json` prints: the meeting, its transcript and its latest summary (or null).
type showDoc struct {
	export.Meeting
	Segments      []export.Segment `json:"segments"`
	LatestSummary *export.Summary  `json:"latest_summary"`
}

func runShow(ctx context.Context, c *call) error {
	m, segs, err := c.transcriptArg(ctx)
	if err != nil {
		return err
	}
	var latest *store.Summary
	if su, err := c.st.LatestSummary(ctx, m.ID); err == nil {
		latest = &su
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if c.has("json") {
		doc := showDoc{Meeting: export.FromMeeting(m), Segments: export.FromSegments(segs)}
		if latest != nil {
			s := export.FromSummary(*latest)
			doc.LatestSummary = &s
		}
		return printJSON(c.Stdout, doc)
	}
	w := c.Stdout
	fmt.Fprintf(w, "%s\n", m.Title)
	fmt.Fprintf(w, "  id:        %d\n", m.ID)
	fmt.Fprintf(w, "  date:      %s\n", meetingDate(m))
	fmt.Fprintf(w, "  duration:  %s\n", duration(m))
	fmt.Fprintf(w, "  speakers:  %s\n", strings.Join(m.Speakers, ", "))
	fmt.Fprintf(w, "  source:    %s (%s)\n", m.SourceName, m.SourceFormat)
	fmt.Fprintf(w, "  segments:  %d\n", m.SegmentCount)
	fmt.Fprintln(w)
	if latest != nil {
		fmt.Fprintf(w, "Summary (version %d, %s", latest.Version, latest.Status)
		if latest.Provider != "" {
			fmt.Fprintf(w, ", %s %s", latest.Provider, latest.Model)
		}
		fmt.Fprintf(w, ")\n\n%s\n\n", strings.TrimSpace(latest.Text))
	} else {
		fmt.Fprintln(w, "No summary yet.")
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Transcript")
	for _, s := range segs {
		fmt.Fprintln(w, export.Line(s, m.Duration > 0))
	}
	return nil
}

// searchHit is one result of `search --json`.
type searchHit struct {
	export.Meeting
	Rank           float64 `json:"rank"`    // lower is better; 0 for very broad searches, listed newest first
	Snippet        string  `json:"snippet"` // matched words in [brackets]
	SnippetSegment int     `json:"snippet_segment"`
	SnippetAt      float64 `json:"snippet_at_seconds"`
	SnippetSpeaker string  `json:"snippet_speaker"`
}

func runSearch(ctx context.Context, c *call) error {
	query := strings.Join(c.args, " ")
	hits, err := c.st.Search(ctx, query, 50)
	if errors.Is(err, store.ErrEmptyQuery) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	if note := store.SearchNote(query); note != "" {
		fmt.Fprintf(c.Stderr, "Note: %s.\n", note)
	}
	if c.has("json") {
		out := make([]searchHit, 0, len(hits))
		for _, h := range hits {
			out = append(out, searchHit{Meeting: export.FromMeeting(h.Meeting), Rank: h.Rank, Snippet: h.SnippetText("[", "]"),
				SnippetSegment: h.Segment, SnippetAt: h.At.Seconds(), SnippetSpeaker: h.Speaker})
		}
		return printJSON(c.Stdout, out)
	}
	if len(hits) == 0 {
		fmt.Fprintf(c.Stderr, "No meeting matches %q.\n", query)
		return nil
	}
	for _, h := range hits {
		where := ""
		if h.Segment >= 0 {
			if h.Meeting.Duration > 0 {
				where = export.Clock(h.At) + " "
			}
			if h.Speaker != "" {
				where += h.Speaker + ": "
			}
		}
		fmt.Fprintf(c.Stdout, "%d\t%s\n\t%s%s\n", h.Meeting.ID, h.Meeting.Title, where, h.SnippetText("[", "]"))
	}
	return nil
}

func runRename(ctx context.Context, c *call) error {
	id, err := meetingID(c.args[0])
	if err != nil {
		return err
	}
	title := strings.Join(c.args[1:], " ")
	if err := c.st.RenameMeeting(ctx, id, title); err != nil {
		return notFound(id, err)
	}
	fmt.Fprintf(c.Stdout, "%d\t%s\n", id, strings.TrimSpace(title))
	return nil
}

func runDelete(ctx context.Context, c *call) error {
	m, err := c.meetingArg(ctx)
	if err != nil {
		return err
	}
	if err := c.st.DeleteMeeting(ctx, m.ID); err != nil {
		return notFound(m.ID, err)
	}
	fmt.Fprintf(c.Stderr, "Deleted meeting %d (%s) with its transcript and summaries.\n", m.ID, m.Title)
	return nil
}

func runExport(ctx context.Context, c *call) error {
	out := c.flags["o"]
	if c.has("output") {
		out = c.flags["output"]
	}
	format := strings.ToLower(c.flags["format"])
	if format == "" {
		format = "md"
		switch ext := strings.ToLower(filepath.Ext(out)); ext {
		case ".json", ".pdf":
			format = ext[1:]
		}
	}
	if format == "markdown" {
		format = "md"
	}
	if format != "md" && format != "json" && format != "pdf" {
		return usagef("unknown format %q: use md, json or pdf", c.flags["format"])
	}
	toStdout := out == "" || out == "-"
	if format == "pdf" && toStdout && c.tty.out {
		return usagef("a PDF is not for reading in a terminal: write it to a file with -o FILE.pdf, or redirect the output to one")
	}
	m, segs, err := c.transcriptArg(ctx)
	if err != nil {
		return err
	}
	sums, err := c.st.Summaries(ctx, m.ID)
	if err != nil {
		return err
	}
	var latest *store.Summary
	if su, err := c.st.LatestSummary(ctx, m.ID); err == nil {
		latest = &su
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	write := func(w io.Writer) error {
		switch format {
		case "json":
			return export.JSON(w, m, segs, sums, export.WithScrubber(c.Redactor))
		case "pdf":
			return export.PDF(w, m, segs, latest, export.WithScrubber(c.Redactor))
		}
		return export.Markdown(w, m, segs, latest, export.WithScrubber(c.Redactor))
	}
	if toStdout {
		return write(c.Stdout)
	}
	return export.WriteFile(out, write)
}
