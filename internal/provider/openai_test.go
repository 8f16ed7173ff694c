package provider_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/store"
)

const testKey = "tgp_v1_SECRETKEY0123456789"

// ledger collects egress rows in memory.
type ledger struct {
	mu   sync.Mutex
	rows []store.Egress
}

func (l *ledger) add(_ context.Context, e store.Egress) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rows = append(l.rows, e)
	return int64(len(l.rows)), nil
}

// answered notes the answering model on row id, as the store does.
func (l *ledger) answered(_ context.Context, id int64, model string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rows[id-1].AnsweredBy = model
	return nil
}

func (l *ledger) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.rows)
}

// sleeps records the waits of the retry policy instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

type fixture struct {
	srv    *togethertest.Server
	p      provider.Provider
	ledger *ledger
	sleeps *sleeps
}

func together(t *testing.T, mutate ...func(*provider.Config)) *fixture {
	t.Helper()
	srv := togethertest.NewTLS(t, testKey)
	f := &fixture{srv: srv, ledger: &ledger{}, sleeps: &sleeps{}}
	preset, _ := provider.PresetByName(provider.Together)
	cfg := provider.Config{
		Preset: preset, BaseURL: srv.BaseURL, APIKey: testKey, Guard: srv.Guard(),
		Policy: provider.Policy{Sleep: f.sleeps.sleep, StallTimeout: 300 * time.Millisecond, FirstTokenTimeout: 2 * time.Second},
		Gate:   provider.Gate{Ledger: f.ledger.add},
	}
	for _, m := range mutate {
		m(&cfg)
	}
	p, err := provider.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.p = p
	return f
}

func chatReq() provider.Request {
	return provider.Request{
		Model:     "meta-llama/Llama-3.3-70B-Instruct-Turbo",
		Messages:  []provider.Message{{Role: provider.RoleSystem, Content: "Summarise."}, {Role: provider.RoleUser, Content: "Ana: we ship on Friday."}},
		MaxTokens: 256, MeetingID: 7,
	}
}

func collect(t *testing.T, p provider.Provider, req provider.Request) (string, provider.Usage, error) {
	t.Helper()
	var b strings.Builder
	u, err := p.Chat(context.Background(), req, func(c provider.Chunk) error {
		b.WriteString(c.Text)
		return nil
	})
	if err != nil && strings.Contains(err.Error(), testKey) {
		t.Fatalf("the API key leaked into an error: %v", err)
	}
	return b.String(), u, err
}

func TestTogetherModelsKeepsTypeContextAndPricing(t *testing.T) {
	f := together(t)
	models, err := f.p.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != len(togethertest.DefaultModels()) {
		t.Fatalf("got %d models", len(models))
	}
	chat := 0
	for _, m := range models {
		if m.Chat {
			chat++
			if m.Type != "chat" {
				t.Errorf("%s: chat but type %q", m.ID, m.Type)
			}
		}
	}
	if chat != 3 {
		t.Errorf("%d chat models, want 3 (embedding, image and transcribe models cannot summarise)", chat)
	}
	m := models[0]
	if m.ContextLength != 131072 || m.InputPrice != 0.88 || m.OutputPrice != 0.88 || m.DisplayName != "Meta Llama 3.3 70B Instruct Turbo" || m.Organization != "Meta" {
		t.Errorf("first model = %+v", m)
	}
	st, err := f.p.Check(context.Background())
	if err != nil || !st.Reachable || !st.Authenticated || st.ChatModels != 3 {
		t.Errorf("Check = %+v, %v", st, err)
	}
	if reqs := f.srv.Requests(); reqs[0].Authorization != "Bearer "+testKey {
		t.Errorf("Authorization header = %q", reqs[0].Authorization)
	}
}

func TestWrappedModelListAndUnknownContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"object":"list","data":[
			{"id":"gpt-4o-mini","object":"model","owned_by":"system"},
			{"id":"text-embedding-3-small","object":"model","owned_by":"system"},
			{"id":"my-local-finetune","object":"model","owned_by":"me"},
			{"id":"openrouter/some-model","name":"Some Model","context_length":65536,"pricing":{"prompt":"0.0000005","completion":"0.0000015"}}]}`)
	}))
	defer srv.Close()
	preset, _ := provider.PresetByName(provider.Custom)
	p, err := provider.New(provider.Config{Preset: preset, BaseURL: srv.URL + "/v1", ContextLength: 8192})
	if err != nil {
		t.Fatal(err)
	}
	models, err := p.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id   string
		chat bool
		ctx  int
	}{{"gpt-4o-mini", true, 128000}, {"text-embedding-3-small", false, 8192}, {"my-local-finetune", true, 8192}, {"openrouter/some-model", true, 65536}}
	for i, w := range want {
		if models[i].ID != w.id || models[i].Chat != w.chat || models[i].ContextLength != w.ctx {
			t.Errorf("model %d = %+v, want %+v", i, models[i], w)
		}
	}
	if got := models[3]; got.InputPrice != 0.5 || got.OutputPrice != 1.5 || got.DisplayName != "Some Model" {
		t.Errorf("per-token prices not converted: %+v", got)
	}
	if w, err := p.Where(context.Background(), "my-local-finetune"); err != nil || w.LeavesDevice {
		t.Errorf("a loopback custom server: %+v, %v; want it on this device", w, err)
	}
}

func TestTogetherChatStreamsAndRecordsEgress(t *testing.T) {
	f := together(t)
	f.srv.Script(togethertest.Step{Tokens: []string{"<think>", "let me see", "</think>", "\n\n", "## Decisions", "\n- Ship on ", "Friday"}, Usage: [2]int{42, 7}})
	text, usage, err := collect(t, f.p, chatReq())
	if err != nil {
		t.Fatal(err)
	}
	if text != "## Decisions\n- Ship on Friday" {
		t.Errorf("text = %q (think block not stripped, or pieces lost)", text)
	}
	if usage.PromptTokens != 42 || usage.AnswerTokens != 7 || usage.FirstToken <= 0 {
		t.Errorf("usage = %+v", usage)
	}
	req := f.srv.Requests()[0]
	if !req.Stream || !req.IncludeUsage || req.MaxTokens != 256 || req.Model != chatReq().Model || !strings.Contains(req.MessageText(), "we ship on Friday") {
		t.Errorf("request = %+v", req)
	}
	if f.ledger.len() != 1 {
		t.Fatalf("ledger rows = %d, want 1", f.ledger.len())
	}
	row := f.ledger.rows[0]
	if row.Provider != "together" || row.MeetingID != 7 || row.CharsSent != len("Summarise.")+len("Ana: we ship on Friday.") || !row.TLS || row.Host != strings.TrimPrefix(f.srv.URL, "https://") || row.Model != chatReq().Model {
		t.Errorf("ledger row = %+v", row)
	}
}

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name    string
		step    togethertest.Step
		want    error
		words   string
		retried bool
	}{
		{"bad key", togethertest.Step{Status: 401}, provider.ErrUnauthorized, "Together AI rejected the API key — paste a new one in Settings", false},
		{"no credit", togethertest.Step{Status: 402}, provider.ErrOutOfCredit, "out of credit", false},
		{"forbidden", togethertest.Step{Status: 403}, provider.ErrForbidden, "refused access", false},
		{"unknown model", togethertest.Step{Status: 404}, provider.ErrModelNotFound, "no such model", false},
		{"context too long", togethertest.Step{Status: 400}, provider.ErrContextTooLong, "do not fit the model's context window", false},
		{"context too long as 403", togethertest.Step{Status: 403, Body: `{"error":{"message":"This model's maximum context length is 8192 tokens. However, you requested 9100 tokens.","type":"invalid_request_error"}}`}, provider.ErrContextTooLong, "context window", false},
		{"other 400", togethertest.Step{Status: 400, Body: `{"error":{"message":"temperature must be between 0 and 2","type":"invalid_request_error"}}`}, provider.ErrBadRequest, "temperature must be", false},
		{"rate limited", togethertest.Step{Status: 429, Header: map[string]string{"x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"}}, provider.ErrRateLimited, "rate limiting", true},
		{"overloaded", togethertest.Step{Status: 503}, provider.ErrOverloaded, "overloaded", true},
		{"server error", togethertest.Step{Status: 500}, provider.ErrServerError, "server error", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := together(t)
			// Four failures in a row: more than the policy retries.
			f.srv.Script(tt.step, tt.step, tt.step, tt.step)
			_, _, err := collect(t, f.p, chatReq())
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.words) || !strings.Contains(err.Error(), "Together AI") && tt.want != provider.ErrContextTooLong {
				t.Errorf("message %q lacks %q", err, tt.words)
			}
			n := len(f.srv.Requests())
			if tt.retried && n != 4 || !tt.retried && n != 1 {
				t.Errorf("%d requests sent; retried=%v", n, tt.retried)
			}
			if f.ledger.len() != n {
				t.Errorf("%d ledger rows for %d requests that carried the text", f.ledger.len(), n)
			}
		})
	}
}

func TestRetryAfterIsHonouredAndSucceeds(t *testing.T) {
	f := together(t)
	f.srv.Script(togethertest.Step{Status: 429, Header: map[string]string{"Retry-After": "3", "x-ratelimit-remaining": "0"}})
	text, _, err := collect(t, f.p, chatReq())
	if err != nil || text == "" {
		t.Fatalf("after a 429 the retry should succeed: %q, %v", text, err)
	}
	if len(f.srv.Requests()) != 2 {
		t.Errorf("requests = %d, want 2", len(f.srv.Requests()))
	}
	if len(f.sleeps.d) != 1 || f.sleeps.d[0] < 3*time.Second || f.sleeps.d[0] > 4*time.Second {
		t.Errorf("waited %v, want about the 3 s Retry-After asked for", f.sleeps.d)
	}
	// A reset far in the future is not waited out: the user is told when to retry.
	f2 := together(t)
	f2.srv.Script(togethertest.Step{Status: 429, Header: map[string]string{"Retry-After": "600"}})
	_, _, err = collect(t, f2.p, chatReq())
	var pe *provider.Error
	if !errors.As(err, &pe) || pe.Kind != provider.KindRateLimited || pe.RetryAfter != 10*time.Minute || !strings.Contains(err.Error(), "try again in 10m0s") {
		t.Errorf("long Retry-After: %v", err)
	}
	if len(f2.srv.Requests()) != 1 {
		t.Errorf("requests = %d, want 1", len(f2.srv.Requests()))
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	f := together(t)
	f.srv.Script(togethertest.Step{Status: 500}, togethertest.Step{Status: 502}, togethertest.Step{Status: 503})
	if _, _, err := collect(t, f.p, chatReq()); err != nil {
		t.Fatalf("the fourth try should succeed: %v", err)
	}
	if len(f.sleeps.d) != 3 {
		t.Fatalf("waits = %v", f.sleeps.d)
	}
	for i, d := range f.sleeps.d {
		base := time.Second << i
		if d < base/2 || d > base {
			t.Errorf("wait %d = %v, want between %v and %v", i, d, base/2, base)
		}
	}
}

func TestStreamCutInTheMiddle(t *testing.T) {
	f := together(t)
	f.srv.Script(togethertest.Step{Tokens: []string{"one ", "two ", "three"}, CutAt: 2})
	text, _, err := collect(t, f.p, chatReq())
	if !errors.Is(err, provider.ErrStreamBroken) {
		t.Fatalf("err = %v, want stream broken", err)
	}
	if text != "one two " {
		t.Errorf("what arrived = %q, want it delivered", text)
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests: a stream that already delivered text must not be retried", n)
	}
}

func TestStalledStream(t *testing.T) {
	f := together(t)
	f.srv.Script(togethertest.Step{Tokens: []string{"one ", "two ", "three"}, StallAt: 1})
	text, _, err := collect(t, f.p, chatReq())
	if !errors.Is(err, provider.ErrStalled) {
		t.Fatalf("err = %v, want stalled", err)
	}
	if text != "one " {
		t.Errorf("text %q, want what arrived before the stall", text)
	}
}

func TestCallbackErrorStopsTheStream(t *testing.T) {
	f := together(t)
	stop := errors.New("enough")
	n := 0
	_, err := f.p.Chat(context.Background(), chatReq(), func(provider.Chunk) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 || len(f.srv.Requests()) != 1 {
		t.Errorf("err = %v after %d chunks, %d requests", err, n, len(f.srv.Requests()))
	}
}

func TestUnreachableAndCancelled(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	preset, _ := provider.PresetByName(provider.Custom)
	s := &sleeps{}
	p, err := provider.New(provider.Config{Preset: preset, BaseURL: "http://" + addr + "/v1", Policy: provider.Policy{Sleep: s.sleep}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Chat(context.Background(), chatReq(), func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrUnreachable) || !strings.Contains(err.Error(), addr) || len(s.d) != 3 {
		t.Errorf("closed port: %v after %d retries", err, len(s.d))
	}

	f := together(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.p.Chat(ctx, chatReq(), func(provider.Chunk) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: %v", err)
	}
}

func TestNoKeyIsRefusedBeforeSending(t *testing.T) {
	f := together(t, func(c *provider.Config) { c.APIKey = "" })
	_, _, err := collect(t, f.p, chatReq())
	if !errors.Is(err, provider.ErrUnauthorized) || len(f.srv.Requests()) != 0 || f.ledger.len() != 0 {
		t.Errorf("err = %v, %d requests, %d ledger rows", err, len(f.srv.Requests()), f.ledger.len())
	}
}

func TestLocalOnlyBlocksEveryCloudRequest(t *testing.T) {
	on := true
	f := together(t, func(c *provider.Config) {
		c.Gate.LocalOnly = func(context.Context) (bool, error) { return on, nil }
	})
	_, _, err := collect(t, f.p, chatReq())
	if !errors.Is(err, provider.ErrLocalOnly) || !strings.Contains(err.Error(), "Local only is on") {
		t.Errorf("chat: %v", err)
	}
	if _, err := f.p.Models(context.Background()); !errors.Is(err, provider.ErrLocalOnly) {
		t.Errorf("models: %v", err)
	}
	if _, err := f.p.Check(context.Background()); !errors.Is(err, provider.ErrLocalOnly) {
		t.Errorf("check: %v", err)
	}
	if n := len(f.srv.Requests()); n != 0 || f.ledger.len() != 0 {
		t.Fatalf("%d requests reached the cloud server while local-only was on", n)
	}
	on = false
	if _, _, err := collect(t, f.p, chatReq()); err != nil || len(f.srv.Requests()) != 1 {
		t.Errorf("after local-only is off: %v, %d requests", err, len(f.srv.Requests()))
	}
}

func TestLedgerFailureSendsNothing(t *testing.T) {
	f := together(t, func(c *provider.Config) {
		c.Gate.Ledger = func(context.Context, store.Egress) (int64, error) { return 0, errors.New("disk full") }
	})
	_, _, err := collect(t, f.p, chatReq())
	if err == nil || !strings.Contains(err.Error(), "nothing was sent") || len(f.srv.Requests()) != 0 {
		t.Errorf("err = %v, %d requests", err, len(f.srv.Requests()))
	}
}
