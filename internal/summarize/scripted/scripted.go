// Package scripted is an in-process language model for tests of the summary engine and the screens: it
// is deterministic, has a context window it enforces the way real services do, streams with a set
// latency, fails on request, and can answer by echoing the prompt's lines that carry a marker — so a
// test can tell, without a real model, whether every planted item reached the final notes.
package scripted

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"hushnote/internal/provider"
)

// Provider is a scripted model. Set its fields before the first call.
type Provider struct {
	Name string // preset name reported by Info (default "scripted")
	// Local makes it behave like Ollama: a prompt longer than the window is cut at the front (the model
	// sees only the end) and the call fails with provider.ErrContextTruncated after answering, as the
	// provider layer reports it. Otherwise it behaves like a cloud service: such a prompt is refused
	// with provider.ErrContextTooLong before anything is answered.
	Local bool
	// Window is the context window in tokens (default 8192); CharsPerToken its tokenizer (default 4).
	Window        int
	CharsPerToken float64
	// Marker: when set, the answer is, for every line of the visible prompt that contains it, the marker
	// and what follows it on the line, in order.
	// Otherwise the answer is Answer (default "## Summary\nNotes.").
	Marker string
	Answer string
	// Sections, when set (and Marker is not), answers the final request with every "## " heading of the
	// template's instructions, each followed by a line of notes: a model that follows the template.
	Sections bool
	// TokenDelay is the time between answer pieces; Latency the time before the first.
	TokenDelay time.Duration
	Latency    time.Duration
	// Hold, when set, stops the answer after HoldAfter pieces until Hold is closed or the call is
	// cancelled: a run that is surely still going when the test acts on it, however slow the machine.
	Hold      chan struct{}
	HoldAfter int
	// Fail, when set, is asked before each call (numbered from 1) and may return an error to fail it.
	Fail func(call int) error

	mu      sync.Mutex
	calls   int
	prompts []string
	active  int
	maxSeen int
}

// Info says who it is.
func (p *Provider) Info() provider.Info {
	name := p.Name
	if name == "" {
		name = "scripted"
	}
	return provider.Info{Preset: name, Name: "Scripted model", BaseURL: "scripted://local", Host: "scripted"}
}

// Where says the text stays on this device when Local is set, and leaves it otherwise.
func (p *Provider) Where(context.Context, string) (provider.Where, error) {
	if p.Local {
		return provider.Where{Host: "scripted"}, nil
	}
	return provider.Where{LeavesDevice: true, Host: "scripted", Why: "a cloud service"}, nil
}

// Check always succeeds.
func (p *Provider) Check(context.Context) (provider.Status, error) {
	return provider.Status{Reachable: true, Authenticated: true, ChatModels: 1}, nil
}

// Models lists one model with the window.
func (p *Provider) Models(context.Context) ([]provider.Model, error) {
	return []provider.Model{{ID: "scripted", DisplayName: "Scripted", ContextLength: p.window(), Chat: true}}, nil
}

func (p *Provider) window() int {
	if p.Window <= 0 {
		return 8192
	}
	return p.Window
}

func (p *Provider) cpt() float64 {
	if p.CharsPerToken <= 0 {
		return 4
	}
	return p.CharsPerToken
}

// Calls is how many chat calls were made; Prompts what they said (system and user joined).
func (p *Provider) Calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

// Prompts returns the prompts of the calls so far.
func (p *Provider) Prompts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.prompts...)
}

// MaxConcurrent is the most calls that ran at the same time.
func (p *Provider) MaxConcurrent() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxSeen
}

// Chat answers as configured.
func (p *Provider) Chat(ctx context.Context, req provider.Request, fn func(provider.Chunk) error) (provider.Usage, error) {
	var all strings.Builder
	for _, m := range req.Messages {
		all.WriteString(m.Content)
		all.WriteByte('\n')
	}
	prompt := all.String()
	p.mu.Lock()
	p.calls++
	call := p.calls
	p.prompts = append(p.prompts, prompt)
	p.active++
	p.maxSeen = max(p.maxSeen, p.active)
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.active--
		p.mu.Unlock()
	}()
	if p.Fail != nil {
		if err := p.Fail(call); err != nil {
			return provider.Usage{Sent: !refusedBeforeSending(err)}, err
		}
	}
	cpt := p.cpt()
	tokens := int(float64(utf8.RuneCountInString(prompt))/cpt) + 1
	room := p.window() - req.MaxTokens
	visible := prompt
	cut := false
	if tokens > room {
		if !p.Local {
			return provider.Usage{Sent: true}, &provider.Error{Kind: provider.KindContextTooLong, Provider: "Scripted model", Status: 400}
		}
		keep := int(float64(room) * cpt)
		r := []rune(prompt)
		visible = string(r[len(r)-min(keep, len(r)):])
		cut = true
		tokens = room
	}
	answer := p.Answer
	if p.Marker != "" {
		var lines []string
		for _, l := range strings.Split(visible, "\n") {
			if i := strings.Index(l, p.Marker); i >= 0 {
				lines = append(lines, strings.TrimSpace(l[i:]))
			}
		}
		answer = "- " + strings.Join(lines, "\n- ")
		if len(lines) == 0 {
			answer = "No marked items."
		}
	} else if p.Sections && strings.Contains(visible, "## ") {
		var b strings.Builder
		for _, l := range strings.Split(visible, "\n") {
			l = strings.TrimSpace(l)
			if i := strings.Index(l, "## "); i >= 0 && i <= 4 && !strings.Contains(l, "`") {
				b.WriteString(l[i:] + "\nNotes for this section.\n\n")
			}
		}
		answer = b.String()
	} else if answer == "" {
		answer = "## Summary\nNotes."
	}
	if req.MaxTokens > 0 { // a real model stops at its answer budget
		if limit := int(float64(req.MaxTokens) * cpt); utf8.RuneCountInString(answer) > limit {
			answer = string([]rune(answer)[:limit])
		}
	}
	if err := sleep(ctx, p.Latency); err != nil {
		return provider.Usage{Sent: true}, err
	}
	start := time.Now()
	usage := provider.Usage{PromptTokens: tokens, LeftDevice: !p.Local, Host: "scripted", Sent: true}
	for i, piece := range pieces(answer) {
		if i > 0 {
			if err := sleep(ctx, p.TokenDelay); err != nil {
				return usage, err
			}
		}
		if i == 0 {
			usage.FirstToken = time.Since(start)
		}
		if p.Hold != nil && i == p.HoldAfter {
			select {
			case <-p.Hold:
			case <-ctx.Done():
				return usage, ctx.Err()
			}
		}
		usage.AnswerTokens++
		if err := fn(provider.Chunk{Text: piece}); err != nil {
			return usage, err
		}
	}
	if cut {
		return usage, &provider.Error{Kind: provider.KindContextTruncated, Provider: "Scripted model"}
	}
	return usage, nil
}

// pieces splits an answer into word-sized stream pieces that join back to it.
func pieces(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexAny(s[1:], " \n")
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// refusedBeforeSending reports whether a failure Fail asks for is one the provider layer gives before
// anything is sent (Local only, plain http, the ledger unwritable, no server, an untrusted certificate):
// the call then reports nothing sent, as a real provider does. Any other failure counts as the
// service's answer to a request it received.
func refusedBeforeSending(err error) bool {
	for _, k := range []error{provider.ErrLocalOnly, provider.ErrPlaintext, provider.ErrNotSent, provider.ErrUnreachable, provider.ErrCertificate} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

// ErrInjected is a failure a test asks for.
var ErrInjected = errors.New("injected failure")
