package provider

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// errAnswerTooLong stops an answer that ran past its limit.
var errAnswerTooLong = errors.New("answer too long")

// attempt is one try at streaming an answer: it passes the text on (without <think> blocks), notes the
// first piece's time, keeps the caller's own error apart, and decides how the try ended.
type attempt struct {
	fn      func(Chunk) error
	limit   int // characters the answer may run to before it is stopped (0: no limit)
	chars   int
	begin   time.Time
	usage   Usage
	filter  thinkFilter
	started bool  // text reached fn: no retry after this
	cbErr   error // fn's error, which ends the stream as is
}

func newAttempt(fn func(Chunk) error, limit int) *attempt {
	return &attempt{fn: fn, limit: limit, begin: time.Now()}
}

// answerOverrun is how many times the answer budget an answer may run to before it is stopped: a
// model that does not stop (a loop, a service that ignores max_tokens) must not fill the disk.
const answerOverrun = 8

// charsPerAnswerToken is a generous count of characters per token for the answer limit.
const charsPerAnswerToken = 4

// answerLimit is how long, in characters, an answer to req may run: answerOverrun times its budget.
func answerLimit(req Request) int {
	budget := req.MaxTokens
	if budget <= 0 {
		budget = defaultAnswerTokens
	}
	return answerOverrun * budget * charsPerAnswerToken
}

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
	if a.chars += len([]rune(text)); a.limit > 0 && a.chars > a.limit {
		a.cbErr = errAnswerTooLong
		return false
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
	case a.cbErr == errAnswerTooLong:
		return a.usage, true, &Error{Kind: KindAnswerTooLong, Provider: e.preset.Title, Host: e.base.Host,
			Detail: fmt.Sprintf("more than %d characters", a.limit)}
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
