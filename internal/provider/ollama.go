package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/ollama/ollama/api"
)

// ollamaStartHint is what to do when Ollama does not answer on this computer.
const ollamaStartHint = "start it with `ollama serve` (or open the Ollama app)"

// ollamaProvider speaks Ollama's native API: /api/chat with options.num_ctx sized to each request, never
// the /v1 compatibility endpoint, which ignores num_ctx and lets Ollama cut long prompts silently.
type ollamaProvider struct {
	endpoint
	client *api.Client

	mu    sync.Mutex
	shown map[string]modelFacts // /api/show answers, by model, for the model lists
}

// modelFacts is what /api/show says about a model.
type modelFacts struct {
	contextLength int // trained context, from model_info["<arch>.context_length"]
	chat          bool
	thinking      bool
	remoteHost    string // where Ollama hands the model's requests on to (remote_host); "" when it runs it here
}

func newOllama(e endpoint) *ollamaProvider {
	return &ollamaProvider{endpoint: e, client: api.NewClient(e.base, e.guard.Client()), shown: map[string]modelFacts{}}
}

func (p *ollamaProvider) Info() Info { return p.info() }

// Where says where the text for model goes: the server's address as the dialer judges it, and then
// whether Ollama runs the model itself or hands it on (remote_host in /api/show), asked now. A model
// Ollama cannot describe (not installed, Ollama not running) is judged by the address alone: nothing
// can be sent to it.
func (p *ollamaProvider) Where(ctx context.Context, model string) (Where, error) {
	w := p.where(ctx)
	if w.LeavesDevice || model == "" {
		return w, nil
	}
	f, err := p.show(ctx, model)
	if err != nil {
		return w, err
	}
	if f.remoteHost != "" {
		host, _ := remoteHostPort(f.remoteHost)
		return Where{LeavesDevice: true, Host: host, Why: "Ollama runs " + model + " on " + RemoteHostName(f.remoteHost)}, nil
	}
	return w, nil
}

// hostOnly drops the port of host:port.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

// err words an Ollama failure.
func (p *ollamaProvider) err(ctx context.Context, err error, started bool) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if ne := p.netError(err); ne != nil {
		return ne
	}
	var se api.StatusError
	if errors.As(err, &se) {
		e := statusError(p.endpoint, se.StatusCode, nil, shorten(se.ErrorMessage))
		if se.StatusCode == http.StatusNotFound {
			e.Detail = shorten(se.ErrorMessage) + "; pull it first: hushnote ollama pull MODEL"
		}
		return e
	}
	var pe *Error
	if errors.As(err, &pe) {
		return err
	}
	var ue *url.Error
	switch {
	case errors.As(err, &ue) && started:
		return &Error{Kind: KindStreamBroken, Provider: p.preset.Title, Host: p.base.Host, Err: err}
	case errors.As(err, &ue):
		e := &Error{Kind: KindUnreachable, Provider: p.preset.Title, Host: p.base.Host, Err: err}
		if !p.preset.Cloud && p.guard.OnThisComputer(ctx, p.base.Hostname()) {
			e.Hint = ollamaStartHint
		}
		return e
	default: // an error line from Ollama itself
		return &Error{Kind: KindServerError, Provider: p.preset.Title, Host: p.base.Host, Detail: shorten(err.Error()), Err: err}
	}
}

func (p *ollamaProvider) Check(ctx context.Context) (Status, error) {
	var v string
	err := p.list(ctx, "its version", func(ctx context.Context) error {
		var err error
		v, err = p.client.Version(ctx)
		return p.err(ctx, err, false)
	})
	if err != nil {
		return Status{}, err
	}
	st := Status{Reachable: true, Authenticated: true, Version: v}
	models, err := p.Models(ctx)
	if err != nil {
		return st, err
	}
	st.Models = models
	for _, m := range models {
		if m.Chat {
			st.ChatModels++
		}
	}
	return st, nil
}

// Models lists the installed models with their trained context length (from /api/show, cached).
func (p *ollamaProvider) Models(ctx context.Context) ([]Model, error) {
	var list *api.ListResponse
	err := p.list(ctx, "its model list", func(ctx context.Context) error {
		var err error
		list, err = p.client.List(ctx)
		return p.err(ctx, err, false)
	})
	if err != nil {
		return nil, err
	}
	models := make([]Model, 0, len(list.Models))
	for _, m := range list.Models {
		facts, err := p.facts(ctx, m.Name)
		if err != nil {
			return nil, err
		}
		models = append(models, Model{
			ID: m.Name, DisplayName: m.Name, Organization: m.Details.Family, Type: m.Details.ParameterSize,
			ContextLength: facts.contextLength, Chat: facts.chat, Thinking: facts.thinking, Size: m.Size,
			RemoteHost: firstNonEmpty(m.RemoteHost, facts.remoteHost),
		})
	}
	return models, nil
}

// facts asks /api/show about a model once, for the model lists.
func (p *ollamaProvider) facts(ctx context.Context, model string) (modelFacts, error) {
	p.mu.Lock()
	f, ok := p.shown[model]
	p.mu.Unlock()
	if ok {
		return f, nil
	}
	return p.show(ctx, model)
}

// show asks /api/show about a model now (a request carrying no meeting text, bounded like a list) and
// keeps the answer for the lists.
func (p *ollamaProvider) show(ctx context.Context, model string) (modelFacts, error) {
	var f modelFacts
	var resp *api.ShowResponse
	err := p.list(ctx, "the details of "+model, func(ctx context.Context) error {
		var err error
		resp, err = p.client.Show(ctx, &api.ShowRequest{Model: model})
		return p.err(ctx, err, false)
	})
	if err != nil {
		return modelFacts{}, err
	}
	f.remoteHost = resp.RemoteHost
	for k, v := range resp.ModelInfo {
		if strings.HasSuffix(k, ".context_length") {
			if n, ok := v.(float64); ok {
				f.contextLength = int(n)
			}
		}
	}
	caps := make([]string, 0, len(resp.Capabilities))
	for _, c := range resp.Capabilities {
		caps = append(caps, string(c))
	}
	f.chat = len(caps) == 0 || slices.Contains(caps, "completion")
	f.thinking = slices.Contains(caps, "thinking")
	p.mu.Lock()
	p.shown[model] = f
	p.mu.Unlock()
	return f, nil
}

// defaultAnswerTokens is the answer budget num_ctx leaves room for when the request sets none.
const defaultAnswerTokens = 1024

// contextFor sizes num_ctx: the prompt (the caller's estimate, or a conservative one) plus the answer,
// with a margin for the chat template, rounded up to 256 and capped at the model's trained context.
func contextFor(req Request, trained int) int {
	if req.ContextSize > 0 {
		return req.ContextSize
	}
	prompt := req.PromptTokens
	if prompt <= 0 {
		prompt = int(float64(req.Chars())/fallbackCharsPerToken) + 1
	}
	answer := req.MaxTokens
	if answer <= 0 {
		answer = defaultAnswerTokens
	}
	n := prompt + answer + 16*len(req.Messages) + 64
	n = (n + 255) / 256 * 256
	if trained > 0 {
		n = min(n, trained)
	}
	return n
}

// maxCharsPerToken bounds what any tokenizer packs into a token on average; a prompt read as fewer
// tokens than its characters divided by this was not read whole.
const maxCharsPerToken = 8

// truncated reports whether Ollama cut the prompt. A server that cuts keeps exactly the context window's
// worth, so the count of prompt tokens it read comes back at (or just under) num_ctx; a server that ran
// at a smaller window than asked (a memory or server-side cap) reads far fewer tokens than the prompt
// can have.
func truncated(promptEval, numCtx, chars int) bool {
	if numCtx <= 0 || promptEval <= 0 {
		return false
	}
	return promptEval >= numCtx-max(4, numCtx/100) || promptEval < chars/maxCharsPerToken
}

// Chat streams an answer from /api/chat with num_ctx sized to the request. Whether Ollama runs the model
// itself is asked now (/api/show), whatever the model is called: one it hands on to another machine
// (remote_host, Ollama's cloud models) counts as leaving the device — refused while Local only is on,
// recorded in the egress ledger with the remote host otherwise.
func (p *ollamaProvider) Chat(ctx context.Context, req Request, fn func(Chunk) error) (Usage, error) {
	facts, err := p.show(ctx, req.Model)
	if err != nil {
		return Usage{}, err
	}
	numCtx := contextFor(req, facts.contextLength)
	opts := map[string]any{"num_ctx": numCtx}
	if req.MaxTokens > 0 {
		opts["num_predict"] = req.MaxTokens
	}
	if req.Temperature != nil {
		opts["temperature"] = *req.Temperature
	}
	msgs := make([]api.Message, 0, len(req.Messages))
	for _, m := range req.Messages {
		msgs = append(msgs, api.Message{Role: string(m.Role), Content: m.Content})
	}
	// truncate:false makes Ollama refuse a prompt that does not fit instead of cutting its front off
	// silently; shift:false stops an answer at the window instead of pushing the transcript out of it.
	// An older server that ignores them is caught afterwards by the prompt_eval_count check.
	stream, no := true, false
	creq := &api.ChatRequest{Model: req.Model, Messages: msgs, Stream: &stream, Options: opts, Truncate: &no, Shift: &no}
	if facts.thinking {
		creq.Think = &api.ThinkValue{Value: false}
	}
	usage, err := p.chat(ctx, req, facts.remoteHost, func(ctx context.Context) (Usage, bool, string, error) {
		return p.stream(ctx, creq, answerLimit(req), fn)
	})
	usage.ContextSize = numCtx
	if err != nil {
		return usage, err
	}
	if truncated(usage.PromptTokens, numCtx, req.Chars()) {
		return usage, &Error{Kind: KindContextTruncated, Provider: p.preset.Title, Host: p.base.Host,
			Detail: fmt.Sprintf("it read %d prompt tokens with num_ctx %d", usage.PromptTokens, numCtx)}
	}
	return usage, nil
}

func (p *ollamaProvider) stream(ctx context.Context, creq *api.ChatRequest, limit int, fn func(Chunk) error) (Usage, bool, string, error) {
	at := newAttempt(fn, limit)
	wctx, wd := newWatchdog(ctx, p.policy.FirstTokenTimeout, p.policy.StallTimeout)
	done := false
	model := ""
	err := p.client.Chat(wctx, creq, func(r api.ChatResponse) error {
		wd.alive()
		if r.RemoteModel != "" {
			model = r.RemoteModel
		}
		if !at.deliver(r.Message.Content) {
			return at.cbErr
		}
		if r.Done {
			done = true
			at.usage.PromptTokens, at.usage.AnswerTokens = r.PromptEvalCount, r.EvalCount
		}
		return nil
	})
	stalled := wd.stop(wctx)
	u, started, err := at.end(ctx, p.endpoint, stalled, err, done, func(err error) error { return p.err(ctx, err, at.started) })
	return u, started, model, err
}

// PullProgress is how far a model download has come, all layers together.
type PullProgress struct {
	Status    string
	Completed int64 // bytes
	Total     int64 // bytes; 0 until known
}

// Fraction is the share done, 0 to 1 (0 while the size is unknown).
func (p PullProgress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(1, float64(p.Completed)/float64(p.Total))
}

// Puller is a provider that can download models (Ollama).
type Puller interface {
	Pull(ctx context.Context, model string, fn func(PullProgress)) error
}

// registryHost returns the registry host a model name names ("host:port/namespace/model"), or "" for
// Ollama's own registry or a name that asks for https://.
func registryHost(model string) string {
	// Read from the right, as Ollama does: [scheme://]host/namespace/model[:tag].
	i := strings.LastIndex(model, "/")
	if i < 0 {
		return ""
	}
	host := model[:i]
	if i = strings.LastIndex(host, "/"); i < 0 {
		return "" // "namespace/model": Ollama's own registry
	}
	host = host[:i]
	if scheme, rest, ok := strings.Cut(host, "://"); ok {
		if scheme != "http" {
			return ""
		}
		host = rest
	}
	host = hostOnly(host)
	if strings.Contains(host, "/") {
		return ""
	}
	return host
}

// registryOnThisComputer reports whether a model name names its registry and every address that
// registry resolves to is this computer. Plain http is allowed there, as everywhere on this computer, so
// Ollama is told to pull over http (its "insecure"); a name that asks for https:// keeps it.
func (p *ollamaProvider) registryOnThisComputer(ctx context.Context, model string) bool {
	host := registryHost(model)
	return host != "" && p.guard.OnThisComputer(ctx, host)
}

// Pull downloads a model, reporting progress summed over its layers. Cancel it with ctx.
//
// A download carries no meeting text: it goes through the guard like every request (Local only
// still refuses an Ollama on another computer) but is not an egress ledger row.
func (p *ollamaProvider) Pull(ctx context.Context, model string, fn func(PullProgress)) error {
	insecure := p.registryOnThisComputer(ctx, model)
	layers := map[string][2]int64{} // digest -> completed, total
	stream := true
	last := ""
	_, err := p.send(ctx, nil, "", func(ctx context.Context) error {
		return p.client.Pull(ctx, &api.PullRequest{Model: model, Stream: &stream, Insecure: insecure}, func(r api.ProgressResponse) error {
			last = r.Status
			if r.Digest != "" {
				layers[r.Digest] = [2]int64{r.Completed, r.Total}
			}
			var prog PullProgress
			prog.Status = r.Status
			for _, l := range layers {
				prog.Completed += l[0]
				prog.Total += l[1]
			}
			if fn != nil {
				fn(prog)
			}
			return nil
		})
	})
	if ctx.Err() != nil { // the api client ends a cancelled stream without an error
		return ctx.Err()
	}
	if err == nil && last != "success" {
		err = errors.New("the download stopped before it finished")
	}
	if err == nil {
		p.mu.Lock()
		delete(p.shown, model)
		p.mu.Unlock()
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) || p.netError(err) != nil { // Ollama itself did not answer, or was not asked
		return p.err(ctx, err, false)
	}
	msg := err.Error()
	var se api.StatusError
	if errors.As(err, &se) {
		msg = se.ErrorMessage
	}
	return &Error{Kind: KindPullFailed, Provider: p.preset.Title, Host: p.base.Host, Detail: shorten(msg), Err: err}
}
