package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestVisibleMakesControlsVisible(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text and line breaks pass", "Ana: hello\n\tthere ☺", "Ana: hello\n\tthere ☺"},
		{"colour (CSI) sequence", "a \x1b[31mred\x1b[0m b", "a ^[[31mred^[[0m b"},
		{"window title (OSC) ended by BEL", "\x1b]0;pwned\x07x", "^[]0;pwned^Gx"},
		{"OSC 52 clipboard write ended by ST", "\x1b]52;c;aGk=\x1b\\", "^[]52;c;aGk=^[\\"},
		{"clear screen", "\x1b[2J\x1b[H", "^[[2J^[[H"},
		{"C1 CSI and NEL", "a\u009b31mb\u0085c", "a<U+009B>31mb<U+0085>c"},
		{"carriage return that would hide the line is dropped", "real\rfake", "realfake"},
		{"backspace, NUL, DEL", "a\bb\x00c\x7f", "a^Hb^@c^?"},
		{"bytes that are not UTF-8", "a\xff\x9bb", "a\uFFFD\uFFFDb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := visible(tc.in); got != tc.want {
				t.Errorf("visible(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestOnlyTerminalsAreTerminals: /dev/null is a character device but no terminal; a pipe and a file are
// neither. Progress frames and the key prompt must not go to them.
func TestOnlyTerminalsAreTerminals(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, tc := range []struct {
		name string
		f    *os.File
	}{{"/dev/null", devNull}, {"pipe, reading end", r}, {"pipe, writing end", w}, {"file", file}} {
		t.Run(tc.name, func(t *testing.T) {
			if isTerminal(tc.f) {
				t.Errorf("%s counts as a terminal", tc.name)
			}
			env, tty := guardTerminals(Env{Stdin: tc.f, Stdout: tc.f, Stderr: tc.f})
			if tty.in || tty.out || tty.err || env.Stdout != tc.f || env.Stderr != tc.f {
				t.Errorf("%s: output treated as a terminal: %+v", tc.name, tty)
			}
		})
	}
}
