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
	if got := m.String(); got != "rss_mb=188.2 hwm_mb=194.9 anon_mb=72.8 file_mb=112.0 binary_mb=0.0 renderer_mb=0.0" {
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
	if m.binary <= 0 || m.binary > m.rssFile {
		t.Errorf("this process: %+v; want its executable resident, within RssFile", m)
	}
}

const smaps = `55d0c0000000-55d0c1000000 r-xp 00000000 08:01 1234                       /tmp/hushnote
Size:              16384 kB
Rss:                9000 kB
55d0c1000000-55d0c2000000 r--p 01000000 08:01 1234                       /tmp/hushnote
Rss:                1000 kB
7f0000000000-7f0000100000 rw-p 00000000 00:00 0 
Rss:                5000 kB
7f1000000000-7f1000200000 r-xp 00000000 08:01 99                         /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1
Rss:               55000 kB
7f2000000000-7f2000200000 r-xp 00000000 08:01 98                         /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so
Rss:                8000 kB
7f3000000000-7f3000001000 rw-p 00000000 00:00 0                          [heap]
Rss:                2000 kB
7f4000000000-7f4000001000 r--p 00000000 08:01 97                         /opt/a vendor/lib with space.so
Rss:                  12 kB
VmFlags: rd ex mr mw me dw sd
`

func TestResidentByFile(t *testing.T) {
	got, err := residentByFile(strings.NewReader(smaps))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		"/tmp/hushnote": 10000,
		"/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1":   55000,
		"/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so": 8000,
		"/opt/a vendor/lib with space.so":             12,
	}
	if len(got) != len(want) {
		t.Fatalf("residentByFile = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d kB, want %d", k, got[k], v)
		}
	}
}

func TestIsSoftwareGL(t *testing.T) {
	for path, want := range map[string]bool{
		"/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1":      true,
		"/usr/lib/x86_64-linux-gnu/libgallium-24.2.8.so": true,
		"/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so":    true,
		"/usr/lib/x86_64-linux-gnu/libGLX_mesa.so.0":     false,
		"/usr/lib/x86_64-linux-gnu/libc.so.6":            false,
		"/tmp/hushnote":                                  false,
	} {
		if got := isSoftwareGL(path); got != want {
			t.Errorf("isSoftwareGL(%s) = %v, want %v", path, got, want)
		}
	}
}
