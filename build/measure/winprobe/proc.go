package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// memory is a process's memory as Linux reports it in /proc/PID/status and /proc/PID/smaps, in kB.
type memory struct {
	rss      int64 // VmRSS: resident now
	hwm      int64 // VmHWM: the most that was ever resident
	rssAnon  int64 // RssAnon: resident private memory (Go heap, C allocations, GL buffers)
	rssFile  int64 // RssFile: resident pages of mapped files (the binary, shared libraries)
	binary   int64 // resident pages of the program's own executable
	renderer int64 // resident pages of Mesa's software OpenGL (libLLVM, libgallium, *_dri.so)
}

// readMemory reads pid's memory from /proc.
func readMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	m, err := parseStatus(f)
	if err != nil {
		return memory{}, err
	}
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return memory{}, err
	}
	smaps, err := os.Open(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return memory{}, err
	}
	defer smaps.Close()
	byFile, err := residentByFile(smaps)
	if err != nil {
		return memory{}, err
	}
	for path, kb := range byFile {
		switch {
		case path == exe:
			m.binary += kb
		case isSoftwareGL(path):
			m.renderer += kb
		}
	}
	return m, nil
}

// isSoftwareGL reports whether a mapped file belongs to Mesa's software rendering, which a display
// without a GPU (Xvfb) falls back to: llvmpipe compiles shaders with LLVM.
func isSoftwareGL(path string) bool {
	base := filepath.Base(path)
	return strings.HasPrefix(base, "libLLVM") || strings.HasPrefix(base, "libgallium") ||
		strings.HasSuffix(base, "_dri.so") || strings.Contains(path, "/dri/")
}

// residentByFile sums the resident memory (Rss, kB) of each mapped file in a /proc/PID/smaps file.
func residentByFile(r io.Reader) (map[string]int64, error) {
	out := map[string]int64{}
	file := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":"):
			// a mapping's header: address perms offset dev inode [path]
			file = ""
			if len(f) >= 6 && strings.HasPrefix(f[5], "/") {
				file = strings.Join(f[5:], " ")
			}
		case len(f) >= 2 && f[0] == "Rss:" && file != "":
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("smaps: Rss %q: %w", f[1], err)
			}
			out[file] += kb
		}
	}
	return out, sc.Err()
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
	return fmt.Sprintf("rss_mb=%.1f hwm_mb=%.1f anon_mb=%.1f file_mb=%.1f binary_mb=%.1f renderer_mb=%.1f",
		mb(m.rss), mb(m.hwm), mb(m.rssAnon), mb(m.rssFile), mb(m.binary), mb(m.renderer))
}

func mb(kb int64) float64 { return float64(kb) * 1024 / 1e6 }
