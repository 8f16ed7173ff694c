package main

import (
	"fmt"
	"slices"
	"time"
)

// summary describes a set of durations: median, 90th percentile (nearest rank), minimum and maximum.
type summary struct {
	n                     int
	median, p90, min, max time.Duration
}

func summarize(ds []time.Duration) summary {
	if len(ds) == 0 {
		return summary{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	rank := (9*n + 9) / 10 // ceil(0.9 n): the smallest sample at or above 90 % of the samples
	return summary{n: n, median: med, p90: s[rank-1], min: s[0], max: s[n-1]}
}

// String prints the summary as key=value pairs in milliseconds, for build/measure.sh to read.
func (s summary) String() string {
	return fmt.Sprintf("median=%.0f p90=%.0f min=%.0f max=%.0f runs=%d", ms(s.median), ms(s.p90), ms(s.min), ms(s.max), s.n)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
