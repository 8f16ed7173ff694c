// Package redact removes API keys from text before Hushnote keeps or shows it. Hushnote knows every key
// it sends; a Redactor learns each one as it is read or saved (Add), and everything that is stored,
// exported, printed or shown passes through it (Scrub, or a Writer for streamed output), so a service
// that echoes the key in an error or inside its answer cannot get it into the database, an export, the
// terminal or the screen.
package redact

import (
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Placeholder is what a key is replaced with.
const Placeholder = "[API key removed]"

// MinKeyLen is the shortest key a Redactor learns: anything shorter is no real API key, and removing it
// wherever it occurs would eat ordinary words.
const MinKeyLen = 8

// bearer is the authorisation scheme written before a key in a header ("Authorization: Bearer KEY"); a
// key written after it is removed together with it. Matched without regard to case.
const bearer = "bearer "

// Redactor replaces the API keys it has learnt with Placeholder. It is safe for concurrent use; the nil
// Redactor knows no keys and changes nothing.
//
// Besides the whole key it removes its first half (at least MinKeyLen bytes) followed by as much of the
// rest as follows: a key a message cut short ("tgp_v1_abc…"), or a draft saved while the key was still
// arriving, is removed too. A "Bearer " written before a key goes with it, and a key is also found as
// it is written inside a JSON string (where quotes, backslashes, <, > and & are escaped).
type Redactor struct {
	mu    sync.RWMutex
	forms []string // every spelling of every key, longest first
}

// New returns a Redactor that knows no keys yet.
func New() *Redactor { return &Redactor{} }

// Add teaches r a key (surrounding spaces trimmed). Keys shorter than MinKeyLen, and keys already known,
// are ignored.
func (r *Redactor) Add(key string) {
	key = strings.TrimSpace(key)
	if r == nil || len(key) < MinKeyLen || strings.Contains(Placeholder, key) {
		return
	}
	forms := []string{key}
	if b, err := json.Marshal(key); err == nil {
		if esc := string(b[1 : len(b)-1]); esc != key {
			forms = append(forms, esc)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.ContainsFunc(forms, func(f string) bool { return !slices.Contains(r.forms, f) }) {
		return // known already (Open reads the same key for every request)
	}
	next := append([]string(nil), r.forms...) // a new slice: readers keep the old one unchanged
	for _, f := range forms {
		if !slices.Contains(next, f) {
			next = append(next, f)
		}
	}
	sort.SliceStable(next, func(i, j int) bool { return len(next[i]) > len(next[j]) })
	r.forms = next
}

// known returns the spellings r looks for; the slice is never changed once handed out.
func (r *Redactor) known() []string {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.forms
}

// Scrub returns s with every key r knows replaced by Placeholder.
func (r *Redactor) Scrub(s string) string {
	forms := r.known()
	if len(forms) == 0 || s == "" {
		return s
	}
	return render(s, find(s, forms))
}

// span is a stretch of text to remove, [start, end).
type span struct{ start, end int }

// head is how much of a key must appear for the text to count as (part of) that key.
func head(form string) int { return max(MinKeyLen, (len(form)+1)/2) }

// find returns the stretches of s that are keys, in order and not overlapping.
func find(s string, forms []string) []span {
	var spans []span
	for _, f := range forms {
		h := f[:min(len(f), head(f))]
		for from := 0; ; {
			i := strings.Index(s[from:], h)
			if i < 0 {
				break
			}
			start := from + i
			end := start + len(h)
			for end < len(s) && end-start < len(f) && s[end] == f[end-start] {
				end++
			}
			if start >= len(bearer) && strings.EqualFold(s[start-len(bearer):start], bearer) {
				start -= len(bearer)
			}
			spans = append(spans, span{start, end})
			from = end
		}
	}
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// render returns s with the spans (within s) replaced by Placeholder.
func render(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, sp := range spans {
		b.WriteString(s[at:sp.start])
		b.WriteString(Placeholder)
		at = sp.end
	}
	b.WriteString(s[at:])
	return b.String()
}

// unfinished returns how many bytes at the end of s could be the start of a key (or of "Bearer " and a
// key) that more text would complete.
func unfinished(s string, forms []string) int {
	n := 0
	for _, f := range forms {
		for _, whole := range []string{f, bearer + f} {
			for k := min(len(whole)-1, len(s)); k > n; k-- {
				if c := s[len(s)-k]; (c == whole[0] || c|0x20 == whole[0]) && prefixOf(whole, s[len(s)-k:]) {
					n = k
					break
				}
			}
		}
	}
	return n
}

// prefixOf reports whether tail is how whole starts, its "bearer " part compared without regard to case.
func prefixOf(whole, tail string) bool {
	if strings.HasPrefix(whole, bearer) {
		n := min(len(bearer), len(tail))
		if !strings.EqualFold(whole[:n], tail[:n]) {
			return false
		}
		return strings.HasPrefix(whole[n:], tail[n:])
	}
	return strings.HasPrefix(whole, tail)
}

// Writer passes what is written to it on to another writer with the keys removed. It holds back only
// a tail that could be the start of a key, until the next write shows whether it is one (or Close), so
// a key split across writes is caught and everything else goes out at once. It is safe for concurrent
// use.
type Writer struct {
	r   *Redactor
	w   io.Writer
	mu  sync.Mutex
	buf string // held back: the start of what may be a key
}

// Writer returns a Writer that scrubs what is written to it and passes it on to w. Close it to write
// out what it holds back.
func (r *Redactor) Writer(w io.Writer) *Writer { return &Writer{r: r, w: w} }

// Write writes p, less any tail that may be the start of a key, with the keys removed. It reports all
// of p as written unless the underlying writer fails.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	forms := w.r.known()
	s := w.buf + string(p)
	cut := len(s) - unfinished(s, forms)
	spans := find(s, forms)
	kept := spans[:0]
	for _, sp := range spans {
		if sp.start >= cut {
			break
		}
		cut = max(cut, sp.end) // a complete key reaching into the tail goes out whole
		kept = append(kept, sp)
	}
	w.buf = s[cut:]
	if cut == 0 {
		return len(p), nil
	}
	if _, err := io.WriteString(w.w, render(s[:cut], kept)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes out what w holds back, scrubbed. It does not close the underlying writer.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.buf
	w.buf = ""
	if s == "" {
		return nil
	}
	_, err := io.WriteString(w.w, w.r.Scrub(s))
	return err
}
