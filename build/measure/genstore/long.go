package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hushnote/internal/importer"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// importLong imports, as the newest meeting, the sample meeting's turns repeated up to chars characters
// of text, through the importer as a user's WebVTT file would come in.
func importLong(ctx context.Context, st *store.Store, chars int) error {
	tr, err := sample()
	if err != nil {
		return err
	}
	vtt, got := longVTT(tr.Segments, chars)
	title := fmt.Sprintf("Long meeting (%s characters)", thousands(got))
	if _, err := importer.Bytes(ctx, st, "long-meeting.vtt", []byte(vtt), title, store.NewMeeting{}); err != nil {
		return err
	}
	return nil
}

// longVTT writes segments, repeated with later times, as WebVTT cues ("Speaker: text", as Zoom writes)
// until their text reaches chars characters; the last cue is cut at a word to fit. It returns the file and
// the characters of text in it.
func longVTT(segs []transcript.Segment, chars int) (string, int) {
	var b strings.Builder
	b.WriteString("WEBVTT\n\n")
	total, cue := 0, 0
	var offset time.Duration
	for total < chars {
		for _, s := range segs {
			text := s.Text
			if len(text) > chars-total {
				text = text[:chars-total]
				if i := strings.LastIndexByte(text, ' '); i > 0 {
					text = text[:i]
				}
				text = strings.TrimSpace(text)
			}
			if text == "" {
				return b.String(), total
			}
			cue++
			fmt.Fprintf(&b, "%d\n%s --> %s\n", cue, vttTime(offset+s.Start), vttTime(offset+s.End))
			if s.Speaker != "" {
				b.WriteString(s.Speaker + ": ")
			}
			b.WriteString(text + "\n\n")
			total += len(text)
			if total >= chars {
				return b.String(), total
			}
		}
		offset += segs[len(segs)-1].End + time.Second
	}
	return b.String(), total
}

// vttTime formats d as WebVTT's HH:MM:SS.mmm.
func vttTime(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3_600_000, ms/60_000%60, ms/1000%60, ms%1000)
}

// thousands writes n with commas between groups of three digits: 200,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
