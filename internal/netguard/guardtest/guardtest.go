// Package guardtest stands in for other machines in tests of the network guard: a resolver from a fixed
// table, and a rule under which only 127.0.0.1 and ::1 are this computer, so that servers listening on
// other loopback addresses (127.0.0.2, 127.0.0.3, ...) are, to the guard, other computers.
package guardtest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"hushnote/internal/netguard"
)

// Hosts resolves names from a table (like a hosts file): a name to its addresses. A name not in it
// does not resolve.
type Hosts map[string][]string

// LookupNetIP answers from the table.
func (h Hosts) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := h[strings.ToLower(host)]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	out := make([]netip.Addr, 0, len(addrs))
	for _, a := range addrs {
		ip, err := netip.ParseAddr(a)
		if err != nil {
			return nil, fmt.Errorf("guardtest: %q: %w", a, err)
		}
		out = append(out, ip)
	}
	return out, nil
}

// ThisComputer is 127.0.0.1 and ::1 (and their IPv4-mapped forms) only.
func ThisComputer(a netip.Addr) bool {
	a = a.Unmap()
	return a == netip.MustParseAddr("127.0.0.1") || a == netip.IPv6Loopback()
}

// Elsewhere is a loopback address that stands in for another machine: 127.0.0.n for n >= 2.
func Elsewhere(n int) string { return fmt.Sprintf("127.0.0.%d", n) }

// Options are guard options with hosts as the resolver, ThisComputer as the rule, roots as the trusted
// certificates and getenv for the proxy settings (nil: none set).
func Options(hosts Hosts, roots *x509.CertPool, getenv func(string) string) netguard.Options {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return netguard.Options{Resolver: hosts, ThisComputer: ThisComputer, RootCAs: roots, Getenv: getenv}
}

// Listen listens on a free port of addr (Elsewhere(n) for another machine, "127.0.0.1" for this one).
func Listen(addr string) (net.Listener, error) { return net.Listen("tcp", net.JoinHostPort(addr, "0")) }

// Server starts an httptest server for handler listening on addr (Elsewhere(n), or "127.0.0.1"). With
// names, it serves TLS with a certificate of its own for those names (and addr), returned as a pool
// to trust; without, it serves plain HTTP and the pool is nil.
func Server(t testing.TB, addr string, handler http.Handler, names ...string) (*httptest.Server, *x509.CertPool) {
	t.Helper()
	if len(names) == 0 {
		srv := unstarted(t, addr, handler)
		srv.Start()
		return srv, nil
	}
	cert, pool := Certificate(t, names, []string{addr})
	return ServerTLS(t, addr, handler, cert), pool
}

// ServerTLS starts an httptest server for handler on addr serving TLS with cert.
func ServerTLS(t testing.TB, addr string, handler http.Handler, cert tls.Certificate) *httptest.Server {
	t.Helper()
	srv := unstarted(t, addr, handler)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	return srv
}

// unstarted is an httptest server for handler listening on a free port of addr, closed at the end of
// the test.
func unstarted(t testing.TB, addr string, handler http.Handler) *httptest.Server {
	t.Helper()
	l, err := Listen(addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(handler)
	srv.Listener.Close()
	srv.Listener = l
	t.Cleanup(srv.Close)
	return srv
}

// Certificate makes a self-signed certificate for names and IP addresses, and a pool that trusts it.
func Certificate(t testing.TB, names, ips []string) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	for _, ip := range ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Proxy is an HTTP proxy stand-in that tunnels CONNECT requests, as corporate proxies do, and counts
// them.
type Proxy struct {
	*httptest.Server
	// Route maps a CONNECT target (host:port) to the address to dial; nil dials the target as given.
	Route func(hostport string) string

	mu      sync.Mutex
	tunnels []string // the host:port of every CONNECT
}

// NewProxy starts a proxy on this computer (127.0.0.1).
func NewProxy(t testing.TB) *Proxy {
	p := &Proxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

// Tunnels returns the targets the proxy was asked to reach, in order.
func (p *Proxy) Tunnels() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.tunnels...)
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.Listener.Addr().String() }

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.tunnels = append(p.tunnels, r.Host)
	p.mu.Unlock()
	if r.Method != http.MethodConnect {
		http.Error(w, "only CONNECT", http.StatusMethodNotAllowed)
		return
	}
	// The stand-in reaches the target on the loopback address the test resolver gave it: the test
	// says where a name is by Route, as a proxy's own resolver would.
	target := r.Host
	if p.Route != nil {
		target = p.Route(r.Host)
	}
	up, err := net.Dial("tcp", target)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		return
	}
	w.WriteHeader(http.StatusOK)
	conn, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	go func() {
		defer up.Close()
		defer conn.Close()
		if n := buf.Reader.Buffered(); n > 0 {
			b, _ := buf.Reader.Peek(n)
			up.Write(b)
		}
		go io.Copy(conn, up)
		io.Copy(up, conn)
	}()
}
