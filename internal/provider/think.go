package provider

import "strings"

// thinkFilter removes <think>...</think> blocks from a streamed answer, even when a tag is split
// across pieces, and the blank lines that follow a block at the start.
type thinkFilter struct {
	inThink bool
	pending string // the end of the last piece that may be the start of a tag
	written bool   // visible text has been let through
}

const (
	thinkOpen  = "<think>"
	thinkClose = "</think>"
)

// push takes the next piece and returns the text to show.
func (f *thinkFilter) push(s string) string {
	s = f.pending + s
	f.pending = ""
	var out strings.Builder
	for s != "" {
		if f.inThink {
			i := strings.Index(s, thinkClose)
			if i < 0 {
				f.pending = partialSuffix(s, thinkClose)
				return f.emit(out.String())
			}
			s = s[i+len(thinkClose):]
			f.inThink = false
			continue
		}
		i := strings.Index(s, thinkOpen)
		if i < 0 {
			keep := partialSuffix(s, thinkOpen)
			out.WriteString(s[:len(s)-len(keep)])
			f.pending = keep
			break
		}
		out.WriteString(s[:i])
		s = s[i+len(thinkOpen):]
		f.inThink = true
	}
	return f.emit(out.String())
}

// flush returns what is held back at the end of the stream (a lone "<thi" is text, after all).
func (f *thinkFilter) flush() string {
	p := f.pending
	f.pending = ""
	if f.inThink {
		return ""
	}
	return f.emit(p)
}

func (f *thinkFilter) emit(s string) string {
	if !f.written {
		s = strings.TrimLeft(s, " \t\r\n")
	}
	if s != "" {
		f.written = true
	}
	return s
}

// partialSuffix returns the longest end of s that is a proper beginning of tag.
func partialSuffix(s, tag string) string {
	for n := min(len(tag)-1, len(s)); n > 0; n-- {
		if strings.HasSuffix(s, tag[:n]) {
			return s[len(s)-n:]
		}
	}
	return ""
}
