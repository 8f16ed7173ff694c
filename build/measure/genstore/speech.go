package main

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"hushnote/assets"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// speech makes up meetings from the sample meeting's vocabulary.
type speech struct {
	r        *rand.Rand
	zipf     *rand.Zipf
	words    []string // most frequent first
	speakers []string
}

// sample parses the bundled sample meeting.
func sample() (*transcript.Transcript, error) {
	return transcript.Parse(assets.SampleName, assets.SampleMeeting)
}

// newSpeech ranks the sample meeting's words by how often they occur; seed fixes what is generated.
func newSpeech(seed uint64) (*speech, error) {
	tr, err := sample()
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, s := range tr.Segments {
		for _, w := range strings.Fields(s.Text) {
			counts[w]++
		}
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(counts[b]-counts[a], strings.Compare(a, b))
	})
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &speech{
		r:        r,
		zipf:     rand.NewZipf(r, 1.1, 2, uint64(len(words)-1)),
		words:    words,
		speakers: []string{"Ana Lima", "Ben Okafor", "Chen Wei", "Dana Novak", "Elif Kaya", "Farid Haddad"},
	}, nil
}

// titles are what the synthetic meetings are called, followed by their number.
var titles = []string{"Weekly sync", "Design review", "One-on-one", "Customer call", "Sprint planning", "Retrospective", "Interview", "Stand-up"}

// meeting makes up meeting number n with chars characters of text, in turns of 5 to 80 words by three to
// six speakers, timed at about 15 characters a second.
func (s *speech) meeting(n, chars int) store.NewMeeting {
	people := s.speakers[:3+s.r.IntN(4)]
	tr := &transcript.Transcript{Format: transcript.FormatVTT, Language: "en"}
	at, total := time.Duration(0), 0
	for total < chars {
		var b strings.Builder
		for w := range 5 + s.r.IntN(76) {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.words[s.zipf.Uint64()])
		}
		text := b.String()
		if len(text) > chars-total {
			text = strings.TrimSpace(text[:chars-total])
		}
		if text == "" {
			break
		}
		d := time.Duration(len(text)) * time.Second / 15
		tr.Segments = append(tr.Segments, transcript.Segment{Start: at, End: at + d, Speaker: people[s.r.IntN(len(people))], Text: text})
		at += d + 300*time.Millisecond
		total += len(text)
	}
	title := fmt.Sprintf("%s %d", titles[n%len(titles)], n/len(titles)+1)
	return store.NewMeeting{Title: title, SourceName: "synthetic.vtt", Transcript: tr}
}
