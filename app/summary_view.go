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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	provenance    *widget.Label
	text          *widget.RichText
	status        *widget.Label
	progress      *widget.ProgressBarInfinite
	run           *widget.Button
	cancelBtn     *widget.Button
	copyBtn       *widget.Button

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
	v.versions.PlaceHolder = "No summary yet"
	v.provenance = widget.NewLabel("")
	v.provenance.Importance = widget.LowImportance
	v.provenance.Wrapping = fyne.TextWrapWord
	v.text = widget.NewRichTextFromMarkdown("")
	v.text.Wrapping = fyne.TextWrapWord
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.status.Hide()
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Stop()
	v.progress.Hide()
	v.run = widget.NewButtonWithIcon("Summarize", theme.MediaPlayIcon(), v.onSummarize)
	v.run.Importance = widget.HighImportance
	v.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), v.onCancel)
	v.cancelBtn.Hide()
	v.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		if sel := v.selected(); sel != nil {
			v.scrub.copy(sel.Text)
		}
	})
	v.exportBtn = widget.NewButtonWithIcon("Export", theme.DocumentSaveIcon(), v.onExport)
	v.template = widget.NewSelect(nil, v.onTemplate)
	v.template.PlaceHolder = "Default template"
	v.writer = widget.NewSelect(nil, v.onWriter)
	v.writer.PlaceHolder = "Choose a provider in Settings"
	if v.mgr == nil {
		v.writer.Disable()
	}
	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.copyBtn, v.exportBtn, v.cancelBtn, v.run), v.versions)
	choices := container.New(layout.NewFormLayout(),
		settingsFieldLabel("Template"), v.template,
		settingsFieldLabel("Write with"), v.writer)
	head := container.NewVBox(top, choices, v.provenance, v.progress, v.status)
	return topFirst(head, nil, container.NewVScroll(v.text))
}

// show loads a meeting's versions (on the UI goroutine).
func (v *summaryView) show(m store.Meeting, sums []store.Summary) {
	first := v.meeting.ID == 0
	v.meeting, v.sums = m, sums
	if first { // the first meeting shown: fill the pickers (not needed before)
		v.refreshChoices()
	}
	v.refreshVersions(known(sums))
	if v.running == 0 {
		v.say("")
	}
	v.showRunning()
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

func (v *summaryView) refreshVersions(selected int) {
	opts := make([]string, len(v.sums))
	for i, su := range v.sums {
		opts[i] = versionLabel(su)
	}
	v.versions.Options = opts
	if selected >= 0 && selected < len(opts) {
		v.versions.SetSelectedIndex(selected)
		v.copyBtn.Enable()
	} else {
		v.versions.ClearSelected()
		v.text.ParseMarkdown("")
		v.provenance.SetText("Nothing has been written about this meeting yet. Summarize writes the notes with the provider chosen under Write with.")
		v.copyBtn.Disable()
	}
	v.versions.Refresh()
	if len(v.sums) > 0 {
		v.run.SetText("Regenerate")
	} else {
		v.run.SetText("Summarize")
	}
}

// madeLocally reports whether a version was written on this device, as it recorded when it was made.
func madeLocally(su store.Summary) bool { return su.MadeOnDevice }

func versionLabel(su store.Summary) string {
	where := "cloud"
	if madeLocally(su) {
		where = "local"
	}
	status := ""
	if su.Status != store.StatusDone {
		status = " · " + string(su.Status)
	}
	return fmt.Sprintf("Version %d · %s · %s%s", su.Version, su.CreatedAt.Local().Format("2 Jan 15:04"), where, status)
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
	v.text.ParseMarkdown(notesForDisplay(v.scrub.text(su.Text)))
	v.provenance.SetText(v.scrub.text(provenanceLine(*su)))
}

// provenanceLine says where a version came from, in one line.
func provenanceLine(su store.Summary) string {
	where := "Made in the cloud by"
	if madeLocally(su) {
		where = "Made on this device by"
	}
	by := su.Provider
	if p, ok := provider.PresetByName(su.Provider); ok {
		by = p.Title
	}
	line := fmt.Sprintf("%s %s · %s · template %s · %s", where, by, su.Model, su.Template, su.Language)
	if su.PromptTokens > 0 || su.AnswerTokens > 0 {
		line += fmt.Sprintf(" · %d tokens in, %d out", su.PromptTokens, su.AnswerTokens)
	}
	if su.Duration > 0 {
		line += fmt.Sprintf(" · %.1f s", su.Duration.Seconds())
	}
	if su.Error != "" {
		line += "\n" + su.Error
	}
	return line
}

func (v *summaryView) onSummarize() {
	if v.running != 0 || v.meeting.ID == 0 {
		return
	}
	ctx, cancel := context.WithCancel(v.ctx)
	v.mu.Lock()
	v.cancel = cancel
	v.mu.Unlock()
	id, title, template := v.meeting.ID, v.meeting.Title, v.chosenTemplate
	started := time.Now()
	v.running = id
	v.showRunning()
	v.say("Starting…")
	v.text.ParseMarkdown("")
	v.work.Add(1)
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
			v.refreshVersions(len(sums) - 1)
			v.status.Importance = widget.MediumImportance
			switch {
			case err == nil:
				v.say(fmt.Sprintf("Saved as version %d.", res.Summary.Version))
			case errors.Is(err, context.Canceled):
				v.say("Cancelled. What arrived is kept as a draft; Summarize again picks up where it stopped.")
			case res.Summary.ID == 0: // nothing was started
				v.status.Importance = widget.DangerImportance
				v.say(sentence(v.scrub.err(err)))
			case errors.As(err, new(*summarize.SaveError)): // it says itself what was lost
				v.status.Importance = widget.DangerImportance
				v.say(sentence(v.scrub.err(err)))
			default:
				v.status.Importance = widget.DangerImportance
				v.say(v.scrub.err(err) + "\nWhat arrived is kept; Summarize again picks up where it stopped.")
			}
		})
	}()
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
			if v.meeting.ID == id {
				v.text.ParseMarkdown(notesForDisplay(s))
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
			if line != "" {
				v.do(func() {
					if v.meeting.ID == id {
						v.say(line)
					}
				})
			}
		},
	})
	show(true)
	return res, err
}

// say shows a line under the pickers (progress, outcome or problem); an empty line takes no room.
func (v *summaryView) say(text string) { setNote(v.status, text, v.status.Importance) }

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
		v.status.Importance = widget.LowImportance
		v.say("Another meeting is being summarised; this one can be once it has finished.")
		return
	}
	if v.running != 0 {
		v.run.Disable()
		v.cancelBtn.Show()
		v.progress.Show()
		v.progress.Start()
	} else {
		v.run.Enable()
		v.cancelBtn.Hide()
		v.progress.Stop()
		v.progress.Hide()
		if strings.HasPrefix(v.status.Text, "Another meeting") {
			v.say("")
		}
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
