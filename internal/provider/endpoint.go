package provider

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strings"

	"hushnote/internal/netguard"
)

// DefaultOllamaURL is where Ollama listens unless told otherwise.
const DefaultOllamaURL = "http://127.0.0.1:11434"

// ParseBaseURL checks a base URL against what can be told without the network: http or https only, a
// host, no credentials, and no plain http to an IP address that is not this computer. A name is judged by
// the addresses it resolves to, where the connection is made (internal/netguard). title names the
// provider in the error.
func ParseBaseURL(title, raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &Error{Kind: KindBadRequest, Provider: title, Detail: fmt.Sprintf("%q is not an http:// or https:// address", raw)}
	}
	if u.User != nil {
		return nil, &Error{Kind: KindBadRequest, Provider: title, Detail: "put the API key in Settings, not in the address"}
	}
	if a, err := netip.ParseAddr(u.Hostname()); err == nil && u.Scheme == "http" && !netguard.Loopback(a) {
		return nil, &Error{Kind: KindPlaintextRefused, Provider: title, Host: u.Host}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// OllamaURLFromEnv reads OLLAMA_HOST the way the ollama command does: a host, host:port, :port or a
// URL; scheme http and port 11434 when left out. It returns "" when the variable is unset.
func OllamaURLFromEnv(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	v := strings.TrimSpace(getenv("OLLAMA_HOST"))
	if v == "" {
		return ""
	}
	scheme, hostport := "http", v
	if s, rest, ok := strings.Cut(v, "://"); ok {
		scheme, hostport = s, rest
	}
	hostport, path, _ := strings.Cut(hostport, "/")
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1" // a server listening everywhere is reached here on loopback
	}
	if port == "" {
		port = "11434"
		if scheme == "https" {
			port = "443"
		}
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(strings.Trim(host, "[]"), port)}
	if path != "" {
		u.Path = "/" + path
	}
	return u.String()
}
