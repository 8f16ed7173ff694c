// Package guardtest stands in for other machines in tests of the network guard: a resolver from a fixed
// table, and a rule under which only 127.0.0.1 and ::1 are this computer, so that servers listening on
// other loopback addresses (127.0.0.2, 127.0.0.3, ...) are, to the guard, other computers.
package guardtest

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"strings"

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
