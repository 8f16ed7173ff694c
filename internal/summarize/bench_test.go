package summarize_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"hushnote/internal/provider"
	"hushnote/internal/summarize"
	"hushnote/internal/summarize/scripted"
)

// stamped passes a provider's stream on, noting when each piece arrived from it.
type stamped struct {
	provider.Provider
	mu      sync.Mutex
	arrived []time.Time
}

func (s *stamped) Chat(ctx context.Context, req provider.Request, fn func(provider.Chunk) error) (provider.Usage, error) {
	return s.Provider.Chat(ctx, req, func(c provider.Chunk) error {
		s.mu.Lock()
		s.arrived = append(s.arrived, time.Now())
		s.mu.Unlock()
		return fn(c)
	})
}

// BenchmarkEngineOverhead compares a one-request summary through the engine (drafts saved every
// second, provenance, search index) with reading the same stream from the provider directly, and
// measures how long each piece takes from the provider to the screen (the Stream callback).
func BenchmarkEngineOverhead(b *testing.B) {
	st := openStore(b)
	id, _ := meeting(b, st, 20)
	answer := ""
	for i := range 3000 {
		answer += fmt.Sprintf("w%d ", i)
	}
	newProvider := func() *scripted.Provider {
		return &scripted.Provider{Window: 32768, Answer: answer, TokenDelay: 500 * time.Microsecond}
	}
	var raw, engine time.Duration
	var firstLag, maxLag time.Duration
	for b.Loop() {
		p := newProvider()
		start := time.Now()
		if _, err := p.Chat(context.Background(), provider.Request{Model: "m", Messages: []provider.Message{{Role: provider.RoleUser, Content: "x"}}}, func(provider.Chunk) error { return nil }); err != nil {
			b.Fatal(err)
		}
		raw += time.Since(start)

		sp := &stamped{Provider: newProvider()}
		var shown int
		start = time.Now()
		_, err := summarize.New(st).Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: sp, Model: "m", ContextLength: 32768, AnswerTokens: 8000, Fresh: true,
			Stream: func(string) {
				now := time.Now()
				sp.mu.Lock()
				lag := now.Sub(sp.arrived[shown])
				sp.mu.Unlock()
				if shown == 0 {
					firstLag = max(firstLag, lag)
				}
				maxLag = max(maxLag, lag)
				shown++
			}})
		if err != nil {
			b.Fatal(err)
		}
		engine += time.Since(start)
	}
	b.ReportMetric(100*(float64(engine)-float64(raw))/float64(raw), "%added")
	b.ReportMetric(float64(firstLag.Microseconds())/1000, "first-piece-lag-ms")
	b.ReportMetric(float64(maxLag.Microseconds())/1000, "max-piece-lag-ms")
}

// BenchmarkParallelRead times reading a 4-part meeting on a provider with a fixed 200 ms latency a
// request, 4 parts at a time against one at a time.
func BenchmarkParallelRead(b *testing.B) {
	st := openStore(b)
	id, _ := meeting(b, st, 160)
	run := 0
	readTime := func(parallel int) (time.Duration, int) {
		run++ // a model name of its own: every run starts from the same (uncalibrated) estimate
		p := &scripted.Provider{Window: 8192, Answer: "- notes", Latency: 200 * time.Millisecond}
		var start, end time.Time
		parts := 0
		_, err := summarize.New(st).Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: p, Model: fmt.Sprint("m", run), ContextLength: 8192, Parallel: parallel, Fresh: true,
			Progress: func(pr summarize.Progress) {
				if pr.Phase != summarize.PhaseReading {
					return
				}
				if pr.Part == 0 {
					start = time.Now()
				}
				if pr.Part == pr.Parts {
					end, parts = time.Now(), pr.Parts
				}
			}})
		if err != nil {
			b.Fatal(err)
		}
		return end.Sub(start), parts
	}
	var one, four time.Duration
	for b.Loop() {
		d1, n1 := readTime(1)
		d4, n4 := readTime(4)
		if n1 != 4 || n4 != 4 {
			b.Fatalf("the meeting was read in %d and %d parts; the benchmark wants 4", n1, n4)
		}
		one += d1
		four += d4
	}
	b.ReportMetric(float64(one.Milliseconds())/float64(b.N), "1-way-ms")
	b.ReportMetric(float64(four.Milliseconds())/float64(b.N), "4-way-ms")
	b.ReportMetric(float64(one)/float64(four), "speedup")
}

// BenchmarkLongAnswerDrafts streams a long final answer (100 and 400 KB, in pieces of 100 characters)
// and saves the draft after every piece (SaveEvery at its smallest), so that what is measured is the
// cost of a save as the answer grows: rewriting the whole text each time grows with the square of its
// length, appending what arrived with its length.
func BenchmarkLongAnswerDrafts(b *testing.B) {
	st := openStore(b)
	id, _ := meeting(b, st, 3)
	for _, pieces := range []int{1000, 4000} {
		var ans strings.Builder
		for i := range pieces {
			fmt.Fprintf(&ans, "%s%04d ", strings.Repeat("x", 95), i) // one piece of 100 characters
		}
		answer := ans.String()
		b.Run(fmt.Sprintf("kB=%d", len(answer)/1000), func(b *testing.B) {
			e := summarize.New(st)
			e.SaveEvery = time.Nanosecond
			for b.Loop() {
				p := &scripted.Provider{Window: 1 << 20, Answer: answer}
				res, err := e.Summarize(context.Background(), summarize.Options{MeetingID: id, Provider: p, Model: "m", ContextLength: 1 << 20, AnswerTokens: 1 << 18, Fresh: true})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Summary.Text) < len(answer)-10 {
					b.Fatalf("saved %d characters of %d", len(res.Summary.Text), len(answer))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N)/float64(pieces), "ms/save")
		})
	}
}
