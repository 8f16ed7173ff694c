package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hushnote/internal/provider/togethertest"
	"hushnote/internal/store"
)

// These tests run the real binary: the command line as a process (exit codes, output) and the desktop
// app in a real X window under Xvfb while command-line imports write to the same store.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hushnote-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "hushnote")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build hushnote:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const sample = "internal/cli/testdata/standup.zoom.vtt"

// testEnv is the environment for the binary, with a UTF-8 locale of a language when the machine has
// none (TestCommandLineStderrUnderAnyLocale tries the others).
func testEnv(extra ...string) []string {
	env := os.Environ()
	if lang := os.Getenv("LANG"); lang == "" || strings.HasPrefix(lang, "C") || lang == "POSIX" {
		env = append(env, "LANG=en_US.UTF-8")
	}
	return append(env, extra...)
}

func hushnote(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = testEnv(env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// localeEnv is the environment with no locale settings but LANG=lang.
func localeEnv(lang string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); name != "LANG" && name != "LANGUAGE" && !strings.HasPrefix(name, "LC_") {
			env = append(env, kv)
		}
	}
	return append(env, "LANG="+lang)
}

// TestCommandLineStderrUnderAnyLocale: standard error carries only the command's own messages whatever
// the locale; under C.UTF-8 (Debian's and Ubuntu's containers) Fyne used to print a locale error first.
func TestCommandLineStderrUnderAnyLocale(t *testing.T) {
	for _, lang := range []string{"C.UTF-8", "C.utf8", "POSIX", "C", "en_US.UTF-8", "de_DE.UTF-8"} {
		t.Run(lang, func(t *testing.T) {
			home := t.TempDir()
			for _, args := range [][]string{{"import", sample}, {"list"}, {"search", "invoice"}, {"local", "status"}} {
				cmd := exec.Command(binary, append([]string{"--home", home}, args...)...)
				cmd.Env = localeEnv(lang)
				var out, errOut bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errOut
				if err := cmd.Run(); err != nil {
					t.Fatalf("hushnote %s: %v, stderr %q", strings.Join(args, " "), err, errOut.String())
				}
				if errOut.Len() != 0 || out.Len() == 0 {
					t.Errorf("LANG=%s hushnote %s: stderr %q (want nothing), stdout %q", lang, strings.Join(args, " "), errOut.String(), out.String())
				}
			}
		})
	}
}

func TestCommandLineExitCodes(t *testing.T) {
	home := t.TempDir()
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--home", home, "import", sample}, 0, "1\tstandup\n", ""},
		{[]string{"import", sample, "--home=" + home, "--title", "Second"}, 0, "2\tSecond\n", ""},
		{[]string{"--home", home, "show", "9"}, 1, "", "hushnote show: no meeting with id 9\n"},
		{[]string{"--home", home, "show", "nine"}, 2, "", "not a meeting id"},
		{[]string{"--home", home, "import", "assets/icon.png"}, 1, "", "icon.png"},
		{[]string{"--home"}, 2, "", "needs a folder"},
		{[]string{"--home", home, "bogus"}, 2, "", "unknown command"},
	} {
		code, out, errOut := hushnote(t, nil, tc.args...)
		if code != tc.code || out != tc.stdout || !strings.Contains(errOut, tc.stderr) || (tc.stderr == "" && errOut != "") {
			t.Errorf("hushnote %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr with %q",
				tc.args, code, out, errOut, tc.code, tc.stdout, tc.stderr)
		}
	}
	fi, err := os.Stat(filepath.Join(home, "hushnote.db"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("database: %v, permissions %v", err, fi)
	}
}

// startXvfb starts a virtual X display and returns its name.
func startXvfb(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool", "xwd", "convert"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing; make test installs it (build/deps.sh test)", tool)
			}
			t.Skipf("%s is missing; run make test, which installs it", tool)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	xvfb.ExtraFiles = []*os.File{w}
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { xvfb.Process.Kill(); xvfb.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// stallLimit is how long a wait on a process tolerates no sign of life from it (no CPU used, nothing
// printed, nothing asked of a stand-in). A busy machine makes the work slow, not silent, so the waits
// have no budget of their own beyond this and the test binary's -timeout.
const stallLimit = 3 * time.Minute

// waitFor polls cond every 50 ms until it holds. progress returns a sign of life that changes while the
// work goes on; the wait fails when it has not changed for stallLimit, or just before the test binary's
// -timeout would end the run, saying what it waited for.
func waitFor(t *testing.T, what string, progress func() string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var near <-chan time.Time
	if d, ok := t.Deadline(); ok {
		near = time.After(max(time.Until(d)-30*time.Second, 0))
	}
	last, seen := time.Now(), progress()
	for !cond() {
		if p := progress(); p != seen {
			last, seen = time.Now(), p
		}
		if idle := time.Since(last); idle > stallLimit {
			t.Fatalf("gave up waiting for %s: no sign of life for %v", what, idle.Round(time.Second))
		}
		select {
		case <-tick.C:
		case <-near:
			t.Fatalf("still waiting for %s when the test run's -timeout came near", what)
		}
	}
}

// cpuTime is the CPU time a process has used so far, as /proc reports it ("" where there is no
// /proc): it grows while the process works, however slowly a busy machine lets it.
func cpuTime(p *os.Process) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.Pid))
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name, in parentheses, may hold spaces
	if i < 0 {
		return ""
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state); utime and stime are fields 14 and 15
	if len(f) < 13 {
		return ""
	}
	return f[11] + "+" + f[12]
}

// TestAppAndCommandLineShareTheStore opens the app in a real window, imports meetings from the command
// line meanwhile, and checks that nobody saw "database is locked", that the app is still running and
// drawing, and that the store holds every meeting.
func TestAppAndCommandLineShareTheStore(t *testing.T) {
	display := startXvfb(t)
	home := t.TempDir()
	env := []string{"DISPLAY=" + display, "HUSHNOTE_HOME=" + home}
	if code, _, errOut := hushnote(t, env, "import", sample); code != 0 {
		t.Fatalf("first import: %s", errOut)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := exec.CommandContext(ctx, binary)
	app.Env = testEnv(env...)
	var appOut lockedBuffer
	app.Stdout, app.Stderr = &appOut, &appOut
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	alive := func() string { return cpuTime(app.Process) + fmt.Sprint(len(appOut.String())) }
	waitFor(t, "the Hushnote window", alive, func() bool {
		select {
		case err := <-exited:
			t.Fatalf("the app exited early (%v):\n%s", err, appOut.String())
		default:
		}
		find := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Hushnote$")
		find.Env = append(os.Environ(), env...)
		out, err := find.Output()
		return err == nil && len(bytes.TrimSpace(out)) > 0
	})

	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 8 {
				code, _, errOut := hushnote(t, env, "import", "--title", fmt.Sprintf("Import %d-%d", w, i), sample)
				if code != 0 {
					errs <- errOut
				}
				if code, _, errOut := hushnote(t, env, "list", "--json"); code != 0 {
					errs <- errOut
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("a command failed while the app was open: %s", e)
	}
	if strings.Contains(appOut.String(), "locked") {
		t.Errorf("the app reported a locked database:\n%s", appOut.String())
	}
	select {
	case err := <-exited:
		t.Fatalf("the app exited while commands ran (%v):\n%s", err, appOut.String())
	default:
	}
	_, out, _ := hushnote(t, env, "list", "--json")
	if n := strings.Count(out, `"id":`); n != 17 {
		t.Errorf("store holds %d meetings, want 17", n)
	}
	if blank := screenIsBlank(t, display, "smoke-main-window.png", image.Rectangle{}); blank {
		t.Error("the screen is blank: the window drew nothing")
	}

	// The smallest window we design for: the app must take 900x600 (its minimum size must not refuse it)
	// and draw into it.
	win := windowID(t, env)
	xdo := func(args ...string) string {
		cmd := exec.Command("xdotool", args...)
		cmd.Env = append(os.Environ(), env...)
		out, _ := cmd.Output()
		return string(out)
	}
	xdo("windowmove", win, "0", "0")
	xdo("windowsize", win, "900", "600")
	waitFor(t, "the window to be 900x600", alive, func() bool {
		return strings.Contains(xdo("getwindowgeometry", win), "Geometry: 900x600")
	})
	if blank := screenIsBlank(t, display, "smoke-900x600.png", image.Rect(0, 0, 900, 600)); blank {
		t.Error("the screen is blank after resizing the window to 900x600")
	}
	select {
	case err := <-exited:
		t.Fatalf("the app exited after the resize (%v):\n%s", err, appOut.String())
	default:
	}
}

// windowID is the X window id of the visible Hushnote window.
func windowID(t *testing.T, env []string) string {
	t.Helper()
	find := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Hushnote$")
	find.Env = append(os.Environ(), env...)
	out, err := find.Output()
	if err != nil {
		t.Fatalf("find the Hushnote window: %v", err)
	}
	return strings.Fields(string(out))[0]
}

// artifactDir is where the smoke test keeps its screenshot: $HUSHNOTE_ARTIFACTS (make test sets
// .artifacts in the repository), else a folder in the system's temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("HUSHNOTE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "hushnote-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lockedBuffer collects a running process's output and can be read meanwhile.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// screenIsBlank grabs the display into the artifact file name and reports whether every pixel of area (the
// whole screen when empty) has the same colour.
func screenIsBlank(t *testing.T, display, name string, area image.Rectangle) bool {
	t.Helper()
	shot := filepath.Join(artifactDir(t), name)
	cmd := exec.Command("sh", "-c", "xwd -root -silent | convert xwd:- "+shot)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the running app: %s", shot)
	b := img.Bounds()
	if !area.Empty() {
		b = b.Intersect(area)
	}
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}

// TestKilledSummaryResumes kills the command line with SIGKILL in the middle of a summary: the database
// must open clean, the transcript be whole, the interrupted version hold the parts that had finished,
// and the next run pick up from them.
func TestKilledSummaryResumes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	srv := togethertest.New(t, "kill-test-key")
	srv.SetModels([]togethertest.Model{{ID: "small/model", Object: "model", Type: "chat", DisplayName: "Small", ContextLength: 4096}})
	srv.SetDefault(togethertest.Step{Tokens: strings.SplitAfter("- ACTION: notes on this part of the meeting, one word at a time, slowly", " "), Delay: 150 * time.Millisecond})
	home := t.TempDir()
	env := []string{"HUSHNOTE_HOME=" + home, "TOGETHER_API_KEY=kill-test-key"}

	var b strings.Builder
	for i := range 80 {
		fmt.Fprintf(&b, "Speaker %d: %s\n", i%4, strings.Repeat(fmt.Sprintf("point %d of the discussion, ", i), 12))
	}
	file := filepath.Join(t.TempDir(), "long meeting.txt")
	os.WriteFile(file, []byte(b.String()), 0o600)
	for _, args := range [][]string{{"import", file}, {"provider", "set", "together", "--base-url", srv.BaseURL, "--model", "small/model"}, {"provider", "use", "together"}} {
		if code, _, errOut := hushnote(t, env, args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}

	cmd := exec.Command(binary, "summarize", "1")
	cmd.Env = testEnv(env...)
	var errOut lockedBuffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	parts := func() []store.SummaryPart {
		sums, _ := st.Summaries(context.Background(), 1)
		if len(sums) == 0 {
			return nil
		}
		p, _ := st.Parts(context.Background(), sums[0].ID)
		return p
	}
	alive := func() string {
		return cpuTime(cmd.Process) + fmt.Sprint(len(errOut.String()), len(srv.Requests()))
	}
	waitFor(t, "a finished part", alive, func() bool { return len(parts()) >= 1 })
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	saved := len(parts())

	if res, err := st.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Fatalf("integrity after SIGKILL: %q, %v", res, err)
	}
	segs, err := st.Segments(context.Background(), 1)
	if err != nil || len(segs) != 80 {
		t.Fatalf("transcript after SIGKILL: %d segments, %v", len(segs), err)
	}
	sums, _ := st.Summaries(context.Background(), 1)
	if len(sums) != 1 || sums[0].Status != store.StatusDraft || sums[0].ChunkCount != 0 && saved == 0 {
		t.Fatalf("the killed version: %+v, %d parts", sums, saved)
	}
	chunks := 0
	for _, line := range strings.Split(errOut.String(), "\n") {
		fmt.Sscanf(line, "Reading the transcript in %d parts", &chunks)
	}
	if chunks < 3 {
		t.Fatalf("the summary had %d parts; the test needs several (stderr: %s)", chunks, errOut.String())
	}

	srv.SetDefault(togethertest.Step{Tokens: strings.SplitAfter("- ACTION: merged notes", " ")})
	before := len(srv.Requests())
	code, out, stderr := hushnote(t, env, "summarize", "1")
	if code != 0 || !strings.Contains(out, "ACTION: merged notes") {
		t.Fatalf("rerun: exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	if !strings.Contains(stderr, fmt.Sprintf("Reused %d finished parts", saved)) {
		t.Errorf("rerun did not resume from the %d saved parts: %s", saved, stderr)
	}
	chats := 0
	for _, r := range srv.Requests()[before:] {
		if r.Path == "/v1/chat/completions" {
			chats++
		}
	}
	if want := chunks - saved + 1; chats != want {
		t.Errorf("rerun asked the model %d times, want %d (%d parts, %d saved, 1 final)", chats, want, chunks, saved)
	}
	if n, err := st.MarkInterrupted(context.Background(), 1, 0); err != nil || n != 1 {
		t.Errorf("the killed draft is not recognised as interrupted: %d, %v", n, err)
	}
}
