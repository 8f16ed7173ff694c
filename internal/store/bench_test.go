package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// The synthetic history: HUSHNOTE_BENCH_MEETINGS meetings (default 10,000) of about 50,000 characters
// each, generated (never committed) from a Zipf-distributed vocabulary so that word frequencies look
// like speech: a few words everywhere, most words rare.
const (
	benchMeetingChars = 50_000
	rareWord          = "xylophonist" // planted in 3 meetings
	midWord           = "roadmap"     // planted in every 12th meeting: few enough to be ranked
	commonWord        = "project"     // about one word in 150: in every meeting, tens of times
	phrase            = `"action items"`
)

var benchSpeakers = []string{"Project Manager", "Marketing", "User Interface", "Industrial Designer", "Ana Lima", "Ben Okafor"}

// vocabulary is 40 everyday words followed by 20,000 made-up ones.
func vocabulary() []string {
	words := strings.Fields(`the and to of a i that we it you is so in um yeah uh this be have for on with
		just like but what do it's know think are can not they will about there at was so okay one right`)
	r := rand.New(rand.NewPCG(1, 2))
	const letters = "abcdefghijklmnoprstuvwy"
	for len(words) < 20_040 {
		n := 3 + r.IntN(8)
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		words = append(words, string(b))
	}
	return words
}

// synthMeeting writes one meeting's transcript: speaker turns of 5 to 80 words.
func synthMeeting(r *rand.Rand, zipf *rand.Zipf, vocab []string, n int) *transcript.Transcript {
	tr := &transcript.Transcript{Format: transcript.FormatVTT, Language: "en"}
	chars := 0
	at := time.Duration(0)
	for chars < benchMeetingChars {
		var b strings.Builder
		words := 5 + r.IntN(76)
		for w := range words {
			if w > 0 {
				b.WriteByte(' ')
			}
			switch x := r.IntN(1000); {
			case x < 7:
				b.WriteString(commonWord)
			case x < 9:
				b.WriteString("action items")
			default:
				b.WriteString(vocab[zipf.Uint64()])
			}
		}
		text := b.String()
		if len(text) > benchMeetingChars-chars {
			text = strings.TrimSpace(text[:benchMeetingChars-chars])
		}
		if text == "" {
			break
		}
		d := time.Duration(len(text)) * 60 * time.Millisecond
		tr.Segments = append(tr.Segments, transcript.Segment{Start: at, End: at + d, Speaker: benchSpeakers[r.IntN(len(benchSpeakers))], Text: text})
		at += d + 200*time.Millisecond
		chars += len(text)
	}
	if n%3333 == 7 { // three meetings hold the rare word
		tr.Segments[len(tr.Segments)/2].Text += " the " + rareWord + " joined late"
	}
	if n%12 == 0 {
		tr.Segments[len(tr.Segments)/3].Text += " the " + midWord
	}
	return tr
}

func benchMeetings() int {
	if n, err := strconv.Atoi(os.Getenv("HUSHNOTE_BENCH_MEETINGS")); err == nil && n > 0 {
		return n
	}
	return 10_000
}

// BenchmarkSyntheticHistory builds the history once and measures bulk insert, size on disk, the
// newest-100 list, search latency percentiles (rare word, mid-frequency word, common word, phrase) and
// the costliest query shapes (hostileQueries).
func BenchmarkSyntheticHistory(b *testing.B) {
	ctx := context.Background()
	n := benchMeetings()
	// HUSHNOTE_BENCH_DB keeps the generated history in that folder and reuses it on the next run.
	dir := os.Getenv("HUSHNOTE_BENCH_DB")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, store.FileName)
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if have, _ := st.CountMeetings(ctx); have == n {
		fmt.Printf("synthetic history: reusing %d meetings in %s (%.1f MB on disk)\n", n, dir, float64(dirSize(b, dir))/1e6)
		runHistoryQueries(b, st, n)
		return
	} else if have != 0 {
		b.Fatalf("%s holds %d meetings, not %d", dir, have, n)
	}

	vocab := vocabulary()
	r := rand.New(rand.NewPCG(7, 11))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	var raw int64
	var insert time.Duration
	for i := range n {
		tr := synthMeeting(r, zipf, vocab, i)
		for _, s := range tr.Segments {
			raw += int64(len(s.Text))
		}
		start := time.Now()
		if _, err := st.CreateMeeting(ctx, store.NewMeeting{Title: fmt.Sprintf("Weekly sync %d", i), SourceName: "sync.vtt", Transcript: tr}); err != nil {
			b.Fatal(err)
		}
		insert += time.Since(start)
	}
	if _, err := st.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	size := dirSize(b, dir)
	// Printed, not logged: a benchmark with sub-benchmarks does not show its own log.
	fmt.Printf("synthetic history: %d meetings, %.1f MB of text: inserted in %.1f s (%.2f ms a meeting); database %.1f MB = %.2f× the text\n",
		n, float64(raw)/1e6, insert.Seconds(), float64(insert.Milliseconds())/float64(n), float64(size)/1e6, float64(size)/float64(raw))
	b.ReportMetric(insert.Seconds(), "insert-s")
	b.ReportMetric(float64(size)/float64(raw), "db/text")
	runHistoryQueries(b, st, n)
}

func runHistoryQueries(b *testing.B, st *store.Store, n int) {
	ctx := context.Background()
	b.Run("list-newest-100", func(b *testing.B) {
		lat := measure(b, func() error {
			ms, err := st.ListMeetings(ctx, 0, 100)
			if err == nil && len(ms) != min(100, n) {
				err = fmt.Errorf("listed %d", len(ms))
			}
			return err
		})
		report(b, lat)
	})
	for _, q := range []struct{ name, query string }{{"search-rare", rareWord}, {"search-mid", midWord}, {"search-common", commonWord}, {"search-phrase", phrase}} {
		b.Run(q.name, func(b *testing.B) {
			var hits int
			lat := measure(b, func() error {
				h, err := st.Search(ctx, q.query, 50)
				hits = len(h)
				return err
			})
			if hits == 0 {
				b.Fatalf("%s found nothing", q.query)
			}
			fmt.Printf("%s: %d hits shown\n", q.query, hits)
			report(b, lat)
		})
	}
	runHostileQueries(b, st)
}

// hostileQueries are the costliest query shapes found, each as typed or pasted: before Search bounded
// queries, one-letter prefixes read most of the index and many words or phrases were ranked in full.
func hostileQueries() []struct{ name, query string } {
	common := strings.Fields(`the and to of a i that we it you is so in um yeah uh this be have for on with
		just like but what do it's know think are can not they will about there at was okay one right`)
	letters := strings.Split("abcdefghijklmnoprstuvwy", "")
	return []struct{ name, query string }{
		{"one-letter-prefix", "t*"},
		{"23-one-letter-prefixes", strings.Join(letters, "* ") + "*"},
		{"16-one-letter-prefixes-OR", strings.Join(letters[:16], "* OR ") + "*"},
		{"4-common-prefixes", "the* tha* thi* wha*"},
		{"common-prefix-ranked", "the* " + midWord},
		{"40-common-words-ranked", strings.Join(common, " ") + " " + midWord},
		{"40-word-phrase", `"` + strings.Join(common, " ") + `"`},
		{"8-phrases-ranked", `"the and" "to of" "a i" "that we" "it you" "is so" "in um" "yeah uh" ` + midWord},
	}
}

// runHostileQueries times each hostile query shape (a few runs each: before the bounds, some took
// seconds) and reports the slowest shape's median as worst-ms.
func runHostileQueries(b *testing.B, st *store.Store) {
	ctx := context.Background()
	worst := 0.0
	for _, q := range hostileQueries() {
		b.Run("hostile-"+q.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := st.Search(ctx, q.query, 200); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			ms := float64(lat[len(lat)/2].Microseconds()) / 1000
			fmt.Printf("%s: median %.1f ms over %d runs\n", q.name, ms, len(lat))
			b.ReportMetric(ms, "p50-ms")
			worst = max(worst, ms)
		})
	}
	fmt.Printf("hostile queries: the slowest shape's median is %.1f ms\n", worst)
}

// measure runs fn 200 times (after 5 warm-up runs) and returns the sorted latencies.
func measure(b *testing.B, fn func() error) []time.Duration {
	for range 5 {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, 200)
	for b.Loop() {
		for range 200 {
			start := time.Now()
			if err := fn(); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
	}
	slices.Sort(lat)
	return lat
}

func report(b *testing.B, lat []time.Duration) {
	p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.95), "p95-ms")
}

func dirSize(b *testing.B, dir string) int64 {
	var total int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			total += fi.Size()
		}
	}
	return total
}
