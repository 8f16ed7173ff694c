package app

import (
	"context"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/privacy"
	"hushnote/internal/provider"
	"hushnote/internal/secret"
)

// settingsScreen is the Settings window: one page per provider preset, then Templates and Privacy.
type settingsScreen struct {
	ctx context.Context
	svc Services
	mgr *provider.Manager // svc.Providers
	win fyne.Window
	do  func(func()) // runs a function on the UI goroutine: fyne.Do, or a queue in tests

	scrub scrubber // svc.Redactor's: the services' errors are shown through it

	// changed is called (on the UI goroutine) after a setting the main window shows was saved (where
	// summaries go, the templates), so it shows it at once; may be nil.
	changed func()

	tabs      *container.AppTabs
	pages     []*presetPage // in the order of provider.Presets
	templates *templatesPage
	privacy   *privacyPage
}

// presetPage is the settings of one provider preset. Its fields are widgets, touched only on the UI
// goroutine; background work reaches them through settingsScreen.do.
type presetPage struct {
	s      *settingsScreen
	preset provider.Preset

	baseURL  *field
	urlError *widget.Label

	key      *field // nil for presets that need no key
	keyWhere *widget.Label
	keyError *widget.Label

	testBtn    *widget.Button
	testResult *widget.Label

	models      *widget.Select
	modelIDs    map[string]string // option text -> model ID
	modelCloud  map[string]string // option text -> the remote host of a model in Ollama's cloud
	modelInfo   *widget.Label
	filling     bool // the model list is being filled in: a change is not the user's choice
	contextSize *field
	contextNote *widget.Label

	useBtn    *widget.Button
	useResult *widget.Label

	ollama *ollamaSection // the Ollama page's own cards (settings_ollama.go); nil on other pages
}

// newSettingsScreen makes the Settings screen over the app's services. do runs a function on the UI
// goroutine (fyne.Do in the app).
func newSettingsScreen(ctx context.Context, svc Services, win fyne.Window, do func(func())) *settingsScreen {
	if do == nil {
		do = fyne.Do
	}
	return &settingsScreen{ctx: ctx, svc: svc, mgr: svc.Providers, win: win, do: do, scrub: scrubber{svc.Redactor}}
}

// build makes the screen: the presets, Templates and Privacy on the left, the chosen one's page on the
// right.
func (s *settingsScreen) build() fyne.CanvasObject {
	s.tabs = container.NewAppTabs()
	s.tabs.SetTabLocation(container.TabLocationLeading)
	for _, p := range provider.Presets() {
		pg := &presetPage{s: s, preset: p}
		s.pages = append(s.pages, pg)
		s.tabs.Append(container.NewTabItem(p.Title, pg.build()))
	}
	s.templates, s.privacy = newTemplatesPage(s), newPrivacyPage(s)
	s.tabs.Append(s.templates.item)
	s.tabs.Append(s.privacy.item)
	s.tabs.OnSelected = func(it *container.TabItem) {
		if it == s.privacy.item {
			s.privacy.onRefresh() // requests made since the window opened
		}
	}
	return s.tabs
}

// page returns the page of a preset, nil when there is none.
func (s *settingsScreen) page(name string) *presetPage {
	for _, pg := range s.pages {
		if pg.preset.Name == name {
			return pg
		}
	}
	return nil
}

// show selects the page of a preset.
func (s *settingsScreen) show(name string) {
	for i, pg := range s.pages {
		if pg.preset.Name == name {
			s.tabs.SelectIndex(i)
		}
	}
}

// newSettingsNote makes a wrapping label for a field's explanation or outcome; hidden while empty.
func newSettingsNote(imp widget.Importance) *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	l.Hide()
	return l
}

// setNote shows text in a note (hiding it when text is empty) with the given importance; the
// main window's badges and status lines use it too.
func setNote(l *widget.Label, text string, imp widget.Importance) {
	l.Importance = imp
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// settingsCard is a card whose title is a sub-heading below the page's heading.
func settingsCard(title string, content fyne.CanvasObject) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameSubHeadingText
	return widget.NewCard("", "", container.NewBorder(t, nil, nil, nil, content))
}

// settingsFieldLabel is the bold name of a field.
func settingsFieldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (pg *presetPage) build() fyne.CanvasObject {
	p := pg.preset
	saved, err := pg.s.mgr.Settings(pg.s.ctx, p.Name)

	title := widget.NewRichText(&widget.TextSegment{Text: p.Title, Style: widget.RichTextStyleHeading})
	// Until the address is resolved (in the background), anything but this computer is assumed.
	summary := widget.NewLabel(settingsPresetBlurb(p, provider.Where{LeavesDevice: true}))
	summary.Wrapping = fyne.TextWrapWord
	if err == nil {
		go func() {
			w := pg.s.mgr.Where(pg.s.ctx, p, saved)
			pg.s.do(func() { summary.SetText(settingsPresetBlurb(p, w)) })
		}()
	}
	head := container.NewVBox(title, summary)
	if err != nil {
		head.Add(widget.NewLabel("Could not read the saved settings: " + err.Error()))
	}

	return wheelScroll(container.NewPadded(container.NewVBox(
		head,
		pg.connectionCard(saved),
		pg.ollamaCards(),
		pg.modelCard(saved),
		pg.useCard(),
		pg.privacyCard(),
	)))
}

// wheelScroll is a page that scrolls vertically with the mouse wheel wherever the pointer is: Fyne gives
// the wheel to the innermost scrollable thing under the pointer, and every Entry has a scroller of its
// own, so over a field the page stopped. A see-through layer over the content takes the wheel (and
// nothing else: taps, hover and the cursor go to what is beneath) and hands it to the page.
func wheelScroll(content fyne.CanvasObject) *container.Scroll {
	layer := &wheelLayer{}
	s := container.NewVScroll(container.NewStack(content, layer))
	layer.to = s
	return s
}

// wheelLayer hands the wheel to a scroller.
type wheelLayer struct {
	widget.BaseWidget
	to fyne.Scrollable
}

// CreateRenderer draws nothing.
func (l *wheelLayer) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Scrolled scrolls the page.
func (l *wheelLayer) Scrolled(e *fyne.ScrollEvent) { l.to.Scrolled(e) }

// settingsPresetBlurb says in one line where a preset's model runs, as it is set up (leaves: the text
// goes off this device).
func settingsPresetBlurb(p provider.Preset, w provider.Where) string {
	switch {
	case p.API == provider.APIOllama && w.LeavesDevice && w.Why != "":
		return "Transcript text leaves this device (" + w.Why + "), and every request is recorded."
	case p.API == provider.APIOllama && w.LeavesDevice:
		return "Ollama on another computer, or one of its cloud models: transcript text leaves this device, " +
			"and every request is recorded."
	case p.API == provider.APIOllama:
		return "Runs models on this computer: transcripts stay on this device."
	case p.Cloud:
		return "A cloud service under your own API key: transcript text is sent to it over TLS, and every request is recorded."
	default:
		return "A server you name, such as LM Studio, llama.cpp server or vLLM: on this computer, or over https:// elsewhere."
	}
}

// connectionCard holds the base URL, the API key and Test connection.
func (pg *presetPage) connectionCard(saved provider.PresetSettings) fyne.CanvasObject {
	p := pg.preset
	pg.baseURL = newField()
	def := pg.s.mgr.DefaultBaseURL(p) // for Ollama, OLLAMA_HOST when it is set
	if def != "" {
		pg.baseURL.SetPlaceHolder(def)
	} else {
		pg.baseURL.SetPlaceHolder("http://127.0.0.1:1234/v1")
	}
	if saved.BaseURL != "" {
		pg.baseURL.SetText(saved.BaseURL)
	} else {
		pg.baseURL.SetText(def)
	}
	pg.baseURL.OnSubmitted = func(string) { pg.onSaveURL() }
	pg.urlError = newSettingsNote(widget.DangerImportance)
	saveURL := widget.NewButton("Save", pg.onSaveURL)

	box := container.NewVBox(
		settingsFieldLabel("Base URL"),
		container.NewBorder(nil, nil, nil, saveURL, pg.baseURL),
		pg.urlError,
	)

	if p.KeyEnv != "" {
		pg.key = newPasswordField()
		pg.key.SetPlaceHolder("Paste your API key")
		pg.key.OnSubmitted = func(string) { pg.onSaveKey() }
		pg.keyWhere = widget.NewLabel("Kept in: …")
		pg.keyWhere.Wrapping = fyne.TextWrapWord
		pg.keyError = newSettingsNote(widget.DangerImportance)
		saveKey := widget.NewButtonWithIcon("Save key", theme.DocumentSaveIcon(), pg.onSaveKey)
		name := "API key"
		if !p.Cloud {
			name = "API key (only if the server asks for one)"
		}
		box.Add(widget.NewSeparator())
		box.Add(settingsFieldLabel(name))
		box.Add(container.NewBorder(nil, nil, nil, saveKey, pg.key))
		box.Add(pg.keyWhere)
		box.Add(pg.keyError)
		pg.refreshKeySource()
	}

	pg.testBtn = widget.NewButtonWithIcon("Test connection", theme.MediaPlayIcon(), pg.onTest)
	pg.testResult = newSettingsNote(widget.MediumImportance)
	box.Add(widget.NewSeparator())
	box.Add(container.NewHBox(pg.testBtn))
	box.Add(pg.testResult)
	return settingsCard("Connection", box)
}

// modelCard holds the model picker and the context size.
func (pg *presetPage) modelCard(saved provider.PresetSettings) fyne.CanvasObject {
	pg.modelIDs = map[string]string{}
	pg.models = widget.NewSelect(nil, pg.onModelChosen)
	pg.models.PlaceHolder = "Test the connection to load the models"
	if saved.Model != "" {
		pg.filling = true
		pg.modelIDs[saved.Model] = saved.Model
		pg.models.SetOptions([]string{saved.Model})
		pg.models.SetSelected(saved.Model)
		pg.filling = false
	}
	pg.modelInfo = newSettingsNote(widget.MediumImportance)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), pg.onLoadModels)

	pg.contextSize = newField()
	pg.contextSize.SetPlaceHolder("e.g. 32768")
	if saved.ContextLength > 0 {
		pg.contextSize.SetText(strconv.Itoa(saved.ContextLength))
	}
	pg.contextSize.OnSubmitted = func(string) { pg.onSaveContext() }
	pg.contextNote = newSettingsNote(widget.MediumImportance)
	saveCtx := widget.NewButton("Save", pg.onSaveContext)
	help := widget.NewLabel("Only for models whose service does not report a context window (shown as “context unknown”). Hushnote does not guess.")
	help.Wrapping = fyne.TextWrapWord
	help.TextStyle.Italic = true

	box := container.NewVBox(
		settingsFieldLabel("Chat model"),
		container.NewBorder(nil, nil, nil, refresh, pg.models),
		pg.modelInfo,
		widget.NewSeparator(),
		settingsFieldLabel("Context size (tokens)"),
		container.NewGridWithColumns(2, container.NewBorder(nil, nil, nil, saveCtx, pg.contextSize), layout.NewSpacer()),
		help,
		pg.contextNote,
	)
	return settingsCard("Model", box)
}

// useCard holds the button that makes this preset the one summaries go to.
func (pg *presetPage) useCard() fyne.CanvasObject {
	pg.useBtn = widget.NewButtonWithIcon("Use this provider", theme.ConfirmIcon(), pg.onUse)
	pg.useBtn.Importance = widget.HighImportance
	pg.useResult = newSettingsNote(widget.MediumImportance)
	if active, err := pg.s.mgr.Active(pg.s.ctx); err == nil && active.Name == pg.preset.Name {
		setNote(pg.useResult, "Summaries go to "+pg.preset.Title+".", widget.SuccessImportance)
	}
	return container.NewVBox(container.NewHBox(pg.useBtn), pg.useResult)
}

// privacyCard renders the preset's privacy facts, what Hushnote sends, links and when it was checked.
func (pg *presetPage) privacyCard() fyne.CanvasObject {
	c, ok := privacy.Lookup(pg.preset.Name)
	if !ok {
		return settingsCard("Privacy", widget.NewLabel("No privacy card for this provider yet."))
	}
	return settingsCard("Privacy · "+c.Provider, privacyFacts(c))
}

// refreshKeySource says where the key is kept, asking the key store in the background (a keychain may
// take a moment to answer).
func (pg *presetPage) refreshKeySource() {
	if pg.key == nil {
		return
	}
	go func() {
		src, desc := pg.s.mgr.KeySource(pg.preset.Name)
		pg.s.do(func() { pg.showKeySource(src, desc) })
	}()
}

func (pg *presetPage) showKeySource(src secret.Source, desc string) {
	switch src {
	case secret.SourceNone:
		pg.keyWhere.SetText("Kept in: not set")
	case secret.SourceFile:
		pg.keyWhere.SetText("Kept in: " + desc + " — no system keychain answered, so the key is in this file instead.")
	case secret.SourceEnv:
		pg.keyWhere.SetText("Kept in: " + desc + " — it wins over a saved key, and Hushnote never writes it anywhere.")
	default:
		pg.keyWhere.SetText("Kept in: " + desc)
	}
}

// urlToSave is the base URL to store from the entry: "" when it is blank or the preset's default, so
// the default (or OLLAMA_HOST) keeps applying.
func (pg *presetPage) urlToSave() string {
	raw := strings.TrimSpace(pg.baseURL.Text)
	if raw == pg.preset.BaseURL || raw == pg.s.mgr.DefaultBaseURL(pg.preset) {
		return "" // the default: it follows OLLAMA_HOST or a new default
	}
	return raw
}

// saveURL stores the base URL from the entry, keeping the other settings, and shows any refusal under
// the field. It reports whether it was saved.
func (pg *presetPage) saveURL() bool {
	ctx, name := pg.s.ctx, pg.preset.Name
	cur, err := pg.s.mgr.Settings(ctx, name)
	if err == nil {
		want := pg.urlToSave()
		if want == cur.BaseURL {
			setNote(pg.urlError, "", widget.DangerImportance)
			return true
		}
		cur.BaseURL = want
		err = pg.s.mgr.Configure(ctx, name, cur)
	}
	if err != nil {
		setNote(pg.urlError, err.Error(), widget.DangerImportance)
		return false
	}
	setNote(pg.urlError, "", widget.DangerImportance)
	pg.s.notifyChanged()
	return true
}

// leave runs next (closing the window) once unsaved edits on the Templates page are saved or the user
// chose to discard them.
func (s *settingsScreen) leave(next func()) {
	if s.templates == nil {
		next()
		return
	}
	s.templates.leave(next, func() { s.showTemplates() })
}

// closeOnEscape makes Escape close the Settings window as the close button would (asking first about
// unsaved template edits). Fyne hands keys to the focused widget first, so Escape reaches the window when
// no widget has the keyboard focus (at the start, or after a click on the page away from a field).
func (s *settingsScreen) closeOnEscape(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			s.leave(w.Close)
		}
	})
}

// notifyChanged tells the main window that a setting it shows may have changed.
func (s *settingsScreen) notifyChanged() {
	if s.changed != nil {
		s.changed()
	}
}

func (pg *presetPage) onSaveURL() {
	if pg.saveURL() {
		setNote(pg.testResult, "Address saved. Press Test connection to check it.", widget.MediumImportance)
	}
}

// onSaveKey stores the typed key in the background and says where it went.
func (pg *presetPage) onSaveKey() {
	pg.saveKey(nil)
}

// saveKey stores the typed key, if any, in the background, then runs next (in the background) when it
// was saved or there was nothing to save.
func (pg *presetPage) saveKey(next func()) {
	key := strings.TrimSpace(pg.key.Text)
	if key == "" {
		if next != nil {
			go next()
		} else {
			setNote(pg.keyError, "Paste a key first.", widget.DangerImportance)
		}
		return
	}
	name := pg.preset.Name
	go func() {
		_, err := pg.s.mgr.SetKey(name, key)
		src, desc := pg.s.mgr.KeySource(name)
		pg.s.do(func() {
			pg.showKeySource(src, desc)
			if err != nil {
				setNote(pg.keyError, pg.s.scrub.err(err), widget.DangerImportance)
				if next != nil { // a test that cannot run
					pg.testBtn.Enable()
					setNote(pg.testResult, "", widget.MediumImportance)
				}
				return
			}
			setNote(pg.keyError, "", widget.DangerImportance)
			if pg.key.Text == key {
				pg.key.SetText("")
			}
		})
		if err == nil && next != nil {
			next()
		}
	}()
}

// onTest saves what was typed (address and key), then checks the connection in the background and
// loads the model list.
func (pg *presetPage) onTest() {
	if !pg.saveURL() {
		setNote(pg.testResult, "", widget.MediumImportance)
		return
	}
	pg.testBtn.Disable()
	setNote(pg.testResult, "Testing…", widget.MediumImportance)
	check := func() {
		ctx := pg.s.ctx
		text, imp := "", widget.SuccessImportance
		var models []provider.Model
		p, _, err := pg.s.mgr.Open(ctx, pg.preset.Name)
		var st provider.Status
		if err == nil {
			st, err = p.Check(ctx)
		}
		if err != nil {
			text, imp = pg.s.scrub.err(err), widget.DangerImportance
		} else {
			text = settingsStatusText(pg.preset, st)
			models = st.Models // the list Check read: the service is asked once
		}
		pg.s.do(func() {
			pg.testBtn.Enable()
			setNote(pg.testResult, text, imp)
			if err == nil {
				pg.fillModels(models, nil)
			}
			if pg.ollama != nil {
				pg.ollama.afterTest(models, err)
			}
		})
	}
	if pg.key == nil {
		go check()
		return
	}
	pg.saveKey(check)
}

// settingsStatusText puts what Check found in words.
func settingsStatusText(p provider.Preset, st provider.Status) string {
	parts := []string{"Reachable"}
	if p.API == provider.APIOllama {
		if st.Version != "" {
			parts = append(parts, "Ollama "+st.Version)
		}
		return strings.Join(append(parts, plural(st.ChatModels, "model")), " · ")
	}
	if st.Authenticated {
		parts = append(parts, "key accepted")
	}
	return strings.Join(append(parts, plural(st.ChatModels, "chat model")), " · ")
}

// onLoadModels loads the model list in the background.
func (pg *presetPage) onLoadModels() {
	setNote(pg.modelInfo, "Loading the models…", widget.MediumImportance)
	go func() {
		ctx := pg.s.ctx
		p, _, err := pg.s.mgr.Open(ctx, pg.preset.Name)
		var models []provider.Model
		if err == nil {
			models, err = p.Models(ctx)
		}
		pg.s.do(func() { pg.fillModels(models, err) })
	}()
}

// fillModels puts the chat models in the picker, keeping the saved choice selected.
func (pg *presetPage) fillModels(models []provider.Model, err error) {
	if err != nil {
		setNote(pg.modelInfo, "Could not load the models: "+pg.s.scrub.err(err), widget.DangerImportance)
		return
	}
	ids, cloud := map[string]string{}, map[string]string{}
	var opts []string
	selected := ""
	cur := pg.modelIDs[pg.models.Selected]
	for _, m := range models {
		if !m.Chat {
			continue
		}
		o := settingsModelOption(m)
		ids[o] = m.ID
		if m.RemoteHost != "" {
			cloud[o] = m.RemoteHost
		}
		opts = append(opts, o)
		if m.ID == cur {
			selected = o
		}
	}
	pg.filling = true
	pg.modelIDs, pg.modelCloud = ids, cloud
	pg.models.SetOptions(opts)
	if selected != "" {
		pg.models.SetSelected(selected)
	} else {
		pg.models.ClearSelected()
	}
	pg.models.PlaceHolder = "Choose a model"
	pg.models.Refresh()
	pg.filling = false
	if len(opts) == 0 {
		setNote(pg.modelInfo, "This service lists no chat models.", widget.WarningImportance)
		return
	}
	msg := plural(len(opts), "chat model") + " available."
	switch n := len(cloud); {
	case n == 1:
		msg += " 1 of them runs in Ollama's cloud (marked): the text sent to it leaves this device."
	case n > 1:
		msg += fmt.Sprintf(" %d of them run in Ollama's cloud (marked): the text sent to them leaves this device.", n)
	}
	if cur != "" && selected == "" {
		msg += " The saved model " + cur + " is not among them: choose another."
		setNote(pg.modelInfo, msg, widget.WarningImportance)
		return
	}
	setNote(pg.modelInfo, msg, widget.MediumImportance)
}

// settingsModelOption is a model as the picker shows it: "id — 131,072 tokens · $0.88/$0.88 per M"; a
// model in Ollama's cloud says so first: "id (cloud — runs on ollama.com, text leaves this device) — …".
func settingsModelOption(m provider.Model) string {
	var b strings.Builder
	b.WriteString(m.ID)
	if m.RemoteHost != "" {
		b.WriteString(" (" + cloudModelMark(m.RemoteHost) + ")")
	}
	b.WriteString(" — ")
	if m.ContextLength > 0 {
		b.WriteString(settingsThousands(m.ContextLength) + " tokens")
	} else {
		b.WriteString("context unknown")
	}
	if m.InputPrice > 0 || m.OutputPrice > 0 {
		fmt.Fprintf(&b, " · $%s/$%s per M", settingsDollars(m.InputPrice), settingsDollars(m.OutputPrice))
	}
	return b.String()
}

// settingsThousands writes n with commas between groups of three digits.
func settingsThousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// settingsDollars formats a price: two decimals, more for prices under a cent.
func settingsDollars(v float64) string {
	if v > 0 && v < 0.01 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// onModelChosen saves the chosen model, keeping the other settings.
func (pg *presetPage) onModelChosen(option string) {
	if pg.filling {
		return
	}
	id, ok := pg.modelIDs[option]
	if !ok {
		return
	}
	ctx, name := pg.s.ctx, pg.preset.Name
	cur, err := pg.s.mgr.Settings(ctx, name)
	if err == nil {
		cur.Model = id
		err = pg.s.mgr.Configure(ctx, name, cur)
	}
	if err != nil {
		setNote(pg.modelInfo, "Could not save the model: "+err.Error(), widget.DangerImportance)
		return
	}
	if host, ok := pg.modelCloud[option]; ok {
		setNote(pg.modelInfo, "Summaries with "+pg.preset.Title+" use "+id+", which runs in Ollama's cloud: the transcript text leaves this device for "+
			remoteHostName(host)+".", widget.WarningImportance)
	} else {
		setNote(pg.modelInfo, "Summaries with "+pg.preset.Title+" use "+id+".", widget.SuccessImportance)
	}
	pg.s.notifyChanged()
}

// onSaveContext saves the context size typed for models whose service does not report one.
func (pg *presetPage) onSaveContext() {
	raw := strings.ReplaceAll(strings.TrimSpace(pg.contextSize.Text), ",", "")
	n := 0
	if raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil || v < 0 {
			setNote(pg.contextNote, "A context size is a whole number of tokens, such as 32768.", widget.DangerImportance)
			return
		}
		n = v
	}
	ctx, name := pg.s.ctx, pg.preset.Name
	cur, err := pg.s.mgr.Settings(ctx, name)
	if err == nil {
		cur.ContextLength = n
		err = pg.s.mgr.Configure(ctx, name, cur)
	}
	switch {
	case err != nil:
		setNote(pg.contextNote, "Could not save the context size: "+err.Error(), widget.DangerImportance)
	case n == 0:
		setNote(pg.contextNote, "No context size set.", widget.MediumImportance)
	default:
		setNote(pg.contextNote, "Saved: "+settingsThousands(n)+" tokens.", widget.SuccessImportance)
	}
}

// onUse makes this preset the one summaries go to (refused while Local only is on).
func (pg *presetPage) onUse() {
	if err := pg.s.mgr.Use(pg.s.ctx, pg.preset.Name); err != nil {
		setNote(pg.useResult, pg.s.scrub.err(err), widget.DangerImportance)
		return
	}
	for _, other := range pg.s.pages {
		if other != pg {
			setNote(other.useResult, "", widget.MediumImportance)
		}
	}
	setNote(pg.useResult, "Summaries go to "+pg.preset.Title+".", widget.SuccessImportance)
	pg.s.notifyChanged()
}
