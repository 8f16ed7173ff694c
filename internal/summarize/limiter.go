package summarize

import (
	"context"
	"sync"
)

// limiter lets at most n workers run at once; slowDown lowers n by one (to no less than 1).
type limiter struct {
	mu      sync.Mutex
	cond    chan struct{} // closed and replaced whenever a slot frees
	n, busy int
}

func newLimiter(n int) *limiter { return &limiter{n: max(1, n), cond: make(chan struct{})} }

func (l *limiter) acquire(ctx context.Context) error {
	for {
		l.mu.Lock()
		if l.busy < l.n {
			l.busy++
			l.mu.Unlock()
			return nil
		}
		wait := l.cond
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-wait:
		}
	}
}

func (l *limiter) release() {
	l.mu.Lock()
	l.busy--
	close(l.cond)
	l.cond = make(chan struct{})
	l.mu.Unlock()
}

// slowDown lowers the limit after a rate limit; it reports false when it is already 1 (give up then).
func (l *limiter) slowDown() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n <= 1 {
		return false
	}
	l.n--
	return true
}
