package provider_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hushnote/internal/netguard"
	"hushnote/internal/netguard/guardtest"
	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
)

// guardFor is a guard that resolves names as hosts says, counts only 127.0.0.1 as this computer and
// trusts the stand-ins' certificates; env holds its proxy settings.
func guardFor(hosts guardtest.Hosts, env map[string]string, srvs ...*togethertest.Server) *netguard.Guard {
	pool := x509.NewCertPool()
	for _, s := range srvs {
		pool.AddCert(s.Certificate())
	}
	return netguard.New(guardtest.Options(hosts, pool, func(k string) string { return env[k] }))
}

// TestLocalOnlyOnWhileWaitingToRetryStopsTheWait: turning Local only on while a request waits to be
// tried again ends the wait at once, and nothing more is sent.
func TestLocalOnlyOnWhileWaitingToRetryStopsTheWait(t *testing.T) {
	var on atomic.Bool
	// The policy's wait never ends by itself: only the Local only switch can end it.
	wait := func(ctx context.Context, _ time.Duration) error { <-ctx.Done(); return ctx.Err() }
	f := together(t, func(c *provider.Config) {
		c.Policy.Sleep = wait
		c.Gate.LocalOnly = func(context.Context) (bool, error) { return on.Load(), nil }
	})
	f.srv.Script(togethertest.Step{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After": "30"}})
	done := make(chan error, 1)
	go func() {
		_, err := f.p.Chat(context.Background(), chatReq(), func(provider.Chunk) error { return nil })
		done <- err
	}()
	for len(f.srv.Requests()) == 0 {
		select {
		case err := <-done:
			t.Fatalf("the run ended before it waited: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	on.Store(true)
	if err := <-done; !errors.Is(err, provider.ErrLocalOnly) {
		t.Fatalf("err = %v, want Local only", err)
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests, want only the first", n)
	}
}

// TestWaitToRetryEndsWhenLocalOnlyGoesOn: the wait a caller makes before its own retry (the summary
// engine's, after a rate limit) goes by the same rule.
func TestWaitToRetryEndsWhenLocalOnlyGoesOn(t *testing.T) {
	var on atomic.Bool
	f := together(t, func(c *provider.Config) {
		c.Policy.Sleep = func(ctx context.Context, _ time.Duration) error { <-ctx.Done(); return ctx.Err() }
		c.Gate.LocalOnly = func(context.Context) (bool, error) { return on.Load(), nil }
	})
	done := make(chan error, 1)
	go func() { done <- f.p.(provider.RetryWaiter).WaitToRetry(context.Background(), 30*time.Second) }()
	on.Store(true)
	if err := <-done; !errors.Is(err, provider.ErrLocalOnly) {
		t.Fatalf("err = %v, want Local only", err)
	}
}

// TestLocalOnlyIsCheckedOnEveryAttempt: a server on another machine (a name that looks like nothing in
// particular) is refused on the retry made after Local only went on, not only when the run began.
func TestLocalOnlyIsCheckedOnEveryAttempt(t *testing.T) {
	srv := togethertest.NewAt(t, testKey, guardtest.Elsewhere(4), "box.example.test")
	srv.Script(togethertest.Step{Status: http.StatusServiceUnavailable})
	var on atomic.Bool
	l := &ledger{}
	preset, _ := provider.PresetByName(provider.Custom)
	p, err := provider.New(provider.Config{Preset: preset, BaseURL: srv.BaseURL, APIKey: testKey,
		Guard: guardFor(guardtest.Hosts{"box.example.test": {guardtest.Elsewhere(4)}}, nil, srv),
		Policy: provider.Policy{MaxAttempts: 3, Sleep: func(context.Context, time.Duration) error {
			on.Store(true) // flipped in another window while the run waited
			return nil
		}},
		Gate: provider.Gate{Ledger: l.add, LocalOnly: func(context.Context) (bool, error) { return on.Load(), nil }},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Chat(context.Background(), chatReq(), func(provider.Chunk) error { return nil })
	if !errors.Is(err, provider.ErrLocalOnly) || !strings.Contains(err.Error(), guardtest.Elsewhere(4)) {
		t.Fatalf("err = %v, want Local only, naming the address", err)
	}
	if n := len(srv.Requests()); n != 1 || l.len() != 1 {
		t.Errorf("%d requests and %d ledger rows, want the first attempt only", n, l.len())
	}
	if w, _ := p.Where(context.Background(), ""); !w.LeavesDevice || !strings.Contains(w.Why, "box.example.test is not this computer") {
		t.Errorf("Where = %+v", w)
	}
}

// TestTogetherThroughAProxy: a cloud request honours HTTPS_PROXY, and its ledger row names the proxy
// as well as the service; the model that answered is noted when it is not the one asked for.
func TestTogetherThroughAProxy(t *testing.T) {
	srv := togethertest.NewAt(t, testKey, guardtest.Elsewhere(5), "api.together.ai")
	srv.Script(togethertest.Step{AnsweredBy: "meta-llama/Llama-3.3-70B-Instruct-Turbo"})
	proxy := guardtest.NewProxy(t)
	proxy.Route = func(hostport string) string { return srv.Listener.Addr().String() }
	g := guardFor(guardtest.Hosts{"api.together.ai": {guardtest.Elsewhere(5)}}, map[string]string{"HTTPS_PROXY": "http://" + proxy.Addr()}, srv)
	l := &ledger{}
	preset, _ := provider.PresetByName(provider.Together)
	p, err := provider.New(provider.Config{Preset: preset, BaseURL: srv.BaseURL, APIKey: testKey, Guard: g,
		Gate: provider.Gate{Ledger: l.add, Answered: l.answered}})
	if err != nil {
		t.Fatal(err)
	}
	req := chatReq()
	req.Model = "meta-llama/Llama-3-70b-chat-hf" // retired: Together answers with its successor
	text, u, err := collect(t, p, req)
	if err != nil || text == "" {
		t.Fatalf("chat through the proxy: %q, %v", text, err)
	}
	host := strings.TrimSuffix(strings.TrimPrefix(srv.BaseURL, "https://"), "/v1")
	if tun := proxy.Tunnels(); len(tun) != 1 || tun[0] != host {
		t.Errorf("proxy tunnels = %v, want %s", tun, host)
	}
	want := fmt.Sprintf("%s via %s, asked %s, answered %s, TLS", host, proxy.Addr(), req.Model, "meta-llama/Llama-3.3-70B-Instruct-Turbo")
	if l.len() != 1 {
		t.Fatalf("ledger = %+v", l.rows)
	}
	r := l.rows[0]
	if got := fmt.Sprintf("%s via %s, asked %s, answered %s, TLS", r.Host, r.Proxy, r.Model, r.AnsweredBy); got != want || !r.TLS {
		t.Errorf("ledger row: %s; want %s", got, want)
	}
	if !u.LeftDevice || u.AnsweredBy != "meta-llama/Llama-3.3-70B-Instruct-Turbo" {
		t.Errorf("usage = %+v", u)
	}
}

// TestCertificateNotTrustedIsSaidAndNotRetried.
func TestCertificateNotTrustedIsSaidAndNotRetried(t *testing.T) {
	srv := togethertest.NewAt(t, testKey, guardtest.Elsewhere(6), "api.together.ai")
	g := netguard.New(guardtest.Options(guardtest.Hosts{"api.together.ai": {guardtest.Elsewhere(6)}}, x509.NewCertPool(), nil))
	s := &sleeps{}
	preset, _ := provider.PresetByName(provider.Together)
	p, err := provider.New(provider.Config{Preset: preset, BaseURL: srv.BaseURL, APIKey: testKey, Guard: g,
		Policy: provider.Policy{Sleep: s.sleep}, Gate: provider.Gate{Ledger: (&ledger{}).add}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = collect(t, p, chatReq())
	if !errors.Is(err, provider.ErrCertificate) || !strings.Contains(err.Error(), "The certificate of api.together.ai") || !strings.Contains(err.Error(), "is not trusted") {
		t.Fatalf("err = %v", err)
	}
	if len(s.waits()) != 0 || len(srv.Requests()) != 0 {
		t.Errorf("retried %d times; %d requests arrived", len(s.waits()), len(srv.Requests()))
	}
}

// TestModelListHasADeadline: a service that starts its model list and then sends nothing more is given
// up on, with a message, the body included.
func TestModelListHasADeadline(t *testing.T) {
	stall := make(chan struct{})
	t.Cleanup(func() { close(stall) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"object":"list","data":[{"id":"a"`)
		w.(http.Flusher).Flush()
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	preset, _ := provider.PresetByName(provider.Custom)
	p, err := provider.New(provider.Config{Preset: preset, BaseURL: srv.URL + "/v1", Policy: provider.Policy{ListTimeout: 200 * time.Millisecond, MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Models(context.Background())
	if !errors.Is(err, provider.ErrStalled) || !strings.Contains(err.Error(), "did not send its model list within") {
		t.Fatalf("err = %v", err)
	}
}

// TestAnswerFarLongerThanAskedForIsStopped: a model that does not stop is stopped at eight times the
// answer budget; what arrived is delivered.
func TestAnswerFarLongerThanAskedForIsStopped(t *testing.T) {
	f := together(t)
	words := make([]string, 2000)
	for i := range words {
		words[i] = "again "
	}
	f.srv.Script(togethertest.Step{Tokens: words})
	req := chatReq()
	req.MaxTokens = 10
	text, _, err := collect(t, f.p, req)
	if !errors.Is(err, provider.ErrAnswerTooLong) || !strings.Contains(err.Error(), "far longer than asked for") {
		t.Fatalf("err = %v", err)
	}
	if n := len(text); n == 0 || n > 8*10*4 {
		t.Errorf("%d characters delivered", n)
	}
}
