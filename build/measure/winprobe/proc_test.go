package main

import (
	"os"
	"strings"
	"testing"
)

const status = `Name:	hushnote
State:	S (sleeping)
VmPeak:	 2105644 kB
VmHWM:	  190300 kB
VmRSS:	  183800 kB
RssAnon:	   71100 kB
RssFile:	  109400 kB
RssShmem:	    3300 kB
Threads:	14
`

func TestParseStatus(t *testing.T) {
	m, err := parseStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	want := memory{rss: 183800, hwm: 190300, rssAnon: 71100, rssFile: 109400}
	if m != want {
		t.Fatalf("parseStatus = %+v, want %+v", m, want)
	}
	if got := m.String(); got != "rss_mb=188.2 hwm_mb=194.9 anon_mb=72.8 file_mb=112.0" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseStatusRefusesOtherFiles(t *testing.T) {
	if _, err := parseStatus(strings.NewReader("Name:\tzombie\nState:\tZ (zombie)\n")); err == nil {
		t.Error("a status without VmRSS was accepted")
	}
	if _, err := parseStatus(strings.NewReader("VmRSS:\tlots kB\n")); err == nil {
		t.Error("a VmRSS that is not a number was accepted")
	}
}

func TestReadMemoryOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here")
	}
	m, err := readMemory(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.rss <= 0 || m.hwm < m.rss {
		t.Errorf("this process: %+v; want a positive VmRSS and VmHWM at least as large", m)
	}
}
