package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// memory is a process's memory as Linux reports it in /proc/PID/status, in kB.
type memory struct {
	rss     int64 // VmRSS: resident now
	hwm     int64 // VmHWM: the most that was ever resident
	rssAnon int64 // RssAnon: resident private memory (Go heap, C allocations, GL buffers)
	rssFile int64 // RssFile: resident pages of mapped files (the binary, shared libraries)
}

// readMemory reads pid's memory from /proc.
func readMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	return parseStatus(f)
}

// parseStatus reads the memory lines of a /proc/PID/status file.
func parseStatus(r io.Reader) (memory, error) {
	var m memory
	fields := map[string]*int64{"VmRSS:": &m.rss, "VmHWM:": &m.hwm, "RssAnon:": &m.rssAnon, "RssFile:": &m.rssFile}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		parts := strings.Fields(sc.Text())
		if len(parts) < 2 {
			continue
		}
		if p, ok := fields[parts[0]]; ok {
			v, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return memory{}, fmt.Errorf("%s %q: %w", parts[0], parts[1], err)
			}
			*p = v
		}
	}
	if err := sc.Err(); err != nil {
		return memory{}, err
	}
	if m.rss == 0 {
		return memory{}, errors.New("no VmRSS line: not a process's status file, or the process has exited")
	}
	return m, nil
}

// String prints the memory as key=value pairs in MB, for build/measure.sh to read.
func (m memory) String() string {
	return fmt.Sprintf("rss_mb=%.1f hwm_mb=%.1f anon_mb=%.1f file_mb=%.1f", mb(m.rss), mb(m.hwm), mb(m.rssAnon), mb(m.rssFile))
}

func mb(kb int64) float64 { return float64(kb) * 1024 / 1e6 }
