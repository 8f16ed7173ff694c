package transcript

import "strings"

// parseSRT reads SubRip: numbered cues with "00:00:01,600 --> 00:00:03,000" timings. Speakers are named
// at the start of the cue text, as "Anna: Hi" or "[Anna] Hi". It tolerates '.' for ',' in timestamps,
// missing index lines and stray blank lines; formatting tags (<i>, <font color=...>, {\an8}) are
// stripped, and text that only looks like a tag ("<b and y>") is kept. A cue that ends before it starts
// is refused with its line.
func parseSRT(text string) (*Transcript, *ParseError) {
	cues, perr := scanCues(strings.Split(text, "\n"), 0, FormatSRT, false, nil)
	if perr != nil {
		return nil, perr
	}
	t := &Transcript{Format: FormatSRT, Segments: cueSegments(cues, srtSpeaker, nil)}
	if len(t.Segments) == 0 {
		return nil, fail(FormatSRT, 0, ErrNoSpeech, "the SubRip file has no cue with text")
	}
	return t, nil
}

// srtSpeaker splits a "[Speaker] text" or "Speaker: text" line.
func srtSpeaker(line string) (speaker, rest string, ok bool) {
	if speaker, rest, ok = splitBracketSpeaker(line); ok {
		return speaker, rest, ok
	}
	return splitSpeaker(line)
}
