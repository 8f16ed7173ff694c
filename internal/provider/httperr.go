package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"time"
)

// contextMessage recognises a service's "the prompt is too long" wording (Together: "`inputs` tokens +
// `max_new_tokens` must be <= 8193"; OpenAI: "maximum context length is 8192 tokens").
var contextMessage = regexp.MustCompile(`(?i)context[ _-]?(length|window)|max(imum)?[ _]?(context|tokens|new[ _]tokens)|tokens?\b.*\b(must be|exceed|too (long|many|large))|prompt is too long|too many tokens`)

// errorBody pulls the human message out of an error response: {"error": {"message": ...}},
// {"error": "..."} or {"message": "..."}.
func errorBody(body []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &v) != nil {
		return shorten(string(body))
	}
	if len(v.Error) > 0 {
		var inner struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(v.Error, &inner) == nil && inner.Message != "" {
			return shorten(inner.Message)
		}
		var s string
		if json.Unmarshal(v.Error, &s) == nil && s != "" {
			return shorten(s)
		}
	}
	return shorten(v.Message)
}

// statusError turns an HTTP error status into an *Error of the right kind.
func statusError(e endpoint, status int, h http.Header, message string) *Error {
	err := &Error{Provider: e.preset.Title, Status: status, Host: e.base.Host, Detail: message}
	switch {
	case status == http.StatusUnauthorized:
		err.Kind = KindUnauthorized
	case status == http.StatusPaymentRequired:
		err.Kind = KindOutOfCredit
	case (status == http.StatusBadRequest || status == http.StatusForbidden || status == http.StatusRequestEntityTooLarge ||
		status == http.StatusUnprocessableEntity) && contextMessage.MatchString(message):
		err.Kind = KindContextTooLong
	case status == http.StatusForbidden:
		err.Kind = KindForbidden
	case status == http.StatusNotFound:
		err.Kind = KindModelNotFound
	case status == http.StatusTooManyRequests:
		err.Kind = KindRateLimited
		err.RetryAfter = retryAfter(h, time.Now())
	case status == http.StatusServiceUnavailable:
		err.Kind = KindOverloaded
		err.RetryAfter = retryAfter(h, time.Now())
	case status >= 500:
		err.Kind = KindServerError
	default:
		err.Kind = KindBadRequest
	}
	return err
}

// transportError words a failure to talk to the service at all. A cancelled ctx is returned as is.
func transportError(ctx context.Context, e endpoint, err error, started bool) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if ne := e.netError(err); ne != nil {
		return ne
	}
	kind := KindUnreachable
	if started {
		kind = KindStreamBroken
	}
	return &Error{Kind: kind, Provider: e.preset.Title, Host: e.base.Host, Err: err}
}
