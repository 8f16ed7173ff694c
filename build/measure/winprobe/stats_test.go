package main

import (
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	msList := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name    string
		in      []time.Duration
		med     time.Duration
		p90     time.Duration
		min     time.Duration
		max     time.Duration
		printed string
	}{
		{"ten, unsorted", msList(10, 2, 9, 1, 8, 3, 7, 4, 6, 5), 5500 * time.Microsecond, 9 * time.Millisecond, time.Millisecond, 10 * time.Millisecond, "median=6 p90=9 min=1 max=10 runs=10"},
		{"odd", msList(30, 10, 20), 20 * time.Millisecond, 30 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, "median=20 p90=30 min=10 max=30 runs=3"},
		{"one", msList(7), 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond, "median=7 p90=7 min=7 max=7 runs=1"},
		{"none", nil, 0, 0, 0, 0, "median=0 p90=0 min=0 max=0 runs=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := summarize(tt.in)
			if s.median != tt.med || s.p90 != tt.p90 || s.min != tt.min || s.max != tt.max {
				t.Errorf("summarize = median %v p90 %v min %v max %v, want %v %v %v %v", s.median, s.p90, s.min, s.max, tt.med, tt.p90, tt.min, tt.max)
			}
			if got := s.String(); got != tt.printed {
				t.Errorf("String() = %q, want %q", got, tt.printed)
			}
		})
	}
}

func TestSummarizeLeavesInputAlone(t *testing.T) {
	in := []time.Duration{3, 1, 2}
	summarize(in)
	if in[0] != 3 || in[1] != 1 || in[2] != 2 {
		t.Errorf("summarize reordered its input: %v", in)
	}
}
