package importer

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// cancelOnRead cancels its context on the first read: the user stops an import mid-file.
type cancelOnRead struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancelOnRead) Read(p []byte) (int, error) {
	c.cancel()
	return c.r.Read(p[:min(len(p), 4)])
}

func TestReadAll(t *testing.T) {
	text := strings.Repeat("Anna: hello.\n", 100) // 1,300 bytes
	tests := []struct {
		name        string
		limit, size int64
		cancel      bool
		want        error
	}{
		{"within the limit", 2000, 1300, false, nil},
		{"the size said is wrong (a /proc file says 0)", 2000, 0, false, nil},
		{"past the limit however small it said it was", 1000, 10, false, ErrTooLarge},
		{"exactly the limit", 1300, 1300, false, nil},
		{"cancelled while reading", 2000, 1300, true, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var r io.Reader = strings.NewReader(text)
			if tc.cancel {
				r = &cancelOnRead{r: r, cancel: cancel}
			}
			got, err := readAll(ctx, r, tc.limit, tc.size)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && string(got) != text {
				t.Errorf("read %d bytes, want %d", len(got), len(text))
			}
		})
	}
}
