package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"hushnote/internal/netguard"
	"hushnote/internal/redact"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

// Setting keys the provider layer keeps in the store.
const (
	SettingActive        = "provider.active"       // the preset summaries go to
	SettingLocalOnly     = "provider.local_only"   // "on" or "off"
	SettingBeforeLocal   = "provider.before_local" // the preset that was active when local-only went on
	settingPresetBaseURL = "provider.%s.base_url"  // per preset
	settingPresetModel   = "provider.%s.model"     //
	settingPresetContext = "provider.%s.context"   // user-entered context window, tokens
)

// PresetSettings is what the user chose for one preset.
type PresetSettings struct {
	BaseURL       string // "" for the preset's default
	Model         string
	ContextLength int // for models whose service does not report one; 0: none
}

// Manager keeps the provider choices (active preset, per-preset settings, local-only) in the store and
// the API keys in the key store, and opens providers wired to the local-only switch and the egress
// ledger. The desktop app and the command line share one through the same data folder.
type Manager struct {
	store  *store.Store
	keys   *secret.Store
	guard  *netguard.Guard
	policy Policy
	getenv func(string) string
	redact *redact.Redactor // learns every key read or saved; nil learns nothing
}

// ManagerOption configures a Manager.
type ManagerOption func(*Manager)

// WithGuard makes every provider connect through g (default: netguard.New with the system's resolver,
// certificate roots and proxy settings). Tests pass one with their own resolver and certificate roots.
func WithGuard(g *netguard.Guard) ManagerOption { return func(m *Manager) { m.guard = g } }

// WithPolicy sets the retry and timeout policy.
func WithPolicy(p Policy) ManagerOption { return func(m *Manager) { m.policy = p } }

// WithGetenv reads environment variables (OLLAMA_HOST) through getenv.
func WithGetenv(getenv func(string) string) ManagerOption {
	return func(m *Manager) { m.getenv = getenv }
}

// WithRedactor makes the Manager teach r every API key it reads (for a provider it opens, from the key
// store or the environment) or saves, before the key is used, so that whatever a service echoes of it can
// be removed from what Hushnote keeps and shows.
func WithRedactor(r *redact.Redactor) ManagerOption { return func(m *Manager) { m.redact = r } }

// NewManager makes a Manager over a store and a key store.
func NewManager(st *store.Store, keys *secret.Store, opts ...ManagerOption) *Manager {
	m := &Manager{store: st, keys: keys, getenv: os.Getenv}
	for _, o := range opts {
		o(m)
	}
	if m.guard == nil {
		m.guard = netguard.New(netguard.Options{})
	}
	return m
}

// ErrUnknownPreset is returned for a preset name that is not one of Presets.
var ErrUnknownPreset = errors.New("no such provider")

func lookup(name string) (Preset, error) {
	p, ok := PresetByName(name)
	if !ok {
		names := make([]string, 0, 8)
		for _, p := range Presets() {
			names = append(names, p.Name)
		}
		return Preset{}, fmt.Errorf("%w %q (choose one of %s)", ErrUnknownPreset, name, strings.Join(names, ", "))
	}
	return p, nil
}

func (m *Manager) setting(ctx context.Context, key string) (string, error) {
	v, err := m.store.Setting(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return v, err
}

// LocalOnly reports whether local-only mode is on. It is read from the store on every request, so a
// switch flipped in the app holds for a command-line process at once, and the other way round.
func (m *Manager) LocalOnly(ctx context.Context) (bool, error) {
	v, err := m.setting(ctx, SettingLocalOnly)
	return v == "on", err
}

// SetLocalOnly turns local-only mode on (the active provider becomes Ollama; the one before is
// remembered) or off (the remembered provider, with its model and settings, is active again).
func (m *Manager) SetLocalOnly(ctx context.Context, on bool) error {
	was, err := m.LocalOnly(ctx)
	if err != nil || was == on {
		return err
	}
	active, err := m.Active(ctx)
	if err != nil {
		return err
	}
	if on {
		if err := m.store.SetSetting(ctx, SettingBeforeLocal, active.Name); err != nil {
			return err
		}
		if err := m.store.SetSetting(ctx, SettingLocalOnly, "on"); err != nil {
			return err
		}
		return m.store.SetSetting(ctx, SettingActive, Ollama)
	}
	if err := m.store.SetSetting(ctx, SettingLocalOnly, "off"); err != nil {
		return err
	}
	before, err := m.setting(ctx, SettingBeforeLocal)
	if err != nil || before == "" {
		return err
	}
	return m.store.SetSetting(ctx, SettingActive, before)
}

// Active is the preset summaries go to: the one chosen with Use, Ollama until one is.
func (m *Manager) Active(ctx context.Context) (Preset, error) {
	name, err := m.setting(ctx, SettingActive)
	if err != nil {
		return Preset{}, err
	}
	if name == "" {
		name = Ollama
	}
	return lookup(name)
}

// Use makes a preset the active one. A cloud preset is refused while local-only is on.
func (m *Manager) Use(ctx context.Context, name string) error {
	p, err := lookup(name)
	if err != nil {
		return err
	}
	on, err := m.LocalOnly(ctx)
	if err != nil {
		return err
	}
	if on {
		s, err := m.Settings(ctx, p.Name)
		if err != nil {
			return err
		}
		if w := m.Where(ctx, p, s); w.LeavesDevice {
			return &Error{Kind: KindLocalOnly, Provider: p.Title, Host: w.Host, Detail: w.Why}
		}
		// A local choice made while Local only is on is the one to keep when it goes off.
		if err := m.store.SetSetting(ctx, SettingBeforeLocal, p.Name); err != nil {
			return err
		}
	}
	return m.store.SetSetting(ctx, SettingActive, p.Name)
}

// whereTimeout bounds how long Where waits to learn where a model runs (a local Ollama answers at once).
const whereTimeout = 5 * time.Second

// Where says where a preset with the settings s would send transcript text now, decided as the dialer
// decides it: a cloud service leaves; otherwise the address's host is resolved and every address
// checked, and for Ollama the chosen model is asked about (one it hands on to ollama.com leaves, whatever
// it is called). An address that cannot be used counts as leaving. It is what the top bar, `local
// status` and the pickers say; what is sent is decided again at each connection.
func (m *Manager) Where(ctx context.Context, p Preset, s PresetSettings) Where {
	prov, err := New(Config{Preset: p, BaseURL: s.BaseURL, Guard: m.guard, Getenv: m.getenv, Policy: Policy{ListTimeout: whereTimeout}})
	if err != nil {
		return Where{LeavesDevice: true, Why: "its address cannot be used"}
	}
	w, _ := prov.Where(ctx, s.Model) // not reachable now: judged by its address; nothing can be sent to it
	return w
}

// DefaultBaseURL is the address a preset is reached at when the user has not set one (see
// EffectiveBaseURL).
func (m *Manager) DefaultBaseURL(p Preset) string { return EffectiveBaseURL(p, "", m.getenv) }

// EffectiveBaseURL is the address a preset is reached at: the one saved, else for Ollama the
// OLLAMA_HOST environment variable when set (as Ollama's own tools read it), else the preset's default
// ("" for a custom server without one). getenv nil reads the process environment.
func EffectiveBaseURL(p Preset, saved string, getenv func(string) string) string {
	if saved != "" {
		return saved
	}
	if p.API == APIOllama {
		if u := OllamaURLFromEnv(getenv); u != "" {
			return u
		}
	}
	return p.BaseURL
}

// Settings returns what the user chose for a preset.
func (m *Manager) Settings(ctx context.Context, name string) (PresetSettings, error) {
	p, err := lookup(name)
	if err != nil {
		return PresetSettings{}, err
	}
	var s PresetSettings
	if s.BaseURL, err = m.setting(ctx, fmt.Sprintf(settingPresetBaseURL, p.Name)); err != nil {
		return s, err
	}
	if s.Model, err = m.setting(ctx, fmt.Sprintf(settingPresetModel, p.Name)); err != nil {
		return s, err
	}
	c, err := m.setting(ctx, fmt.Sprintf(settingPresetContext, p.Name))
	if err != nil {
		return s, err
	}
	s.ContextLength, _ = strconv.Atoi(c)
	return s, nil
}

// Configure stores a preset's settings. A base URL is checked against the rules first (plain http only
// to this computer) and refused with the reason.
func (m *Manager) Configure(ctx context.Context, name string, s PresetSettings) error {
	p, err := lookup(name)
	if err != nil {
		return err
	}
	if s.BaseURL != "" {
		u, err := ParseBaseURL(p.Title, s.BaseURL)
		if err != nil {
			return err
		}
		if u.Scheme == "http" && !m.guard.OnThisComputer(ctx, u.Hostname()) {
			return &Error{Kind: KindPlaintextRefused, Provider: p.Title, Host: u.Host, Detail: u.Hostname() + " is not this computer"}
		}
		s.BaseURL = u.String()
	}
	if s.ContextLength < 0 {
		return fmt.Errorf("a context size is a number of tokens, not %d", s.ContextLength)
	}
	for key, v := range map[string]string{
		fmt.Sprintf(settingPresetBaseURL, p.Name): s.BaseURL,
		fmt.Sprintf(settingPresetModel, p.Name):   strings.TrimSpace(s.Model),
		fmt.Sprintf(settingPresetContext, p.Name): strconv.Itoa(s.ContextLength),
	} {
		if err := m.store.SetSetting(ctx, key, v); err != nil {
			return err
		}
	}
	return nil
}

// SetKey stores a preset's API key (system keychain, else the fallback file) and says where it went.
func (m *Manager) SetKey(name, key string) (secret.Source, error) {
	p, err := lookup(name)
	if err != nil {
		return secret.SourceNone, err
	}
	m.redact.Add(key)
	return m.keys.Set(p.Name, key)
}

// KeySource says where a preset's key would come from, without reading it.
func (m *Manager) KeySource(name string) (secret.Source, string) {
	p, err := lookup(name)
	if err != nil {
		return secret.SourceNone, ""
	}
	src := m.keys.Where(p.Name, p.KeyEnv)
	return src, m.keys.Describe(src, p.KeyEnv)
}

// DescribeKeySource words a key store for people: "system keychain", "a file only you can read (…)".
func (m *Manager) DescribeKeySource(name string, src secret.Source) string {
	p, _ := PresetByName(name)
	return m.keys.Describe(src, p.KeyEnv)
}

// Open makes the provider for a preset ("" for the active one), with its settings and key, wired to
// the local-only switch and the egress ledger.
func (m *Manager) Open(ctx context.Context, name string) (Provider, PresetSettings, error) {
	var p Preset
	var err error
	if name == "" {
		p, err = m.Active(ctx)
	} else {
		p, err = lookup(name)
	}
	if err != nil {
		return nil, PresetSettings{}, err
	}
	s, err := m.Settings(ctx, p.Name)
	if err != nil {
		return nil, s, err
	}
	var key string
	if p.KeyEnv != "" {
		key, _, err = m.keys.Get(p.Name, p.KeyEnv)
		if err != nil && !errors.Is(err, secret.ErrNoKey) {
			return nil, s, err
		}
		m.redact.Add(key)
	}
	prov, err := New(Config{
		Preset: p, BaseURL: s.BaseURL, APIKey: key, ContextLength: s.ContextLength, Policy: m.policy,
		Guard: m.guard, Getenv: m.getenv,
		Gate: Gate{LocalOnly: m.LocalOnly, Ledger: m.store.AddEgress, Answered: m.store.SetEgressAnsweredBy},
	})
	return prov, s, err
}

// ContextLength finds a model's context window: what the provider's model list says, else what the user
// entered for the preset, else 0 (unknown: the caller must ask; Hushnote does not guess).
func ContextLength(ctx context.Context, p Provider, s PresetSettings, model string) (int, error) {
	models, err := p.Models(ctx)
	if err != nil {
		return 0, err
	}
	for _, m := range models {
		if (m.ID == model || m.ID == model+":latest") && m.ContextLength > 0 {
			return m.ContextLength, nil
		}
	}
	return s.ContextLength, nil
}

// Destination is where summaries go now.
type Destination struct {
	LocalOnly bool
	Preset    Preset // the active preset
	Model     string // its chosen model; "" when none is chosen
	Where     Where  // where its text would go now
}

// Destination reads the switch, the active preset and its model: what the app's top bar and `local
// status` put into words.
func (m *Manager) Destination(ctx context.Context) (Destination, error) {
	on, err := m.LocalOnly(ctx)
	if err != nil {
		return Destination{}, err
	}
	active, err := m.Active(ctx)
	if err != nil {
		return Destination{}, err
	}
	s, err := m.Settings(ctx, active.Name)
	if err != nil {
		return Destination{}, err
	}
	return Destination{LocalOnly: on, Preset: active, Model: s.Model, Where: m.Where(ctx, active, s)}, nil
}

// Choice is a preset the user can write summaries with: one with a chosen model, or the active one.
type Choice struct {
	Preset  Preset
	Model   string // "" when none is chosen yet
	Where   Where  // where its text would go now
	Active  bool
	Blocked bool // local-only is on and the text would leave the device
}

// Choices lists the presets set up with a model, in preset order, and always the active one: what the
// app offers next to Summarize.
func (m *Manager) Choices(ctx context.Context) ([]Choice, error) {
	on, err := m.LocalOnly(ctx)
	if err != nil {
		return nil, err
	}
	active, err := m.Active(ctx)
	if err != nil {
		return nil, err
	}
	var out []Choice
	for _, p := range Presets() {
		s, err := m.Settings(ctx, p.Name)
		if err != nil {
			return nil, err
		}
		if s.Model == "" && p.Name != active.Name {
			continue
		}
		w := m.Where(ctx, p, s)
		out = append(out, Choice{Preset: p, Model: s.Model, Where: w, Active: p.Name == active.Name, Blocked: on && w.LeavesDevice})
	}
	return out, nil
}
