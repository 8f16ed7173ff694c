package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// The few X11 requests and events winprobe uses (X Window System Protocol, version 11). Everything is
// little-endian: the connection is opened with byte order 'l'.
const (
	opChangeWindowAttributes = 2
	opGetGeometry            = 14
	opGetImage               = 73

	cwEventMask           = 1 << 11
	substructureNotifyMsk = 1 << 19
	zPixmap               = 2

	evMapNotify     = 19
	evDestroyNotify = 17
)

// xConn is a connection to an X server that can watch top-level windows appear and read their pixels.
type xConn struct {
	c      net.Conn
	seq    uint16
	root   uint32
	width  int
	height int
	depth  int
	bpp    int      // bits per pixel of the root depth's images
	buf    []xEvent // map and destroy notifications of the root's children, received and not yet taken
	reply  []byte   // the last reply; reused
}

// xEvent is a window being mapped or destroyed.
type xEvent struct {
	mapped bool // false: destroyed
	window uint32
}

// xError is an error the X server answered a request with.
type xError struct {
	code   byte
	opcode byte
}

func (e *xError) Error() string {
	return fmt.Sprintf("X server error %d for request %d", e.code, e.opcode)
}

// errBadMatch is the error GetImage gives for a window that is not (or no longer) viewable.
const errBadMatch = 8

// socketPath returns the Unix socket of a local display such as ":99" or ":99.0".
func socketPath(display string) (string, error) {
	rest, ok := strings.CutPrefix(display, ":")
	if !ok {
		return "", fmt.Errorf("display %q is not a local display like :99", display)
	}
	num, _, _ := strings.Cut(rest, ".")
	if _, err := strconv.Atoi(num); err != nil {
		return "", fmt.Errorf("display %q is not a local display like :99", display)
	}
	return "/tmp/.X11-unix/X" + num, nil
}

// dialX connects to a local X server that needs no authorisation (an Xvfb started for measuring).
func dialX(ctx context.Context, display string) (*xConn, error) {
	path, err := socketPath(display)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, err
	}
	x, err := handshake(c)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("display %s: %w", display, err)
	}
	return x, nil
}

// handshake sends the connection setup and reads the first screen's root window, size and depth.
func handshake(c net.Conn) (*xConn, error) {
	// byte order, pad, protocol 11.0, no authorisation name or data, pad
	setup := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := c.Write(setup); err != nil {
		return nil, err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		return nil, err
	}
	body := make([]byte, int(binary.LittleEndian.Uint16(head[6:]))*4)
	if _, err := io.ReadFull(c, body); err != nil {
		return nil, err
	}
	if head[0] != 1 {
		reason := body[:min(int(head[1]), len(body))]
		return nil, fmt.Errorf("the X server refused the connection: %s", reason)
	}
	return parseSetup(c, body)
}

// parseSetup reads the setup reply's body (after its 8-byte header).
func parseSetup(c net.Conn, b []byte) (*xConn, error) {
	if len(b) < 32 {
		return nil, errors.New("short X setup reply")
	}
	vendorLen := int(binary.LittleEndian.Uint16(b[16:]))
	screens, formats := int(b[20]), int(b[21])
	off := 32 + (vendorLen+3)/4*4
	fmtOff := off
	off += formats * 8
	if screens < 1 || len(b) < off+40 {
		return nil, errors.New("the X server has no screen")
	}
	s := b[off:]
	x := &xConn{
		c:      c,
		root:   binary.LittleEndian.Uint32(s[0:]),
		width:  int(binary.LittleEndian.Uint16(s[20:])),
		height: int(binary.LittleEndian.Uint16(s[22:])),
		depth:  int(s[38]),
		reply:  make([]byte, 32),
	}
	for i := range formats {
		f := b[fmtOff+i*8:]
		if int(f[0]) == x.depth {
			x.bpp = int(f[1])
		}
	}
	if x.bpp != 32 {
		return nil, fmt.Errorf("the screen has %d bits per pixel at depth %d; winprobe reads 32 (start Xvfb with -screen 0 WxHx24)", x.bpp, x.depth)
	}
	return x, nil
}

// Close closes the connection.
func (x *xConn) Close() error { return x.c.Close() }

// deadline applies ctx's deadline, if any, to the connection.
func (x *xConn) deadline(ctx context.Context) {
	d, _ := ctx.Deadline()
	x.c.SetDeadline(d)
}

// request sends one request; its length field is computed from body (padded to 4 bytes).
func (x *xConn) request(op, data byte, body []byte) error {
	n := 4 + len(body)
	pad := (4 - n%4) % 4
	msg := make([]byte, 4, n+pad)
	msg[0], msg[1] = op, data
	binary.LittleEndian.PutUint16(msg[2:], uint16((n+pad)/4))
	msg = append(msg, body...)
	msg = append(msg, make([]byte, pad)...)
	x.seq++
	_, err := x.c.Write(msg)
	return err
}

// readReply reads packets until the reply (or error) to the last request, keeping map and destroy
// notifications for pendingEvents. The reply is valid until the next request: its buffer is reused, as
// a window's pixels are read every few milliseconds.
func (x *xConn) readReply() ([]byte, error) {
	for {
		p := x.reply[:32]
		if _, err := io.ReadFull(x.c, p); err != nil {
			return nil, err
		}
		switch p[0] & 0x7f {
		case 0:
			if binary.LittleEndian.Uint16(p[2:]) == x.seq {
				return nil, &xError{code: p[1], opcode: p[10]}
			}
		case 1:
			n := 32 + int(binary.LittleEndian.Uint32(p[4:]))*4
			if n > cap(x.reply) {
				x.reply = append(x.reply[:32], make([]byte, n-32)...)
			}
			p = x.reply[:n]
			if _, err := io.ReadFull(x.c, p[32:]); err != nil {
				return nil, err
			}
			if binary.LittleEndian.Uint16(p[2:]) == x.seq {
				return p, nil
			}
		case evMapNotify:
			x.buf = append(x.buf, xEvent{mapped: true, window: binary.LittleEndian.Uint32(p[8:])})
		case evDestroyNotify:
			x.buf = append(x.buf, xEvent{window: binary.LittleEndian.Uint32(p[8:])})
		}
	}
}

// watchRoot asks for map and destroy notifications of the root window's children.
func (x *xConn) watchRoot(ctx context.Context) error {
	x.deadline(ctx)
	body := make([]byte, 12)
	binary.LittleEndian.PutUint32(body[0:], x.root)
	binary.LittleEndian.PutUint32(body[4:], cwEventMask)
	binary.LittleEndian.PutUint32(body[8:], substructureNotifyMsk)
	if err := x.request(opChangeWindowAttributes, 0, body); err != nil {
		return err
	}
	// ChangeWindowAttributes has no reply; a round trip proves the server took it.
	_, err := x.geometry(ctx, x.root)
	return err
}

// pendingEvents returns the notifications received so far, after a round trip to the server so that
// everything it sent before now has arrived.
func (x *xConn) pendingEvents(ctx context.Context) ([]xEvent, error) {
	if _, err := x.geometry(ctx, x.root); err != nil {
		return nil, err
	}
	out := x.buf
	x.buf = nil
	return out, nil
}

// rect is a window's position in its parent and its size.
type rect struct{ x, y, width, height int }

// geometry returns a window's position in its parent (the screen, for a top-level window without a
// window manager) and its size.
func (x *xConn) geometry(ctx context.Context, w uint32) (rect, error) {
	x.deadline(ctx)
	body := make([]byte, 4)
	binary.LittleEndian.PutUint32(body, w)
	if err := x.request(opGetGeometry, 0, body); err != nil {
		return rect{}, err
	}
	p, err := x.readReply()
	if err != nil {
		return rect{}, err
	}
	return rect{
		x:      int(int16(binary.LittleEndian.Uint16(p[12:]))),
		y:      int(int16(binary.LittleEndian.Uint16(p[14:]))),
		width:  int(binary.LittleEndian.Uint16(p[16:])),
		height: int(binary.LittleEndian.Uint16(p[18:])),
	}, nil
}

// image reads a window's pixels (32 bits each, blue green red unused) as the screen shows them. They are
// valid until the next request.
func (x *xConn) image(ctx context.Context, w uint32, width, height int) ([]byte, error) {
	x.deadline(ctx)
	body := make([]byte, 16)
	binary.LittleEndian.PutUint32(body[0:], w)
	binary.LittleEndian.PutUint16(body[8:], uint16(width))
	binary.LittleEndian.PutUint16(body[10:], uint16(height))
	binary.LittleEndian.PutUint32(body[12:], 0xffffffff)
	if err := x.request(opGetImage, zPixmap, body); err != nil {
		return nil, err
	}
	p, err := x.readReply()
	if err != nil {
		return nil, err
	}
	data := p[32:]
	if len(data) < width*height*4 {
		return nil, fmt.Errorf("GetImage gave %d bytes for %dx%d", len(data), width, height)
	}
	return data[:width*height*4], nil
}

// displayFromEnv returns $DISPLAY or an error saying it is needed.
func displayFromEnv() (string, error) {
	d := os.Getenv("DISPLAY")
	if d == "" {
		return "", errors.New("DISPLAY is not set: run winprobe inside an X server (build/measure.sh starts Xvfb)")
	}
	return d, nil
}

// isBadMatch reports whether err is the X server saying a window cannot be read (not viewable).
func isBadMatch(err error) bool {
	var xe *xError
	return errors.As(err, &xe) && xe.code == errBadMatch
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
