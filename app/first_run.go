package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/privacy"
	"hushnote/internal/provider"
	"hushnote/internal/store"
	"hushnote/internal/summarize"
	"hushnote/internal/templates"
)

// welcome is the first-run screen: a local model or Together AI side by side, each with its privacy
// card, and a sample meeting to look at straight away.
type welcome struct {
	root         *fyne.Container
	ollamaStatus *widget.Label
	useLocal     *widget.Button
	useTogether  *widget.Button
	sample       *widget.Button
	skip         *widget.Button

	// The local choice, shown once "Use a local model" is pressed: the installed models whose context
	// window fits the default template, one preselected; nothing switches until confirmLocal.
	localPick    *fyne.Container
	localModels  *widget.RadioGroup
	localNote    *widget.Label
	confirmLocal *widget.Button
	pullModel    *widget.Button // offered when no installed model fits
	localIDs     map[string]string

	// The cloud choice, shown once "Use Together AI" is pressed: the key, tested before anything
	// switches.
	togetherPick *fyne.Container
	key          *widget.Entry
	testKey      *widget.Button
	keyNote      *widget.Label
}

// buildWelcome makes the first-run screen; it is made only when it is due, as it is rarely needed.
func (m *mainScreen) buildWelcome() fyne.CanvasObject {
	w := &welcome{}
	m.welcome = w
	heading := widget.NewLabelWithStyle("Welcome to Hushnote", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel("Hushnote writes the notes of your meetings: a summary, the decisions and the action items. " +
		"Your meetings stay in one file on this computer. Choose who writes the notes; you can switch at any time with Local only.")
	intro.Wrapping = fyne.TextWrapWord
	intro.Alignment = fyne.TextAlignCenter

	w.ollamaStatus = widget.NewLabel("Looking for Ollama on this computer…")
	w.ollamaStatus.Wrapping = fyne.TextWrapWord
	w.useLocal = widget.NewButtonWithIcon("Use a local model (Ollama)", theme.ComputerIcon(), m.onWelcomeLocal)
	w.useLocal.Importance = widget.HighImportance
	w.localModels = widget.NewRadioGroup(nil, nil)
	w.localNote = widget.NewLabel("")
	w.localNote.Wrapping = fyne.TextWrapWord
	w.confirmLocal = widget.NewButtonWithIcon("Use this model", theme.ConfirmIcon(), m.onConfirmLocal)
	w.confirmLocal.Importance = widget.HighImportance
	w.confirmLocal.Disable()
	w.localModels.OnChanged = func(string) { w.syncConfirmLocal() }
	w.pullModel = widget.NewButtonWithIcon("Download "+recommendedModel+" (about 2 GB)", theme.DownloadIcon(), m.onPullRecommended)
	w.pullModel.Hide()
	w.localPick = container.NewVBox(w.localModels, w.localNote, w.confirmLocal, w.pullModel)
	w.localPick.Hide()
	local := welcomeChoice("On this computer", "Transcripts never leave this device. Needs Ollama and a model "+
		"(a 3–8 billion parameter model runs on most laptops).", w.ollamaStatus, provider.Ollama,
		container.NewVBox(w.useLocal, w.localPick))

	keyNote := widget.NewLabel("You paste your own API key next; it is kept in the system keychain (or a file only you can read).")
	keyNote.Wrapping = fyne.TextWrapWord
	w.useTogether = widget.NewButtonWithIcon("Use Together AI with my own key", theme.UploadIcon(), m.onWelcomeTogether)
	w.key = widget.NewPasswordEntry()
	w.key.SetPlaceHolder("Your Together AI API key")
	w.key.OnSubmitted = func(string) { m.onTestKey() }
	w.testKey = widget.NewButtonWithIcon("Test the key and use Together AI", theme.ConfirmIcon(), m.onTestKey)
	w.testKey.Importance = widget.HighImportance
	w.keyNote = widget.NewLabel("")
	w.keyNote.Wrapping = fyne.TextWrapWord
	w.keyNote.Hide()
	w.togetherPick = container.NewVBox(w.key, w.testKey, w.keyNote)
	w.togetherPick.Hide()
	cloud := welcomeChoice("In the cloud", "Fast large models. The transcript text of a meeting you summarize is sent "+
		"to Together AI over TLS, and every time is recorded in Settings → Privacy.", keyNote, provider.Together,
		container.NewVBox(w.useTogether, w.togetherPick))

	w.sample = widget.NewButtonWithIcon("Open a sample meeting", theme.DocumentIcon(), m.onSample) // shown once imported
	w.skip = widget.NewButton("Not now", m.finishWelcome)
	w.skip.Importance = widget.LowImportance

	body := container.NewVBox(heading, intro, container.NewGridWithColumns(2, local, cloud))
	footer := container.NewVBox(widget.NewSeparator(), container.NewCenter(container.NewHBox(w.sample, w.skip)))
	w.root = container.NewBorder(nil, footer, nil, nil, container.NewVScroll(container.NewPadded(body)))
	return w.root
}

// welcomeChoice is one side of the first-run choice: a title, what it means, its status, the provider's
// privacy card and the button that chooses it.
func welcomeChoice(title, what string, status fyne.CanvasObject, preset string, choose fyne.CanvasObject) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameSubHeadingText
	w := widget.NewLabel(what)
	w.Wrapping = fyne.TextWrapWord
	var card fyne.CanvasObject = widget.NewLabel("")
	if c, ok := privacy.Lookup(preset); ok {
		card = widget.NewAccordion(widget.NewAccordionItem("Privacy · "+c.Provider, privacyFacts(c)))
		card.(*widget.Accordion).Open(0)
	}
	return widget.NewCard("", "", container.NewBorder(container.NewVBox(t, w, status, choose), nil, nil, nil, card))
}

// checkFirstRun shows the first-run screen on a first start: the user has not chosen yet and has no
// meetings (someone who imported from the command line already knows their way; Settings is there).
func (m *mainScreen) checkFirstRun() {
	if m.svc.Providers == nil {
		return
	}
	go func() {
		if !needsFirstRun(m.ctx, m.svc.Store) {
			return
		}
		m.do(func() {
			m.main.Hide()
			if m.welcome == nil {
				m.root.Add(m.buildWelcome())
			}
			m.welcome.root.Show()
		})
		text := ollamaFound(m.ctx, m.svc.Providers)
		m.do(func() { m.welcome.ollamaStatus.SetText(text) })
	}()
}

// needsFirstRun reports whether the first-run screen is due: no choice made yet, and no meetings.
func needsFirstRun(ctx context.Context, st *store.Store) bool {
	if _, err := st.Setting(ctx, store.SettingWelcomed); !errors.Is(err, store.ErrNotFound) {
		return false
	}
	n, err := st.CountMeetings(ctx)
	return err == nil && n == 0
}

// ollamaFound says whether Ollama answers and which models it has, in a line for the first-run screen.
func ollamaFound(ctx context.Context, mgr *provider.Manager) string {
	p, _, err := mgr.Open(ctx, provider.Ollama)
	if err != nil {
		return sentence(err.Error())
	}
	st, err := p.Check(ctx)
	if err != nil {
		return sentence(err.Error())
	}
	return ollamaFoundText(p.Info().Host, st)
}

// ollamaFoundText words what Check found for the first-run screen: how many chat models are ready, and
// which of them run in Ollama's cloud rather than on this computer.
func ollamaFoundText(host string, st provider.Status) string {
	var cloud []provider.Model
	for _, m := range st.Models {
		if m.Chat && m.RemoteHost != "" {
			cloud = append(cloud, m)
		}
	}
	local := st.ChatModels - len(cloud)
	switch {
	case st.ChatModels == 0:
		return fmt.Sprintf("Ollama is running at %s but has no chat model yet: Settings will help you download one.", host)
	case len(cloud) == 0:
		return fmt.Sprintf("Ollama is running at %s with %s ready.", host, plural(st.ChatModels, "chat model"))
	}
	names := make([]string, len(cloud))
	for i, m := range cloud {
		names[i] = m.ID + " (" + cloudModelMark(m.RemoteHost) + ")"
	}
	if local <= 0 {
		return fmt.Sprintf("Ollama is running at %s but has only cloud models: %s. Settings will help you download one that runs here.",
			host, strings.Join(names, ", "))
	}
	return fmt.Sprintf("Ollama is running at %s with %s on this computer, and %s: %s.", host, plural(local, "chat model"),
		plural(len(cloud), "cloud model"), strings.Join(names, ", "))
}

// recommendedModel is the model offered for download when none installed fits the default template: small
// enough for most laptops (3 billion parameters, about 2 GB) with a 128k-token window.
const recommendedModel = "llama3.2"

// Token counts behind windowNeeded. The summarizer's own check (internal/summarize, run.budget) refuses
// a window that leaves under 400 characters beside its system prompt, the template's instructions and
// the answer; the first-run screen asks for more, so that a meeting is read in parts of a useful size.
const (
	promptOverheadTokens = 400  // the system prompt and the framing of the transcript
	answerTokens         = 2048 // the room the summarizer keeps for the answer
	transcriptRoomTokens = 512  // at least this much transcript in each request (about 1,500 characters)
)

// windowNeeded is the context window (tokens) a model needs to write notes with template t, estimated
// at the summarizer's starting ratio of characters per token.
func windowNeeded(t templates.Template) int {
	instructions := int(float64(len([]rune(t.Instructions()))) / summarize.DefaultCharsPerToken)
	return instructions + promptOverheadTokens + answerTokens + transcriptRoomTokens
}

// localModelOptions sorts the installed models for the first-run screen: chat models that run on the
// Ollama server itself and whose window fits need tokens (in the order Ollama lists them), and those
// whose window is too small or unknown. Cloud models (RemoteHost set) are never offered here, whatever
// their name.
func localModelOptions(models []provider.Model, need int) (fit, small []provider.Model) {
	for _, m := range models {
		switch {
		case !m.Chat || m.RemoteHost != "":
		case m.ContextLength >= need:
			fit = append(fit, m)
		default:
			small = append(small, m)
		}
	}
	return fit, small
}

// windowWords says a context window for people: "128k-token window".
func windowWords(tokens int) string {
	switch {
	case tokens <= 0:
		return "window unknown"
	case tokens >= 1024 && tokens%1024 == 0:
		return fmt.Sprintf("%dk-token window", tokens/1024)
	case tokens >= 1000:
		return fmt.Sprintf("%.0fk-token window", float64(tokens)/1000)
	}
	return fmt.Sprintf("%d-token window", tokens)
}

// onWelcomeLocal shows the installed models with their windows, the first that fits the default
// template preselected; nothing is switched until the user confirms. With Ollama stopped (or no model
// that fits) it says so, and offers Settings or a download.
func (m *mainScreen) onWelcomeLocal() {
	w := m.welcome
	w.localPick.Show()
	w.localModels.Options = nil
	w.localModels.Refresh()
	w.confirmLocal.Disable()
	w.pullModel.Hide()
	w.localNote.SetText("Reading the models installed in Ollama…")
	go func() {
		ctx := m.ctx
		tmpl, terr := templates.NewLibrary(m.svc.Store).Default(ctx)
		var models []provider.Model
		var current string
		p, s, err := m.svc.Providers.Open(ctx, provider.Ollama)
		if err == nil {
			current = s.Model
			models, err = p.Models(ctx)
		}
		m.do(func() {
			switch {
			case terr != nil:
				w.localNote.SetText("Could not read the default template: " + m.scrub.err(terr))
			case err != nil:
				w.localNote.SetText(sentence(m.scrub.err(err)) + " Settings explains how to start it.")
				w.pullModel.Hide()
				m.openSettings(provider.Ollama) // it explains a stopped Ollama and offers models to pull
			default:
				m.showLocalModels(tmpl, models, current)
			}
		})
	}()
}

// showLocalModels fills the local choice: the models that fit, with their windows, one preselected (the
// one already chosen for Ollama when it fits, else the first); a download when none fits.
func (m *mainScreen) showLocalModels(tmpl templates.Template, models []provider.Model, current string) {
	w := m.welcome
	need := windowNeeded(tmpl)
	fit, small := localModelOptions(models, need)
	w.localIDs = map[string]string{}
	var options []string
	selected := ""
	for _, md := range fit {
		opt := md.ID + " — " + windowWords(md.ContextLength)
		w.localIDs[opt] = md.ID
		options = append(options, opt)
		if selected == "" || md.ID == current {
			selected = opt
		}
	}
	w.localModels.Options = options
	w.localModels.Selected = selected
	w.localModels.Refresh()
	var tooSmall []string
	for _, md := range small {
		tooSmall = append(tooSmall, md.ID+" ("+windowWords(md.ContextLength)+")")
	}
	if len(fit) == 0 {
		text := fmt.Sprintf("No installed model has a context window large enough for the %s template (about %d tokens).", tmpl.Title, need)
		if len(tooSmall) > 0 {
			text += " Too small: " + strings.Join(tooSmall, ", ") + "."
		}
		w.localNote.SetText(text + " Download " + recommendedModel + ", which fits, or another model in Settings.")
		w.pullModel.Show()
	} else {
		text := fmt.Sprintf("These models fit the %s template (it needs about %d tokens). Nothing changes until you press Use this model.", tmpl.Title, need)
		if len(tooSmall) > 0 {
			text += " Too small for it: " + strings.Join(tooSmall, ", ") + "."
		}
		w.localNote.SetText(text)
		w.pullModel.Hide()
	}
	w.syncConfirmLocal()
}

// syncConfirmLocal names the chosen model on the confirm button, and enables it only with one chosen.
func (w *welcome) syncConfirmLocal() {
	id := w.localIDs[w.localModels.Selected]
	if id == "" {
		w.confirmLocal.SetText("Use this model")
		w.confirmLocal.Disable()
		return
	}
	w.confirmLocal.SetText("Use " + id)
	w.confirmLocal.Enable()
}

// onConfirmLocal makes Ollama with the chosen model the provider.
func (m *mainScreen) onConfirmLocal() {
	w := m.welcome
	id := w.localIDs[w.localModels.Selected]
	if id == "" {
		return
	}
	w.confirmLocal.Disable()
	go func() {
		err := useLocalModel(m.ctx, m.svc.Providers, id)
		m.do(func() {
			if err != nil {
				w.localNote.SetText("Could not switch to " + id + ": " + m.scrub.err(err))
				w.syncConfirmLocal()
				return
			}
			m.finishWelcome()
		})
	}()
}

// useLocalModel chooses model for Ollama, then makes Ollama the provider.
func useLocalModel(ctx context.Context, mgr *provider.Manager, model string) error {
	s, err := mgr.Settings(ctx, provider.Ollama)
	if err != nil {
		return err
	}
	s.Model = model
	if err := mgr.Configure(ctx, provider.Ollama, s); err != nil {
		return err
	}
	return mgr.Use(ctx, provider.Ollama)
}

// onPullRecommended opens the Ollama settings and starts downloading the recommended model there; the
// first-run screen stays, to choose the model once it is in.
func (m *mainScreen) onPullRecommended() {
	m.openSettings(provider.Ollama)
	if pg := m.settings.page(provider.Ollama); pg != nil && pg.ollama != nil {
		pg.ollama.pullName.SetText(recommendedModel)
		pg.ollama.onPull()
	}
	m.welcome.localNote.SetText("Downloading " + recommendedModel + " in Settings. When it is done, press Use a local model again.")
}

// onWelcomeTogether asks for the Together AI key; nothing switches until it has been tested.
func (m *mainScreen) onWelcomeTogether() {
	w := m.welcome
	w.togetherPick.Show()
	m.win.Canvas().Focus(w.key)
}

// onTestKey saves the key, tests it against Together AI (Settings' own test: the model list with the
// key), and only when Together accepts it makes Together the provider. A rejected key, or no answer,
// leaves the provider as it was.
func (m *mainScreen) onTestKey() {
	w := m.welcome
	key := strings.TrimSpace(w.key.Text)
	if key == "" {
		setNote(w.keyNote, "Paste your Together AI API key first (from api.together.ai, Settings → API keys).", widget.WarningImportance)
		return
	}
	w.testKey.Disable()
	setNote(w.keyNote, "Testing the key with Together AI…", widget.MediumImportance)
	go func() {
		needModel, err := useTogether(m.ctx, m.svc.Providers, key)
		m.do(func() {
			w.testKey.Enable()
			switch {
			case errors.Is(err, provider.ErrUnauthorized):
				setNote(w.keyNote, "Together rejected the API key. Check it and paste it again; nothing was switched.", widget.DangerImportance)
			case err != nil:
				setNote(w.keyNote, "Could not test the key, so nothing was switched: "+m.scrub.err(err), widget.DangerImportance)
			default:
				m.finishWelcome()
				if needModel {
					m.openSettings(provider.Together) // the key works: choose a model from Together's list
				}
			}
		})
	}()
}

// useTogether stores key for Together AI, checks it with Together, and when accepted makes Together the
// provider; needModel says that no model is chosen for it yet.
func useTogether(ctx context.Context, mgr *provider.Manager, key string) (needModel bool, err error) {
	if _, err := mgr.SetKey(provider.Together, key); err != nil {
		return false, err
	}
	p, s, err := mgr.Open(ctx, provider.Together)
	if err != nil {
		return false, err
	}
	st, err := p.Check(ctx)
	if err != nil {
		return false, err
	}
	if !st.Authenticated {
		return false, &provider.Error{Kind: provider.KindUnauthorized, Provider: "Together AI"}
	}
	if err := mgr.Use(ctx, provider.Together); err != nil {
		return false, err
	}
	return s.Model == "", nil
}

// finishWelcome hides the first-run screen for good and shows where summaries now go.
func (m *mainScreen) finishWelcome() {
	m.welcome.root.Hide()
	m.main.Show()
	go func() {
		if err := m.svc.Store.SetSetting(m.ctx, store.SettingWelcomed, "yes"); err != nil {
			m.do(func() { m.status.SetText("Could not save the first-run choice: " + err.Error()) })
		}
	}()
	m.refreshWhere()
}
