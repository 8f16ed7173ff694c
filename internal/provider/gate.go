package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"hushnote/internal/netguard"
	"hushnote/internal/store"
)

// Gate is what every provider consults for every request: whether Local only is on, and where to record
// text that leaves the device.
type Gate struct {
	// LocalOnly reports whether Local only is on; nil means off. The dialer reads it at every
	// connection that would leave this computer, retries included.
	LocalOnly func(ctx context.Context) (bool, error)
	// Ledger records one request that carries meeting text off the device and returns the row's ID; nil
	// records nothing, so such a request is refused (only providers that never leave the device can do
	// without). When it fails, nothing is sent.
	Ledger func(ctx context.Context, e store.Egress) (int64, error)
	// Answered notes on a ledger row the model the service says answered, when it is not the one asked
	// for (Together answers for retired models with their successors). nil: not noted.
	Answered func(ctx context.Context, id int64, model string) error
}

// errNoLedger refuses a request that would leave the device when there is nowhere to record it.
var errNoLedger = errors.New("there is no egress ledger to record the request in")

// endpoint is where a provider sends its requests, and the rules that go with it.
type endpoint struct {
	preset Preset
	base   *url.URL
	gate   Gate
	guard  *netguard.Guard
	policy Policy
}

func (e endpoint) info() Info {
	return Info{Preset: e.preset.Name, Name: e.preset.Title, BaseURL: e.base.String(), Host: e.base.Host}
}

// sent is what one request did: where its bytes went, and its ledger row.
type sent struct {
	route    netguard.Route
	dialled  bool  // a connection was made (route is set)
	ledgerID int64 // 0: no row (nothing left the device, or the request carried no meeting text)
}

// send is the one path by which a provider makes a request. It declares the request to the guard: the
// rules (Local only, read at the connection) and, for a request that carries meeting text (req), the
// ledger row the dialer writes once it knows where the bytes go and before any is written. remote is
// where a local server hands the text on to ("" when it answers itself): such a request counts as
// leaving whatever address is dialled, and the ledger names the remote host.
func (e endpoint) send(ctx context.Context, req *Request, remote string, do func(ctx context.Context) error) (sent, error) {
	var s sent
	t := &netguard.Trip{Service: e.preset.Title, Elsewhere: e.preset.Cloud || remote != "", LocalOnly: e.gate.LocalOnly}
	if req != nil {
		t.Record = func(ctx context.Context, r netguard.Route) error {
			if e.gate.Ledger == nil {
				return errNoLedger
			}
			row := store.Egress{Provider: e.preset.Name, Host: r.Host, Proxy: r.Proxy, Model: req.Model,
				CharsSent: req.Chars(), MeetingID: req.MeetingID, TLS: r.TLS}
			if remote != "" {
				row.Host, row.TLS = remoteHostPort(remote)
			}
			id, err := e.gate.Ledger(ctx, row)
			s.ledgerID = id
			return err
		}
	}
	err := do(netguard.WithTrip(ctx, t))
	s.route, s.dialled = t.Route()
	return s, err
}

// answered notes on the request's ledger row the model the service says answered (one other than the
// model asked for).
func (e endpoint) answered(ctx context.Context, s sent, answered string) {
	if s.ledgerID == 0 || answered == "" || e.gate.Answered == nil {
		return
	}
	// The text was sent and recorded; a failure to add the detail loses nothing.
	_ = e.gate.Answered(context.WithoutCancel(ctx), s.ledgerID, answered)
}

// remoteHostPort reads the host and encryption of a remote host as Ollama reports it
// ("https://ollama.com:443"; a bare host counts as https).
func remoteHostPort(remote string) (string, bool) {
	u, err := url.Parse(remote)
	if err != nil || u.Host == "" {
		return remote, true
	}
	return u.Host, u.Scheme != "http"
}

// RemoteHostName is the host name of a remote host as Ollama reports it ("https://ollama.com:443" and
// "ollama.com:443" are "ollama.com"); "" for none.
func RemoteHostName(remote string) string {
	host, _ := remoteHostPort(strings.TrimSpace(remote))
	return strings.Trim(hostOnly(host), "[]/")
}

// watchLocalOnly returns the wait between two attempts: the policy's sleep, cut short with a
// KindLocalOnly error when Local only goes on meanwhile and the last attempt left this computer, so
// that nothing more is sent.
func (e endpoint) watchLocalOnly(left func() bool) func(ctx context.Context, d time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		if e.gate.LocalOnly == nil {
			return e.policy.Sleep(ctx, d)
		}
		wctx, cancel := context.WithCancelCause(ctx)
		defer cancel(nil)
		done := make(chan struct{})
		defer close(done)
		go func() {
			tick := time.NewTicker(localOnlyPoll)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					if on, err := e.gate.LocalOnly(wctx); err == nil && on && left() {
						cancel(&Error{Kind: KindLocalOnly, Provider: e.preset.Title, Host: e.base.Host})
						return
					}
				}
			}
		}()
		err := e.policy.Sleep(wctx, d)
		if cause := context.Cause(wctx); err != nil && ctx.Err() == nil && cause != nil {
			return cause
		}
		return err
	}
}

// WaitToRetry waits d before the caller asks again (a rate limit's Retry-After), ended early with a
// KindLocalOnly error when Local only goes on meanwhile and the text would leave this computer: the
// wait the summary engine makes between its own tries, under the same rule as the provider's.
func (e endpoint) WaitToRetry(ctx context.Context, d time.Duration) error {
	leaves := e.where(ctx).LeavesDevice // judged once, not at every look at the switch
	return e.watchLocalOnly(func() bool { return leaves })(ctx, d)
}

// localOnlyPoll is how often a wait between attempts looks at the Local only switch (which another
// Hushnote process may flip).
const localOnlyPoll = 200 * time.Millisecond

// netError words a failure the guard or the connection gave, or returns nil when err is not one.
func (e endpoint) netError(err error) *Error {
	var refused *netguard.RefusedError
	var cert *netguard.CertificateError
	var redirect *netguard.RedirectError
	switch {
	case errors.As(err, &refused):
		out := &Error{Provider: e.preset.Title, Host: refused.Host, Err: err}
		switch refused.Reason {
		case netguard.ReasonLocalOnly:
			out.Kind = KindLocalOnly
			if refused.Addr != "" {
				out.Detail = "it is reached at " + refused.Addr + ", which is not this computer"
			}
		case netguard.ReasonPlaintext:
			out.Kind = KindPlaintextRefused
			if refused.Addr != "" {
				out.Detail = refused.Host + " is at " + refused.Addr + ", which is not this computer"
			}
		case netguard.ReasonResolve:
			out.Kind, out.Detail = KindUnreachable, "its name did not resolve"
		default:
			out.Kind, out.Detail = KindNotSent, refused.Error()
		}
		return out
	case errors.As(err, &cert):
		return &Error{Kind: KindCertificate, Provider: e.preset.Title, Host: cert.Host, Detail: shorten(cert.Err.Error()), Err: err}
	case errors.As(err, &redirect):
		return &Error{Kind: KindRedirected, Provider: e.preset.Title, Host: e.base.Host, Detail: redirect.To, Err: err}
	}
	return nil
}

// chat runs the attempts of one chat request: each goes through send (checked at the socket, recorded
// before it is written), retried by the policy, the wait between attempts cut short when Local only goes
// on. one makes one attempt with a ctx that carries its trip and reports whether text reached the
// caller (no retry after that) and the model the service says answered.
func (e endpoint) chat(ctx context.Context, req Request, remote string, one func(ctx context.Context) (u Usage, started bool, answeredBy string, err error)) (Usage, error) {
	var usage Usage
	var last sent
	dialled := false // by any attempt
	leaves := func() bool { return e.preset.Cloud || remote != "" || (last.dialled && last.route.Leaves()) }
	err := e.policy.retry(ctx, e.watchLocalOnly(leaves), func(ctx context.Context) (bool, error) {
		var started bool
		var answeredBy string
		s, err := e.send(ctx, &req, remote, func(ctx context.Context) error {
			var err error
			usage, started, answeredBy, err = one(ctx)
			return err
		})
		last = s
		dialled = dialled || s.dialled
		usage.Sent = dialled
		if s.dialled {
			usage.LeftDevice, usage.Host = leaves(), s.route.Host
			if remote != "" {
				usage.Host, _ = remoteHostPort(remote)
			}
		}
		if answeredBy != req.Model {
			usage.AnsweredBy = answeredBy
			e.answered(ctx, s, answeredBy)
		}
		return started, err
	})
	return usage, err
}

// list makes a request that carries no meeting text (a model list, a model's details) through send,
// bounded by the policy's ListTimeout, the body included. what names it for people ("its model list").
func (e endpoint) list(ctx context.Context, what string, do func(ctx context.Context) error) error {
	lctx, cancel := context.WithTimeoutCause(ctx, e.policy.ListTimeout, errListTimeout)
	defer cancel()
	_, err := e.send(lctx, nil, "", do)
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(lctx), errListTimeout) {
		return &Error{Kind: KindStalled, Provider: e.preset.Title, Host: e.base.Host,
			Detail: fmt.Sprintf("it did not send %s within %s", what, e.policy.ListTimeout.Round(time.Second))}
	}
	return err
}

var errListTimeout = errors.New("list timeout")

// where says where requests to this endpoint go now: a cloud service always leaves; otherwise the host
// is judged by the addresses it resolves to, as the dialer judges it.
func (e endpoint) where(ctx context.Context) Where {
	switch {
	case e.preset.Cloud:
		return Where{LeavesDevice: true, Host: e.base.Host, Why: "a cloud service"}
	case !e.guard.OnThisComputer(ctx, e.base.Hostname()):
		return Where{LeavesDevice: true, Host: e.base.Host, Why: e.base.Hostname() + " is not this computer"}
	}
	return Where{Host: e.base.Host}
}
