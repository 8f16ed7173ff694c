package main

import (
	"hash/maphash"
	"image"
	"image/png"
	"os"
)

// hasColours reports whether pix (32-bit pixels, blue green red unused) holds at least n different colours.
// A window that is mapped but not yet drawn is one colour (or two, against the screen's background); a
// drawn Fyne window has text, whose anti-aliased edges alone give dozens.
func hasColours(pix []byte, n int) bool {
	seen := make([]uint32, 0, n)
	for i := 0; i+3 < len(pix); i += 4 {
		c := uint32(pix[i]) | uint32(pix[i+1])<<8 | uint32(pix[i+2])<<16
		if !containsColour(seen, c) {
			seen = append(seen, c)
			if len(seen) >= n {
				return true
			}
		}
	}
	return false
}

func containsColour(seen []uint32, c uint32) bool {
	for _, s := range seen {
		if s == c {
			return true
		}
	}
	return false
}

// frameHash tells frames apart: two different frames have different hashes.
type frameHash struct{ seed maphash.Seed }

func newFrameHash() frameHash { return frameHash{seed: maphash.MakeSeed()} }

func (h frameHash) sum(pix []byte) uint64 { return maphash.Bytes(h.seed, pix) }

// writePNG saves 32-bit pixels (blue green red unused) of a width×height image as a PNG file.
func writePNG(path string, pix []byte, width, height int) error {
	img := image.NewNRGBA(image.Rect(0, 0, width, height))
	for i := 0; i < width*height; i++ {
		img.Pix[i*4+0] = pix[i*4+2]
		img.Pix[i*4+1] = pix[i*4+1]
		img.Pix[i*4+2] = pix[i*4+0]
		img.Pix[i*4+3] = 0xff
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
