package redact_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"hushnote/internal/redact"
)

const (
	key   = "tgp_v1_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	other = "sk-proj-ABCDEFGHIJKLMNOPQRSTUV"
	gone  = redact.Placeholder
)

func TestScrub(t *testing.T) {
	r := redact.New()
	r.Add(key)
	r.Add("  " + other + "\n")
	r.Add("short")       // too short to be a key: ignored
	r.Add(`a<b&c"d\e>f`) // found as written and as JSON writes it
	for _, tc := range []struct{ name, in, want string }{
		{"no key", "The team agreed on the plan.", "The team agreed on the plan."},
		{"empty", "", ""},
		{"the key", "key " + key + " echoed", "key " + gone + " echoed"},
		{"twice", key + key, gone},
		{"bearer form", "Authorization: Bearer " + key, "Authorization: " + gone},
		{"bearer in lower case", "header was bearer " + key + ".", "header was " + gone + "."},
		{"bearer without a key stays", "Bearer tokens are fine", "Bearer tokens are fine"},
		{"another key", "got " + other + ", " + key, "got " + gone + ", " + gone},
		{"cut short", `{"message":"Invalid key ` + key[:30] + `…"}`, `{"message":"Invalid key ` + gone + `…"}`},
		{"a draft ending mid-key", "The key is " + key[:len(key)/2+1], "The key is " + gone},
		{"less than half a key stays", "The key is " + key[:10], "The key is " + key[:10]},
		{"short words stay", "a short answer", "a short answer"},
		{"as JSON writes it", `"a\u003cb\u0026c\"d\\e\u003ef"`, `"` + gone + `"`},
		{"special characters as written", "x a<b&c\"d\\e>f y", "x " + gone + " y"},
		{"placeholder stays", gone, gone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.Scrub(tc.in); got != tc.want {
				t.Errorf("Scrub(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := r.Scrub("that is short"); got != "that is short" {
		t.Errorf("a key shorter than %d bytes was learnt: %q", redact.MinKeyLen, got)
	}
}

func TestNilRedactorChangesNothing(t *testing.T) {
	var r *redact.Redactor
	r.Add(key)
	if got := r.Scrub(key); got != key {
		t.Errorf("nil Redactor: %q", got)
	}
	var out bytes.Buffer
	w := r.Writer(&out)
	fmt.Fprint(w, "text "+key)
	w.Close()
	if out.String() != "text "+key {
		t.Errorf("nil Redactor's writer: %q", out.String())
	}
}

func TestWriterCatchesAKeySplitAcrossWrites(t *testing.T) {
	r := redact.New()
	r.Add(key)
	text := "The header said Bearer " + key + " and the body " + key + "."
	want := "The header said " + gone + " and the body " + gone + "."
	for _, tc := range []struct {
		name   string
		pieces func() []string
	}{
		{"one write", func() []string { return []string{text} }},
		{"a byte at a time", func() []string { return strings.Split(text, "") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			w := r.Writer(&out)
			for _, p := range tc.pieces() {
				if n, err := w.Write([]byte(p)); err != nil || n != len(p) {
					t.Fatalf("Write = %d, %v", n, err)
				}
				if strings.Contains(out.String(), key[:len(key)/2]) {
					t.Fatalf("half the key went out: %q", out.String())
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if out.String() != want {
				t.Errorf("wrote %q, want %q", out.String(), want)
			}
		})
	}
	for cut := 1; cut < len(text); cut++ {
		var out bytes.Buffer
		w := r.Writer(&out)
		w.Write([]byte(text[:cut]))
		w.Write([]byte(text[cut:]))
		w.Close()
		if out.String() != want {
			t.Fatalf("split at %d: wrote %q, want %q", cut, out.String(), want)
		}
	}
}

func TestWriterHoldsBackOnlyWhatMayBeAKey(t *testing.T) {
	r := redact.New()
	r.Add(key)
	for _, tc := range []struct{ name, write, out string }{
		{"a progress line goes out at once", "Reading part 2 of 7\r", "Reading part 2 of 7\r"},
		{"a prompt goes out at once", "Paste the key and press Enter: ", "Paste the key and press Enter: "},
		{"the start of a key waits", "the key is tgp_v1", "the key is "},
		{"the start of a bearer form waits", "sent Bear", "sent "},
		{"a whole key goes out scrubbed", "key " + key, "key " + gone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			w := r.Writer(&out)
			w.Write([]byte(tc.write))
			if out.String() != tc.out {
				t.Errorf("before Close: %q, want %q", out.String(), tc.out)
			}
			w.Close()
			if !strings.HasPrefix(out.String(), tc.out) || strings.Contains(out.String(), key) {
				t.Errorf("after Close: %q", out.String())
			}
		})
	}
	t.Run("close writes out a start that was no key", func(t *testing.T) {
		var out bytes.Buffer
		w := r.Writer(&out)
		w.Write([]byte("ends with tgp"))
		w.Close()
		if out.String() != "ends with tgp" {
			t.Errorf("%q", out.String())
		}
	})
	t.Run("close removes half a key", func(t *testing.T) {
		var out bytes.Buffer
		w := r.Writer(&out)
		w.Write([]byte("cut at " + key[:len(key)-3]))
		w.Close()
		if out.String() != "cut at "+gone {
			t.Errorf("%q", out.String())
		}
	})
}

// TestConcurrentUse learns keys while other goroutines scrub and write (run with -race).
func TestConcurrentUse(t *testing.T) {
	r := redact.New()
	var out bytes.Buffer
	var mu sync.Mutex
	w := r.Writer(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return out.Write(p)
	}))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			r.Add(fmt.Sprintf("%s%02d", key, i))
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				r.Scrub("text " + key)
				fmt.Fprintf(w, "line %d\n", i)
			}
		}()
	}
	wg.Wait()
	w.Close()
	if got := r.Scrub(key + "07"); got != gone {
		t.Errorf("a key learnt concurrently is not removed: %q", got)
	}
	if n := strings.Count(out.String(), "\n"); n != 400 {
		t.Errorf("%d lines written, want 400", n)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
