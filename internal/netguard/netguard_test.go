package netguard_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"hushnote/internal/netguard"
	"hushnote/internal/netguard/guardtest"
)

// counter is a server handler that counts the requests that reached it.
type counter struct{ n atomic.Int32 }

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	c.n.Add(1)
	fmt.Fprint(w, "ok")
}

// get makes one request with trip and returns the body.
func get(ctx context.Context, g *netguard.Guard, trip *netguard.Trip, url string) (string, error) {
	req, err := http.NewRequestWithContext(netguard.WithTrip(ctx, trip), http.MethodPost, url, strings.NewReader("meeting text"))
	if err != nil {
		return "", err
	}
	resp, err := g.Client().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func refusal(err error) netguard.Reason {
	var r *netguard.RefusedError
	if errors.As(err, &r) {
		return r.Reason
	}
	return 0
}

func port(s string) string {
	_, p, _ := net.SplitHostPort(strings.TrimPrefix(strings.TrimPrefix(s, "http://"), "https://"))
	return p
}

// TestPlainHTTPGoesOnlyToThisComputer: plain http:// is judged by what a name resolves to, never by the
// name: "localhost" is fine because it resolves to loopback, but a name that looks local and resolves to
// another machine (a hosts-file entry, a DNS answer) is refused before a byte is written.
func TestPlainHTTPGoesOnlyToThisComputer(t *testing.T) {
	here, there := &counter{}, &counter{}
	hereSrv, _ := guardtest.Server(t, "127.0.0.1", here)
	thereSrv, _ := guardtest.Server(t, guardtest.Elsewhere(2), there)
	// Both servers listen on ports of their own; each name below is given the port of the server its
	// address stands for.
	hosts := guardtest.Hosts{
		"localhost":        {"127.0.0.1"},
		"localhost.":       {guardtest.Elsewhere(2)},
		"notes.localhost":  {guardtest.Elsewhere(2)},
		"my-box":           {"127.0.0.1"},
		"half.example":     {"127.0.0.1", guardtest.Elsewhere(2)},
		"mapped.example":   {"::ffff:127.0.0.1"},
		"elsewhere.test":   {guardtest.Elsewhere(2)},
		"nowhere.invalid.": {},
	}
	g := netguard.New(guardtest.Options(hosts, nil, nil))
	for _, c := range []struct {
		host  string
		local bool
	}{
		{"localhost", true},
		{"my-box", true},
		{"mapped.example", true},
		{"127.0.0.1", true},
		{"[::ffff:127.0.0.1]", true},
		{"localhost.", false},
		{"notes.localhost", false},
		{"half.example", false}, // one address elsewhere is enough
		{"elsewhere.test", false},
		{guardtest.Elsewhere(2), false},
	} {
		t.Run(c.host, func(t *testing.T) {
			p := port(thereSrv.URL)
			if c.local {
				p = port(hereSrv.URL)
			}
			before := here.n.Load() + there.n.Load()
			trip := &netguard.Trip{Service: "Custom server"}
			body, err := get(context.Background(), g, trip, "http://"+net.JoinHostPort(strings.Trim(c.host, "[]"), p)+"/v1/chat")
			after := here.n.Load() + there.n.Load()
			if c.local {
				r, ok := trip.Route()
				if err != nil || body != "ok" || !ok || !r.ThisComputer || r.TLS || !netguard.Loopback(r.Addr.Addr()) {
					t.Fatalf("to this computer: %q, %v, route %+v", body, err, r)
				}
				return
			}
			if refusal(err) != netguard.ReasonPlaintext || after != before {
				t.Fatalf("to another machine over http: %v (%d requests arrived)", err, after-before)
			}
			if !strings.Contains(err.Error(), "plain http://") || !strings.Contains(err.Error(), "127.0.0.2") {
				t.Errorf("the refusal does not say why: %v", err)
			}
		})
	}
}

// TestLocalOnlyIsReadAtEveryConnection: the switch is read when each connection is made, so a request
// made after it went on is refused, and one to this computer is never refused.
func TestLocalOnlyIsReadAtEveryConnection(t *testing.T) {
	there, here := &counter{}, &counter{}
	thereSrv, roots := guardtest.Server(t, guardtest.Elsewhere(3), there, "api.example.test")
	hereSrv, _ := guardtest.Server(t, "127.0.0.1", here)
	g := netguard.New(guardtest.Options(guardtest.Hosts{"api.example.test": {guardtest.Elsewhere(3)}}, roots, nil))
	var on atomic.Bool
	localOnly := func(context.Context) (bool, error) { return on.Load(), nil }
	url := "https://api.example.test:" + port(thereSrv.URL)
	for i, want := range []bool{true, false, false} {
		if i == 1 {
			on.Store(true)
		}
		trip := &netguard.Trip{Service: "Together AI", LocalOnly: localOnly}
		_, err := get(context.Background(), g, trip, url)
		if want != (err == nil) {
			t.Fatalf("request %d with Local only %v: %v", i+1, on.Load(), err)
		}
		if !want && refusal(err) != netguard.ReasonLocalOnly {
			t.Fatalf("request %d: %v, want a Local only refusal", i+1, err)
		}
		if _, err := get(context.Background(), g, &netguard.Trip{LocalOnly: localOnly}, hereSrv.URL); err != nil {
			t.Fatalf("this computer under Local only: %v", err)
		}
	}
	if n := there.n.Load(); n != 1 {
		t.Errorf("the other machine got %d requests, want 1 (before Local only went on)", n)
	}
	// A trip that says its text goes elsewhere anyway (a cloud service reached through a tunnel on this
	// computer) is refused at a loopback address too.
	_, err := get(context.Background(), g, &netguard.Trip{Elsewhere: true, LocalOnly: localOnly}, hereSrv.URL)
	if refusal(err) != netguard.ReasonLocalOnly || here.n.Load() != 3 {
		t.Errorf("a tunnel to a cloud service under Local only: %v", err)
	}
}

// rebinding answers one address, then another: a DNS answer that changes between two looks.
type rebinding struct {
	mu      sync.Mutex
	answers []string
	calls   int
}

func (r *rebinding) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.answers[min(r.calls, len(r.answers)-1)]
	r.calls++
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

// TestDialsOnlyTheAddressItChecked: whatever a name resolves to later, the connection goes to the
// address that was checked, and is judged by it.
func TestDialsOnlyTheAddressItChecked(t *testing.T) {
	// Another machine listens on the same port as this computer's server, so only the address decides.
	there, here := &counter{}, &counter{}
	hereLn, err := guardtest.Listen("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	hereSrv := &http.Server{Handler: here}
	go hereSrv.Serve(hereLn)
	t.Cleanup(func() { hereSrv.Close() })
	// The name answers this computer first (to a check made before the connection), then another
	// machine: the connection is judged on the answer it dials.
	thereLn, err := net.Listen("tcp", net.JoinHostPort(guardtest.Elsewhere(4), port(hereLn.Addr().String())))
	if err != nil {
		t.Fatal(err)
	}
	thereSrv := &http.Server{Handler: there}
	go thereSrv.Serve(thereLn)
	t.Cleanup(func() { thereSrv.Close() })
	res := &rebinding{answers: []string{"127.0.0.1", guardtest.Elsewhere(4)}}
	o := guardtest.Options(nil, nil, nil)
	o.Resolver = res
	g := netguard.New(o)
	if !g.OnThisComputer(context.Background(), "notes.test") {
		t.Fatal("the first answer is this computer")
	}
	_, err = get(context.Background(), g, &netguard.Trip{}, "http://notes.test:"+port(hereLn.Addr().String()))
	if refusal(err) != netguard.ReasonPlaintext || here.n.Load() != 0 || there.n.Load() != 0 {
		t.Fatalf("a name that now resolves elsewhere: %v (%d, %d requests)", err, here.n.Load(), there.n.Load())
	}
}

// TestRecordedBeforeAByteIsWritten: a trip that carries meeting text is recorded with where it goes once
// the address is checked; when the record cannot be written, nothing is sent.
func TestRecordedBeforeAByteIsWritten(t *testing.T) {
	there := &counter{}
	srv, roots := guardtest.Server(t, guardtest.Elsewhere(5), there, "api.example.test")
	g := netguard.New(guardtest.Options(guardtest.Hosts{"api.example.test": {guardtest.Elsewhere(5)}}, roots, nil))
	url := "https://api.example.test:" + port(srv.URL)
	var got []netguard.Route
	record := func(_ context.Context, r netguard.Route) error { got = append(got, r); return nil }
	if _, err := get(context.Background(), g, &netguard.Trip{Record: record}, url); err != nil {
		t.Fatal(err)
	}
	want := netguard.Route{Host: "api.example.test:" + port(srv.URL), Addr: netip.MustParseAddrPort(guardtest.Elsewhere(5) + ":" + port(srv.URL)), TLS: true}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("recorded %+v, want %+v", got, want)
	}
	full := func(context.Context, netguard.Route) error { return errors.New("database or disk is full") }
	_, err := get(context.Background(), g, &netguard.Trip{Record: full}, url)
	if refusal(err) != netguard.ReasonLedger || there.n.Load() != 1 || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("with the ledger full: %v, %d requests", err, there.n.Load())
	}
	// A request that declares no trip is refused.
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if _, err := g.Client().Do(req); refusal(err) != netguard.ReasonNoTrip || there.n.Load() != 1 {
		t.Fatalf("without a trip: %v", err)
	}
}

// TestProxies: a cloud request goes through HTTPS_PROXY unless NO_PROXY names its host, and the route
// names the proxy; a request to this computer never does, and while Local only is on none does.
func TestProxies(t *testing.T) {
	// my-box is this computer by its address; the proxy settings' own rule knows only "localhost" and
	// loopback literals.
	cert, roots := guardtest.Certificate(t, []string{"api.example.test", "my-box"}, nil)
	there, here := &counter{}, &counter{}
	srv := guardtest.ServerTLS(t, guardtest.Elsewhere(6), there, cert)
	hereSrv := guardtest.ServerTLS(t, "127.0.0.1", here, cert)
	proxy := guardtest.NewProxy(t)
	proxy.Route = func(hostport string) string {
		return guardtest.Elsewhere(6) + ":" + port("https://"+hostport)
	}
	hosts := guardtest.Hosts{"api.example.test": {guardtest.Elsewhere(6)}, "my-box": {"127.0.0.1"}}
	env := map[string]string{"HTTPS_PROXY": "http://" + proxy.Addr()}
	var on atomic.Bool
	localOnly := func(context.Context) (bool, error) { return on.Load(), nil }
	guard := func() *netguard.Guard {
		return netguard.New(guardtest.Options(hosts, roots, func(k string) string { return env[k] }))
	}
	url := "https://api.example.test:" + port(srv.URL)

	var rec []netguard.Route
	record := func(_ context.Context, r netguard.Route) error { rec = append(rec, r); return nil }
	if _, err := get(context.Background(), guard(), &netguard.Trip{Record: record, LocalOnly: localOnly}, url); err != nil {
		t.Fatal(err)
	}
	if tun := proxy.Tunnels(); len(tun) != 1 || tun[0] != "api.example.test:"+port(srv.URL) {
		t.Fatalf("proxy tunnels = %v", tun)
	}
	if len(rec) != 1 || rec[0].Proxy != proxy.Addr() || rec[0].Host != "api.example.test:"+port(srv.URL) || !rec[0].TLS || rec[0].ThisComputer {
		t.Fatalf("route through the proxy = %+v", rec)
	}

	if _, err := get(context.Background(), guard(), &netguard.Trip{Record: record}, "https://my-box:"+port(hereSrv.URL)); err != nil || len(proxy.Tunnels()) != 1 {
		t.Fatalf("to this computer: %v, tunnels %v", err, proxy.Tunnels())
	}

	on.Store(true)
	_, err := get(context.Background(), guard(), &netguard.Trip{Record: record, LocalOnly: localOnly}, url)
	if refusal(err) != netguard.ReasonLocalOnly || len(proxy.Tunnels()) != 1 {
		t.Fatalf("under Local only: %v, tunnels %v", err, proxy.Tunnels())
	}
	on.Store(false)

	env["NO_PROXY"] = "api.example.test"
	rec = nil
	if _, err := get(context.Background(), guard(), &netguard.Trip{Record: record}, url); err != nil || len(proxy.Tunnels()) != 1 || rec[0].Proxy != "" {
		t.Fatalf("with NO_PROXY: %v, tunnels %v, route %+v", err, proxy.Tunnels(), rec)
	}
	if there.n.Load() != 2 || here.n.Load() != 1 {
		t.Errorf("requests: %d elsewhere, %d here", there.n.Load(), here.n.Load())
	}
}

// TestCertificatesAndRedirects: an untrusted certificate is said as such (never retried as a network
// fault), and a redirect is not followed.
func TestCertificatesAndRedirects(t *testing.T) {
	there := &counter{}
	srv, _ := guardtest.Server(t, guardtest.Elsewhere(7), there, "api.example.test")
	hosts := guardtest.Hosts{"api.example.test": {guardtest.Elsewhere(7)}}
	g := netguard.New(guardtest.Options(hosts, x509.NewCertPool(), nil)) // trusts nothing
	_, err := get(context.Background(), g, &netguard.Trip{}, "https://api.example.test:"+port(srv.URL))
	var cert *netguard.CertificateError
	if !errors.As(err, &cert) || there.n.Load() != 0 || !strings.Contains(err.Error(), "is not trusted") {
		t.Fatalf("untrusted certificate: %v", err)
	}

	moved, roots := guardtest.Server(t, guardtest.Elsewhere(7), http.RedirectHandler("https://elsewhere.example/v1/chat", http.StatusTemporaryRedirect), "api.example.test")
	g = netguard.New(guardtest.Options(hosts, roots, nil))
	_, err = get(context.Background(), g, &netguard.Trip{}, "https://api.example.test:"+port(moved.URL))
	var redirect *netguard.RedirectError
	if !errors.As(err, &redirect) || redirect.To != "https://elsewhere.example/v1/chat" || !strings.Contains(err.Error(), "does not follow redirects") {
		t.Fatalf("redirect: %v", err)
	}
}
