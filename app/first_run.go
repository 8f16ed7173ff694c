package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/privacy"
	"hushnote/internal/provider"
	"hushnote/internal/store"
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
	local := welcomeChoice("On this computer", "Transcripts never leave this device. Needs Ollama and a model "+
		"(a 3–8 billion parameter model runs on most laptops).", w.ollamaStatus, provider.Ollama, w.useLocal)

	keyNote := widget.NewLabel("You paste your own API key next; it is kept in the system keychain (or a file only you can read).")
	keyNote.Wrapping = fyne.TextWrapWord
	w.useTogether = widget.NewButtonWithIcon("Use Together AI with my own key", theme.UploadIcon(), m.onWelcomeTogether)
	cloud := welcomeChoice("In the cloud", "Fast large models. The transcript text of a meeting you summarize is sent "+
		"to Together AI over TLS, and every time is recorded in Settings → Privacy.", keyNote, provider.Together, w.useTogether)

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
func welcomeChoice(title, what string, status fyne.CanvasObject, preset string, choose *widget.Button) fyne.CanvasObject {
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

// onWelcomeLocal makes Ollama the provider, picks its first chat model that runs on it (never a cloud
// model) when none is chosen, and opens the Ollama settings when there is still something to do (start
// it, or download a model).
func (m *mainScreen) onWelcomeLocal() {
	go func() {
		ready, err := useLocalModel(m.ctx, m.svc.Providers)
		m.do(func() {
			m.finishWelcome()
			if err != nil || !ready {
				m.openSettings(provider.Ollama) // it explains a stopped Ollama and offers models to pull
			}
			if err != nil && !errors.Is(err, provider.ErrUnreachable) {
				dialog.ShowError(errors.New("Could not set up the local model: "+err.Error()), m.win)
			}
		})
	}()
}

// useLocalModel makes Ollama active and, when no model is chosen, chooses its first installed chat
// model that runs on the Ollama server itself (never one of its cloud models). ready says whether
// summaries can be written now.
func useLocalModel(ctx context.Context, mgr *provider.Manager) (ready bool, err error) {
	if err := mgr.Use(ctx, provider.Ollama); err != nil {
		return false, err
	}
	s, err := mgr.Settings(ctx, provider.Ollama)
	if err != nil || s.Model != "" {
		return err == nil, err
	}
	p, _, err := mgr.Open(ctx, provider.Ollama)
	if err != nil {
		return false, err
	}
	models, err := p.Models(ctx)
	if err != nil {
		return false, err
	}
	id, ok := firstLocalChatModel(models)
	if !ok {
		return false, nil // none, or only cloud models: Settings offers to download one
	}
	s.Model = id
	return true, mgr.Configure(ctx, provider.Ollama, s)
}

// firstLocalChatModel is the first model that can write notes and runs on the Ollama server itself: a
// cloud model (RemoteHost set) is never chosen for the user, whatever its name.
func firstLocalChatModel(models []provider.Model) (string, bool) {
	for _, m := range models {
		if m.Chat && m.RemoteHost == "" {
			return m.ID, true
		}
	}
	return "", false
}

// onWelcomeTogether makes Together AI the provider and opens its settings for the key and the model.
func (m *mainScreen) onWelcomeTogether() {
	go func() {
		err := m.svc.Providers.Use(m.ctx, provider.Together)
		m.do(func() {
			m.finishWelcome()
			m.openSettings(provider.Together)
			if err != nil {
				dialog.ShowError(errors.New("Could not switch to Together AI: "+err.Error()), m.win)
			}
		})
	}()
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
