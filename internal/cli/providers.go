package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"hushnote/internal/privacy"
	"hushnote/internal/provider"
	"hushnote/internal/secret"
)

// providerRow is one line of `provider list --json`.
type providerRow struct {
	Name          string `json:"name"`
	Title         string `json:"title"`
	Active        bool   `json:"active"`
	Configured    bool   `json:"configured"`
	Cloud         bool   `json:"cloud"`
	BaseURL       string `json:"base_url"`
	Model         string `json:"model"`
	ContextLength int    `json:"context_length,omitempty"`
	KeyStore      string `json:"key_store"` // keychain, file, env or none
	KeyStoreText  string `json:"key_store_text"`
}

func runProviderList(ctx context.Context, c *call) error {
	active, err := c.prov.Active(ctx)
	if err != nil {
		return err
	}
	var rows []providerRow
	for _, p := range provider.Presets() {
		s, err := c.prov.Settings(ctx, p.Name)
		if err != nil {
			return err
		}
		src, text := c.prov.KeySource(p.Name)
		base := provider.EffectiveBaseURL(p, s.BaseURL, c.getenv())
		if p.KeyEnv == "" || !p.Cloud && src == secret.SourceNone {
			text = "no key needed"
		}
		rows = append(rows, providerRow{
			Name: p.Name, Title: p.Title, Active: p.Name == active.Name, Cloud: p.Cloud, BaseURL: base, Model: s.Model,
			ContextLength: s.ContextLength, KeyStore: string(src), KeyStoreText: text,
			Configured: base != "" && (!p.Cloud || src != secret.SourceNone),
		})
	}
	if c.has("json") {
		return printJSON(c.Stdout, rows)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\tPROVIDER\tCONFIGURED\tMODEL\tKEY\tADDRESS")
	for _, r := range rows {
		mark := ""
		if r.Active {
			mark = "*"
		}
		model := r.Model
		if model == "" {
			model = "-"
		}
		fmt.Fprintf(tw, "%s\t%s (%s)\t%s\t%s\t%s\t%s\n", mark, r.Title, r.Name, yesNo(r.Configured), model, r.KeyStoreText, r.BaseURL)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	on, err := c.prov.LocalOnly(ctx)
	if err != nil {
		return err
	}
	if on {
		fmt.Fprintln(c.Stdout, "\nLocal only is on: summaries stay on this device.")
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (c *call) getenv() func(string) string {
	if c.Getenv != nil {
		return c.Getenv
	}
	return os.Getenv
}

func runProviderSet(ctx context.Context, c *call) error {
	name := c.args[0]
	s, err := c.prov.Settings(ctx, name)
	if err != nil {
		return err
	}
	if !c.has("base-url") && !c.has("model") && !c.has("context") {
		return usagef("say what to set: --base-url, --model or --context")
	}
	if c.has("base-url") {
		s.BaseURL = c.flags["base-url"]
	}
	if c.has("model") {
		s.Model = c.flags["model"]
	}
	if c.has("context") {
		n, err := strconv.Atoi(c.flags["context"])
		if err != nil || n < 0 {
			return usagef("--context is a number of tokens, like 8192")
		}
		s.ContextLength = n
	}
	if err := c.prov.Configure(ctx, name, s); err != nil {
		return err
	}
	s, _ = c.prov.Settings(ctx, name)
	p, _ := provider.PresetByName(name)
	fmt.Fprintf(c.Stdout, "%s: address %s, model %s", p.Title, orDefault(s.BaseURL, "default"), orDefault(s.Model, "not chosen"))
	if s.ContextLength > 0 {
		fmt.Fprintf(c.Stdout, ", context %d tokens", s.ContextLength)
	}
	fmt.Fprintln(c.Stdout)
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// runProviderKey reads the key from standard input, never from the command line (where other users
// and the shell's history could see it).
func runProviderKey(ctx context.Context, c *call) error {
	p, ok := provider.PresetByName(c.args[0])
	if !ok {
		return usagef("no such provider %q", c.args[0])
	}
	// From a terminal the key ends at Enter; from a file or a pipe it is everything there is, so a key
	// with a line break inside is refused whole (by SetKey) rather than cut at the break.
	in := io.LimitReader(c.Stdin, secret.MaxKeyLen+2)
	var text string
	var err error
	if c.tty.in && c.tty.err {
		fmt.Fprintf(c.Stderr, "Paste the %s API key and press Enter: ", p.Title)
		text, err = bufio.NewReader(in).ReadString('\n')
	} else {
		var b []byte
		b, err = io.ReadAll(in)
		text = string(b)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read the key from standard input: %w", err)
	}
	key := strings.TrimSpace(text)
	if key == "" {
		return usagef("no key on standard input; e.g.: hushnote provider key %s < key.txt", p.Name)
	}
	src, err := c.prov.SetKey(p.Name, key)
	if err != nil {
		return err
	}
	where := c.prov.DescribeKeySource(p.Name, src)
	if src == secret.SourceFile {
		where += ", because no system keychain answered"
	}
	fmt.Fprintf(c.Stdout, "Saved the %s key in %s.\n", p.Title, where)
	if p.KeyEnv != "" && c.getenv()(p.KeyEnv) != "" {
		fmt.Fprintf(c.Stdout, "Note: %s is set in the environment and is used first.\n", p.KeyEnv)
	}
	return nil
}

func runProviderUse(ctx context.Context, c *call) error {
	if err := c.prov.Use(ctx, c.args[0]); err != nil {
		return err
	}
	p, _ := provider.PresetByName(c.args[0])
	s, _ := c.prov.Settings(ctx, p.Name)
	fmt.Fprintf(c.Stdout, "Summaries now go to %s", p.Title)
	if s.Model != "" {
		fmt.Fprintf(c.Stdout, " (model %s)", s.Model)
	}
	fmt.Fprintln(c.Stdout, ".")
	return nil
}

func runProviderTest(ctx context.Context, c *call) error {
	name := ""
	if len(c.args) == 1 {
		name = c.args[0]
	}
	p, _, err := c.prov.Open(ctx, name)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	st, err := p.Check(ctx)
	info := p.Info()
	if err != nil {
		return err
	}
	parts := []string{"reachable"}
	if info.Preset != provider.Ollama {
		parts = append(parts, "key accepted")
	} else {
		parts = append(parts, "version "+st.Version)
	}
	parts = append(parts, fmt.Sprintf("%d chat models", st.ChatModels))
	where := "on this device"
	if w, _ := p.Where(ctx, ""); w.LeavesDevice {
		where = "not on this device: " + w.Why
	}
	fmt.Fprintf(c.Stdout, "%s at %s (%s): %s\n", info.Name, info.Host, where, strings.Join(parts, ", "))
	return nil
}

// modelRow is one line of `provider models --json`.
type modelRow struct {
	ID            string  `json:"id"`
	DisplayName   string  `json:"display_name"`
	Type          string  `json:"type,omitempty"`
	ContextLength int     `json:"context_length"` // 0: unknown
	InputPrice    float64 `json:"input_price_per_million"`
	OutputPrice   float64 `json:"output_price_per_million"`
	Chat          bool    `json:"chat"`
}

func runProviderModels(ctx context.Context, c *call) error {
	name := ""
	if len(c.args) == 1 {
		name = c.args[0]
	}
	p, _, err := c.prov.Open(ctx, name)
	if err != nil {
		return err
	}
	models, err := p.Models(ctx)
	if err != nil {
		return err
	}
	rows := []modelRow{}
	unknown := 0
	for _, m := range models {
		if !m.Chat && !c.has("all") {
			continue
		}
		if m.ContextLength == 0 {
			unknown++
		}
		rows = append(rows, modelRow{ID: m.ID, DisplayName: m.DisplayName, Type: m.Type, ContextLength: m.ContextLength, InputPrice: m.InputPrice, OutputPrice: m.OutputPrice, Chat: m.Chat})
	}
	if c.has("json") {
		return printJSON(c.Stdout, rows)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tNAME\tCONTEXT\t$ IN/M\t$ OUT/M")
	for _, r := range rows {
		ctxText := "unknown"
		if r.ContextLength > 0 {
			ctxText = strconv.Itoa(r.ContextLength)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.DisplayName, ctxText, money(r.InputPrice), money(r.OutputPrice))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if unknown > 0 {
		fmt.Fprintf(c.Stderr, "%d models do not say their context size; set it with: hushnote provider set %s --context TOKENS\n", unknown, p.Info().Preset)
	}
	return nil
}

func money(f float64) string {
	if f == 0 {
		return "-"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func runProviderCard(ctx context.Context, c *call) error {
	card, ok := privacy.Lookup(c.args[0])
	if !ok {
		return usagef("no such provider %q", c.args[0])
	}
	_, err := fmt.Fprint(c.Stdout, card.Text())
	return err
}

func runLocal(ctx context.Context, c *call) error {
	switch c.args[0] {
	case "on", "off":
		if err := c.prov.SetLocalOnly(ctx, c.args[0] == "on"); err != nil {
			return err
		}
	case "status":
	default:
		return usagef("say on, off or status")
	}
	d, err := c.prov.Destination(ctx)
	if err != nil {
		return err
	}
	model := ""
	if d.Model != "" {
		model = " · " + d.Model
	}
	switch {
	case d.LocalOnly && d.Where.LeavesDevice:
		fmt.Fprintf(c.Stdout, "Local only: on — nothing is sent: %s%s is not on this device (%s); choose a model that runs here.\n", d.Preset.Title, model, d.Where.Why)
	case d.LocalOnly:
		fmt.Fprintf(c.Stdout, "Local only: on — summaries stay on this device (%s%s); nothing is sent to a cloud provider.\n", d.Preset.Title, model)
	case d.Where.LeavesDevice:
		fmt.Fprintf(c.Stdout, "Local only: off — summaries go to %s%s; the text leaves this device (%s) and every request is recorded.\n", d.Preset.Title, model, d.Where.Why)
	default:
		fmt.Fprintf(c.Stdout, "Local only: off — summaries go to %s%s, on this device.\n", d.Preset.Title, model)
	}
	return nil
}

func runOllamaPull(ctx context.Context, c *call) error {
	p, _, err := c.prov.Open(ctx, provider.Ollama)
	if err != nil {
		return err
	}
	puller, ok := p.(provider.Puller)
	if !ok {
		return errors.New("this provider cannot download models")
	}
	model := c.args[0]
	tty := c.tty.out
	lastStatus, lastPct := "", -1
	err = puller.Pull(ctx, model, func(pr provider.PullProgress) {
		pct := int(pr.Fraction() * 100)
		if tty {
			fmt.Fprintf(c.tty.rawOut, "\r\033[K%s %s", bar(pr.Fraction(), 30), visible(c.Redactor.Scrub(pullLine(pr))))
			return
		}
		if pr.Status != lastStatus || pct/10 != lastPct/10 {
			fmt.Fprintln(c.Stdout, pullLine(pr))
			lastStatus, lastPct = pr.Status, pct
		}
	})
	if tty {
		fmt.Fprintln(c.Stdout)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "Pulled %s.\n", model)
	return nil
}

func pullLine(pr provider.PullProgress) string {
	if pr.Total <= 0 {
		return pr.Status
	}
	return fmt.Sprintf("%s %3d%% (%s of %s)", pr.Status, int(pr.Fraction()*100), mb(pr.Completed), mb(pr.Total))
}

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

func bar(f float64, width int) string {
	n := int(f * float64(width))
	return "[" + strings.Repeat("#", n) + strings.Repeat(" ", width-n) + "]"
}

// ledgerRow is one line of `ledger --json`.
type ledgerRow struct {
	At         string `json:"at"`
	Provider   string `json:"provider"`
	Host       string `json:"host"`
	Proxy      string `json:"proxy,omitempty"`
	Model      string `json:"model"`
	AnsweredBy string `json:"answered_by,omitempty"`
	CharsSent  int    `json:"chars_sent"`
	MeetingID  int64  `json:"meeting_id,omitempty"`
	// MeetingDeleted says that meeting has since been deleted.
	MeetingDeleted bool `json:"meeting_deleted,omitempty"`
	TLS            bool `json:"tls"`
}

func runLedger(ctx context.Context, c *call) error {
	rows, err := c.st.EgressLedger(ctx, 0)
	if err != nil {
		return err
	}
	if c.has("json") {
		out := make([]ledgerRow, 0, len(rows))
		for _, r := range rows {
			out = append(out, ledgerRow{At: r.At.UTC().Format(time.RFC3339), Provider: r.Provider, Host: r.Host, Proxy: r.Proxy, Model: r.Model,
				AnsweredBy: r.AnsweredBy, CharsSent: r.CharsSent, MeetingID: r.MeetingID, MeetingDeleted: r.MeetingDeleted, TLS: r.TLS})
		}
		return printJSON(c.Stdout, out)
	}
	if len(rows) == 0 {
		fmt.Fprintln(c.Stdout, "Nothing has left this device.")
		return nil
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tPROVIDER\tHOST\tMODEL\tCHARACTERS\tMEETING\tTLS")
	for _, r := range rows {
		meeting := "-"
		if r.MeetingID != 0 {
			meeting = strconv.FormatInt(r.MeetingID, 10)
		}
		if r.MeetingDeleted {
			meeting += " (deleted meeting)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.At.Local().Format("2006-01-02 15:04:05"), r.Provider, r.Route(), r.ModelLine(), r.CharsSent, meeting, yesNo(r.TLS))
	}
	return tw.Flush()
}
