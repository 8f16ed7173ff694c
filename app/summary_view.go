package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/assets"
	"hushnote/internal/export"
	"hushnote/internal/provider"
	"hushnote/internal/store"
	"hushnote/internal/summarize"
	"hushnote/internal/templates"
)

// modelChoice is what a summary runs on: the provider, the model and its context window.
type modelChoice struct {
	p      provider.Provider
	model  string
	window int
}

// summaryView is the Summary tab: the versions of a meeting's notes, and the Summarize button with
// progress, the notes streaming in live, and Cancel.
type summaryView struct {
	ctx context.Context
	st  *store.Store
	do  func(func())
	// choose finds the provider and model to summarise with (the active one; tests use a scripted one).
	choose func(ctx context.Context) (modelChoice, error)

	// mgr lists the providers for the "Write with" picker and switches between them; nil without providers.
	mgr *provider.Manager
	lib *templates.Library
	win fyne.Window
	// onProviderChanged is called (on the UI goroutine) after "Write with" changed the active provider.
	onProviderChanged func()
	// finished is called (on the UI goroutine) when a run that took at least longRun ends, with a title
	// and a line for a desktop notification.
	finished func(title, body string)
	longRun  time.Duration

	// scrub takes the API keys out of the notes and errors shown and of what Copy copies.
	scrub scrubber

	versions      *widget.Select
	template      *widget.Select
	templateNames []string // option index -> template name
	writer        *widget.Select
	choices       []provider.Choice // option index -> provider
	filling       bool              // the pickers are being filled: a change is not the user's
	exportBtn     *widget.Button
	infoBtn       *widget.Button // the version's provenance, and Delete this version
	editBtn       *widget.Button // edit the notes (a new version)
	// provenance says where the selected version came from; it is shown by infoBtn, not on the page.
	provenance *widget.Label
	text       *widget.RichText // the notes
	notes      *container.Scroll
	notesArea  *fyne.Container // the notes, or the editor over them
	editor     *notesEditor
	status     *widget.Label
	progress   *widget.ProgressBarInfinite // while the amount of work is not known
	bar        *widget.ProgressBar         // parts done of parts, when it is
	run        *widget.Button
	cancelBtn  *widget.Button
	copyBtn    *widget.Button

	// onTime is called when a timestamp in the notes is tapped (the meeting view opens the transcript).
	onTime func(time.Duration)
	// onChanged is called (on the UI goroutine) when a version was added by an edit or deleted, so the
	// list (whose badges say where the newest notes were made) can be read again.
	onChanged func()

	// note is what the status line is about, so that it goes when that changes.
	note noteAbout
	// runStarted and phase make the progress line: "Reading part 2 of 5 · 0:42".
	runStarted time.Time
	phase      string

	meeting        store.Meeting // UI goroutine only, like the fields below
	sums           []store.Summary
	running        int64  // the meeting being summarised, 0 when none
	chosenTemplate string // picked for the next summary; "" for the default

	mu     sync.Mutex
	cancel context.CancelFunc
	work   sync.WaitGroup // runs still writing to the store
}

// wait waits up to limit for runs in flight to save what they have (after the window closed and
// cancelled them); it reports whether they all did.
func (v *summaryView) wait(limit time.Duration) bool {
	done := make(chan struct{})
	go func() { v.work.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(limit):
		return false
	}
}

func newSummaryView(ctx context.Context, st *store.Store, do func(func()), choose func(context.Context) (modelChoice, error)) *summaryView {
	return &summaryView{ctx: ctx, st: st, do: do, choose: choose, lib: templates.NewLibrary(st), longRun: longRun}
}

func (v *summaryView) build(win fyne.Window) fyne.CanvasObject {
	v.win = win
	v.versions = widget.NewSelect(nil, v.onVersion)
	v.versions.PlaceHolder = "No notes yet"
	v.infoBtn = widget.NewButtonWithIcon("", theme.InfoIcon(), v.onInfo)
	v.provenance = widget.NewLabel("")
	v.provenance.Wrapping = fyne.TextWrapWord
	v.text = widget.NewRichText()
	v.text.Wrapping = fyne.TextWrapWord
	v.notes = container.NewVScroll(v.text)
	v.editor = newNotesEditor(v)
	v.notesArea = container.NewStack(v.notes, v.editor.build())
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.status.Hide()
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Stop()
	v.progress.Hide()
	v.bar = widget.NewProgressBar()
	v.bar.TextFormatter = func() string { return "" } // the status line says it in words
	v.bar.Hide()
	v.run = widget.NewButtonWithIcon("Summarize", theme.MediaPlayIcon(), v.onSummarize)
	v.run.Importance = widget.HighImportance
	v.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), v.onCancel)
	v.cancelBtn.Hide()
	v.copyBtn = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		if sel := v.selected(); sel != nil {
			v.scrub.copy(sel.Text)
		}
	})
	v.editBtn = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), v.onEdit)
	v.exportBtn = widget.NewButtonWithIcon("", theme.DocumentSaveIcon(), v.onExport)
	v.template = widget.NewSelect(nil, v.onTemplate)
	v.template.PlaceHolder = "Template"
	v.writer = widget.NewSelect(nil, v.onWriter)
	v.writer.PlaceHolder = "Write with…"
	if v.mgr == nil {
		v.writer.Disable()
	}
	toolbar := container.New(&toolbarLayout{flex: map[fyne.CanvasObject]float32{v.versions: 4, v.template: 2, v.writer: 3}},
		v.versions, v.infoBtn, v.template, v.writer, v.editBtn, v.copyBtn, v.exportBtn, v.cancelBtn, v.run)
	head := container.NewVBox(toolbar, v.progress, v.bar, v.status)
	return topFirst(head, nil, v.notesArea)
}

// show loads a meeting's versions (on the UI goroutine).
func (v *summaryView) show(m store.Meeting, sums []store.Summary) {
	first := v.meeting.ID == 0
	other := v.meeting.ID != m.ID
	if other && v.editor.editing() {
		v.editor.close() // the edit was of another meeting's notes; the list asked before moving on
	}
	v.meeting, v.sums = m, sums
	if first { // the first meeting shown: fill the pickers (not needed before)
		v.refreshChoices()
	}
	if other {
		v.clearNote() // nothing said about the last meeting holds for this one
	}
	want := known(sums)
	if !other {
		want = v.indexOf(v.selectedID(), want) // the same meeting read again: stay on the version shown
	}
	v.refreshVersions(want)
	v.showRunning()
}

// clear shows no meeting (the one shown was deleted).
func (v *summaryView) clear() {
	if v.editor.editing() {
		v.editor.close()
	}
	v.meeting, v.sums = store.Meeting{}, nil
	v.clearNote()
	v.refreshVersions(-1)
}

// known is the version a meeting is known by: its newest finished one, else its newest.
func known(sums []store.Summary) int {
	for i := len(sums) - 1; i >= 0; i-- {
		if sums[i].Status == store.StatusDone {
			return i
		}
	}
	return len(sums) - 1
}

// indexOf is the position of the version with this ID, else def.
func (v *summaryView) indexOf(id int64, def int) int {
	for i, su := range v.sums {
		if su.ID == id && id != 0 {
			return i
		}
	}
	return def
}

// selectedID is the ID of the version on screen, 0 when none.
func (v *summaryView) selectedID() int64 {
	if su := v.selected(); su != nil {
		return su.ID
	}
	return 0
}

func (v *summaryView) refreshVersions(selected int) {
	opts := make([]string, len(v.sums))
	for i, su := range v.sums {
		opts[i] = versionLabel(su)
	}
	v.versions.Options = opts
	if selected >= 0 && selected < len(opts) {
		v.versions.SetSelectedIndex(selected)
		v.onVersion(opts[selected]) // SetSelectedIndex says nothing when the index did not change
	} else {
		v.versions.ClearSelected()
		v.provenance.SetText("Nothing has been written about this meeting yet. Summarize writes the notes with the provider chosen under Write with.")
		if v.running != v.meeting.ID || v.running == 0 {
			v.text.Segments = []widget.RichTextSegment{&widget.TextSegment{
				Text:  "No notes yet. Summarize writes them with the provider chosen under Write with.",
				Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: false, SizeName: theme.SizeNameText},
			}}
			v.text.Refresh()
		}
	}
	v.versions.Refresh()
	v.enableVersionButtons()
	if len(v.sums) > 0 {
		v.run.SetText("Regenerate")
	} else {
		v.run.SetText("Summarize")
	}
}

// enableVersionButtons enables the buttons that act on the version on screen when there is one.
func (v *summaryView) enableVersionButtons() {
	on := v.selected() != nil && !v.editor.editing()
	for _, b := range []*widget.Button{v.copyBtn, v.editBtn, v.infoBtn} {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if v.editor.editing() {
		v.versions.Disable()
	} else {
		v.versions.Enable()
	}
}

// madeLocally reports whether a version was written on this device, as it recorded when it was made.
func madeLocally(su store.Summary) bool { return su.MadeOnDevice }

func versionLabel(su store.Summary) string {
	where := "cloud"
	if madeLocally(su) {
		where = "local"
	}
	if su.Provider == assets.SampleNotesProvider {
		where = "example notes"
	}
	if su.EditedFrom != 0 {
		where = "edited by you"
	}
	status := ""
	if su.Status != store.StatusDone {
		status = " · " + string(su.Status)
	}
	return fmt.Sprintf("Version %d · %s%s · %s", su.Version, where, status, su.CreatedAt.Local().Format("2 Jan 15:04"))
}

func (v *summaryView) selected() *store.Summary {
	i := v.versions.SelectedIndex()
	if i < 0 || i >= len(v.sums) {
		return nil
	}
	return &v.sums[i]
}

func (v *summaryView) onVersion(string) {
	su := v.selected()
	if su == nil {
		return
	}
	if v.note.scope == aboutVersion && v.note.version != su.ID {
		v.clearNote() // it was about the version shown before
	}
	if v.running == 0 || v.running != v.meeting.ID {
		v.showNotes(v.scrub.text(su.Text))
	}
	v.provenance.SetText(v.scrub.text(provenanceLine(*su)))
	v.enableVersionButtons()
}

// showNotes shows Markdown as the notes: tables as grids, timestamps as links to the transcript.
func (v *summaryView) showNotes(md string) {
	v.text.Segments = renderNotes(md, v.text, v.onTime)
	v.text.Refresh()
}

// provenanceLine says where a version came from in the words the exports use (export.Provenance), then
// the run's figures, and the error a failed run ended with.
func provenanceLine(su store.Summary) string {
	line := export.Provenance(su)
	var figures []string
	if su.Template != "" {
		figures = append(figures, "template "+su.Template)
	}
	if su.Language != "" {
		figures = append(figures, su.Language)
	}
	if su.PromptTokens > 0 || su.AnswerTokens > 0 {
		figures = append(figures, fmt.Sprintf("%d tokens in, %d out", su.PromptTokens, su.AnswerTokens))
	}
	if su.Duration > 0 {
		figures = append(figures, fmt.Sprintf("%.1f s", su.Duration.Seconds()))
	}
	if len(figures) > 0 {
		line += " · " + strings.Join(figures, " · ")
	}
	if su.Error != "" {
		line += "\n" + su.Error
	}
	return line
}

func (v *summaryView) onSummarize() {
	if v.running != 0 || v.meeting.ID == 0 || v.editor.editing() {
		return
	}
	ctx, cancel := context.WithCancel(v.ctx)
	v.mu.Lock()
	v.cancel = cancel
	v.mu.Unlock()
	id, title, template := v.meeting.ID, v.meeting.Title, v.chosenTemplate
	before := v.selectedID()
	started := time.Now()
	v.running = id
	v.runStarted, v.phase = started, "Starting"
	v.bar.Hide()
	v.showRunning()
	v.sayProgress()
	v.showNotes("")
	v.work.Add(1)
	go v.tick(ctx, id)
	go func() {
		defer cancel()
		res, err := v.summarize(ctx, id, template)
		sums, _ := v.st.Summaries(context.WithoutCancel(ctx), id)
		v.work.Done() // the run is saved; what is left is showing it
		v.do(func() {
			v.running = 0
			v.showRunning()
			if v.finished != nil && time.Since(started) >= v.longRun && !errors.Is(err, context.Canceled) {
				head, body := runOutcome(title, res, err)
				v.finished(v.scrub.text(head), v.scrub.text(body))
			}
			if v.meeting.ID != id { // the user moved on to another meeting; its view is not ours to change
				return
			}
			v.sums = sums
			made := res.Summary.ID // 0 when the run was refused before anything was written
			if made != 0 && err != nil && strings.TrimSpace(res.Summary.Text) == "" {
				made = 0 // a version with nothing in it: the one the user was reading stays on screen
			}
			if made == 0 {
				v.refreshVersions(v.indexOf(before, known(sums)))
			} else {
				v.refreshVersions(v.indexOf(made, len(sums)-1))
			}
			v.sayOutcome(res, err)
		})
	}()
}

// sayOutcome words the end of a run, once, in the status line.
func (v *summaryView) sayOutcome(res summarize.Result, err error) {
	about := noteAbout{scope: aboutVersion, version: res.Summary.ID}
	if res.Summary.ID == 0 {
		about = noteAbout{scope: aboutMeeting}
	}
	switch {
	case err == nil:
		v.say(fmt.Sprintf("Saved as version %d.", res.Summary.Version), widget.MediumImportance, about)
	case errors.Is(err, context.Canceled) && res.Summary.ID == 0:
		v.say("Cancelled before anything was sent; nothing was kept.", widget.MediumImportance, about)
	case errors.Is(err, context.Canceled):
		v.say("Cancelled. What arrived is kept as a draft; Summarize again picks up where it stopped.", widget.MediumImportance, about)
	case res.Summary.ID == 0: // nothing was started
		v.say(sentence(v.scrub.err(err)), widget.DangerImportance, about)
	case errors.As(err, new(*summarize.SaveError)): // it says itself what was lost
		v.say(sentence(v.scrub.err(err)), widget.DangerImportance, about)
	default:
		v.say(sentence(v.scrub.err(err))+"\nWhat arrived is kept; Summarize again picks up where it stopped.", widget.DangerImportance, about)
	}
}

// tick updates the progress line's clock every second while the run goes on.
func (v *summaryView) tick(ctx context.Context, id int64) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			v.do(func() {
				if v.running == id && v.meeting.ID == id {
					v.sayProgress()
				}
			})
		}
	}
}

func (v *summaryView) summarize(ctx context.Context, id int64, template string) (summarize.Result, error) {
	mc, err := v.choose(ctx)
	if err != nil {
		return summarize.Result{}, err
	}
	var mu sync.Mutex
	var text strings.Builder
	lastShown := time.Time{}
	show := func(force bool) {
		mu.Lock()
		defer mu.Unlock()
		if !force && time.Since(lastShown) < 100*time.Millisecond {
			return
		}
		lastShown = time.Now()
		s := v.scrub.text(text.String())
		v.do(func() {
			if v.meeting.ID == id && v.running == id {
				v.showNotes(s)
			}
		})
	}
	res, err := summarize.New(v.st).Summarize(ctx, summarize.Options{
		MeetingID: id, Provider: mc.p, Model: mc.model, ContextLength: mc.window, Template: template,
		Stream: func(s string) {
			mu.Lock()
			text.WriteString(s)
			mu.Unlock()
			show(false)
		},
		Restart: func() {
			mu.Lock()
			text.Reset()
			mu.Unlock()
			show(true)
		},
		Progress: func(p summarize.Progress) {
			line := phaseLine(p)
			if line == "" {
				return
			}
			v.do(func() {
				if v.running != id {
					return
				}
				v.phase = line
				if p.Parts > 0 && p.Phase != summarize.PhaseWriting {
					v.bar.Max = float64(p.Parts)
					v.bar.SetValue(float64(min(p.Part, p.Parts)))
					v.bar.Show()
					v.progress.Hide()
				} else {
					v.bar.Hide()
					v.progress.Show()
				}
				if v.meeting.ID == id {
					v.sayProgress()
				}
			})
		},
	})
	show(true)
	return res, err
}

// noteScope is what a status line is about: when that changes, the line goes.
type noteScope int

const (
	aboutMeeting   noteScope = iota // the meeting shown: goes when another is shown
	aboutVersion                    // one version: goes when another version is shown
	aboutLocalOnly                  // the Local only switch: goes when it is turned off
	aboutRun                        // the run in progress: replaced by its outcome
)

// noteAbout ties the status line to what it describes.
type noteAbout struct {
	scope   noteScope
	version int64 // for aboutVersion
}

// say shows a line under the toolbar (progress, outcome or problem), tied to what it is about; an
// empty line takes no room.
func (v *summaryView) say(text string, imp widget.Importance, about noteAbout) {
	v.note = about
	setNote(v.status, text, imp)
}

// clearNote takes the status line away.
func (v *summaryView) clearNote() { v.say("", widget.MediumImportance, noteAbout{}) }

// sayProgress shows the run's phase with the time it has taken: "Reading part 2 of 5 · 0:42".
func (v *summaryView) sayProgress() {
	v.say(v.phase+" · "+elapsed(time.Since(v.runStarted)), widget.MediumImportance, noteAbout{scope: aboutRun})
}

// elapsed words a run's time so far as minutes and seconds: "0:42", "12:05".
func elapsed(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// longRun is how long a summary must take before its end is worth a desktop notification.
const longRun = 20 * time.Second

// runOutcome words the end of a run for a desktop notification.
func runOutcome(title string, res summarize.Result, err error) (string, string) {
	if err != nil {
		return "The notes of “" + title + "” could not be finished", sentence(err.Error())
	}
	return "The notes of “" + title + "” are ready", fmt.Sprintf("Version %d, written by %s.", res.Summary.Version, res.Summary.Model)
}

// phaseLine words a progress event for the status line.
func phaseLine(p summarize.Progress) string {
	switch p.Phase {
	case summarize.PhaseReading:
		return fmt.Sprintf("Reading part %d of %d", min(p.Part+1, p.Parts), p.Parts)
	case summarize.PhaseMerging:
		return fmt.Sprintf("Merging the notes (round %d)", p.Round)
	case summarize.PhaseWriting:
		return "Writing the notes"
	}
	return ""
}

// showRunning shows the progress and Cancel while the meeting on screen is being summarised; another
// meeting can only be summarised when the run ends.
func (v *summaryView) showRunning() {
	if v.running != 0 && v.running != v.meeting.ID {
		v.run.Disable()
		v.cancelBtn.Hide()
		v.progress.Stop()
		v.progress.Hide()
		v.bar.Hide()
		v.say("Another meeting is being summarised; this one can be once it has finished.", widget.LowImportance, noteAbout{scope: aboutMeeting})
		return
	}
	if v.running != 0 {
		v.run.Disable()
		v.cancelBtn.Show()
		if v.bar.Hidden {
			v.progress.Show()
			v.progress.Start()
		}
		if v.note.scope != aboutRun {
			v.sayProgress() // back on the meeting being summarised
		}
		return
	}
	v.run.Enable()
	v.cancelBtn.Hide()
	v.progress.Stop()
	v.progress.Hide()
	v.bar.Hide()
	if v.note.scope == aboutRun || strings.HasPrefix(v.status.Text, "Another meeting") {
		v.clearNote()
	}
}

func (v *summaryView) onCancel() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cancel != nil {
		v.cancel()
	}
}

// activeChoice finds the active provider's model and its context window.
func activeChoice(mgr *provider.Manager) func(context.Context) (modelChoice, error) {
	return func(ctx context.Context) (modelChoice, error) {
		p, s, err := mgr.Open(ctx, "")
		if err != nil {
			return modelChoice{}, err
		}
		if s.Model == "" {
			return modelChoice{}, fmt.Errorf("choose a model for %s in Settings first", p.Info().Name)
		}
		window, err := provider.ContextLength(ctx, p, s, s.Model)
		if err != nil {
			return modelChoice{}, err
		}
		if window == 0 {
			return modelChoice{}, fmt.Errorf("%s does not say how large %s's context window is: enter it in Settings", p.Info().Name, s.Model)
		}
		return modelChoice{p: p, model: s.Model, window: window}, nil
	}
}
