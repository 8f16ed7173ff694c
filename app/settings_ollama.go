package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/provider"
)

// ollamaDownloadURL is where people get Ollama.
const ollamaDownloadURL = "https://ollama.com/download"

// ollamaSection is what the Ollama page has beyond the other presets: a card that explains how to start
// Ollama when it does not answer, the models installed in it, and downloading another by name. Its
// fields are widgets, touched only on the UI goroutine; background work reaches them through do.
type ollamaSection struct {
	pg *presetPage

	down     *fyne.Container // the card shown while Ollama does not answer
	downText *widget.RichText
	downHelp *fyne.Container // how to install Ollama; only when it should run on this computer
	retryBtn *widget.Button

	rows          *fyne.Container // the installed models, one row each, under a heading row
	installedNote *widget.Label
	refreshBtn    *widget.Button
	gen           int // counts model-list requests: only the latest one's answer is shown

	pullName   *field
	pullBtn    *widget.Button
	cancelBtn  *widget.Button
	progress   *widget.ProgressBar
	pullStatus *widget.Label
	pullDetail *widget.Label      // Ollama's own words about a failed download, under the plain sentence
	cancelPull context.CancelFunc // stops the download in flight; nil when there is none
}

// ollamaCards adds the Ollama cards to the Ollama preset's page and starts listing the installed models;
// for other presets it is an empty, hidden box.
func (pg *presetPage) ollamaCards() fyne.CanvasObject {
	if pg.preset.API != provider.APIOllama {
		box := container.NewVBox()
		box.Hide()
		return box
	}
	o := &ollamaSection{pg: pg}
	pg.ollama = o
	box := container.NewVBox(o.downCard(), o.installedCard(), o.pullCard())
	o.refresh()
	return box
}

// downCard says that Ollama is not running and how to start it; hidden until a request finds it so.
func (o *ollamaSection) downCard() fyne.CanvasObject {
	o.downText = widget.NewRichText()
	o.downText.Wrapping = fyne.TextWrapWord
	install := widget.NewLabel("Not installed yet? Ollama is free for Linux, macOS and Windows:")
	install.Wrapping = fyne.TextWrapWord
	link, _ := url.Parse(ollamaDownloadURL)
	o.downHelp = container.NewVBox(install, widget.NewHyperlink("Download Ollama from ollama.com", link))
	o.retryBtn = widget.NewButtonWithIcon("Retry", theme.ViewRefreshIcon(), o.onRefresh)
	o.retryBtn.Importance = widget.HighImportance
	o.down = container.NewVBox(settingsCard("Ollama is not running",
		container.NewVBox(o.downText, o.downHelp, container.NewHBox(o.retryBtn))))
	o.down.Hide()
	return o.down
}

// installedCard lists the models installed in Ollama, with a Refresh button.
func (o *ollamaSection) installedCard() fyne.CanvasObject {
	o.rows = container.NewVBox()
	o.installedNote = newSettingsNote(widget.MediumImportance)
	o.refreshBtn = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), o.onRefresh)
	return settingsCard("Installed models", container.NewVBox(
		o.rows,
		container.NewBorder(nil, nil, nil, o.refreshBtn, o.installedNote),
	))
}

// pullCard downloads a model by name, with a progress bar and Cancel.
func (o *ollamaSection) pullCard() fyne.CanvasObject {
	o.pullName = newField()
	o.pullName.SetPlaceHolder("Model name, such as llama3.2 or qwen2.5:7b")
	o.pullName.OnSubmitted = func(string) { o.onPull() }
	o.pullBtn = widget.NewButtonWithIcon("Pull", theme.DownloadIcon(), o.onPull)
	o.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), o.onCancelPull)
	o.cancelBtn.Hide()
	o.progress = widget.NewProgressBar()
	o.progress.TextFormatter = func() string { return "" } // the status line under it says how far
	o.progress.Hide()
	o.pullStatus = newSettingsNote(widget.MediumImportance)
	o.pullDetail = newSettingsNote(widget.MediumImportance)
	o.pullDetail.TextStyle.Italic = true
	help := widget.NewLabel("Names as in Ollama's library at ollama.com/library. Only the download uses the network.")
	help.Wrapping = fyne.TextWrapWord
	help.TextStyle.Italic = true
	return settingsCard("Download a model", container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(o.pullBtn, o.cancelBtn), o.pullName),
		help,
		o.progress,
		o.pullStatus,
		o.pullDetail,
	))
}

func (o *ollamaSection) onRefresh() {
	if o.pg.saveURL() { // what is typed in Base URL is the host to ask
		o.refresh()
	}
}

// refresh asks Ollama for its models in the background and shows them here and in the model picker.
func (o *ollamaSection) refresh() {
	o.gen++
	gen := o.gen
	o.refreshBtn.Disable()
	o.retryBtn.Disable()
	setNote(o.installedNote, "Looking for installed models…", widget.MediumImportance)
	s, name := o.pg.s, o.pg.preset.Name
	go func() {
		p, _, err := s.mgr.Open(s.ctx, name)
		var models []provider.Model
		if err == nil {
			models, err = p.Models(s.ctx)
		}
		s.do(func() {
			if gen != o.gen || s.ctx.Err() != nil {
				return // a later request answers instead, or the window is gone
			}
			o.show(models, err)
			if err == nil {
				o.pg.fillModels(models, nil)
			}
		})
	}()
}

// afterTest shows what Test connection found: the same models, or why there were none.
func (o *ollamaSection) afterTest(models []provider.Model, err error) {
	o.gen++ // an older list request is out of date
	o.show(models, err)
}

// show puts the installed models in the table, or says why there are none.
func (o *ollamaSection) show(models []provider.Model, err error) {
	o.refreshBtn.Enable()
	o.retryBtn.Enable()
	if o.showDown(err) {
		o.rows.RemoveAll()
		setNote(o.installedNote, "Start Ollama to see the models installed in it.", widget.MediumImportance)
		return
	}
	if err != nil {
		setNote(o.installedNote, ollamaProblem("Could not list the installed models", err), widget.DangerImportance)
		return
	}
	o.rows.RemoveAll()
	if len(models) == 0 {
		setNote(o.installedNote, "No models installed yet. Download one below, for example llama3.2.", widget.MediumImportance)
		return
	}
	o.rows.Add(ollamaModelRow(true, "Model", "Context", "Parameters", "On disk"))
	cloud := 0
	for _, m := range models {
		name := m.ID
		if !m.Chat {
			name += " (cannot write notes)"
		}
		ctxText := "unknown"
		if m.ContextLength > 0 {
			ctxText = settingsThousands(m.ContextLength) + " tokens"
		}
		params := m.Type
		if params == "" {
			params = "—"
		}
		size := "—"
		if m.Size > 0 {
			size = settingsBytes(m.Size)
		}
		o.rows.Add(ollamaModelRow(false, name, ctxText, params, size))
		if m.RemoteHost != "" { // under its row, the whole width: it is the one thing to know about it
			cloud++
			mark := widget.NewLabelWithStyle("↑ "+upperFirst(cloudModelMark(m.RemoteHost)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			mark.Importance = widget.WarningImportance
			mark.Wrapping = fyne.TextWrapWord
			o.rows.Add(mark)
		}
	}
	note := plural(len(models), "model") + " installed."
	if cloud > 0 {
		note = fmt.Sprintf("%s installed; %d of them in Ollama's cloud, not on this computer.", plural(len(models), "model"), cloud)
	}
	setNote(o.installedNote, note, widget.MediumImportance)
}

// showDown shows the not-running card when err says Ollama did not answer, hides it otherwise, and
// reports which.
func (o *ollamaSection) showDown(err error) bool {
	var pe *provider.Error
	if !errors.As(err, &pe) || pe.Kind != provider.KindUnreachable {
		o.down.Hide()
		return false
	}
	code := func(s string) widget.RichTextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyleCodeInline}
	}
	text := func(s string) widget.RichTextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyleInline}
	}
	if pe.Hint != "" { // Ollama should be running on this computer
		o.downText.Segments = []widget.RichTextSegment{
			text("Ollama is not running at " + pe.Host + " — start it with "), code("ollama serve"),
			text(" in a terminal, or open the Ollama app, then press Retry."),
		}
		o.downHelp.Show()
	} else {
		o.downText.Segments = []widget.RichTextSegment{
			text("Ollama did not answer at " + pe.Host + ". Check the Base URL above, that Ollama runs on that computer, and that it listens on the network there (for example with "),
			code("OLLAMA_HOST=0.0.0.0 ollama serve"), text("). Then press Retry."),
		}
		o.downHelp.Hide()
	}
	o.downText.Refresh()
	o.down.Show()
	return true
}

// onPull starts downloading the model named in the entry.
func (o *ollamaSection) onPull() {
	model := strings.TrimSpace(o.pullName.Text)
	if model == "" {
		setNote(o.pullDetail, "", widget.MediumImportance)
		setNote(o.pullStatus, "Type a model name first, such as llama3.2.", widget.DangerImportance)
		return
	}
	if o.cancelPull != nil || !o.pg.saveURL() {
		return
	}
	s, name := o.pg.s, o.pg.preset.Name
	ctx, cancel := context.WithCancel(s.ctx)
	o.cancelPull = cancel
	o.pullBtn.Disable()
	o.pullName.Disable()
	o.cancelBtn.Enable()
	o.cancelBtn.Show()
	o.progress.SetValue(0)
	o.progress.Show()
	setNote(o.pullDetail, "", widget.MediumImportance)
	setNote(o.pullStatus, "Starting the download of "+model+"…", widget.MediumImportance)
	go func() {
		p, _, err := s.mgr.Open(ctx, name)
		if err == nil {
			puller, ok := p.(provider.Puller)
			if !ok {
				err = errors.New("this provider cannot download models")
			} else {
				last := ""
				err = puller.Pull(ctx, model, func(pr provider.PullProgress) {
					text := ollamaPullText(model, pr)
					if text == last { // Ollama reports every 60 ms; show only what changed
						return
					}
					last = text
					f := pr.Fraction()
					s.do(func() {
						if o.cancelPull != nil && ctx.Err() == nil {
							o.progress.SetValue(f)
							setNote(o.pullStatus, text, widget.MediumImportance)
						}
					})
				})
			}
		}
		cancel()
		s.do(func() { o.pullDone(model, err) })
	}()
}

// onCancelPull stops the download in flight; pullDone says so when it has stopped.
func (o *ollamaSection) onCancelPull() {
	if o.cancelPull == nil {
		return
	}
	o.cancelPull()
	o.cancelBtn.Disable()
	setNote(o.pullStatus, "Cancelling…", widget.MediumImportance)
}

// pullDone shows how a download ended and, when it worked, refreshes the installed models and the picker.
func (o *ollamaSection) pullDone(model string, err error) {
	o.cancelPull = nil
	o.pullBtn.Enable()
	o.pullName.Enable()
	o.cancelBtn.Hide()
	switch {
	case err == nil:
		o.progress.SetValue(1)
		o.progress.Hide() // the status line says it is done
		setNote(o.pullStatus, "Done: "+model+" is ready. Choose it under Model below.", widget.SuccessImportance)
		o.pullName.SetText("")
		o.refresh()
		return
	case errors.Is(err, context.Canceled):
		setNote(o.pullStatus, "Cancelled: the download of "+model+" stopped before it was installed. Pull it again to carry on where it left off.", widget.WarningImportance)
	case o.showDown(err):
		setNote(o.pullStatus, "Not downloaded: Ollama did not answer (see above).", widget.DangerImportance)
	default:
		lead, said := ollamaPullProblem(model, err)
		setNote(o.pullStatus, lead, widget.DangerImportance)
		if said != "" {
			setNote(o.pullDetail, "Ollama said: "+said, widget.MediumImportance)
		}
	}
	o.progress.Hide()
}

// stop cancels a download in flight (the Settings window is closing).
func (o *ollamaSection) stop() {
	if o.cancelPull != nil {
		o.cancelPull()
	}
}

// ollamaPullText puts a download's progress in words: "Downloading 42 % of 1.9 GB", "Verifying".
func ollamaPullText(model string, pr provider.PullProgress) string {
	switch st := pr.Status; {
	case st == "pulling manifest":
		return "Looking up " + model + "…"
	case strings.HasPrefix(st, "pulling ") && pr.Total > 0:
		return fmt.Sprintf("Downloading %d %% of %s", int(pr.Fraction()*100), settingsBytes(pr.Total))
	case strings.HasPrefix(st, "verifying"):
		return "Verifying"
	case st == "writing manifest", st == "removing unused layers", st == "success":
		return "Finishing"
	case st == "":
		return "Working…"
	default:
		return upperFirst(st)
	}
}

// ollamaPullProblem says why a download failed: a plain sentence, and Ollama's own words ("" when it
// said nothing more).
func ollamaPullProblem(model string, err error) (lead, said string) {
	var pe *provider.Error
	if !errors.As(err, &pe) {
		return "Could not download " + model + ".", err.Error()
	}
	if pe.Kind != provider.KindPullFailed {
		return "Could not download " + model + ": " + pe.Error(), ""
	}
	low := strings.ToLower(pe.Detail)
	lead = "Could not download " + model + "."
	switch {
	case strings.Contains(low, "file does not exist") || strings.Contains(low, "manifest unknown") || strings.Contains(low, "not found"):
		lead = "Ollama's library has no model called " + model + " — check the name at ollama.com/library."
	case strings.Contains(low, "invalid model name"):
		lead = model + " is not a model name Ollama accepts — names look like llama3.2 or qwen2.5:7b."
	case strings.Contains(low, "dial tcp") || strings.Contains(low, "no such host") || strings.Contains(low, "proxyconnect") ||
		strings.Contains(low, "timeout") || strings.Contains(low, "connection refused"):
		lead = "Ollama could not reach its model library — check this computer's internet connection and try again."
	case strings.Contains(low, "no space left"):
		lead = "There is not enough disk space for " + model + "."
	}
	return lead, pe.Detail
}

// ollamaProblem words an error that is not "Ollama is not running": the provider's own sentence, or
// what failed followed by the cause.
func ollamaProblem(what string, err error) string {
	var pe *provider.Error
	if errors.As(err, &pe) {
		return pe.Error()
	}
	return what + ": " + err.Error()
}

// settingsBytes writes a size in decimal units as Ollama does: "1.9 GB", "274 MB", "530 kB".
func settingsBytes(n int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB"}
	v, i := float64(n), 0
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	if i == 0 {
		return strconv.FormatInt(n, 10) + " B"
	}
	if v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[i]
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " " + units[i]
}

// ollamaModelRow is one row of the installed-models table: the name takes the width the fixed columns
// leave. A heading row is bold.
func ollamaModelRow(heading bool, cells ...string) fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(cells))
	for i, c := range cells {
		l := widget.NewLabel(c)
		l.TextStyle.Bold = heading
		l.Truncation = fyne.TextTruncateEllipsis
		if i > 0 {
			l.Alignment = fyne.TextAlignTrailing
		}
		objs[i] = l
	}
	return container.New(modelColumns{}, objs...)
}

// modelColumns lays out a table row: fixed-width columns on the right, the first column takes the rest.
type modelColumns struct{}

// modelColumnWidth is the width of each column after the first.
const modelColumnWidth float32 = 130

func (modelColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(modelColumnWidth*float32(len(objs)), h)
}

func (modelColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	first := max(size.Width-modelColumnWidth*float32(len(objs)-1), modelColumnWidth)
	x := float32(0)
	for i, o := range objs {
		w := modelColumnWidth
		if i == 0 {
			w = first
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

// stopDownloads cancels a model download in flight: the Settings window is closing.
func (s *settingsScreen) stopDownloads() {
	for _, pg := range s.pages {
		if pg.ollama != nil {
			pg.ollama.stop()
		}
	}
}
