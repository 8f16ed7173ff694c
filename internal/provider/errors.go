package provider

import (
	"errors"
	"fmt"
	"time"
)

// Kind is what went wrong, in terms the app can put to people.
type Kind int

// Error kinds.
const (
	KindUnknown          Kind = iota
	KindUnreachable           // no answer: offline, wrong URL, server not running
	KindUnauthorized          // the API key was rejected (401)
	KindOutOfCredit           // the account has no credit left (402)
	KindForbidden             // the key may not do this (403)
	KindModelNotFound         // no such model (404)
	KindContextTooLong        // the prompt and answer do not fit the model's context (400/403/413)
	KindContextTruncated      // Ollama cut the prompt to fit its context window
	KindRateLimited           // too many requests (429); RetryAfter says when to try again
	KindOverloaded            // the service is overloaded (503)
	KindServerError           // the service failed (5xx)
	KindStreamBroken          // the answer stopped in the middle
	KindStalled               // the answer stopped arriving for too long
	KindPlaintextRefused      // an http:// URL to another machine
	KindLocalOnly             // blocked: local-only mode is on
	KindBadRequest            // the service refused the request for another reason (400)
	KindPullFailed            // a model download failed
	KindCertificate           // the service's TLS certificate is not trusted (never retried)
	KindRedirected            // the service answered with a redirect, which Hushnote does not follow
	KindNotSent               // the request was refused before anything was sent (the ledger could not be written, ...)
	KindAnswerTooLong         // the answer ran far past the answer budget and was stopped
	KindBadAnswer             // the answer was not in the expected format (a line too long, not JSON, ...)
)

var kindNames = map[Kind]string{
	KindUnknown: "unknown", KindUnreachable: "unreachable", KindUnauthorized: "unauthorized",
	KindOutOfCredit: "out of credit", KindForbidden: "forbidden", KindModelNotFound: "model not found",
	KindContextTooLong: "context too long", KindContextTruncated: "context truncated",
	KindRateLimited: "rate limited", KindOverloaded: "overloaded", KindServerError: "server error",
	KindStreamBroken: "stream broken", KindStalled: "stream stalled", KindPlaintextRefused: "plaintext refused",
	KindLocalOnly: "blocked by local-only", KindBadRequest: "bad request", KindPullFailed: "pull failed",
	KindCertificate: "untrusted certificate", KindRedirected: "redirected", KindNotSent: "not sent",
	KindAnswerTooLong: "answer too long", KindBadAnswer: "answer not understood",
}

func (k Kind) String() string { return kindNames[k] }

// Sentinels, one per kind, so callers can write errors.Is(err, provider.ErrUnauthorized).
var (
	ErrUnreachable      = &Error{Kind: KindUnreachable}
	ErrUnauthorized     = &Error{Kind: KindUnauthorized}
	ErrOutOfCredit      = &Error{Kind: KindOutOfCredit}
	ErrForbidden        = &Error{Kind: KindForbidden}
	ErrModelNotFound    = &Error{Kind: KindModelNotFound}
	ErrContextTooLong   = &Error{Kind: KindContextTooLong}
	ErrContextTruncated = &Error{Kind: KindContextTruncated}
	ErrRateLimited      = &Error{Kind: KindRateLimited}
	ErrOverloaded       = &Error{Kind: KindOverloaded}
	ErrServerError      = &Error{Kind: KindServerError}
	ErrStreamBroken     = &Error{Kind: KindStreamBroken}
	ErrStalled          = &Error{Kind: KindStalled}
	ErrPlaintext        = &Error{Kind: KindPlaintextRefused}
	ErrLocalOnly        = &Error{Kind: KindLocalOnly}
	ErrBadRequest       = &Error{Kind: KindBadRequest}
	ErrPullFailed       = &Error{Kind: KindPullFailed}
	ErrCertificate      = &Error{Kind: KindCertificate}
	ErrRedirected       = &Error{Kind: KindRedirected}
	ErrNotSent          = &Error{Kind: KindNotSent}
	ErrAnswerTooLong    = &Error{Kind: KindAnswerTooLong}
	ErrBadAnswer        = &Error{Kind: KindBadAnswer}
)

// Error is a provider failure. Its message names the provider and says what to do. Detail is the
// service's own words, which may echo the API key it was sent: what Hushnote keeps or shows passes
// through the redactor (internal/redact), which removes it.
type Error struct {
	Kind       Kind
	Provider   string        // for people: "Together AI"
	Status     int           // HTTP status, when there was one
	RetryAfter time.Duration // for rate limits: when the service said to try again
	Detail     string        // the service's own words, shortened
	Host       string
	Hint       string // what to do, when the kind's own advice does not fit (how to start Ollama)
	Err        error  // the underlying cause
}

// Is matches sentinels by kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Provider == "" && t.Kind == e.Kind
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	p := e.Provider
	if p == "" {
		p = "The provider"
	}
	var msg string
	detail := e.Detail
	switch e.Kind {
	case KindUnreachable:
		if e.Hint != "" {
			msg = fmt.Sprintf("%s is not running at %s — %s", p, e.Host, e.Hint)
		} else {
			msg = fmt.Sprintf("%s did not answer at %s — check the address and your connection", p, e.Host)
		}
	case KindUnauthorized:
		msg = p + " rejected the API key — paste a new one in Settings"
	case KindOutOfCredit:
		msg = p + " says the account is out of credit — add credit in your account, or switch to a local model"
	case KindForbidden:
		msg = p + " refused access — the key is not allowed to use this model or service"
	case KindModelNotFound:
		msg = p + " has no such model — pick one from the provider's list in Settings"
	case KindContextTooLong:
		msg = p + ": the transcript part and the answer do not fit the model's context window"
	case KindContextTruncated:
		msg = p + " cut the prompt to fit its context window, so part of the transcript was not read"
	case KindRateLimited:
		msg = p + " is rate limiting requests"
		if e.RetryAfter > 0 {
			msg += fmt.Sprintf(" — try again in %s", e.RetryAfter.Round(time.Second))
		}
	case KindOverloaded:
		msg = p + " is overloaded right now — try again in a minute, or use another model"
	case KindServerError:
		msg = p + " failed with a server error — try again later"
	case KindStreamBroken:
		msg = p + " stopped sending the answer in the middle — what arrived is kept; try again"
	case KindStalled:
		msg = p + " stopped sending the answer for too long — what arrived is kept; try again"
	case KindPlaintextRefused:
		msg = "Refused to send text to " + e.Host + " over plain http:// — use an https:// address (plain http is only for this computer)"
	case KindLocalOnly:
		msg = "Local only is on: nothing is sent to " + p + " — turn Local only off to use it"
	case KindBadRequest:
		msg = p + " refused the request"
	case KindPullFailed:
		msg = p + " could not download the model"
	case KindCertificate:
		msg, detail = fmt.Sprintf("The certificate of %s is not trusted: %s — check the address, and any proxy or security software in between", e.Host, e.Detail), ""
	case KindRedirected:
		msg, detail = fmt.Sprintf("%s answered with a redirect to %s; Hushnote does not follow redirects — put the right address in Settings", p, e.Detail), ""
	case KindNotSent:
		msg, detail = p+": "+e.Detail, "" // the guard's own words say that nothing was sent, and why
		if e.Detail == "" {
			msg = p + ": nothing was sent"
		}
	case KindAnswerTooLong:
		msg = p + ": the answer was far longer than asked for, so Hushnote stopped it — what arrived is kept"
	case KindBadAnswer:
		msg = p + " sent an answer that is not in the expected format"
	default:
		msg = p + " failed"
	}
	if detail != "" {
		msg += " (" + detail + ")"
	}
	return msg
}

// retryable reports whether err may succeed if the request is sent again: rate limits, overload,
// server errors and connection faults; never a 4xx.
func retryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Kind {
	case KindRateLimited, KindOverloaded, KindServerError, KindUnreachable, KindStreamBroken:
		return true
	}
	return false
}

// shorten keeps a service's error text to one short line.
func shorten(s string) string {
	const max = 200
	r := []rune(s)
	out := make([]rune, 0, len(r))
	space := false
	for _, c := range r {
		if c == '\n' || c == '\r' || c == '\t' || c == ' ' {
			if !space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		out = append(out, c)
	}
	if len(out) > max {
		return string(out[:max]) + "…"
	}
	return string(out)
}
