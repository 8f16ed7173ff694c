package provider

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
)

// DefaultOllamaURL is where Ollama listens unless told otherwise.
const DefaultOllamaURL = "http://127.0.0.1:11434"

// IsLoopback reports whether host (a name or address, without port) is this computer: localhost,
// 127.0.0.0/8 or ::1.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// ParseBaseURL checks a base URL against the rules: http or https only, a host, and plain http only to
// this computer. title names the provider in the error.
func ParseBaseURL(title, raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &Error{Kind: KindBadRequest, Provider: title, Detail: fmt.Sprintf("%q is not an http:// or https:// address", raw)}
	}
	if u.User != nil {
		return nil, &Error{Kind: KindBadRequest, Provider: title, Detail: "put the API key in Settings, not in the address"}
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
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

// MadeOnDevice reports whether a summary written by the named preset's model at host (as stored with
// the summary, port optional) was made on this computer: not by a cloud preset, by a server on this
// computer, with a model that is not one of Ollama's "-cloud" ones (those run on ollama.com).
func MadeOnDevice(preset, model, host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if p, ok := PresetByName(preset); ok && p.Cloud {
		return false // a cloud service, whatever address it was reached at
	}
	return host != "" && IsLoopback(host) && !(preset == Ollama && cloudModel(model))
}
