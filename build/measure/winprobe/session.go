package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Polling intervals: until the window is mapped only a round trip to the X server is made, which is
// cheap, so it is frequent; reading a window's pixels costs the server a copy of the window.
const (
	mapPoll   = 2 * time.Millisecond
	framePoll = 5 * time.Millisecond
	quietPoll = 25 * time.Millisecond
)

// errExited is returned when the program under test exits while it is being watched.
var errExited = errors.New("the program exited")

// session is one run of the program under test on the X server.
type session struct {
	x      *xConn
	cmd    *exec.Cmd
	start  time.Time
	exited chan struct{} // closed when the program has exited
	hash   frameHash

	win    uint32 // the program's top-level window, once mapped
	bounds rect   // its position on the screen and its size
}

// launch starts argv with its output going to logw (nil: discarded) and starts the clock.
func launch(ctx context.Context, x *xConn, argv []string, logw io.Writer) (*session, error) {
	// Notifications of an earlier run's windows are not this run's.
	if _, err := x.pendingEvents(ctx); err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = logw, logw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s := &session{x: x, cmd: cmd, exited: make(chan struct{}), hash: newFrameHash()}
	s.start = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	return s, nil
}

// since is the time from the program's start to now.
func (s *session) since() time.Duration { return time.Since(s.start) }

// alive returns errExited once the program has exited.
func (s *session) alive() error {
	select {
	case <-s.exited:
		return fmt.Errorf("%w: %s", errExited, s.cmd.ProcessState)
	default:
		return nil
	}
}

// waitWindow waits until the program maps a top-level window and notes its size.
func (s *session) waitWindow(ctx context.Context) error {
	for s.win == 0 {
		evs, err := s.x.pendingEvents(ctx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if ev.mapped && s.win == 0 {
				s.win = ev.window
			}
		}
		if s.win != 0 {
			break
		}
		if err := s.alive(); err != nil {
			return err
		}
		if err := sleepCtx(ctx, mapPoll); err != nil {
			return err
		}
	}
	r, err := s.x.geometry(ctx, s.win)
	if err != nil {
		return err
	}
	s.bounds = r
	return nil
}

// frame reads the window's pixels; ok is false while the window cannot be read (not yet viewable).
func (s *session) frame(ctx context.Context) (pix []byte, ok bool, err error) {
	pix, err = s.x.image(ctx, s.win, s.bounds.width, s.bounds.height)
	if isBadMatch(err) {
		return nil, false, nil
	}
	return pix, err == nil, err
}

// waitFirstFrame returns the time from start until the program's window shows at least minColours
// colours: its first drawn frame.
func (s *session) waitFirstFrame(ctx context.Context, minColours int) (time.Duration, error) {
	if err := s.waitWindow(ctx); err != nil {
		return 0, err
	}
	for {
		pix, ok, err := s.frame(ctx)
		at := s.since()
		if err != nil {
			return 0, err
		}
		if ok && hasColours(pix, minColours) {
			return at, nil
		}
		if err := s.alive(); err != nil {
			return 0, err
		}
		if err := sleepCtx(ctx, framePoll); err != nil {
			return 0, err
		}
	}
}

// waitQuiet waits until the window has not changed for quiet and returns the time of its last change
// since start. With changeFrom other than zero it first waits for the window to differ from that frame
// hash (a click's effect), up to the context's deadline.
func (s *session) waitQuiet(ctx context.Context, quiet time.Duration, changeFrom uint64) (time.Duration, error) {
	var last uint64
	var lastChange time.Duration
	for {
		pix, ok, err := s.frame(ctx)
		now := s.since()
		if err != nil {
			return 0, err
		}
		if ok {
			h := s.hash.sum(pix)
			switch {
			case changeFrom != 0 && h == changeFrom:
				// not changed yet
			case h != last:
				last, lastChange, changeFrom = h, now, 0
			case now-lastChange >= quiet:
				return lastChange, nil
			}
		}
		if err := s.alive(); err != nil {
			return 0, err
		}
		if err := sleepCtx(ctx, quietPoll); err != nil {
			if changeFrom != 0 {
				return 0, fmt.Errorf("the window did not change: %w", err)
			}
			return 0, err
		}
	}
}

// current returns the hash of what the window shows now.
func (s *session) current(ctx context.Context) (uint64, error) {
	pix, ok, err := s.frame(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("the window cannot be read")
	}
	return s.hash.sum(pix), nil
}

// screenshot saves what the window shows as a PNG file.
func (s *session) screenshot(ctx context.Context, path string) error {
	pix, ok, err := s.frame(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("the window cannot be read")
	}
	return writePNG(path, pix, s.bounds.width, s.bounds.height)
}

// click moves the pointer to (x, y) in the window and clicks the left button, with xdotool.
func (s *session) click(ctx context.Context, x, y int) error {
	sx, sy := fmt.Sprint(s.bounds.x+x), fmt.Sprint(s.bounds.y+y)
	out, err := exec.CommandContext(ctx, "xdotool", "mousemove", sx, sy, "click", "1").CombinedOutput()
	if err != nil {
		return fmt.Errorf("xdotool: %v: %s", err, out)
	}
	return nil
}

// stop ends the program: SIGTERM to its process group, SIGKILL after five seconds, and waits until it
// and its window are gone.
func (s *session) stop(ctx context.Context) error {
	if s.alive() == nil {
		pgid := -s.cmd.Process.Pid
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(pgid, syscall.SIGKILL)
			<-s.exited
		}
	}
	if s.win == 0 {
		return nil
	}
	for {
		evs, err := s.x.pendingEvents(ctx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if !ev.mapped && ev.window == s.win {
				return nil
			}
		}
		if err := sleepCtx(ctx, mapPoll); err != nil {
			return fmt.Errorf("the window stayed after the program exited: %w", err)
		}
	}
}

// pid is the program's process id.
func (s *session) pid() int { return s.cmd.Process.Pid }

// openLog opens path for appending, or returns nil for no path.
func openLog(path string) (*os.File, error) {
	if path == "" {
		return nil, nil
	}
	return os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}
