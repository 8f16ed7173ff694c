package provider_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
)

// One real Ollama server, with the tiny model, for all the tests of this package that need it.
var realOllama struct {
	once sync.Once
	srv  *ollamatest.Server
	stop func()
	err  error
}

const tinyModel = "tiny"

func TestMain(m *testing.M) {
	code := m.Run()
	if realOllama.stop != nil {
		realOllama.stop()
	}
	os.Exit(code)
}

func ollamaServer(t *testing.T) *ollamatest.Server {
	t.Helper()
	realOllama.once.Do(func() {
		realOllama.srv, realOllama.stop, realOllama.err = ollamatest.StartMain()
		if realOllama.err == nil {
			// However busy the machine, creating the model ends (go test's -timeout bounds the run).
			realOllama.err = realOllama.srv.CreateTinyModel(context.Background(), tinyModel)
		}
	})
	if err := realOllama.err; err != nil {
		if errors.Is(err, ollamatest.ErrNoBinary) && !ollamatest.Required() {
			t.Skipf("real Ollama not available (%v); make test builds it", err)
		}
		t.Fatalf("real Ollama: %v", err)
	}
	return realOllama.srv
}

func ollamaProvider(t *testing.T, url string, mutate ...func(*provider.Config)) (provider.Provider, *ledger) {
	t.Helper()
	l := &ledger{}
	preset, _ := provider.PresetByName(provider.Ollama)
	cfg := provider.Config{Preset: preset, BaseURL: url, Gate: provider.Gate{Ledger: l.add, Answered: l.answered, LocalOnly: func(context.Context) (bool, error) { return true, nil }},
		Policy: provider.Policy{MaxAttempts: 2, BaseDelay: 10 * time.Millisecond}}
	for _, m := range mutate {
		m(&cfg)
	}
	p, err := provider.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p, l
}

func TestOllamaCheckAndModels(t *testing.T) {
	srv := ollamaServer(t)
	p, _ := ollamaProvider(t, srv.URL)
	st, err := p.Check(context.Background())
	if err != nil || !st.Reachable || st.Version != ollamatest.Version || st.ChatModels < 1 {
		t.Fatalf("Check = %+v, %v", st, err)
	}
	models, err := p.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var tiny *provider.Model
	for i := range models {
		if strings.HasPrefix(models[i].ID, tinyModel) {
			tiny = &models[i]
		}
	}
	if tiny == nil || tiny.ContextLength != 2048 || !tiny.Chat {
		t.Errorf("tiny model = %+v (want trained context 2048 from /api/show)", tiny)
	}
	if w, err := p.Where(context.Background(), tinyModel); err != nil || w.LeavesDevice {
		t.Errorf("Ollama on loopback with a model it runs itself: %+v, %v; want it on this device", w, err)
	}
}

// TestOllamaChatSendsNumCtx streams from the real server with local-only on (Ollama on this computer is
// allowed), checks the counts and that the model really ran at the num_ctx that was sent.
func TestOllamaChatSendsNumCtx(t *testing.T) {
	srv := ollamaServer(t)
	p, l := ollamaProvider(t, srv.URL)
	var pieces int
	var text strings.Builder
	usage, err := p.Chat(context.Background(), provider.Request{
		Model: tinyModel, MaxTokens: 24, ContextSize: 768, MeetingID: 3,
		Messages: []provider.Message{{Role: provider.RoleSystem, Content: "Write meeting notes."}, {Role: provider.RoleUser, Content: "Ana: the meeting starts now."}},
	}, func(c provider.Chunk) error {
		pieces++
		text.WriteString(c.Text)
		return nil
	})
	if err != nil {
		t.Fatalf("chat: %v (server log: %s)", err, srv.LogTail(2000))
	}
	if pieces < 2 || text.Len() == 0 {
		t.Errorf("%d pieces, %d bytes: not streamed", pieces, text.Len())
	}
	if usage.PromptTokens <= 0 || usage.AnswerTokens <= 0 || usage.AnswerTokens > 24 || usage.ContextSize != 768 || usage.FirstToken <= 0 {
		t.Errorf("usage = %+v", usage)
	}
	if n := l.len(); n != 0 {
		t.Errorf("%d egress rows for a model on this computer", n)
	}
	// /api/ps reports the context the loaded model runs at: the num_ctx we sent.
	resp, err := http.Get(srv.URL + "/api/ps")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ps struct {
		Models []struct {
			Name          string `json:"name"`
			ContextLength int    `json:"context_length"`
		} `json:"models"`
	}
	json.NewDecoder(resp.Body).Decode(&ps)
	if len(ps.Models) == 0 || ps.Models[0].ContextLength != 768 {
		t.Errorf("/api/ps = %+v, want the model loaded with num_ctx 768", ps)
	}
}

// TestOllamaRefusesAPromptLongerThanNumCtx: Hushnote sends truncate:false, so Ollama says the prompt
// does not fit instead of cutting its front off.
func TestOllamaRefusesAPromptLongerThanNumCtx(t *testing.T) {
	srv := ollamaServer(t)
	p, _ := ollamaProvider(t, srv.URL)
	long := strings.Repeat("Ana: the budget for the remote control is twelve euros. ", 120) // ~6,800 characters
	_, err := p.Chat(context.Background(), provider.Request{
		Model: tinyModel, MaxTokens: 16, ContextSize: 512,
		Messages: []provider.Message{{Role: provider.RoleUser, Content: long}},
	}, func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrContextTooLong) || !strings.Contains(err.Error(), "context") {
		t.Fatalf("a prompt far longer than num_ctx: err = %v; want context too long", err)
	}
	// Sized automatically, the same prompt asks for more context than the model was trained for: the
	// window is capped at 2048 and the prompt is refused, not cut.
	_, err = p.Chat(context.Background(), provider.Request{Model: tinyModel, MaxTokens: 16, Messages: []provider.Message{{Role: provider.RoleUser, Content: long}}},
		func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrContextTooLong) {
		t.Errorf("auto-sized: %v", err)
	}
	// A prompt that fits runs.
	if _, err := p.Chat(context.Background(), provider.Request{Model: tinyModel, MaxTokens: 8, Messages: []provider.Message{{Role: provider.RoleUser, Content: long[:600]}}},
		func(provider.Chunk) error { return nil }); err != nil {
		t.Errorf("a prompt that fits: %v", err)
	}
}

// TestOllamaSilentTruncationIsCaught: a server that ignores truncate:false (older Ollama) cuts the
// prompt and reports prompt_eval_count at num_ctx; that is an error, not a summary of half a meeting.
// The stand-in speaks /api/show and /api/chat NDJSON as Ollama 0.17 does.
func TestOllamaSilentTruncationIsCaught(t *testing.T) {
	var sentCtx float64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/show":
			fmt.Fprint(w, `{"capabilities":["completion"],"model_info":{"general.architecture":"llama","llama.context_length":4096}}`)
		case "/api/chat":
			var body struct {
				Options map[string]any `json:"options"`
			}
			json.NewDecoder(r.Body).Decode(&body)
			sentCtx, _ = body.Options["num_ctx"].(float64)
			fmt.Fprintln(w, `{"model":"old","message":{"role":"assistant","content":"Notes"},"done":false}`)
			fmt.Fprintf(w, `{"model":"old","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":%d,"eval_count":1}`+"\n", int(sentCtx))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p, _ := ollamaProvider(t, srv.URL)
	usage, err := p.Chat(context.Background(), provider.Request{Model: "old", MaxTokens: 100, PromptTokens: 3000,
		Messages: []provider.Message{{Role: provider.RoleUser, Content: strings.Repeat("x", 9000)}}}, func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrContextTruncated) || usage.ContextSize != int(sentCtx) || sentCtx != 3328 {
		t.Errorf("err = %v, usage %+v, num_ctx sent %v", err, usage, sentCtx)
	}
}

func TestOllamaUnknownModelAndPullWithoutNetwork(t *testing.T) {
	srv := ollamaServer(t)
	p, _ := ollamaProvider(t, srv.URL)
	_, err := p.Chat(context.Background(), provider.Request{Model: "nonesuch-model", Messages: []provider.Message{{Role: provider.RoleUser, Content: "hi"}}},
		func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrModelNotFound) || !strings.Contains(err.Error(), "ollama pull") {
		t.Errorf("unknown model: %v", err)
	}
	// The server's proxy goes nowhere, so the pull fails by itself; no deadline of ours decides it.
	var progress int
	err = p.(provider.Puller).Pull(context.Background(), "llama3.2", func(provider.PullProgress) { progress++ })
	if !errors.Is(err, provider.ErrPullFailed) || !strings.Contains(err.Error(), "could not download") {
		t.Errorf("pull without network: %v", err)
	}
}

func TestOllamaNotRunning(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	p, _ := ollamaProvider(t, "http://"+addr)
	_, err := p.Check(context.Background())
	want := "Ollama is not running at " + addr + " — start it with `ollama serve`"
	if !errors.Is(err, provider.ErrUnreachable) || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestOllamaStoppedMidSession stops a real server after it answered once.
func TestOllamaStoppedMidSession(t *testing.T) {
	srv := ollamatest.Start(t)
	p, _ := ollamaProvider(t, srv.URL)
	if _, err := p.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.StopNow()
	if _, err := p.Models(context.Background()); !errors.Is(err, provider.ErrUnreachable) || !strings.Contains(err.Error(), "ollama serve") {
		t.Errorf("after stopping: %v", err)
	}
}

// TestOllamaModelThatRunsElsewhereIsCloudWhateverItsName: a model the real Ollama hands on to another
// host (remote_host, as its cloud models are made) under an ordinary name is judged by what Ollama
// reports: marked in the model list, refused under Local only before anything is sent, and otherwise
// recorded in the ledger with the remote host and the model that answered.
func TestOllamaModelThatRunsElsewhereIsCloudWhateverItsName(t *testing.T) {
	srv := ollamaServer(t)
	ctx := context.Background()
	const name = "meeting-notes" // no "cloud" anywhere in it
	if err := srv.CreateRemoteModel(ctx, name, tinyModel, srv.URL); err != nil {
		t.Fatal(err)
	}
	p, l := ollamaProvider(t, srv.URL)
	models, err := p.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range models {
		remote := strings.HasPrefix(m.ID, name)
		if (m.RemoteHost != "") != remote {
			t.Errorf("model %s: RemoteHost %q", m.ID, m.RemoteHost)
		}
	}
	if w, err := p.Where(ctx, name); err != nil || !w.LeavesDevice || !strings.Contains(w.Why, "runs "+name+" on 127.0.0.1") {
		t.Errorf("Where(%s) = %+v, %v", name, w, err)
	}
	if w, err := p.Where(ctx, tinyModel); err != nil || w.LeavesDevice {
		t.Errorf("Where(%s) = %+v, %v; the model Ollama runs itself stays", tinyModel, w, err)
	}

	chats := func() int { return strings.Count(srv.LogTail(1<<20), `"/api/chat"`) }
	before := chats()
	req := provider.Request{Model: name, MaxTokens: 8, MeetingID: 7, Messages: []provider.Message{{Role: provider.RoleUser, Content: "Alice: the budget is approved"}}}
	_, err = p.Chat(ctx, req, func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrLocalOnly) || l.len() != 0 {
		t.Fatalf("under Local only: %v, ledger %+v", err, l.rows)
	}
	if n := chats(); n != before {
		t.Errorf("Ollama logged %d chat requests under Local only", n-before)
	}

	p, l = ollamaProvider(t, srv.URL, func(c *provider.Config) {
		c.Gate.LocalOnly = func(context.Context) (bool, error) { return false, nil }
	})
	var got strings.Builder
	u, err := p.Chat(ctx, req, func(c provider.Chunk) error { got.WriteString(c.Text); return nil })
	if err != nil && !errors.Is(err, provider.ErrContextTruncated) {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	if l.len() != 1 || l.rows[0].Host != host || l.rows[0].TLS || l.rows[0].MeetingID != 7 || l.rows[0].Model != name {
		t.Errorf("ledger = %+v, want one row for %s at %s", l.rows, name, host)
	}
	if !u.LeftDevice || u.Host != host || u.AnsweredBy != tinyModel {
		t.Errorf("usage = %+v, want it to say the text left for %s and %s answered", u, host, tinyModel)
	}
}
