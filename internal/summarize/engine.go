// Package summarize writes meeting notes with a language model and never loses a word of the meeting or
// of the notes: it sizes every request to the model's context window, splits a long transcript on
// speaker turns into parts (map) and merges their notes into the template (reduce, in rounds if need
// be), saves each finished piece and the answer as it streams, and picks up where an interrupted run
// stopped.
package summarize

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"hushnote/internal/importer"
	"hushnote/internal/provider"
	"hushnote/internal/store"
	"hushnote/internal/templates"
)

// Phase of a run.
type Phase string

// Phases.
const (
	PhaseReading Phase = "reading" // notes on each part of the transcript
	PhaseMerging Phase = "merging" // merging notes that are too long for one request
	PhaseWriting Phase = "writing" // the final notes, streamed
)

// Progress is what a run reports as it goes.
type Progress struct {
	Phase  Phase
	Part   int // 1-based, in this phase
	Parts  int
	Round  int // merging round, from 1
	Tokens int // answer tokens so far, all requests
}

// Options are one summary run's choices.
type Options struct {
	MeetingID int64
	Provider  provider.Provider
	Model     string
	// ContextLength is the model's context window in tokens (from the provider's model list, or what
	// the user entered). Required.
	ContextLength int
	Template      string // "" for the default template
	Language      string // "" for the setting, else the transcript's language, else English
	// AnswerTokens is the room kept for each answer (default 2048, at most a quarter of the window).
	AnswerTokens int
	// Parallel is how many parts are read at once from a cloud provider (default 4); a local one
	// always reads one at a time.
	Parallel int
	Fresh    bool // do not reuse pieces of earlier runs

	Progress func(Progress) // may be nil
	Stream   func(string)   // the final notes as they arrive; may be nil
	// Restart, when set, is called before the final notes are streamed again from the start (the
	// first attempt did not fit the model's window after all): what Stream gave so far is void.
	Restart func()
}

// Result is a finished (or failed) run.
type Result struct {
	Summary        store.Summary
	Reused         int    // pieces taken from an earlier run
	SuggestedTitle string // when the meeting still has its file name as title
}

// Engine runs summaries over a store.
type Engine struct {
	st        *store.Store
	templates *templates.Library
	// SaveEvery is how often the streaming answer is saved (default 1 s).
	SaveEvery time.Duration
	// StaleAfter is how long a draft may go unwritten before it counts as interrupted (default 30 s).
	StaleAfter time.Duration
	// MaxWait is the longest the run waits when a service rate-limits a part (default 60 s, as long as
	// the provider layer's own retries wait); a service that asks for longer ends the run with its
	// "try again in …".
	MaxWait time.Duration
}

// MaxWait is how long a run waits at most for a rate-limited service: provider.Policy's default MaxDelay.
const MaxWait = 60 * time.Second

// StaleAfter is how long a draft may go unwritten before it counts as interrupted: a running engine
// touches its draft every second.
const StaleAfter = 30 * time.Second

// New makes an Engine.
func New(st *store.Store) *Engine {
	return &Engine{st: st, templates: templates.NewLibrary(st), SaveEvery: time.Second, StaleAfter: StaleAfter, MaxWait: MaxWait}
}

// defaultAnswerTokens is the room kept for an answer when Options say nothing.
const defaultAnswerTokens = 2048

// ErrNoContext is returned when the model's context window is unknown.
var ErrNoContext = errors.New("the model's context size is unknown: choose a model from the provider's list, or enter its context size in Settings")

// SaveError is a run whose notes could not be saved at the end: the version keeps only what was saved
// while they streamed. It says what was lost, so nothing is reported as saved that was not.
type SaveError struct {
	Version int   // 0 when no version could be made
	Chars   int   // characters of notes that are not in the database
	Err     error // why the save failed
	RunErr  error // how the run itself ended (nil: it had finished)
}

func (e *SaveError) Error() string {
	msg := fmt.Sprintf("the notes could not be saved (%v): version %d keeps only what was saved while they arrived, and the %d characters shown are not saved — copy them now, then free some space and summarize again", e.Err, e.Version, e.Chars)
	if e.Version == 0 {
		msg = fmt.Sprintf("the notes could not be saved (%v): no version of them was made, and the %d characters shown are not saved — copy them now, then free some space and summarize again", e.Err, e.Chars)
	}
	if e.RunErr != nil {
		msg = e.RunErr.Error() + "; and " + msg
	}
	return msg
}

func (e *SaveError) Unwrap() []error {
	if e.RunErr == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.RunErr}
}

// PartError says which part of the transcript failed, after the provider's own retries.
type PartError struct {
	Phase Phase
	Part  int // 1-based
	Parts int
	Err   error
}

func (e *PartError) Error() string {
	what := "reading part"
	if e.Phase == PhaseMerging {
		what = "merging notes, batch"
	}
	return fmt.Sprintf("%s %d of %d failed: %v", what, e.Part, e.Parts, e.Err)
}

func (e *PartError) Unwrap() error { return e.Err }

// run is one summary in progress.
type run struct {
	e      *Engine
	opts   Options
	info   provider.Info
	cal    calibration
	cpt    float64
	system string
	fence  fences
	tmpl   templates.Template
	su     store.Summary
	reuse  map[string]store.SummaryPart
	reused int
	limit  int // part size of this run, in characters
	finals int // final requests started

	progressMu sync.Mutex // one Progress call at a time, whatever the parallelism

	versionMu sync.Mutex // guards su.ID and the version's creation (parts are saved in parallel)

	mu       sync.Mutex // guards the fields below (parts are read in parallel)
	streamed int        // pieces of answer received so far, for progress
	prompt   int        // prompt tokens, as the provider counted them
	answer   int        // answer tokens, as the provider counted them
	left     bool       // a request's text left this computer
	sent     bool       // a request was sent (a connection was made for it)
}

// charsPerToken is the current estimate.
func (r *run) charsPerToken() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cpt
}

// Summarize writes the notes for a meeting as a new summary version. Whatever happens, what was
// received is saved: a cancel leaves a partial version, a failure a failed one, both with the error. A
// run refused before any request was sent (Local only, no API key, no server, a window too small for
// the template) leaves no version: there is nothing to keep, and Result.Summary is then zero.
func (e *Engine) Summarize(ctx context.Context, opts Options) (Result, error) {
	if opts.Provider == nil || opts.Model == "" {
		return Result{}, errors.New("choose a provider and a model first")
	}
	if opts.ContextLength <= 0 {
		return Result{}, ErrNoContext
	}
	m, err := e.st.Meeting(ctx, opts.MeetingID)
	if err != nil {
		return Result{}, err
	}
	segs, err := e.st.Segments(ctx, opts.MeetingID)
	if err != nil {
		return Result{}, err
	}
	tmpl, err := e.template(ctx, opts.Template)
	if err != nil {
		return Result{}, err
	}
	lang, err := e.language(ctx, opts.Language, m.Language)
	if err != nil {
		return Result{}, err
	}
	if opts.AnswerTokens <= 0 {
		opts.AnswerTokens = defaultAnswerTokens
	}
	opts.AnswerTokens = min(opts.AnswerTokens, opts.ContextLength/4)
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	info := opts.Provider.Info()
	// Where the text would go, as the dialer judges it; each request is judged again when it is made.
	// A server that cannot say now (not running) is judged by its address: nothing can reach it anyway.
	where, _ := opts.Provider.Where(ctx, opts.Model)
	if !where.LeavesDevice {
		opts.Parallel = 1 // one model on this computer: one request at a time
	}
	if _, err := e.st.MarkInterrupted(ctx, m.ID, e.StaleAfter); err != nil {
		return Result{}, err
	}
	lines := transcriptLines(segs, m.Duration > 0)
	fence := newFences(lines)
	r := &run{e: e, opts: opts, info: info, cal: calibration{st: e.st, preset: info.Preset, model: opts.Model}, tmpl: tmpl,
		system: systemPrompt(lang, fence), fence: fence}
	if r.cpt, err = r.cal.charsPerToken(ctx); err != nil {
		return Result{}, err
	}
	if !opts.Fresh {
		if r.reuse, err = e.st.PartsByKey(ctx, m.ID); err != nil {
			return Result{}, err
		}
	}
	start := time.Now()
	// The version is made when there is something to keep in it (see version).
	r.su = store.Summary{
		MeetingID: m.ID, Status: store.StatusDraft, Provider: info.Preset, Model: opts.Model, BaseURLHost: info.Host,
		MadeOnDevice: !where.LeavesDevice, Template: tmpl.Name, Language: lang,
	}
	stopBeat := r.heartbeat()
	text, runErr := r.summarize(ctx, lines)
	stopBeat()
	r.mu.Lock()
	sent := r.sent
	r.mu.Unlock()
	if runErr != nil && !sent && r.versionID() == 0 {
		return Result{}, runErr // refused before anything was sent: no version to keep
	}

	r.su.Text = clean(text)
	r.su.Duration = time.Since(start)
	r.su.PromptTokens, r.su.AnswerTokens = r.prompt, r.answer
	r.su.MadeOnDevice = !where.LeavesDevice && !r.left
	switch {
	case runErr == nil:
		r.su.Status, r.su.Error = store.StatusDone, ""
		if missing := templates.MissingSections(tmpl, r.su.Text); len(missing) > 0 {
			r.su.Error = "the model left out these sections: " + strings.Join(missing, ", ")
		}
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		r.su.Status, r.su.Error = store.StatusPartial, "cancelled before it finished"
	default:
		r.su.Status, r.su.Error = store.StatusFailed, runErr.Error()
	}
	// Saved even when ctx is cancelled: nothing that arrived is lost.
	_, err = r.version(ctx)
	if err == nil {
		err = e.st.UpdateSummary(context.WithoutCancel(ctx), r.su)
	}
	if err != nil {
		runErr = &SaveError{Version: r.su.Version, Chars: len([]rune(r.su.Text)), Err: err, RunErr: runErr}
	}
	res := Result{Summary: r.su, Reused: r.reused}
	if runErr == nil && (m.Title == m.SourceName || m.Title == importer.TitleFromFileName(m.SourceName)) {
		res.SuggestedTitle = suggestTitle(r.su.Text)
	}
	return res, runErr
}

func (e *Engine) template(ctx context.Context, name string) (templates.Template, error) {
	if name == "" {
		return e.templates.Default(ctx)
	}
	return e.templates.Get(ctx, name)
}

// language is the name, for the prompt, of the language to write in: the run's choice, else the
// setting, else the transcript's language, else English. A choice or a setting that is not one of
// templates.Languages is refused (the error matches templates.ErrUnknownLanguage), never replaced by
// another language; the transcript's language comes from its file and only counts when it is known.
func (e *Engine) language(ctx context.Context, explicit, transcriptLang string) (string, error) {
	if explicit = strings.TrimSpace(explicit); explicit != "" {
		l, ok := templates.LookupLanguage(explicit)
		if !ok {
			return "", fmt.Errorf("the summary language “%s” is %w: use one of %s", explicit,
				templates.ErrUnknownLanguage, strings.Join(templates.LanguageNames(), ", "))
		}
		return l.Name, nil
	}
	set, err := e.templates.Language(ctx)
	if err != nil {
		return "", err
	}
	if set != "" {
		l, ok := templates.LookupLanguage(set)
		if !ok {
			return "", fmt.Errorf("the summary language in Settings, “%s”, is %w: choose another under Settings → Templates", set,
				templates.ErrUnknownLanguage)
		}
		return l.Name, nil
	}
	if l, ok := templates.LookupLanguage(transcriptLang); ok {
		return l.Name, nil
	}
	return "English", nil
}

// version returns the ID of the run's summary version, making it (a draft) the first time there is
// something to keep: a finished part, the first words of the answer, or at the end a run whose request
// was sent. So a run refused before anything was sent makes none.
func (r *run) version(ctx context.Context) (int64, error) {
	r.versionMu.Lock()
	defer r.versionMu.Unlock()
	if r.su.ID != 0 {
		return r.su.ID, nil
	}
	su, err := r.e.st.AddSummary(context.WithoutCancel(ctx), r.su)
	if err != nil {
		return 0, err
	}
	r.su.ID, r.su.Version, r.su.CreatedAt, r.su.UpdatedAt = su.ID, su.Version, su.CreatedAt, su.UpdatedAt
	return su.ID, nil
}

// versionID is the ID of the run's version, 0 while it has none.
func (r *run) versionID() int64 {
	r.versionMu.Lock()
	defer r.versionMu.Unlock()
	return r.su.ID
}

// heartbeat keeps the draft's time fresh while the run is alive, so that only a dead run's draft counts
// as interrupted.
func (r *run) heartbeat() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(r.e.SaveEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if id := r.versionID(); id != 0 {
					r.e.st.TouchSummary(context.Background(), id)
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// budget is how many characters of transcript or notes fit in one request beside the prompt's own words.
func (r *run) budget(overhead string) int {
	cpt := r.charsPerToken()
	tokens := r.opts.ContextLength - r.opts.AnswerTokens - tokensFor(r.system+overhead, cpt) - 32
	return int(float64(tokens) * 0.9 * cpt)
}

// minBudget is the smallest part worth sending; below it the window is too small for the template.
const minBudget = 400

// summarize maps, reduces and writes.
func (r *run) summarize(ctx context.Context, lines []string) (string, error) {
	instructions := r.tmpl.Instructions()
	for {
		if r.budget(r.fence.finalPrompt(instructions, "", true)) < minBudget {
			need := tokensFor(r.system+r.fence.finalPrompt(instructions, "", true), r.charsPerToken()) + r.opts.AnswerTokens
			return "", r.contextTooSmall(fmt.Sprintf("the %q template's instructions and the answer need about %d tokens, close to or more than %s's %d-token window — choose a model with a larger context or a shorter template",
				r.tmpl.Name, need, r.opts.Model, r.opts.ContextLength))
		}
		whole := strings.Join(lines, "\n")
		if len([]rune(whole)) <= r.budget(r.fence.finalPrompt(instructions, "", false)) {
			text, err := r.final(ctx, r.fence.finalPrompt(instructions, whole, false), 1)
			if isContextError(err) {
				if err := r.shrink(ctx); err != nil {
					return text, err
				}
				continue
			}
			return text, err
		}
		notes, err := r.read(ctx, lines)
		if err != nil {
			return "", err
		}
		return r.reduce(ctx, notes, instructions)
	}
}

// shrink makes the estimate more cautious after a "does not fit".
func (r *run) shrink(ctx context.Context) error {
	r.mu.Lock()
	before := r.cpt
	cpt, err := r.cal.shrink(ctx, r.cpt)
	r.cpt = cpt
	r.mu.Unlock()
	if cpt >= before || r.budget("") < minBudget {
		return r.contextTooSmall(fmt.Sprintf("even a small part of the transcript does not fit %s's %d-token window", r.opts.Model, r.opts.ContextLength))
	}
	return err
}

// contextTooSmall is a context-window error that names the provider and the model.
func (r *run) contextTooSmall(detail string) error {
	return &provider.Error{Kind: provider.KindContextTooLong, Provider: r.info.Name, Detail: detail}
}

func isContextError(err error) bool {
	return errors.Is(err, provider.ErrContextTooLong) || errors.Is(err, provider.ErrContextTruncated)
}

// read writes notes on each part of the transcript: in parallel for cloud providers, one at a time for
// local ones. A part that does not fit is split and read again, and the estimate shrinks.
func (r *run) read(ctx context.Context, lines []string) ([]string, error) {
	limit := r.budget(r.fence.mapPrompt(99, 99, ""))
	if limit < minBudget {
		return nil, fmt.Errorf("%w: the model's %d-token window leaves no room for the transcript", provider.ErrContextTooLong, r.opts.ContextLength)
	}
	// A resumed run cuts the transcript where the interrupted one did, so that its parts match.
	if prev := r.previousLimit(); prev > 0 && prev <= limit*5/4 {
		limit = prev
	}
	r.limit = limit
	parts := chunk(lines, limit, overlapLines)
	r.su.ChunkCount = len(parts)
	notes := make([]string, len(parts))
	var done int
	var mu sync.Mutex
	report := func() {
		mu.Lock()
		done++
		d := done
		mu.Unlock()
		r.progress(Progress{Phase: PhaseReading, Part: d, Parts: len(parts)})
	}
	r.progress(Progress{Phase: PhaseReading, Part: 0, Parts: len(parts)})
	err := r.forEach(ctx, len(parts), func(ctx context.Context, i int) error {
		text, err := r.readPart(ctx, parts[i], i, len(parts))
		if err != nil {
			return &PartError{Phase: PhaseReading, Part: i + 1, Parts: len(parts), Err: err}
		}
		notes[i] = text
		report()
		return nil
	})
	return notes, err
}

// previousLimit is the part size of the newest earlier run with reusable parts, or 0.
func (r *run) previousLimit() int {
	var newest store.SummaryPart
	for _, p := range r.reuse {
		if p.Round == 0 && p.LimitChars > 0 && p.SummaryID > newest.SummaryID {
			newest = p
		}
	}
	return newest.LimitChars
}

// readPart reads one part; if it does not fit after all, its halves.
func (r *run) readPart(ctx context.Context, part []string, i, n int) (string, error) {
	prompt := r.fence.mapPrompt(i+1, n, strings.Join(part, "\n"))
	text, err := r.piece(ctx, 0, i, prompt)
	if !isContextError(err) {
		return text, err
	}
	if err := r.shrink(ctx); err != nil {
		return "", err
	}
	halves := chunk(part, max(minBudget, joinedLen(part)/2+1), 0)
	if len(halves) < 2 {
		return "", err
	}
	var out []string
	for _, h := range halves {
		t, err := r.readPart(ctx, h, i, n)
		if err != nil {
			return "", err
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n"), nil
}

// maxRounds bounds the merging: notes that do not get shorter in this many rounds never will.
const maxRounds = 6

// reduce merges the notes until they fit one request, then writes the final notes from them.
func (r *run) reduce(ctx context.Context, notes []string, instructions string) (string, error) {
	for round := 1; ; round++ {
		if round > maxRounds {
			return "", fmt.Errorf("the notes were still too long for the model's %d-token window after %d rounds of merging", r.opts.ContextLength, maxRounds)
		}
		all := strings.Join(notes, "\n\n")
		if len([]rune(all)) <= r.budget(r.fence.finalPrompt(instructions, "", true)) {
			text, err := r.final(ctx, r.fence.finalPrompt(instructions, all, true), round)
			if !isContextError(err) {
				return text, err
			}
			if err := r.shrink(ctx); err != nil {
				return text, err
			}
		}
		limit := r.budget(r.fence.mergePrompt(""))
		batches := chunk(notes, limit, 0)
		if len(batches) >= len(notes) && len(notes) > 1 {
			// Each note alone fills a request: pair them so the rounds end.
			batches = pairs(notes)
		}
		merged := make([]string, len(batches))
		r.progress(Progress{Phase: PhaseMerging, Round: round, Parts: len(batches)})
		err := r.forEach(ctx, len(batches), func(ctx context.Context, i int) error {
			text, err := r.piece(ctx, round, i, r.fence.mergePrompt(strings.Join(batches[i], "\n\n")))
			if err != nil {
				return &PartError{Phase: PhaseMerging, Part: i + 1, Parts: len(batches), Err: err}
			}
			merged[i] = text
			r.progress(Progress{Phase: PhaseMerging, Round: round, Part: i + 1, Parts: len(batches)})
			return nil
		})
		if isContextError(err) {
			if err := r.shrink(ctx); err != nil {
				return "", err
			}
			continue
		}
		if err != nil {
			return "", err
		}
		notes = merged
	}
}

func pairs(notes []string) [][]string {
	var out [][]string
	for i := 0; i < len(notes); i += 2 {
		out = append(out, notes[i:min(i+2, len(notes))])
	}
	return out
}

// forEach runs fn for 0..n-1, opts.Parallel at a time (fewer after a rate limit), stopping at the first
// error, which it returns. A rate-limited part is tried again after the wait the service asked for, at
// most MaxWait: a longer one ends the run with the service's error (which says when to try again).
func (r *run) forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	lim := newLimiter(r.opts.Parallel)
	var wg sync.WaitGroup
	for i := range n {
		if lim.acquire(ctx) != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer lim.release()
			for {
				err := fn(ctx, i)
				if wait, ok := r.rateLimitWait(err); ok && lim.slowDown() {
					// One fewer at a time from now on; this part again after the wait the service asked for
					// (cut short, and the run ended, when Local only goes on meanwhile).
					if err := r.waitToRetry(ctx, wait); err != nil {
						cancel(err)
						return
					}
					continue
				}
				if err != nil {
					cancel(err)
				}
				return
			}
		}()
	}
	wg.Wait()
	return context.Cause(ctx)
}

// rateLimitWait is how long to wait before asking again after err: ok is false when err is no rate
// limit, or one whose Retry-After is longer than MaxWait.
func (r *run) rateLimitWait(err error) (wait time.Duration, ok bool) {
	if !errors.Is(err, provider.ErrRateLimited) {
		return 0, false
	}
	wait = 2 * time.Second
	var pe *provider.Error
	if errors.As(err, &pe) && pe.RetryAfter > 0 {
		wait = pe.RetryAfter
	}
	limit := r.e.MaxWait
	if limit <= 0 {
		limit = MaxWait
	}
	return wait, wait <= limit
}

// waitToRetry waits d before a part is asked for again, under the provider's rules when it has them.
func (r *run) waitToRetry(ctx context.Context, d time.Duration) error {
	if w, ok := r.opts.Provider.(provider.RetryWaiter); ok {
		return w.WaitToRetry(ctx, d)
	}
	return provider.Wait(ctx, d)
}

// piece asks for one notes piece, reusing an identical one from an earlier run, and saves it.
func (r *run) piece(ctx context.Context, round, idx int, prompt string) (string, error) {
	key := r.key(round, prompt)
	if p, ok := r.reuse[key]; ok {
		r.mu.Lock()
		r.reused++
		r.mu.Unlock()
		return p.Text, r.savePart(ctx, store.SummaryPart{Round: round, Index: idx, Key: key, Text: p.Text, PromptTokens: p.PromptTokens, AnswerTokens: p.AnswerTokens, LimitChars: r.limit})
	}
	var b strings.Builder
	usage, err := r.chat(ctx, prompt, func(s string) { b.WriteString(s) })
	if err != nil {
		return "", err
	}
	text := clean(b.String())
	return text, r.savePart(ctx, store.SummaryPart{Round: round, Index: idx, Key: key, Text: text, PromptTokens: usage.PromptTokens, AnswerTokens: usage.AnswerTokens, LimitChars: r.limit})
}

// savePart saves a finished piece in the run's version.
func (r *run) savePart(ctx context.Context, p store.SummaryPart) error {
	id, err := r.version(ctx)
	if err != nil {
		return err
	}
	p.SummaryID = id
	return r.e.st.SavePart(ctx, p)
}

func (r *run) key(round int, prompt string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%s\x00%s", r.info.Preset, r.opts.Model, r.tmpl.Name, round, r.system, prompt)
	return hex.EncodeToString(h.Sum(nil))
}

// final writes the notes, streaming them to the caller and saving them as they arrive.
func (r *run) final(ctx context.Context, prompt string, round int) (string, error) {
	if r.finals > 0 && r.opts.Restart != nil {
		r.opts.Restart()
	}
	r.finals++
	r.progress(Progress{Phase: PhaseWriting, Round: round})
	var b strings.Builder
	last := time.Now()
	begin := time.Now()
	first := true
	pieces := 0
	saved := 0              // bytes of b in the draft
	restart := r.finals > 1 // the draft holds an earlier attempt's text: the first save replaces it
	_, err := r.chat(ctx, prompt, func(s string) {
		if first {
			r.su.FirstToken = time.Since(begin)
			first = false
			r.version(ctx) // the version shows from the first words; should this fail, the next save tries again
		}
		b.WriteString(s)
		if r.opts.Stream != nil {
			r.opts.Stream(s)
		}
		if pieces++; pieces%16 == 0 {
			r.progress(Progress{Phase: PhaseWriting, Round: round})
		}
		if time.Since(last) >= r.e.SaveEvery {
			last = time.Now()
			text := b.String()
			id, err := r.version(ctx)
			switch {
			case err != nil:
			case restart:
				err = r.e.st.SaveDraft(ctx, id, text)
			default:
				err = r.e.st.AppendDraft(ctx, id, text[saved:]) // only what arrived since the last save
			}
			if err != nil {
				last = time.Time{} // try again with the next piece
				return
			}
			saved, restart = len(text), false
		}
	})
	return b.String(), err
}

// chat sends one request, counts its tokens and learns the model's characters per token from it.
func (r *run) chat(ctx context.Context, prompt string, fn func(string)) (provider.Usage, error) {
	cpt := r.charsPerToken()
	req := provider.Request{
		Model: r.opts.Model, MaxTokens: r.opts.AnswerTokens, MeetingID: r.opts.MeetingID,
		Messages:     []provider.Message{{Role: provider.RoleSystem, Content: r.system}, {Role: provider.RoleUser, Content: prompt}},
		PromptTokens: tokensFor(r.system, cpt) + tokensFor(prompt, cpt),
	}
	usage, err := r.opts.Provider.Chat(ctx, req, func(c provider.Chunk) error {
		fn(c.Text)
		r.mu.Lock()
		r.streamed++
		r.mu.Unlock()
		return nil
	})
	r.mu.Lock()
	r.prompt += usage.PromptTokens
	r.answer += usage.AnswerTokens
	r.left = r.left || usage.LeftDevice
	r.sent = r.sent || usage.Sent
	r.mu.Unlock()
	if err == nil && usage.PromptTokens > 0 {
		next, err := r.cal.learn(ctx, req.Chars(), usage.PromptTokens)
		if err != nil {
			return usage, err
		}
		if next > 0 {
			r.mu.Lock()
			r.cpt = next
			r.mu.Unlock()
		}
	}
	return usage, err
}

func (r *run) progress(p Progress) {
	if r.opts.Progress == nil {
		return
	}
	r.mu.Lock()
	if p.Tokens == 0 {
		p.Tokens = r.streamed
	}
	r.mu.Unlock()
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.opts.Progress(p)
}
