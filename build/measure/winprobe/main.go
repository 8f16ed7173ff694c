// Command winprobe measures a desktop program from outside, on an X server (build/measure.sh runs it on
// Xvfb): how long it takes from start to its first drawn frame, and how much memory it holds once shown
// and after clicks. It measures any program the same way, so Hushnote and a Fyne hello-world compare fairly.
//
//	winprobe startup [-runs 10] [-warmup 1] [-names A,B] -- PROGRAM [ARGS...] [::: PROGRAM [ARGS...]]...
//	winprobe memory [-quiet 1s] [-click X,Y]... [-shots DIR] -- PROGRAM [ARGS...]
//
// The first frame is the first time the program's top-level window, once mapped, shows at least
// -min-colours colours (a window that is mapped but not drawn shows one). "Settled" is the last change
// before the window stayed the same for -quiet. Several programs (separated by :::) are started in turn,
// one run of each per round, so that a change in the machine's load affects them alike. Results go to
// stdout as key=value lines; progress to stderr.
// It talks X11 itself (a local display, no authorisation: an Xvfb started for the purpose) and uses
// xdotool for clicks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "winprobe:", err)
		stop()
		os.Exit(1)
	}
}

// usage is printed for a wrong command line.
const usage = `usage:
  winprobe startup [-runs N] [-warmup N] [-names A,B] [-min-colours N] [-quiet D] [-timeout D] [-log FILE] -- PROGRAM [ARGS...] [::: PROGRAM [ARGS...]]...
  winprobe memory [-min-colours N] [-quiet D] [-timeout D] [-click X,Y]... [-shots DIR] [-log FILE] -- PROGRAM [ARGS...]`

// run parses the command line and runs one subcommand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := options{}
	fs.IntVar(&o.minColours, "min-colours", 8, "colours the window must show to count as drawn")
	fs.DurationVar(&o.quiet, "quiet", time.Second, "how long the window must stay unchanged to count as settled")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "give up on a run after this long")
	fs.StringVar(&o.logPath, "log", "", "append the program's output to this file (default: discard it)")
	switch args[0] {
	case "startup":
		fs.IntVar(&o.runs, "runs", 10, "measured runs")
		fs.IntVar(&o.warmup, "warmup", 1, "runs before the measured ones, not counted (they warm the file cache)")
		fs.Func("names", "comma-separated names of the programs, for the results (default 1, 2, ...)", func(v string) error {
			o.names = strings.Split(v, ",")
			return nil
		})
	case "memory":
		fs.Func("click", "click at X,Y in the window after start, then wait for the window to change and settle (repeatable)", func(v string) error {
			p, err := parsePoint(v)
			o.clicks = append(o.clicks, p)
			return err
		})
		fs.StringVar(&o.shots, "shots", "", "save the window after start and after each click as PNG files in this folder")
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	o.programs = splitPrograms(fs.Args())
	if len(o.programs) == 0 {
		return errors.New("no program to measure\n" + usage)
	}
	if args[0] == "memory" && len(o.programs) > 1 {
		return errors.New("memory measures one program\n" + usage)
	}
	if o.names == nil {
		for i := range o.programs {
			o.names = append(o.names, fmt.Sprint(i+1))
		}
	}
	if len(o.names) != len(o.programs) {
		return fmt.Errorf("%d names for %d programs", len(o.names), len(o.programs))
	}
	display, err := displayFromEnv()
	if err != nil {
		return err
	}
	x, err := dialX(ctx, display)
	if err != nil {
		return err
	}
	defer x.Close()
	if err := x.watchRoot(ctx); err != nil {
		return err
	}
	logf, err := openLog(o.logPath)
	if err != nil {
		return err
	}
	if logf != nil {
		defer logf.Close()
		o.log = logf
	}
	if args[0] == "startup" {
		return startup(ctx, x, o, stdout, stderr)
	}
	return memoryRun(ctx, x, o, stdout, stderr)
}

// options are the flags of both subcommands.
type options struct {
	programs       [][]string // each program with its arguments
	names          []string
	runs, warmup   int
	minColours     int
	quiet, timeout time.Duration
	logPath        string
	log            io.Writer
	clicks         []point
	shots          string
}

// separator separates programs on startup's command line.
const separator = ":::"

// splitPrograms splits the arguments after -- into programs at each separator, dropping empty ones.
func splitPrograms(args []string) [][]string {
	var out [][]string
	cur := []string{}
	for _, a := range append(args, separator) {
		if a != separator {
			cur = append(cur, a)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = []string{}
	}
	return out
}

// point is a position in the window, from its top-left corner.
type point struct{ x, y int }

func parsePoint(v string) (point, error) {
	xs, ys, ok := strings.Cut(v, ",")
	x, errX := strconv.Atoi(strings.TrimSpace(xs))
	y, errY := strconv.Atoi(strings.TrimSpace(ys))
	if !ok || errX != nil || errY != nil || x < 0 || y < 0 {
		return point{}, fmt.Errorf("%q is not a position X,Y in the window", v)
	}
	return point{x, y}, nil
}

// startup starts each program warmup+runs times, in rounds of one run each, and prints each program's
// first-frame and settled times.
func startup(ctx context.Context, x *xConn, o options, stdout, stderr io.Writer) error {
	first := make([][]time.Duration, len(o.programs))
	settled := make([][]time.Duration, len(o.programs))
	for round := range o.warmup + o.runs {
		for p, argv := range o.programs {
			f, s, err := startOnce(ctx, x, o, argv)
			if err != nil {
				return fmt.Errorf("%s, round %d: %w", o.names[p], round+1, err)
			}
			label := "warm-up"
			if round >= o.warmup {
				label = fmt.Sprintf("run %d", round+1-o.warmup)
				first[p], settled[p] = append(first[p], f), append(settled[p], s)
			}
			fmt.Fprintf(stderr, "  %s %s: first frame %.0f ms, settled %.0f ms\n", o.names[p], label, ms(f), ms(s))
		}
	}
	for p, name := range o.names {
		fmt.Fprintf(stdout, "%s first_frame_ms %s\n", name, summarize(first[p]))
		fmt.Fprintf(stdout, "%s settled_ms %s\n", name, summarize(settled[p]))
	}
	return nil
}

// startOnce starts argv once, waits for its first frame and for it to settle, and stops it.
func startOnce(ctx context.Context, x *xConn, o options, argv []string) (first, settled time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	s, err := launch(ctx, x, argv, o.log)
	if err != nil {
		return 0, 0, err
	}
	defer func() { err = errors.Join(err, s.stop(context.WithoutCancel(ctx))) }()
	if first, err = s.waitFirstFrame(ctx, o.minColours); err != nil {
		return 0, 0, err
	}
	if settled, err = s.waitQuiet(ctx, o.quiet, 0); err != nil {
		return 0, 0, err
	}
	return first, settled, nil
}

// memoryRun starts the program once, and prints its memory once it has settled and after each click.
func memoryRun(ctx context.Context, x *xConn, o options, stdout, stderr io.Writer) (err error) {
	if o.shots != "" {
		if err := os.MkdirAll(o.shots, 0o755); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	s, err := launch(ctx, x, o.programs[0], o.log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.stop(context.WithoutCancel(ctx))) }()
	first, err := s.waitFirstFrame(ctx, o.minColours)
	if err != nil {
		return err
	}
	settled, err := s.waitQuiet(ctx, o.quiet, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "  shown: first frame %.0f ms, settled %.0f ms\n", ms(first), ms(settled))
	if err := report(ctx, s, o, stdout, "start"); err != nil {
		return err
	}
	for i, p := range o.clicks {
		before, err := s.current(ctx)
		if err != nil {
			return err
		}
		if err := s.click(ctx, p.x, p.y); err != nil {
			return err
		}
		start := s.since()
		changed, err := s.waitQuiet(ctx, o.quiet, before)
		if err != nil {
			return fmt.Errorf("click %d at %d,%d: %w", i+1, p.x, p.y, err)
		}
		fmt.Fprintf(stderr, "  click %d at %d,%d: the window changed and settled %.0f ms after it\n", i+1, p.x, p.y, ms(changed-start))
		if err := report(ctx, s, o, stdout, fmt.Sprintf("click%d", i+1)); err != nil {
			return err
		}
	}
	return nil
}

// report prints the program's memory at a step, and saves a screenshot when asked to.
func report(ctx context.Context, s *session, o options, stdout io.Writer, step string) error {
	m, err := readMemory(s.pid())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "memory step=%s %s\n", step, m)
	if o.shots == "" {
		return nil
	}
	return s.screenshot(ctx, filepath.Join(o.shots, step+".png"))
}
