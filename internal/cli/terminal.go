package cli

import (
	"io"
	"os"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
)

// isTerminal reports whether f is a terminal: not a file, a pipe or /dev/null (a character device that
// is no terminal). Progress frames and prompts go only to terminals.
func isTerminal(f *os.File) bool {
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}

// terminalFile returns w as a file when it is a terminal.
func terminalFile(w any) (*os.File, bool) {
	f, ok := w.(*os.File)
	return f, ok && isTerminal(f)
}

// terminals says which of a command's streams are terminals and keeps the raw ones, for the progress
// frames ("\r\033[K…") that only a terminal gets. Everything else a command prints to a terminal goes
// through a visibleWriter: a transcript, a title or a model's answer cannot move the cursor, retitle
// the window or clear the screen.
type terminals struct {
	in, out, err bool
	rawOut       io.Writer // Stdout unfiltered, when out
	rawErr       io.Writer // Stderr unfiltered, when err
}

// guardTerminals returns env with its terminal outputs wrapped in visibleWriters, and which were.
func guardTerminals(env Env) (Env, terminals) {
	var t terminals
	_, t.in = terminalFile(env.Stdin)
	if f, ok := terminalFile(env.Stdout); ok {
		t.out, t.rawOut = true, f
		env.Stdout = &visibleWriter{w: f}
	}
	if f, ok := terminalFile(env.Stderr); ok {
		t.err, t.rawErr = true, f
		env.Stderr = &visibleWriter{w: f}
	}
	return env, t
}

// visibleWriter passes text on with its control characters made visible, as `cat -v` shows them:
// ESC as ^[, BEL as ^G, DEL as ^?, a C1 control such as CSI (U+009B) as <U+009B>. Newlines and tabs
// pass; carriage returns are dropped (alone, they only hide the text before them); bytes that are not
// UTF-8 become U+FFFD. Each Write is taken to hold whole characters, as the command's prints do.
type visibleWriter struct {
	w io.Writer
}

func (v *visibleWriter) Write(p []byte) (int, error) {
	if !needsCleaning(p) {
		return v.w.Write(p)
	}
	if _, err := v.w.Write(appendVisible(make([]byte, 0, len(p)+16), p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// visible is s with its control characters made visible, as visibleWriter writes them.
func visible(s string) string {
	if !needsCleaning([]byte(s)) {
		return s
	}
	return string(appendVisible(nil, []byte(s)))
}

// needsCleaning reports whether p holds anything visibleWriter changes.
func needsCleaning(p []byte) bool {
	for _, c := range p {
		if c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f {
			return true // a control, or a byte of a multi-byte character, checked the slow way
		}
	}
	return false
}

func appendVisible(out, p []byte) []byte {
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && size <= 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case r == '\n' || r == '\t':
			out = append(out, byte(r))
		case r == '\r':
		case r < 0x20:
			out = append(out, '^', byte(r)+'@')
		case r == 0x7f:
			out = append(out, '^', '?')
		case r >= 0x80 && r <= 0x9f:
			out = append(out, "<U+00"...)
			out = append(out, "0123456789ABCDEF"[r>>4], "0123456789ABCDEF"[r&0xf], '>')
		default:
			out = append(out, p[:size]...)
		}
		p = p[size:]
	}
	return out
}
