package provider

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"

	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
)

// openAICompatible speaks the OpenAI chat-completions API: Together AI, OpenAI, Groq, OpenRouter,
// Mistral, Gemini's compatibility endpoint, and custom servers (LM Studio, llama.cpp, vLLM).
type openAICompatible struct {
	endpoint
	key           string
	contextLength int // what the user entered for models the service does not describe
	newStream     chatStreamer
}

// chatStreamer starts a streamed chat completion: openai.ChatCompletionService.NewStreaming.
//
// The provider keeps this one method rather than the whole service: a value of a type that a program
// converts to an interface keeps every exported method of that type in the binary once anything calls
// reflect's MethodByName, which Fyne does (through text/template). The service's other methods (New,
// Get, Update, List, Delete and the stored-messages listing) would cost 0.2 MB of dead code.
type chatStreamer func(context.Context, openai.ChatCompletionNewParams, ...option.RequestOption) *ssestream.Stream[openai.ChatCompletionChunk]

func newOpenAICompatible(e endpoint, cfg Config) *openAICompatible {
	p := &openAICompatible{endpoint: e, key: cfg.APIKey, contextLength: cfg.ContextLength}
	// Built from options only (not openai.NewClient), so no OPENAI_* environment setting can add a
	// header or swap the key: what is sent is what Hushnote decided. One retry policy: ours. Its only
	// way out is the guard's client.
	chat := openai.NewChatCompletionService(
		option.WithHTTPClient(e.guard.Client()),
		option.WithBaseURL(e.base.String()+"/"),
		option.WithAPIKey(p.key),
		option.WithMaxRetries(0),
	)
	p.newStream = chat.NewStreaming
	return p
}

func (p *openAICompatible) Info() Info { return p.info() }

// Where says where the text goes: the service's address, judged as the dialer judges it.
func (p *openAICompatible) Where(ctx context.Context, _ string) (Where, error) {
	return p.where(ctx), nil
}

// needKey refuses before sending when a cloud preset has no key. While Local only is on that is not
// what stops the request, so it says Local only (the connection would be refused for it anyway).
func (p *openAICompatible) needKey(ctx context.Context) error {
	if p.key != "" || !p.preset.Cloud {
		return nil
	}
	if p.gate.LocalOnly != nil {
		if on, err := p.gate.LocalOnly(ctx); err == nil && on {
			return &Error{Kind: KindLocalOnly, Provider: p.preset.Title, Host: p.base.Host}
		}
	}
	return &Error{Kind: KindUnauthorized, Provider: p.preset.Title, Host: p.base.Host, Detail: "no API key is set"}
}

func (p *openAICompatible) Check(ctx context.Context) (Status, error) {
	models, err := p.Models(ctx)
	var pe *Error
	switch {
	case err == nil:
		n := 0
		for _, m := range models {
			if m.Chat {
				n++
			}
		}
		return Status{Reachable: true, Authenticated: true, ChatModels: n, Models: models}, nil
	case errors.As(err, &pe) && pe.Status != 0:
		return Status{Reachable: true}, err
	default:
		return Status{}, err
	}
}

// Models lists the service's models. Together answers a bare JSON array with type, context_length and
// pricing; most others answer {"data": [...]}, often without a context length.
func (p *openAICompatible) Models(ctx context.Context) ([]Model, error) {
	if err := p.needKey(ctx); err != nil {
		return nil, err
	}
	var body []byte
	err := p.policy.retry(ctx, p.watchLocalOnly(func() bool { return p.preset.Cloud }), func(ctx context.Context) (bool, error) {
		return false, p.list(ctx, "its model list", func(ctx context.Context) error {
			var err error
			body, err = p.get(ctx, "/models")
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	raw, err := decodeModelList(body)
	if err != nil {
		return nil, &Error{Kind: KindBadAnswer, Provider: p.preset.Title, Host: p.base.Host, Detail: "the model list is not in a known format"}
	}
	models := make([]Model, 0, len(raw))
	for _, r := range raw {
		models = append(models, r.model(p.contextLength))
	}
	return models, nil
}

// maxListBytes bounds a model list (OpenRouter's, the longest, is a few megabytes).
const maxListBytes = 64 << 20

func (p *openAICompatible) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.base.String()+path, nil)
	if err != nil {
		return nil, err
	}
	if p.key != "" {
		req.Header.Set("Authorization", "Bearer "+p.key)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := p.guard.Client().Do(req)
	if err != nil {
		return nil, transportError(ctx, p.endpoint, err, false)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxListBytes+1))
	if err != nil {
		return nil, transportError(ctx, p.endpoint, err, false)
	}
	if len(body) > maxListBytes {
		return nil, &Error{Kind: KindBadAnswer, Provider: p.preset.Title, Host: p.base.Host, Detail: "its model list is larger than 64 MB"}
	}
	if resp.StatusCode/100 != 2 {
		return nil, statusError(p.endpoint, resp.StatusCode, resp.Header, errorBody(body))
	}
	return body, nil
}

// rawModel is one entry of a /models answer, in any of the shapes services use.
type rawModel struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	DisplayName   string `json:"display_name"`
	Name          string `json:"name"`
	Organization  string `json:"organization"`
	OwnedBy       string `json:"owned_by"`
	ContextLength int    `json:"context_length"`
	MaxContext    int    `json:"max_context_length"`
	Capabilities  struct {
		CompletionChat *bool `json:"completion_chat"`
	} `json:"capabilities"`
	Pricing struct {
		Input      json.Number `json:"input"`      // Together: dollars per million tokens
		Output     json.Number `json:"output"`     //
		Prompt     json.Number `json:"prompt"`     // OpenRouter: dollars per token (as strings)
		Completion json.Number `json:"completion"` //
	} `json:"pricing"`
}

func decodeModelList(body []byte) ([]rawModel, error) {
	var list []rawModel
	if err := json.Unmarshal(body, &list); err == nil {
		return list, nil
	}
	var wrapped struct {
		Data *[]rawModel `json:"data"`
	}
	if err := json.Unmarshal(body, &wrapped); err != nil {
		return nil, err
	}
	if wrapped.Data == nil {
		return nil, errors.New("no data")
	}
	return *wrapped.Data, nil
}

func (r rawModel) model(userContext int) Model {
	m := Model{ID: r.ID, DisplayName: firstNonEmpty(r.DisplayName, r.Name, r.ID), Organization: firstNonEmpty(r.Organization, r.OwnedBy), Type: r.Type}
	m.ContextLength = firstPositive(r.ContextLength, r.MaxContext, KnownContextLength(r.ID), userContext)
	m.InputPrice, m.OutputPrice = price(r.Pricing.Input, 1), price(r.Pricing.Output, 1)
	if m.InputPrice == 0 && m.OutputPrice == 0 {
		m.InputPrice, m.OutputPrice = price(r.Pricing.Prompt, 1e6), price(r.Pricing.Completion, 1e6)
	}
	switch {
	case r.Type != "":
		m.Chat = r.Type == "chat"
	case r.Capabilities.CompletionChat != nil:
		m.Chat = *r.Capabilities.CompletionChat
	default:
		m.Chat = !nonChatID(r.ID)
	}
	return m
}

// nonChatID recognises models that cannot write a summary by their id, for services that do not say.
func nonChatID(id string) bool {
	id = strings.ToLower(id)
	for _, w := range []string{"embed", "whisper", "tts", "dall-e", "moderation", "rerank", "image", "transcribe", "audio", "realtime", "guard", "ocr", "veo", "imagen"} {
		if strings.Contains(id, w) {
			return true
		}
	}
	return false
}

func price(n json.Number, scale float64) float64 {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f < 0 {
		return 0
	}
	return f * scale
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstPositive(n ...int) int {
	for _, v := range n {
		if v > 0 {
			return v
		}
	}
	return 0
}

// Chat streams a chat completion. Usage comes from the stream's last chunk (stream_options.include_usage).
func (p *openAICompatible) Chat(ctx context.Context, req Request, fn func(Chunk) error) (Usage, error) {
	if err := p.needKey(ctx); err != nil {
		return Usage{}, err
	}
	params := openai.ChatCompletionNewParams{
		Model:         req.Model,
		Messages:      openAIMessages(req.Messages),
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	}
	if req.MaxTokens > 0 {
		params.MaxTokens = openai.Int(int64(req.MaxTokens))
	}
	if req.Temperature != nil {
		params.Temperature = openai.Float(*req.Temperature)
	}
	return p.chat(ctx, req, "", func(ctx context.Context) (Usage, bool, string, error) {
		return p.stream(ctx, params, answerLimit(req), fn)
	})
}

func openAIMessages(msgs []Message) []openai.ChatCompletionMessageParamUnion {
	out := make([]openai.ChatCompletionMessageParamUnion, 0, len(msgs))
	for _, m := range msgs {
		switch m.Role {
		case RoleSystem:
			out = append(out, openai.SystemMessage(m.Content))
		case RoleAssistant:
			out = append(out, openai.AssistantMessage(m.Content))
		default:
			out = append(out, openai.UserMessage(m.Content))
		}
	}
	return out
}

// stream makes one attempt. started reports whether any text reached fn (no retry after that); model is
// the model the chunks say answered.
func (p *openAICompatible) stream(ctx context.Context, params openai.ChatCompletionNewParams, limit int, fn func(Chunk) error) (Usage, bool, string, error) {
	at := newAttempt(fn, limit)
	wctx, wd := newWatchdog(ctx, p.policy.FirstTokenTimeout, p.policy.StallTimeout)
	stream := p.newStream(wctx, params)
	finished := false
	model := ""
	for stream.Next() {
		wd.alive()
		c := stream.Current()
		if c.Model != "" {
			model = c.Model
		}
		if c.Usage.PromptTokens > 0 || c.Usage.CompletionTokens > 0 {
			at.usage.PromptTokens, at.usage.AnswerTokens = int(c.Usage.PromptTokens), int(c.Usage.CompletionTokens)
		}
		ok := true
		for _, ch := range c.Choices {
			ok = ok && at.deliver(ch.Delta.Content)
			if ch.FinishReason != "" {
				finished = true
			}
		}
		if !ok {
			break
		}
	}
	err := stream.Err()
	stream.Close()
	stalled := wd.stop(wctx)
	u, started, err := at.end(ctx, p.endpoint, stalled, err, finished, func(err error) error { return p.streamError(ctx, err, at.started) })
	return u, started, model, err
}

func (p *openAICompatible) streamError(ctx context.Context, err error, started bool) error {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		var h http.Header
		if apiErr.Response != nil {
			h = apiErr.Response.Header
		}
		msg := apiErr.Message
		if msg == "" {
			msg = errorBody([]byte(apiErr.RawJSON()))
		}
		return statusError(p.endpoint, apiErr.StatusCode, h, shorten(msg))
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if ne := p.netError(err); ne != nil {
		return ne
	}
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, bufio.ErrTooLong):
		return &Error{Kind: KindBadAnswer, Provider: p.preset.Title, Host: p.base.Host, Detail: "an answer line was longer than Hushnote reads", Err: err}
	case errors.As(err, &syntax):
		return &Error{Kind: KindBadAnswer, Provider: p.preset.Title, Host: p.base.Host, Detail: "a piece of the answer was not JSON", Err: err}
	case strings.Contains(err.Error(), "received error while streaming"):
		return &Error{Kind: KindStreamBroken, Provider: p.preset.Title, Host: p.base.Host, Detail: shorten(err.Error()), Err: err}
	}
	return transportError(ctx, p.endpoint, err, started)
}
