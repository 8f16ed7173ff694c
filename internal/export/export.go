// Package export writes meetings out of the store: Markdown with YAML front matter and PDF for people,
// and a JSON document with everything for programs. It also defines the JSON field names that the command line's
// --json output shares; they are a stable contract.
package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// Meeting is a meeting's metadata as JSON.
type Meeting struct {
	ID              int64    `json:"id"`
	Title           string   `json:"title"`
	CreatedAt       string   `json:"created_at"`             // RFC 3339, UTC
	MeetingDate     string   `json:"meeting_date,omitempty"` // RFC 3339; absent when unknown
	DurationSeconds float64  `json:"duration_seconds"`
	Speakers        []string `json:"speakers"`
	SegmentCount    int      `json:"segment_count"`
	SourceFile      string   `json:"source_file"`
	SourceFormat    string   `json:"source_format"`
	Language        string   `json:"language"`
}

// Segment is one transcript segment as JSON.
type Segment struct {
	Index        int     `json:"index"`
	StartSeconds float64 `json:"start_seconds"`
	EndSeconds   float64 `json:"end_seconds"`
	Speaker      string  `json:"speaker"`
	Text         string  `json:"text"`
}

// Summary is one summary version with its provenance as JSON.
type Summary struct {
	Version         int     `json:"version"`
	Status          string  `json:"status"`
	Text            string  `json:"text"`
	Error           string  `json:"error,omitempty"`
	Provider        string  `json:"provider"`
	Model           string  `json:"model"`
	BaseURLHost     string  `json:"base_url_host"`
	MadeOnDevice    bool    `json:"made_on_device"` // every request stayed on this computer
	Template        string  `json:"template"`
	Language        string  `json:"language"`
	ChunkCount      int     `json:"chunk_count"`
	PromptTokens    int     `json:"prompt_tokens"`
	AnswerTokens    int     `json:"answer_tokens"`
	FirstTokenMS    int64   `json:"first_token_ms"`
	DurationSeconds float64 `json:"duration_seconds"`
	EditedFrom      int     `json:"edited_from,omitempty"` // the version the user edited into this one
	CreatedAt       string  `json:"created_at"`
}

// Document is a whole meeting: what `export --format json` writes.
type Document struct {
	Meeting
	Segments  []Segment `json:"segments"`
	Summaries []Summary `json:"summaries"`
}

// FromMeeting converts store metadata to its JSON form.
func FromMeeting(m store.Meeting) Meeting {
	out := Meeting{
		ID: m.ID, Title: m.Title, CreatedAt: rfc3339(m.CreatedAt), MeetingDate: rfc3339(m.MeetingDate),
		DurationSeconds: m.Duration.Seconds(), Speakers: m.Speakers, SegmentCount: m.SegmentCount,
		SourceFile: m.SourceName, SourceFormat: string(m.SourceFormat), Language: m.Language,
	}
	if out.Speakers == nil {
		out.Speakers = []string{}
	}
	return out
}

// FromSegments converts a transcript to its JSON form.
func FromSegments(segs []transcript.Segment) []Segment {
	out := make([]Segment, len(segs))
	for i, s := range segs {
		out[i] = Segment{Index: i, StartSeconds: s.Start.Seconds(), EndSeconds: s.End.Seconds(), Speaker: s.Speaker, Text: s.Text}
	}
	return out
}

// FromSummary converts a summary version to its JSON form.
func FromSummary(s store.Summary) Summary {
	return Summary{
		Version: s.Version, Status: string(s.Status), Text: s.Text, Error: s.Error, Provider: s.Provider, Model: s.Model,
		BaseURLHost: s.BaseURLHost, MadeOnDevice: s.MadeOnDevice, Template: s.Template, Language: s.Language, ChunkCount: s.ChunkCount,
		PromptTokens: s.PromptTokens, AnswerTokens: s.AnswerTokens, FirstTokenMS: s.FirstToken.Milliseconds(),
		DurationSeconds: s.Duration.Seconds(), EditedFrom: s.EditedFrom, CreatedAt: rfc3339(s.CreatedAt),
	}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Scrubber removes secrets from text; *redact.Redactor is the one Hushnote uses.
type Scrubber interface {
	Scrub(text string) string
}

// Option configures JSON, Markdown and PDF.
type Option func(*options)

type options struct {
	scrub        Scrubber
	uncompressed bool // PDF: content streams as plain text, for reading the file in tests
}

// optionsOf applies opts.
func optionsOf(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithScrubber passes every text of the meeting (title, names, transcript, summaries and their errors)
// through sc before it is written, and so before JSON or Markdown escapes anything: an API key that
// reached a meeting is written as the scrubber's placeholder, never as itself nor in escaped form.
func WithScrubber(sc Scrubber) Option { return func(o *options) { o.scrub = sc } }

// scrubbed returns copies of the meeting's texts passed through the options' Scrubber, if any.
func scrubbed(opts []Option, m store.Meeting, segs []transcript.Segment, sums []store.Summary) (store.Meeting, []transcript.Segment, []store.Summary) {
	o := optionsOf(opts)
	if o.scrub == nil {
		return m, segs, sums
	}
	sc := o.scrub.Scrub
	m.Title, m.SourceName, m.Language = sc(m.Title), sc(m.SourceName), sc(m.Language)
	m.Notes = store.NotesSource{Provider: sc(m.Notes.Provider), Model: sc(m.Notes.Model), BaseURLHost: sc(m.Notes.BaseURLHost), MadeOnDevice: m.Notes.MadeOnDevice}
	speakers := make([]string, len(m.Speakers))
	for i, s := range m.Speakers {
		speakers[i] = sc(s)
	}
	m.Speakers = speakers
	segs = append([]transcript.Segment(nil), segs...)
	for i := range segs {
		segs[i].Speaker, segs[i].Text = sc(segs[i].Speaker), sc(segs[i].Text)
	}
	sums = append([]store.Summary(nil), sums...)
	for i := range sums {
		su := &sums[i]
		for _, f := range []*string{&su.Text, &su.Error, &su.Provider, &su.Model, &su.BaseURLHost, &su.Template, &su.Language} {
			*f = sc(*f)
		}
	}
	return m, segs, sums
}

// scrubbedLatest is scrubbed for a meeting with one version of its notes, or none (nil).
func scrubbedLatest(opts []Option, m store.Meeting, segs []transcript.Segment, latest *store.Summary) (store.Meeting, []transcript.Segment, *store.Summary) {
	if latest == nil {
		m, segs, _ = scrubbed(opts, m, segs, nil)
		return m, segs, nil
	}
	m, segs, one := scrubbed(opts, m, segs, []store.Summary{*latest})
	return m, segs, &one[0]
}

// JSON writes the meeting with its transcript and every summary version as one indented JSON document.
func JSON(w io.Writer, m store.Meeting, segs []transcript.Segment, sums []store.Summary, opts ...Option) error {
	m, segs, sums = scrubbed(opts, m, segs, sums)
	doc := Document{Meeting: FromMeeting(m), Segments: FromSegments(segs), Summaries: []Summary{}}
	for _, s := range sums {
		doc.Summaries = append(doc.Summaries, FromSummary(s))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// Markdown writes the meeting as Markdown: YAML front matter with the metadata, the latest summary
// (when there is one) and the transcript with timestamps and speakers.
func Markdown(w io.Writer, m store.Meeting, segs []transcript.Segment, latest *store.Summary, opts ...Option) error {
	m, segs, latest = scrubbedLatest(opts, m, segs, latest)
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k string, v any) { fmt.Fprintf(&b, "%s: %s\n", k, yamlValue(v)) }
	field("title", m.Title)
	field("id", m.ID)
	if !m.MeetingDate.IsZero() {
		field("date", rfc3339(m.MeetingDate))
	}
	field("created", rfc3339(m.CreatedAt))
	if m.Duration > 0 {
		field("duration", Length(m.Duration))
	}
	if len(m.Speakers) > 0 {
		b.WriteString("speakers:\n")
		for _, s := range m.Speakers {
			fmt.Fprintf(&b, "  - %s\n", yamlValue(s))
		}
	}
	field("source", m.SourceName)
	field("format", string(m.SourceFormat))
	if m.Language != "" {
		field("language", m.Language)
	}
	if latest != nil {
		field("summary_version", latest.Version)
		field("summary_status", string(latest.Status))
		if latest.EditedFrom > 0 {
			field("summary_edited_from", latest.EditedFrom)
		}
		if latest.Provider != "" {
			field("summary_provider", latest.Provider)
			field("summary_model", latest.Model)
		}
	}
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s\n\n", m.Title)
	if latest != nil && strings.TrimSpace(latest.Text) != "" {
		notes := strings.TrimSpace(latest.Text)
		if !startsWithSummaryHeading(notes) {
			b.WriteString("## Summary\n\n")
		}
		b.WriteString(notes)
		b.WriteString("\n\n")
	}
	b.WriteString("## Transcript\n\n")
	timed := m.Duration > 0
	for _, s := range segs {
		if timed {
			fmt.Fprintf(&b, "`%s` ", Clock(s.Start))
		}
		if s.Speaker != "" {
			fmt.Fprintf(&b, "**%s:** ", escapeMarkdown(s.Speaker))
		}
		b.WriteString(escapeMarkdown(s.Text))
		b.WriteString("\n\n")
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// startsWithSummaryHeading reports whether notes open with their own Summary heading ("## Summary", at
// any level), as the built-in templates' notes do: the export then adds none of its own.
func startsWithSummaryHeading(notes string) bool {
	first, _, _ := strings.Cut(notes, "\n")
	heading := strings.TrimLeft(first, "#")
	if len(heading) == len(first) || len(first)-len(heading) > 6 || !strings.HasPrefix(heading, " ") {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(strings.TrimRight(heading, "# ")), "summary")
}

// Line is one segment as a plain-text line: "[12:05] Ana: words" (without the time when timed is false,
// without the speaker when it names nobody).
func Line(s transcript.Segment, timed bool) string {
	var b strings.Builder
	if timed {
		b.WriteString("[" + Clock(s.Start) + "] ")
	}
	if s.Speaker != "" {
		b.WriteString(s.Speaker + ": ")
	}
	b.WriteString(s.Text)
	return b.String()
}

// Clock formats d as h:mm:ss, or m:ss under an hour.
func Clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Length says how long a meeting lasted, in words: "45 s" under a minute, else to the nearest minute:
// "23 min", "1 h 5 min", "2 h". Unlike Clock it cannot be read as a time of day.
func Length(d time.Duration) string {
	if d = d.Round(time.Second); d < time.Minute {
		return fmt.Sprintf("%d s", max(0, int64(d/time.Second)))
	}
	mins := int64(d.Round(time.Minute) / time.Minute)
	switch {
	case mins < 60:
		return fmt.Sprintf("%d min", mins)
	case mins%60 == 0:
		return fmt.Sprintf("%d h", mins/60)
	default:
		return fmt.Sprintf("%d h %d min", mins/60, mins%60)
	}
}

// yamlValue renders a scalar safely: numbers bare, strings as double-quoted (JSON strings are valid YAML).
func yamlValue(v any) string {
	switch v := v.(type) {
	case string:
		b, _ := json.Marshal(v)
		return string(b)
	default:
		return fmt.Sprint(v)
	}
}

// escapeMarkdown keeps transcript text from turning into markup (corpora write "{vocalsound}", people
// write "*" and "_").
func escapeMarkdown(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", `\<`, "[", `\[`, "#", `\#`)
	return r.Replace(s)
}
