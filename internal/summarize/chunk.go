package summarize

import (
	"strings"
	"unicode/utf8"
)

// overlapLines is how many lines of the previous part begin the next one, so that an exchange cut at a
// part's end is read whole once.
const overlapLines = 2

// chunk splits transcript lines into parts of at most limit characters, on line (speaker turn)
// boundaries, each after the first starting with the last overlap lines of the one before (when they fit
// in half the part). A single line longer than limit is cut between words.
func chunk(lines []string, limit, overlap int) [][]string {
	var parts [][]string
	var cur []string
	size := 0
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, cur)
		}
		cur, size = nil, 0
	}
	for _, line := range splitLong(lines, limit) {
		n := utf8.RuneCountInString(line) + 1
		if size+n > limit && len(cur) > 0 {
			prev := cur
			flush()
			// Carry the end of the previous part over, if it leaves room for new lines.
			carry := prev[max(0, len(prev)-overlap):]
			if c := joinedLen(carry); overlap > 0 && c+n <= limit && c <= limit/2 && len(prev) > len(carry) {
				cur = append(cur, carry...)
				size = c
			}
		}
		cur = append(cur, line)
		size += n
	}
	flush()
	return parts
}

func joinedLen(lines []string) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l) + 1
	}
	return n
}

// splitLong cuts lines longer than limit into pieces between words (a monologue longer than a part).
func splitLong(lines []string, limit int) []string {
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		for utf8.RuneCountInString(line) > limit-1 {
			cut := cutAt(line, limit-1)
			out = append(out, strings.TrimSpace(line[:cut]))
			line = "… " + strings.TrimSpace(line[cut:])
		}
		out = append(out, line)
	}
	return out
}

// cutAt returns a byte offset at most n runes into s, at a space when there is one in the second half.
func cutAt(s string, n int) int {
	off, count := 0, 0
	for i := range s {
		if count == n {
			off = i
			break
		}
		count++
		off = len(s)
	}
	if sp := strings.LastIndexByte(s[:off], ' '); sp > off/2 {
		return sp
	}
	return off
}
