package provider

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Policy is how a provider retries and how long it waits for an answer. The zero value means the
// defaults below.
type Policy struct {
	MaxAttempts       int           // tries in all, the first included (default 4)
	BaseDelay         time.Duration // first backoff (default 1 s), doubling each try, with jitter
	MaxDelay          time.Duration // longest wait between tries (default 60 s); a longer Retry-After is not waited for
	StallTimeout      time.Duration // longest silence between two pieces of an answer (default 120 s)
	FirstTokenTimeout time.Duration // longest wait for the first piece (default 120 s; Ollama 10 min for a cold model)
	ListTimeout       time.Duration // longest wait for a model list or a model's details, body included (default 30 s)

	// Sleep waits d or until ctx ends (default: a timer); tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (p Policy) withDefaults(local bool) Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = time.Second
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 60 * time.Second
	}
	if p.StallTimeout <= 0 {
		p.StallTimeout = 120 * time.Second
	}
	if p.FirstTokenTimeout <= 0 {
		p.FirstTokenTimeout = 120 * time.Second
		if local {
			p.FirstTokenTimeout = 10 * time.Minute
		}
	}
	if p.ListTimeout <= 0 {
		p.ListTimeout = 30 * time.Second
	}
	if p.Sleep == nil {
		p.Sleep = Wait
	}
	return p
}

// Wait waits d, or until ctx ends (then it returns ctx's error): the default Policy.Sleep, and the wait
// of anything else that honours a service's Retry-After.
func Wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retry runs try until it succeeds, fails for good, or has made MaxAttempts attempts. Only failures
// before anything of the answer arrived are retried (try reports whether it started), and only those
// worth retrying: rate limits, overload, server errors, connection faults. wait sleeps between attempts
// (an error from it ends the run; nil: p.Sleep).
func (p Policy) retry(ctx context.Context, wait func(ctx context.Context, d time.Duration) error, try func(ctx context.Context) (started bool, err error)) error {
	if wait == nil {
		wait = p.Sleep
	}
	for attempt := 1; ; attempt++ {
		started, err := try(ctx)
		if err == nil || started || !retryable(err) || attempt >= p.MaxAttempts || ctx.Err() != nil {
			return err
		}
		d := p.backoff(attempt)
		var pe *Error
		if errors.As(err, &pe) && pe.RetryAfter > 0 {
			if pe.RetryAfter > p.MaxDelay {
				return err // the service asks for longer than we wait: say so
			}
			d = pe.RetryAfter + time.Duration(rand.Float64()*float64(p.BaseDelay)/4)
		}
		if err := wait(ctx, d); err != nil {
			return err
		}
	}
}

// backoff is the wait before try attempt+1: exponential with "equal jitter".
func (p Policy) backoff(attempt int) time.Duration {
	d := p.BaseDelay << (attempt - 1)
	if d > p.MaxDelay || d <= 0 {
		d = p.MaxDelay
	}
	return d/2 + time.Duration(rand.Float64()*float64(d/2))
}

// retryAfter reads when a rate-limited or overloaded service wants to be asked again: Retry-After
// (seconds or an HTTP date) or x-ratelimit-reset (seconds, a Unix time, or a duration like "1m30s").
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second))
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(0, t.Sub(now))
		}
	}
	for _, name := range []string{"X-Ratelimit-Reset", "X-Ratelimit-Reset-Requests", "X-Ratelimit-Reset-Tokens"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			if s > 1e9 { // a Unix time
				return max(0, time.Unix(int64(s), 0).Sub(now))
			}
			return time.Duration(s * float64(time.Second))
		}
		if d, err := time.ParseDuration(v); err == nil && d >= 0 {
			return d
		}
	}
	return 0
}

// watchdog cancels a stream whose pieces stop arriving: first before the first piece, then idle
// between pieces.
type watchdog struct {
	timer  *time.Timer
	idle   time.Duration
	cancel context.CancelCauseFunc
}

// errStalled is the cause a watchdog cancels with.
var errStalled = errors.New("stalled")

func newWatchdog(ctx context.Context, first, idle time.Duration) (context.Context, *watchdog) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{idle: idle, cancel: cancel}
	w.timer = time.AfterFunc(first, func() { cancel(errStalled) })
	return ctx, w
}

// alive says a piece arrived.
func (w *watchdog) alive() { w.timer.Reset(w.idle) }

// stop ends the watch; it reports whether the watchdog had fired.
func (w *watchdog) stop(ctx context.Context) bool {
	w.timer.Stop()
	fired := errors.Is(context.Cause(ctx), errStalled)
	w.cancel(nil)
	return fired
}
