// Package netguard is the one way meeting text leaves Hushnote for a language model: an HTTP client
// whose every connection is decided at the socket. The dialer resolves the host, checks every address it
// resolved to, and dials only an address it checked; "this computer" is a loopback address, never a
// name. A request declares its Trip (the rules it goes by and, when it carries meeting text, how to
// record it); the dialer refuses what the rules forbid and records the trip in the egress ledger before
// a byte of the request is written.
//
// The rules, all decided on addresses:
//   - plain http:// is dialled only to this computer;
//   - while Local only is on (read at every connection, so retries included) nothing is dialled except
//     this computer, and nothing goes through a proxy;
//   - a request to this computer never goes through a proxy; other requests honour HTTPS_PROXY and
//     NO_PROXY, and the ledger names the proxy as well as the service;
//   - a trip that says the text goes elsewhere anyway (a cloud service, or a local server that hands the
//     text on) counts as leaving whatever address it is dialled at.
//
// Every connection is used for one request only (no keep-alive), so each request is judged and recorded
// on the connection it really uses.
package netguard

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Resolver looks up the addresses of a host name (*net.Resolver does).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configure a Guard. The zero value is what the app uses: the system resolver, loopback as this
// computer, the system's certificate roots, and the proxy settings of the environment.
type Options struct {
	// Resolver looks up host names (default net.DefaultResolver). Tests map names to addresses.
	Resolver Resolver
	// ThisComputer reports whether an address is this computer (default: loopback, IPv4-mapped
	// loopback included). Tests narrow it so that other loopback addresses stand in for other machines.
	ThisComputer func(netip.Addr) bool
	// RootCAs are the certificate authorities trusted for https (default: the system's). Certificate
	// checks are never turned off.
	RootCAs *x509.CertPool
	// Getenv reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY (default os.Getenv).
	Getenv func(string) string
	// ConnectTimeout bounds connecting and the TLS handshake (default 15 s).
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for a response's headers (default 10 minutes: a cold local model
	// may take minutes before it answers). The body is bounded by the caller.
	HeaderTimeout time.Duration
}

// Guard makes the HTTP client every provider uses.
type Guard struct {
	o      Options
	proxy  func(*url.URL) (*url.URL, error)
	client *http.Client
}

// New makes a Guard.
func New(o Options) *Guard {
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.ThisComputer == nil {
		o.ThisComputer = Loopback
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 15 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 10 * time.Minute
	}
	g := &Guard{o: o}
	env := func(upper string) string {
		if v := o.Getenv(upper); v != "" {
			return v
		}
		return o.Getenv(strings.ToLower(upper))
	}
	g.proxy = (&httpproxy.Config{HTTPSProxy: env("HTTPS_PROXY"), NoProxy: env("NO_PROXY")}).ProxyFunc()
	t := &http.Transport{
		Proxy:                 g.proxyFor,
		DialContext:           g.dialPlain,
		DialTLSContext:        g.dialTLS,
		TLSClientConfig:       &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		DisableKeepAlives:     true,
	}
	g.client = &http.Client{Transport: t, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		return &RedirectError{To: req.URL.Redacted()}
	}}
	return g
}

// Client is the HTTP client whose every request must carry a Trip (WithTrip); one without is refused.
// It follows no redirect: the rules were checked for the address asked for, not for another.
func (g *Guard) Client() *http.Client { return g.client }

// Loopback reports whether a is a loopback address: 127.0.0.0/8, ::1, or an IPv4-mapped loopback.
func Loopback(a netip.Addr) bool { return a.Unmap().IsLoopback() }

// Trip is what one request declares to the guard. Make one per attempt.
type Trip struct {
	// Service names the service for people ("Together AI"), in refusals.
	Service string
	// Elsewhere says the text goes to another machine whatever address is dialled: a cloud service (an
	// SSH tunnel on this computer still leads to it), or a local server that hands the text on.
	Elsewhere bool
	// LocalOnly reports whether Local only is on; nil means off. It is read at every connection that
	// would leave this computer.
	LocalOnly func(ctx context.Context) (bool, error)
	// Record writes the egress ledger row for a request that carries meeting text, once the dialer knows
	// where it goes and before anything is written to the connection; an error refuses the connection.
	// nil: the request carries no meeting text (model lists, model details).
	Record func(ctx context.Context, r Route) error

	mu     sync.Mutex
	proxy  string // host:port of the proxy chosen for this request
	target string // host:port of the service, when it is reached through the proxy
	route  *Route
}

// Route is where one request's bytes went.
type Route struct {
	Host         string         // the service's host:port, as asked
	Addr         netip.AddrPort // the address dialled (the proxy's, when Proxy is set)
	Proxy        string         // the proxy's host:port; "" for a direct connection
	TLS          bool           // the connection to the service is encrypted
	ThisComputer bool           // every address checked was this computer and nothing goes elsewhere
}

// Leaves reports whether the request's text left this computer.
func (r Route) Leaves() bool { return !r.ThisComputer }

// Route returns where the request went, once a connection was made.
func (t *Trip) Route() (Route, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.route == nil {
		return Route{}, false
	}
	return *t.route, true
}

type tripKey struct{}

// WithTrip attaches a trip to ctx; requests made with that ctx go by it.
func WithTrip(ctx context.Context, t *Trip) context.Context {
	return context.WithValue(ctx, tripKey{}, t)
}

func tripFrom(ctx context.Context) *Trip {
	t, _ := ctx.Value(tripKey{}).(*Trip)
	return t
}

// Reason is why the guard refused a connection.
type Reason int

// Reasons.
const (
	ReasonNoTrip    Reason = iota + 1 // a request that declared no trip
	ReasonLocalOnly                   // Local only is on and the address is not this computer
	ReasonPlaintext                   // plain http:// to an address that is not this computer
	ReasonLedger                      // the egress ledger could not be written
	ReasonResolve                     // the name did not resolve to any address
	ReasonSetting                     // the Local only setting could not be read
)

// RefusedError is a connection the guard did not make. Nothing was written to the network.
type RefusedError struct {
	Reason  Reason
	Service string
	Host    string // host:port asked for
	Addr    string // the address that decided it, when there was one
	Err     error
}

func (e *RefusedError) Error() string {
	at := e.Host
	if e.Addr != "" && !strings.HasPrefix(e.Host, e.Addr) {
		at = fmt.Sprintf("%s (%s)", e.Host, e.Addr)
	}
	switch e.Reason {
	case ReasonNoTrip:
		return "refused a connection to " + at + " that did not say what it carries"
	case ReasonLocalOnly:
		return "Local only is on: nothing is sent to " + at + ", which is not this computer"
	case ReasonPlaintext:
		return "refused to send text to " + at + " over plain http:// — it is not this computer; use an https:// address"
	case ReasonLedger:
		return fmt.Sprintf("could not record the request in the egress ledger, so nothing was sent to %s: %v", at, e.Err)
	case ReasonResolve:
		return fmt.Sprintf("could not find the address of %s: %v", e.Host, e.Err)
	case ReasonSetting:
		return fmt.Sprintf("could not read the Local only setting, so nothing was sent to %s: %v", at, e.Err)
	}
	return "refused a connection to " + at
}

func (e *RefusedError) Unwrap() error { return e.Err }

// CertificateError is a TLS certificate the system does not trust. Trying again does not help.
type CertificateError struct {
	Host string
	Err  error
}

func (e *CertificateError) Error() string {
	return fmt.Sprintf("the certificate of %s is not trusted: %v", e.Host, e.Err)
}

func (e *CertificateError) Unwrap() error { return e.Err }

// RedirectError is an answer that redirected elsewhere; the guard does not follow it.
type RedirectError struct{ To string }

func (e *RedirectError) Error() string {
	return "answered with a redirect to " + e.To + "; Hushnote does not follow redirects"
}

// Resolve returns the addresses of host (an IP literal is its own address), IPv4-mapped ones unmapped.
func (g *Guard) Resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	host = strings.Trim(host, "[]")
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap().WithZone(a.Zone())}, nil
	}
	addrs, err := g.o.Resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, errors.New("no addresses")
	}
	out := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		out[i] = a.Unmap()
	}
	return out, nil
}

// OnThisComputer reports whether every address host resolves to is this computer: what the dialer
// would decide for it now. An unresolvable host is not this computer.
func (g *Guard) OnThisComputer(ctx context.Context, host string) bool {
	addrs, err := g.Resolve(ctx, host)
	return err == nil && g.allThisComputer(addrs)
}

func (g *Guard) allThisComputer(addrs []netip.Addr) bool {
	for _, a := range addrs {
		if !g.o.ThisComputer(a) {
			return false
		}
	}
	return len(addrs) > 0
}

// proxyFor chooses the proxy for a request: none to this computer, none while Local only is on, none for
// plain http (only ever to this computer); otherwise the environment's HTTPS_PROXY and NO_PROXY.
func (g *Guard) proxyFor(req *http.Request) (*url.URL, error) {
	t := tripFrom(req.Context())
	if t == nil || req.URL.Scheme != "https" {
		return nil, nil // the dialer refuses a request without a trip
	}
	if g.OnThisComputer(req.Context(), req.URL.Hostname()) {
		return nil, nil
	}
	if t.LocalOnly != nil {
		if on, err := t.LocalOnly(req.Context()); err != nil || on {
			return nil, nil // the dialer refuses it, with the reason
		}
	}
	p, err := g.proxy(req.URL)
	if err != nil || p == nil {
		return nil, err
	}
	t.mu.Lock()
	t.proxy, t.target = canonical(p), canonical(req.URL)
	t.mu.Unlock()
	return p, nil
}

func canonical(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// dialPlain makes a connection without TLS of its own: a plain http:// request, or the connection to a
// proxy that tunnels an https:// one.
func (g *Guard) dialPlain(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, _, err := g.dial(ctx, network, addr, false)
	return conn, err
}

// dialTLS makes a direct https:// connection: dial a checked address, then the TLS handshake, whose
// certificate problems are said as such.
func (g *Guard) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, host, err := g.dial(ctx, network, addr, true)
	if err != nil {
		return nil, err
	}
	tc := tls.Client(conn, &tls.Config{ServerName: host, RootCAs: g.o.RootCAs, MinVersion: tls.VersionTLS12})
	hctx, cancel := context.WithTimeout(ctx, g.o.ConnectTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		conn.Close()
		if certProblem(err) {
			return nil, &CertificateError{Host: addr, Err: err}
		}
		return nil, err
	}
	return tc, nil
}

func certProblem(err error) bool {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname) || errors.As(err, &verify)
}

// dial is the one place a connection is decided: resolve, check every address, apply the rules, record
// the trip, and connect to a checked address. secure says TLS to the service follows on this connection.
func (g *Guard) dial(ctx context.Context, network, addr string, secure bool) (net.Conn, string, error) {
	t := tripFrom(ctx)
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", err
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, host, fmt.Errorf("port %q: %w", portText, err)
	}
	if t == nil {
		return nil, host, &RefusedError{Reason: ReasonNoTrip, Host: addr}
	}
	t.mu.Lock()
	viaProxy, target := t.proxy != "" && t.proxy == addr, t.target
	t.mu.Unlock()
	addrs, err := g.Resolve(ctx, host)
	if err != nil {
		if ctx.Err() != nil {
			return nil, host, ctx.Err()
		}
		return nil, host, &RefusedError{Reason: ReasonResolve, Service: t.Service, Host: addr, Err: err}
	}
	here := g.allThisComputer(addrs)
	refuse := func(r Reason, a netip.Addr, err error) (net.Conn, string, error) {
		s := ""
		if a.IsValid() {
			s = a.String()
		}
		return nil, host, &RefusedError{Reason: r, Service: t.Service, Host: addr, Addr: s, Err: err}
	}
	elsewhere := firstElsewhere(addrs, g.o.ThisComputer)
	leaves := t.Elsewhere || viaProxy || !here
	if leaves && t.LocalOnly != nil {
		on, err := t.LocalOnly(ctx)
		if err != nil {
			return refuse(ReasonSetting, netip.Addr{}, err)
		}
		if on {
			return refuse(ReasonLocalOnly, elsewhere, nil)
		}
	}
	if !secure && !viaProxy && !here {
		return refuse(ReasonPlaintext, elsewhere, nil)
	}
	conn, used, err := g.connect(ctx, network, addrs, uint16(port))
	if err != nil {
		return nil, host, err
	}
	route := Route{Host: addr, Addr: used, TLS: secure || viaProxy, ThisComputer: !leaves}
	if viaProxy {
		route.Host, route.Proxy = target, addr
	}
	t.mu.Lock()
	t.route = &route
	t.mu.Unlock()
	if t.Record != nil && leaves {
		if err := t.Record(ctx, route); err != nil {
			conn.Close()
			return refuse(ReasonLedger, netip.Addr{}, err)
		}
	}
	return conn, host, nil
}

func firstElsewhere(addrs []netip.Addr, here func(netip.Addr) bool) netip.Addr {
	for _, a := range addrs {
		if !here(a) {
			return a
		}
	}
	return netip.Addr{}
}

// connect dials the checked addresses in turn, by address, never by name.
func (g *Guard) connect(ctx context.Context, network string, addrs []netip.Addr, port uint16) (net.Conn, netip.AddrPort, error) {
	d := net.Dialer{Timeout: g.o.ConnectTimeout}
	var first error
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a, port)
		conn, err := d.DialContext(ctx, network, ap.String())
		if err == nil {
			return conn, ap, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, netip.AddrPort{}, first
}
