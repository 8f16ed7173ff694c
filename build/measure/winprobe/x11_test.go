package main

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"testing"
)

// fakeX is the server half of a connection: it answers the handshake like Xvfb with one 24-bit screen of
// 1280x800 and root window 0x100, then runs script on the requests that follow.
type fakeX struct {
	t    *testing.T
	c    net.Conn
	seq  uint16
	done chan error
}

func startFakeX(t *testing.T, script func(f *fakeX) error) *xConn {
	t.Helper()
	client, server := net.Pipe()
	f := &fakeX{t: t, c: server, done: make(chan error, 1)}
	go func() {
		err := f.handshake()
		if err == nil {
			err = script(f)
		}
		f.done <- err
	}()
	x, err := handshake(client)
	if err != nil {
		t.Fatalf("handshake: %v", err)
	}
	t.Cleanup(func() {
		x.Close()
		server.Close()
		if err := <-f.done; err != nil {
			t.Errorf("fake X server: %v", err)
		}
	})
	return x
}

func (f *fakeX) handshake() error {
	setup := make([]byte, 12)
	if _, err := io.ReadFull(f.c, setup); err != nil {
		return err
	}
	if setup[0] != 'l' || binary.LittleEndian.Uint16(setup[2:]) != 11 {
		return errors.New("not a little-endian X11 setup")
	}
	vendor := []byte("Fake")
	body := make([]byte, 32)
	binary.LittleEndian.PutUint16(body[16:], uint16(len(vendor)))
	body[20], body[21] = 1, 2 // one screen, two formats
	body = append(body, vendor...)
	body = append(body, 1, 1, 32, 0, 0, 0, 0, 0)   // depth 1, 1 bit per pixel
	body = append(body, 24, 32, 32, 0, 0, 0, 0, 0) // depth 24, 32 bits per pixel
	screen := make([]byte, 40)
	binary.LittleEndian.PutUint32(screen[0:], 0x100)
	binary.LittleEndian.PutUint16(screen[20:], 1280)
	binary.LittleEndian.PutUint16(screen[22:], 800)
	screen[38] = 24
	body = append(body, screen...)
	head := make([]byte, 8)
	head[0] = 1
	binary.LittleEndian.PutUint16(head[2:], 11)
	binary.LittleEndian.PutUint16(head[6:], uint16(len(body)/4))
	_, err := f.c.Write(append(head, body...))
	return err
}

// read reads one request: opcode, its data byte and body.
func (f *fakeX) read() (op, data byte, body []byte, err error) {
	head := make([]byte, 4)
	if _, err := io.ReadFull(f.c, head); err != nil {
		return 0, 0, nil, err
	}
	body = make([]byte, int(binary.LittleEndian.Uint16(head[2:]))*4-4)
	if _, err := io.ReadFull(f.c, body); err != nil {
		return 0, 0, nil, err
	}
	f.seq++
	return head[0], head[1], body, nil
}

// reply answers the last request with the 32-byte reply head fields (from byte 8 on) and extra data.
func (f *fakeX) reply(first byte, fields []byte, extra []byte) error {
	p := make([]byte, 32)
	p[0], p[1] = 1, first
	binary.LittleEndian.PutUint16(p[2:], f.seq)
	binary.LittleEndian.PutUint32(p[4:], uint32(len(extra)/4))
	copy(p[8:], fields)
	_, err := f.c.Write(append(p, extra...))
	return err
}

// event sends a notification about window w (code 19: mapped, 17: destroyed).
func (f *fakeX) event(code byte, w uint32) error {
	p := make([]byte, 32)
	p[0] = code
	binary.LittleEndian.PutUint32(p[4:], 0x100)
	binary.LittleEndian.PutUint32(p[8:], w)
	_, err := f.c.Write(p)
	return err
}

// fail answers the last request with an X error.
func (f *fakeX) fail(code, opcode byte) error {
	p := make([]byte, 32)
	p[1] = code
	binary.LittleEndian.PutUint16(p[2:], f.seq)
	p[10] = opcode
	_, err := f.c.Write(p)
	return err
}

// geometryFields are GetGeometry's reply fields: root, x, y, width, height.
func geometryFields(x, y, w, h int) []byte {
	b := make([]byte, 12)
	binary.LittleEndian.PutUint32(b[0:], 0x100)
	binary.LittleEndian.PutUint16(b[4:], uint16(int16(x)))
	binary.LittleEndian.PutUint16(b[6:], uint16(int16(y)))
	binary.LittleEndian.PutUint16(b[8:], uint16(w))
	binary.LittleEndian.PutUint16(b[10:], uint16(h))
	return b
}

func TestHandshakeReadsTheScreen(t *testing.T) {
	x := startFakeX(t, func(*fakeX) error { return nil })
	if x.root != 0x100 || x.width != 1280 || x.height != 800 || x.depth != 24 || x.bpp != 32 {
		t.Errorf("screen = root %#x %dx%d depth %d bpp %d, want root 0x100 1280x800 depth 24 bpp 32", x.root, x.width, x.height, x.depth, x.bpp)
	}
}

func TestWatchEventsGeometryAndImage(t *testing.T) {
	ctx := t.Context() // the fake server answers at once; the test binary's -timeout bounds a hang
	x := startFakeX(t, func(f *fakeX) error {
		// watchRoot: ChangeWindowAttributes on the root asking for SubstructureNotify, then a round trip.
		op, _, body, err := f.read()
		if err != nil {
			return err
		}
		if op != opChangeWindowAttributes || binary.LittleEndian.Uint32(body[0:]) != 0x100 ||
			binary.LittleEndian.Uint32(body[4:]) != cwEventMask || binary.LittleEndian.Uint32(body[8:]) != substructureNotifyMsk {
			return errors.New("watchRoot sent the wrong ChangeWindowAttributes")
		}
		if op, _, _, err = f.read(); err != nil || op != opGetGeometry {
			return errors.New("watchRoot did not make a round trip")
		}
		if err := f.reply(24, geometryFields(0, 0, 1280, 800), nil); err != nil {
			return err
		}
		// pendingEvents: the notifications arrive before the round trip's reply.
		if _, _, _, err = f.read(); err != nil {
			return err
		}
		for _, e := range []struct {
			code byte
			w    uint32
		}{{evMapNotify, 0x200}, {evDestroyNotify, 0x1ff}, {28, 0x200}} { // 28: PropertyNotify, ignored
			if err := f.event(e.code, e.w); err != nil {
				return err
			}
		}
		if err := f.reply(24, geometryFields(0, 0, 1280, 800), nil); err != nil {
			return err
		}
		// geometry of the window
		if op, _, body, err = f.read(); err != nil || op != opGetGeometry || binary.LittleEndian.Uint32(body) != 0x200 {
			return errors.New("expected GetGeometry of 0x200")
		}
		if err := f.reply(24, geometryFields(10, -5, 2, 2), nil); err != nil {
			return err
		}
		// image: a 2x2 ZPixmap
		op, data, body, err := f.read()
		if err != nil {
			return err
		}
		if op != opGetImage || data != zPixmap || binary.LittleEndian.Uint32(body[0:]) != 0x200 ||
			binary.LittleEndian.Uint16(body[8:]) != 2 || binary.LittleEndian.Uint16(body[10:]) != 2 {
			return errors.New("GetImage asked for the wrong thing")
		}
		if err := f.reply(24, nil, []byte{1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 10, 11, 12, 0}); err != nil {
			return err
		}
		// a second image: the window went away
		if _, _, _, err = f.read(); err != nil {
			return err
		}
		return f.fail(errBadMatch, opGetImage)
	})
	if err := x.watchRoot(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := x.pendingEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []xEvent{{mapped: true, window: 0x200}, {window: 0x1ff}}
	if len(evs) != len(want) || evs[0] != want[0] || evs[1] != want[1] {
		t.Fatalf("events = %+v, want %+v", evs, want)
	}
	r, err := x.geometry(ctx, 0x200)
	if err != nil {
		t.Fatal(err)
	}
	if r != (rect{x: 10, y: -5, width: 2, height: 2}) {
		t.Errorf("geometry = %+v, want 10,-5 2x2", r)
	}
	pix, err := x.image(ctx, 0x200, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pix) != 16 || pix[4] != 4 || pix[15] != 0 {
		t.Errorf("image = %v", pix)
	}
	if _, err := x.image(ctx, 0x200, 2, 2); !isBadMatch(err) {
		t.Errorf("image of a vanished window: %v, want BadMatch", err)
	}
}

func TestSocketPath(t *testing.T) {
	for display, want := range map[string]string{":99": "/tmp/.X11-unix/X99", ":7.0": "/tmp/.X11-unix/X7"} {
		if got, err := socketPath(display); err != nil || got != want {
			t.Errorf("socketPath(%q) = %q, %v; want %q", display, got, err, want)
		}
	}
	for _, display := range []string{"", "localhost:10.0", ":x"} {
		if _, err := socketPath(display); err == nil {
			t.Errorf("socketPath(%q) was accepted", display)
		}
	}
}

func TestParsePoint(t *testing.T) {
	if p, err := parsePoint("150, 125"); err != nil || p != (point{150, 125}) {
		t.Errorf("parsePoint(150, 125) = %v, %v", p, err)
	}
	for _, v := range []string{"150", "a,b", "-1,5", ""} {
		if _, err := parsePoint(v); err == nil {
			t.Errorf("parsePoint(%q) was accepted", v)
		}
	}
}

func TestSplitPrograms(t *testing.T) {
	got := splitPrograms([]string{"./hello", ":::", "./hushnote", "--home", "d", ":::"})
	if len(got) != 2 || len(got[0]) != 1 || got[0][0] != "./hello" || len(got[1]) != 3 || got[1][2] != "d" {
		t.Errorf("splitPrograms = %q", got)
	}
	if got := splitPrograms(nil); len(got) != 0 {
		t.Errorf("splitPrograms(nil) = %q", got)
	}
}
