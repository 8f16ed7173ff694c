package provider

import (
	"context"
	"time"
)

// attempt is one try at streaming an answer: it passes the text on (without <think> blocks), notes the
// first piece's time, keeps the caller's own error apart, and decides how the try ended.
type attempt struct {
	fn      func(Chunk) error
	begin   time.Time
	usage   Usage
	filter  thinkFilter
	started bool  // text reached fn: no retry after this
	cbErr   error // fn's error, which ends the stream as is
}

func newAttempt(fn func(Chunk) error) *attempt { return &attempt{fn: fn, begin: time.Now()} }

// deliver passes a raw piece on; false means the caller stopped the stream.
func (a *attempt) deliver(raw string) bool {
	return a.send(a.filter.push(raw))
}

func (a *attempt) send(text string) bool {
	if text == "" || a.cbErr != nil {
		return a.cbErr == nil
	}
	if !a.started {
		a.started, a.usage.FirstToken = true, time.Since(a.begin)
	}
	if err := a.fn(Chunk{Text: text}); err != nil {
		a.cbErr = err
		return false
	}
	return true
}

// end decides how the try ended: the caller's error, a stall, the transport's error (worded by
// wordErr), a stream that stopped before the service said it was complete, or success.
func (a *attempt) end(ctx context.Context, e endpoint, stalled bool, err error, complete bool, wordErr func(error) error) (Usage, bool, error) {
	switch {
	case a.cbErr != nil:
		return a.usage, true, a.cbErr
	case stalled:
		return a.usage, a.started, &Error{Kind: KindStalled, Provider: e.preset.Title, Host: e.base.Host}
	case err != nil:
		return a.usage, a.started, wordErr(err)
	case ctx.Err() != nil: // some clients end a cancelled stream without an error
		return a.usage, a.started, ctx.Err()
	case !complete:
		return a.usage, a.started, &Error{Kind: KindStreamBroken, Provider: e.preset.Title, Host: e.base.Host, Detail: "the stream ended before the answer was complete"}
	}
	a.send(a.filter.flush())
	return a.usage, a.started, a.cbErr
}
