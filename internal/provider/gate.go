package provider

import (
	"context"
	"fmt"
	"net/url"

	"hushnote/internal/store"
)

// Gate is what every provider consults before it sends anything: whether local-only mode is on, and
// where to record text that leaves the device.
type Gate struct {
	// LocalOnly reports whether local-only mode is on; nil means off.
	LocalOnly func(ctx context.Context) (bool, error)
	// Ledger records one request that carries transcript text off the device; nil records nothing
	// (only for tests of providers that never leave the device). When it fails, nothing is sent.
	Ledger func(ctx context.Context, e store.Egress) error
}

// ollamaCloudHost is where Ollama runs its "-cloud" models.
const ollamaCloudHost = "ollama.com"

// endpoint is where a provider sends its requests, and the rules that go with it.
type endpoint struct {
	preset Preset
	base   *url.URL
	gate   Gate
	// offloaded is set for a request to a model that runs elsewhere although the server is local
	// (Ollama's "-cloud" models run on ollama.com).
	offloaded bool
}

// leavesDevice reports whether requests to this endpoint leave the computer: any cloud preset, a host
// that is not loopback, or a model the local server hands on to a cloud.
func (e endpoint) leavesDevice() bool {
	return e.preset.Cloud || e.offloaded || !IsLoopback(e.base.Hostname())
}

func (e endpoint) info() Info {
	return Info{Preset: e.preset.Name, Name: e.preset.Title, BaseURL: e.base.String(), Host: e.base.Host, Local: !e.leavesDevice()}
}

// allow refuses, before anything is sent, a request that local-only mode forbids.
func (e endpoint) allow(ctx context.Context) error {
	if !e.leavesDevice() || e.gate.LocalOnly == nil {
		return nil
	}
	on, err := e.gate.LocalOnly(ctx)
	if err != nil {
		return fmt.Errorf("read the local-only setting: %w", err)
	}
	if on {
		return &Error{Kind: KindLocalOnly, Provider: e.preset.Title, Host: e.base.Host}
	}
	return nil
}

// record writes the egress ledger row for a chat request about to leave the device.
func (e endpoint) record(ctx context.Context, req Request) error {
	if !e.leavesDevice() {
		return nil
	}
	if e.gate.Ledger == nil {
		return fmt.Errorf("%s: no egress ledger to record the request in; nothing was sent", e.preset.Title)
	}
	host, tls := e.base.Host, e.base.Scheme == "https"
	if e.offloaded { // the local server hands the text on to its cloud, over TLS
		host, tls = ollamaCloudHost, true
	}
	err := e.gate.Ledger(ctx, store.Egress{
		Provider: e.preset.Name, Host: host, Model: req.Model, CharsSent: req.Chars(),
		MeetingID: req.MeetingID, TLS: tls,
	})
	if err != nil {
		return fmt.Errorf("record the request in the egress ledger (nothing was sent): %w", err)
	}
	return nil
}
