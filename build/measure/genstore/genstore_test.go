package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

func textLen(segs []transcript.Segment) int {
	n := 0
	for _, s := range segs {
		n += len(s.Text)
	}
	return n
}

func TestMeetingHasTheTextAskedFor(t *testing.T) {
	gen, err := newSpeech(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, chars := range []int{100, 5_000, 20_000} {
		m := gen.meeting(3, chars)
		got := textLen(m.Transcript.Segments)
		if got < chars-1 || got > chars {
			t.Errorf("meeting of %d characters has %d", chars, got)
		}
		if sp := m.Transcript.Speakers(); len(sp) < 2 || len(sp) > 6 {
			t.Errorf("meeting has speakers %v, want 2 to 6", sp)
		}
		for i := 1; i < len(m.Transcript.Segments); i++ {
			if m.Transcript.Segments[i].Start < m.Transcript.Segments[i-1].End {
				t.Fatalf("segment %d starts before the one before it ends", i)
			}
		}
	}
	if m := gen.meeting(9, 100); m.Title != "Design review 2" {
		t.Errorf("meeting 9 is called %q, want %q", m.Title, "Design review 2")
	}
}

func TestSpeechIsRepeatable(t *testing.T) {
	a, err := newSpeech(5)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newSpeech(5)
	if x, y := a.meeting(0, 2000).Transcript.Segments[0].Text, b.meeting(0, 2000).Transcript.Segments[0].Text; x != y {
		t.Errorf("the same seed made different meetings: %q and %q", x, y)
	}
}

func TestLongVTTParsesBackToTheSameText(t *testing.T) {
	tr, err := sample()
	if err != nil {
		t.Fatal(err)
	}
	const chars = 50_000 // more than three times the sample
	vtt, got := longVTT(tr.Segments, chars)
	if got < chars-80 || got > chars {
		t.Errorf("longVTT wrote %d characters, want about %d", got, chars)
	}
	back, err := transcript.Parse("long.vtt", []byte(vtt))
	if err != nil {
		t.Fatalf("the long meeting does not parse: %v", err)
	}
	if n := textLen(back.Segments); n != got {
		t.Errorf("parsed back %d characters, longVTT said %d", n, got)
	}
	for i := 1; i < len(back.Segments); i++ {
		if back.Segments[i].Start < back.Segments[i-1].Start {
			t.Fatalf("cue %d starts at %v, before cue %d (%v)", i+1, back.Segments[i].Start, i, back.Segments[i-1].Start)
		}
	}
	if back.Duration() < 3*tr.Duration() {
		t.Errorf("the long meeting lasts %v, less than three times the sample's %v", back.Duration(), tr.Duration())
	}
}

func TestGenerateFillsAndReuses(t *testing.T) {
	ctx := context.Background()
	home := filepath.Join(t.TempDir(), "data")
	c := config{home: home, meetings: 5, chars: 500, long: 3_000}
	if err := generate(ctx, c, io.Discard); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := st.ListMeetings(ctx, 0, 0)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 6 {
		t.Fatalf("the store holds %d meetings, want 6", len(ms))
	}
	if !strings.HasPrefix(ms[0].Title, "Long meeting (") {
		t.Errorf("the newest meeting is %q, want the long one", ms[0].Title)
	}
	if !ms[1].CreatedAt.Before(ms[0].CreatedAt) {
		t.Errorf("meetings were not created an hour apart: %v then %v", ms[1].CreatedAt, ms[0].CreatedAt)
	}

	var progress strings.Builder
	if err := generate(ctx, c, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "reusing") {
		t.Errorf("a second run with the same settings did not reuse the store: %q", progress.String())
	}
	c.meetings = 7
	if err := generate(ctx, c, io.Discard); err == nil {
		t.Error("a store holding another history was filled anyway")
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 200000: "200,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
