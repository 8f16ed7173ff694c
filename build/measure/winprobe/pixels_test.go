package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// pixels makes n 32-bit pixels whose colour is colour(i).
func pixels(n int, colour func(i int) (r, g, b byte)) []byte {
	p := make([]byte, n*4)
	for i := range n {
		r, g, b := colour(i)
		p[i*4], p[i*4+1], p[i*4+2], p[i*4+3] = b, g, r, 0xff
	}
	return p
}

func TestHasColours(t *testing.T) {
	tests := []struct {
		name string
		pix  []byte
		n    int
		want bool
	}{
		{"blank window", pixels(1000, func(int) (byte, byte, byte) { return 30, 30, 30 }), 8, false},
		{"two colours", pixels(1000, func(i int) (byte, byte, byte) { return byte(i % 2 * 255), 0, 0 }), 8, false},
		{"unused byte differs only", func() []byte {
			p := pixels(1000, func(int) (byte, byte, byte) { return 1, 2, 3 })
			for i := 3; i < len(p); i += 4 {
				p[i] = byte(i)
			}
			return p
		}(), 2, false},
		{"anti-aliased text", pixels(1000, func(i int) (byte, byte, byte) { return byte(i % 16 * 16), byte(i % 16 * 16), byte(i % 16 * 16) }), 8, true},
		{"exactly enough", pixels(8, func(i int) (byte, byte, byte) { return 0, 0, byte(i) }), 8, true},
		{"empty", nil, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasColours(tt.pix, tt.n); got != tt.want {
				t.Errorf("hasColours(%d colours wanted) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
}

func TestFrameHashTellsFramesApart(t *testing.T) {
	h := newFrameHash()
	a := pixels(100, func(int) (byte, byte, byte) { return 1, 2, 3 })
	b := pixels(100, func(int) (byte, byte, byte) { return 1, 2, 3 })
	if h.sum(a) != h.sum(b) {
		t.Fatal("the same frame hashed differently")
	}
	b[200] = 9
	if h.sum(a) == h.sum(b) {
		t.Fatal("different frames hashed alike")
	}
}

func TestWritePNGKeepsColours(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shot.png")
	pix := pixels(6, func(i int) (byte, byte, byte) { return byte(10 * i), 100, 200 })
	if err := writePNG(path, pix, 3, 2); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 3 || b.Dy() != 2 {
		t.Fatalf("image is %v, want 3x2", b)
	}
	r, g, b, a := img.At(2, 1).RGBA()
	if r>>8 != 50 || g>>8 != 100 || b>>8 != 200 || a>>8 != 255 {
		t.Errorf("pixel (2,1) = %d,%d,%d,%d, want 50,100,200,255", r>>8, g>>8, b>>8, a>>8)
	}
}
