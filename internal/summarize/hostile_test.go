package summarize_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hushnote/internal/provider"
	"hushnote/internal/store"
	"hushnote/internal/summarize"
	"hushnote/internal/summarize/scripted"
)

// rateLimitOnce fails call 2 with a rate limit asking for retryAfter, and says on limited when it did.
func rateLimitOnce(retryAfter time.Duration, limited chan<- struct{}) func(int) error {
	var once sync.Once
	return func(call int) error {
		if call != 2 {
			return nil
		}
		var err error
		once.Do(func() {
			err = &provider.Error{Kind: provider.KindRateLimited, Provider: "Scripted model", Status: 429, RetryAfter: retryAfter}
			if limited != nil {
				close(limited)
			}
		})
		return err
	}
}

// TestLongRetryAfterEndsTheRun: a service that asks for a longer wait than the run allows ends it at
// once with the service's "try again in …", as the single-request path does, instead of waiting.
func TestLongRetryAfterEndsTheRun(t *testing.T) {
	st := openStore(t)
	id, _ := meeting(t, st, 300)
	p := &scripted.Provider{Window: 8192, Marker: "ACTION:", Fail: rateLimitOnce(10*time.Minute, nil)}
	res, err := summarize.New(st).Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Parallel: 3})
	if !errors.Is(err, provider.ErrRateLimited) || !strings.Contains(err.Error(), "try again in 10m0s") {
		t.Fatalf("err = %v, want the rate limit with its “try again in 10m0s”", err)
	}
	if !strings.Contains(err.Error(), "reading part ") {
		t.Errorf("err = %v does not name the part", err)
	}
	if res.Summary.Status != store.StatusFailed || !strings.Contains(res.Summary.Error, "try again in 10m0s") {
		t.Errorf("saved %s with %q", res.Summary.Status, res.Summary.Error)
	}
}

// TestRateLimitWaitEndsWithTheContext: a wait the run does accept ends as soon as the run is cancelled.
func TestRateLimitWaitEndsWithTheContext(t *testing.T) {
	st := openStore(t)
	id, _ := meeting(t, st, 300)
	limited := make(chan struct{})
	p := &scripted.Provider{Window: 8192, Marker: "ACTION:", Latency: time.Millisecond, Fail: rateLimitOnce(50*time.Second, limited)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-limited
		cancel()
	}()
	res, err := summarize.New(st).Summarize(ctx, summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Parallel: 3})
	if !errors.Is(err, context.Canceled) || res.Summary.Status != store.StatusPartial {
		t.Errorf("err = %v, status %s; want cancelled, partial", err, res.Summary.Status)
	}
}

// TestDraftIsSavedByAppending: as the final notes stream, each save adds only what arrived since the one
// before (the draft's text is never written whole until the end), and the draft reads whole meanwhile.
func TestDraftIsSavedByAppending(t *testing.T) {
	st := openStore(t)
	id, _ := meeting(t, st, 5)
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := summarize.New(st)
	e.SaveEvery = time.Nanosecond // a save after every piece
	var streamed strings.Builder
	checked := false
	p := &scripted.Provider{Answer: strings.Repeat("word ", 40)}
	_, err = e.Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Stream: func(s string) {
		if streamed.Len() > 0 && !checked && strings.Count(streamed.String(), " ") == 20 {
			checked = true
			draft, err := st.LatestSummary(context.Background(), id)
			if err != nil || draft.Status != store.StatusDraft || draft.Text != streamed.String()[:len(draft.Text)] || len(draft.Text) < len(streamed.String())-len("word ") {
				t.Errorf("draft %q (%s, %v) while %q had streamed", draft.Text, draft.Status, err, streamed.String())
			}
			var tails int
			var stored string
			if err := db.QueryRow(`SELECT COUNT(*) FROM summary_draft_tails WHERE summary_id = ?`, draft.ID).Scan(&tails); err != nil {
				t.Errorf("tails: %v", err)
			}
			if err := db.QueryRow(`SELECT text FROM summaries WHERE id = ?`, draft.ID).Scan(&stored); err != nil || stored != "" {
				t.Errorf("the draft's own text was written: %q, %v", stored, err)
			}
			if tails < 12 {
				t.Errorf("%d tails after 20 saved pieces", tails)
			}
		}
		streamed.WriteString(s)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("the stream never reached 20 words")
	}
	var tails int
	db.QueryRow(`SELECT COUNT(*) FROM summary_draft_tails`).Scan(&tails)
	final, _ := st.LatestSummary(context.Background(), id)
	if tails != 0 || final.Status != store.StatusDone || final.Text != strings.TrimSpace(streamed.String()) {
		t.Errorf("after the run: %d tails, %s %q", tails, final.Status, final.Text)
	}
}

// localOnlyWaiter is a scripted model whose waits before a retry end as the real providers' do when
// Local only goes on meanwhile.
type localOnlyWaiter struct {
	*scripted.Provider
	waits atomic.Int32
}

func (w *localOnlyWaiter) WaitToRetry(context.Context, time.Duration) error {
	w.waits.Add(1)
	return &provider.Error{Kind: provider.KindLocalOnly, Provider: "Scripted model"}
}

// TestRateLimitWaitGoesByTheProvidersRules: the engine's own wait after a rate limit is the provider's
// (Local only ends it), and the run ends with what ended the wait.
func TestRateLimitWaitGoesByTheProvidersRules(t *testing.T) {
	st := openStore(t)
	id, _ := meeting(t, st, 300)
	p := &localOnlyWaiter{Provider: &scripted.Provider{Window: 8192, Marker: "ACTION:", Fail: rateLimitOnce(50*time.Second, nil)}}
	_, err := summarize.New(st).Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 8192, Parallel: 3})
	if !errors.Is(err, provider.ErrLocalOnly) || p.waits.Load() != 1 {
		t.Fatalf("err = %v after %d waits; want the run ended by Local only", err, p.waits.Load())
	}
}
