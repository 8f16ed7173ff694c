package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"hushnote/internal/cli"
	"hushnote/internal/provider/togethertest"
)

// openPTY opens a pseudo-terminal: what the test reads from master is what a terminal would show.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlock the pseudo-terminal: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("name the pseudo-terminal: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// runOnTerminal runs a command with its output on a pseudo-terminal and returns what the terminal got.
func runOnTerminal(t *testing.T, home string, args ...string) (int, string) {
	t.Helper()
	return runOnTerminalWith(t, cli.Env{Stdin: strings.NewReader("")}, home, args...)
}

// runOnTerminalWith is runOnTerminal with env's stand-ins.
func runOnTerminalWith(t *testing.T, env cli.Env, home string, args ...string) (int, string) {
	t.Helper()
	master, slave := openPTY(t)
	var got bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(&got, master) // ends with EIO once the terminal's other end is closed and read out
	}()
	env.Stdout, env.Stderr = slave, slave
	code := cli.Run(context.Background(), env, home, args)
	slave.Close()
	<-done
	return code, got.String()
}

// TestTerminalGetsNoControlSequencesFromTheTranscript: a transcript may hold a few control codes (Parse
// accepts them among words); printed to a terminal they must not retitle the window, clear the screen
// or colour the text.
func TestTerminalGetsNoControlSequencesFromTheTranscript(t *testing.T) {
	home := t.TempDir()
	src := filepath.Join(t.TempDir(), "hostile.txt")
	text := "Ana: The budget is fine. \x1b]0;pwned\x07 We ship on Friday and everyone agrees on the plan for the launch.\n" +
		"Ben: \x1b[2J\x1b[31mAll red\x1b[0m and \u009b1mbold\u009b0m, then a long enough sentence for the transcript to stay text.\n"
	if err := os.WriteFile(src, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, home, "import", src, "--title", "Launch \x1b[5mblink")
	for _, args := range [][]string{{"show", "1"}, {"list"}, {"search", "budget"}, {"export", "1"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out := runOnTerminal(t, home, args...)
			if code != cli.ExitOK {
				t.Fatalf("exit %d: %q", code, out)
			}
			if strings.ContainsAny(out, "\x1b\x07\u009b") {
				t.Errorf("the terminal got raw control characters:\n%q", out)
			}
			if !strings.Contains(out, "^[") {
				t.Errorf("the control characters are not shown as ^[:\n%q", out)
			}
		})
	}
}

// TestTerminalGetsNoControlSequencesFromTheAnswer: a model's answer streamed to a terminal is shown, not
// obeyed; the only control sequences the terminal gets are the progress line's own.
func TestTerminalGetsNoControlSequencesFromTheAnswer(t *testing.T) {
	srv := togethertest.New(t, key)
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}, srv: srv, env: map[string]string{"TOGETHER_API_KEY": key}}
	e.must(t, "", "import", "testdata/standup.zoom.vtt")
	e.must(t, "", "provider", "set", "together", "--base-url", srv.BaseURL, "--model", "Qwen/Qwen2.5-7B-Instruct-Turbo")
	e.must(t, "", "provider", "use", "together")
	srv.SetDefault(togethertest.Step{Tokens: []string{"## Summary", "\n\nAna \x1b]0;pwned\x07finished", " \x1b[2Jthe \u009b31minvoice export."}, Usage: [2]int{900, 12}})
	env := cli.Env{Stdin: strings.NewReader(""), Keyring: e.keyring, Getenv: func(k string) string { return e.env[k] }, Guard: srv.Guard()}
	code, out := runOnTerminalWith(t, env, e.home, "summarize", "1")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %q", code, out)
	}
	if rest := strings.ReplaceAll(out, "\r\x1b[K", ""); strings.ContainsAny(rest, "\x1b\x07\u009b") {
		t.Errorf("the terminal got raw control characters besides the progress line's:\n%q", out)
	}
	if !strings.Contains(out, "Ana ^[]0;pwned^Gfinished ^[[2Jthe <U+009B>31minvoice export.") {
		t.Errorf("the answer is not shown with its controls made visible:\n%q", out)
	}
}

// A PDF is not written to a terminal, where it would be noise: a clear message says what to do.
func TestPDFIsNotWrittenToATerminal(t *testing.T) {
	home := t.TempDir()
	mustRun(t, home, "import", "testdata/standup.zoom.vtt")
	code, out := runOnTerminal(t, home, "export", "1", "--format", "pdf")
	if code != cli.ExitUsage || strings.Contains(out, "%PDF") || !strings.Contains(out, "-o FILE.pdf") {
		t.Errorf("export --format pdf on a terminal: exit %d, %q", code, out)
	}
}
