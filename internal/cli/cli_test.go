package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hushnote/internal/cli"
)

// run runs the command line in-process against the data folder home.
func run(t *testing.T, home string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	code = cli.Run(context.Background(), env, home, args)
	return code, out.String(), errOut.String()
}

func mustRun(t *testing.T, home string, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, home, args...)
	if code != cli.ExitOK {
		t.Fatalf("hushnote %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
	}
	return out
}

// importSamples imports the stand-up (held on 2 March) and then the budget meeting (held on 3 March):
// copies of the test files whose modification times say when they took place, as a recorder's would.
func importSamples(t *testing.T, home string) (standup, budget string) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, name := range []string{"standup.zoom.vtt", "budget.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		when := time.Date(2026, 3, 2+i, 10, 0, 0, 0, time.UTC)
		if err := os.WriteFile(p, data, 0o600); err != nil || os.Chtimes(p, when, when) != nil {
			t.Fatalf("copy %s: %v", name, err)
		}
		paths = append(paths, p)
	}
	out := mustRun(t, home, append([]string{"import"}, paths...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("import printed %q, want two lines", out)
	}
	for _, l := range lines {
		if f := strings.Split(l, "\t"); len(f) != 2 || f[0] == "" {
			t.Fatalf("import line %q is not \"<id>\\t<title>\"", l)
		}
	}
	if lines[0] != "1\tstandup" || lines[1] != "2\tbudget" {
		t.Errorf("import printed %q", lines)
	}
	return "1", "2"
}

func TestImportListShow(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	if _, err := os.Stat(filepath.Join(home, "hushnote.db")); err != nil {
		t.Fatalf("--home was not used: %v", err)
	}

	out := mustRun(t, home, "list")
	if !strings.Contains(out, "TITLE") || strings.Index(out, "budget") > strings.Index(out, "standup") {
		t.Errorf("list is not newest first:\n%s", out)
	}

	var list []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, home, "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0]["title"] != "budget" {
		t.Fatalf("list --json = %v", list)
	}
	for _, field := range []string{"id", "title", "created_at", "duration_seconds", "speakers", "segment_count", "source_file", "source_format"} {
		if _, ok := list[1][field]; !ok {
			t.Errorf("list --json lacks %q: %v", field, list[1])
		}
	}
	if list[1]["duration_seconds"] != 14.0 || list[1]["segment_count"] != 3.0 || list[1]["source_format"] != "vtt" {
		t.Errorf("standup metadata = %v", list[1])
	}
	if sp := list[1]["speakers"].([]any); len(sp) != 2 || sp[0] != "Ana Lima" || sp[1] != "Ben Okafor" {
		t.Errorf("speakers = %v", sp)
	}

	out = mustRun(t, home, "show", "1")
	for _, want := range []string{"standup", "Ana Lima, Ben Okafor", "[0:05] Ben Okafor: I reviewed the onboarding flow & found two bugs.", "No summary yet."} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	var doc struct {
		ID            int64 `json:"id"`
		Segments      []struct{ Speaker, Text string }
		LatestSummary *struct{} `json:"latest_summary"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, home, "show", "2", "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != 2 || len(doc.Segments) != 3 || doc.Segments[1].Speaker != "Dan" || doc.LatestSummary != nil {
		t.Errorf("show --json = %+v", doc)
	}
}

func TestImportWithTitleAndHomeFromEnvironment(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HUSHNOTE_HOME", home)
	out := mustRun(t, "", "import", "--title", "Daily stand-up 3 March", "testdata/standup.zoom.vtt")
	if out != "1\tDaily stand-up 3 March\n" {
		t.Errorf("import --title printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(home, "hushnote.db")); err != nil {
		t.Errorf("HUSHNOTE_HOME was not used: %v", err)
	}
	if code, _, _ := run(t, "", "import", "--title", "x", "testdata/standup.zoom.vtt", "testdata/budget.txt"); code != cli.ExitUsage {
		t.Errorf("--title with two files: exit %d, want 2", code)
	}
}

func TestBadFilesLeaveTheStoreUnchanged(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	before := mustRun(t, home, "list", "--json")
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.vtt")
	os.WriteFile(empty, nil, 0o600)
	for _, tc := range []struct{ file, want string }{
		{empty, "empty.vtt"},
		{filepath.Join(dir, "missing.srt"), "missing.srt: no such file"},
		{dir, "is a folder"},
	} {
		code, out, errOut := run(t, home, "import", tc.file)
		if code != cli.ExitError || out != "" {
			t.Errorf("import %s: exit %d, stdout %q; want exit 1 and nothing on stdout", tc.file, code, out)
		}
		if !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("import %s: stderr %q, want one line naming the problem (%q)", tc.file, errOut, tc.want)
		}
	}
	if after := mustRun(t, home, "list", "--json"); after != before {
		t.Errorf("a failed import changed the store:\nbefore %s\nafter  %s", before, after)
	}

	// A good file next to a bad one is still imported; the exit code reports the failure.
	code, out, errOut := run(t, home, "import", empty, "testdata/budget.txt")
	if code != cli.ExitError || out != "3\tbudget\n" || !strings.Contains(errOut, "empty.vtt") {
		t.Errorf("mixed import: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// A Latin-1 (Windows-1252) file is converted, and the import says so beside its line.
func TestImportConvertsLatin1(t *testing.T) {
	home := t.TempDir()
	code, out, errOut := run(t, home, "import", "testdata/latin1.txt")
	if code != cli.ExitOK || out != "1\tlatin1\n" || errOut != "hushnote import: latin1: converted from Windows-1252\n" {
		t.Errorf("import latin1.txt: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if show := mustRun(t, home, "show", "1"); !strings.Contains(show, "café au lait: naïve résumé") {
		t.Errorf("show:\n%s", show)
	}
}

func TestSearch(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	out := mustRun(t, home, "search", "yellow")
	if !strings.HasPrefix(out, "2\tbudget\n\tDan: Marketing wants a [yellow] case.") {
		t.Errorf("search yellow:\n%s", out)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, home, "search", "login", "bug", "--json")), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0]["id"] != 1.0 || !strings.Contains(hits[0]["snippet"].(string), "[login]") ||
		hits[0]["snippet_segment"] != 2.0 || hits[0]["snippet_speaker"] != "Ana Lima" || hits[0]["snippet_at_seconds"] != 9.5 {
		t.Errorf("search --json = %v", hits)
	}
	if _, ok := hits[0]["rank"]; !ok {
		t.Error("search --json lacks rank")
	}
	code, out, errOut := run(t, home, "search", "zebra")
	if code != cli.ExitOK || out != "" || !strings.Contains(errOut, "No meeting matches") {
		t.Errorf("no hits: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if out := mustRun(t, home, "search", "zebra", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("no hits as JSON = %q, want []", out)
	}
}

func TestRenameDelete(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	if out := mustRun(t, home, "rename", "2", "Budget", "review"); out != "2\tBudget review\n" {
		t.Errorf("rename printed %q", out)
	}
	if out := mustRun(t, home, "search", "review"); !strings.HasPrefix(out, "2\tBudget review") {
		t.Errorf("search after rename: %q", out)
	}
	code, _, errOut := run(t, home, "delete", "2")
	if code != 0 || !strings.Contains(errOut, "Deleted meeting 2") {
		t.Errorf("delete: exit %d, %q", code, errOut)
	}
	if out := mustRun(t, home, "search", "yellow", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("deleted meeting still found: %s", out)
	}
	for _, args := range [][]string{{"show", "2"}, {"delete", "2"}, {"rename", "2", "x"}, {"export", "2"}} {
		code, out, errOut := run(t, home, args...)
		if code != cli.ExitError || out != "" || errOut != "hushnote "+args[0]+": no meeting with id 2\n" {
			t.Errorf("%v on a deleted meeting: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestExport(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	md := mustRun(t, home, "export", "1")
	for _, want := range []string{"---\ntitle: \"standup\"\nid: 1\n", "speakers:\n  - \"Ana Lima\"\n", "# standup\n", "## Transcript", "`0:05` **Ben Okafor:** I reviewed the onboarding flow & found two bugs."} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown export lacks %q:\n%s", want, md)
		}
	}
	out := filepath.Join(t.TempDir(), "budget.json")
	if o := mustRun(t, home, "export", "2", "-o", out); o != "" {
		t.Errorf("export -o printed %q", o)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title     string
		Segments  []map[string]any
		Summaries []any
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("-o budget.json is not JSON (%v): %s", err, b)
	}
	if doc.Title != "budget" || len(doc.Segments) != 3 || doc.Summaries == nil {
		t.Errorf("JSON export = %+v", doc)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("export file permissions %o, want 600", fi.Mode().Perm())
	}
	if md2 := mustRun(t, home, "export", "1", "--format", "md"); md2 != md {
		t.Error("--format md differs from the default")
	}
	if code, _, _ := run(t, home, "export", "1", "--format", "docx"); code != cli.ExitUsage {
		t.Errorf("--format docx: exit %d, want 2", code)
	}

	// PDF: by --format or by the file's extension, whole, private; to a pipe as well.
	pdf := filepath.Join(t.TempDir(), "standup.pdf")
	if o := mustRun(t, home, "export", "1", "-o", pdf); o != "" {
		t.Errorf("export -o x.pdf printed %q", o)
	}
	b, err = os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
		t.Errorf("-o standup.pdf is not a PDF (%v): %.20q", err, b)
	}
	if fi, _ := os.Stat(pdf); fi.Mode().Perm() != 0o600 {
		t.Errorf("PDF permissions %o, want 600", fi.Mode().Perm())
	}
	if piped := mustRun(t, home, "export", "1", "--format", "pdf"); !strings.HasPrefix(piped, "%PDF-1.") {
		t.Errorf("--format pdf to a pipe: %.20q", piped)
	}
}

func TestUsageErrors(t *testing.T) {
	home := t.TempDir()
	for _, args := range [][]string{
		{"frobnicate"},
		{"import"},
		{"list", "--color"},
		{"show"},
		{"show", "abc"},
		{"show", "-3"},
		{"rename", "1"},
		{"export", "1", "--format"},
		{"search", `"`},
	} {
		code, out, errOut := run(t, home, args...)
		if code != cli.ExitUsage || out != "" || errOut == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and a message", args, code, out, errOut)
		}
	}
	code, out, _ := run(t, home, "help")
	if code != 0 || !strings.Contains(out, "import FILE...") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

func TestSplitHome(t *testing.T) {
	for _, tc := range []struct {
		args []string
		home string
		rest []string
	}{
		{[]string{"list", "--home", "/x"}, "/x", []string{"list"}},
		{[]string{"--home=/y", "show", "1"}, "/y", []string{"show", "1"}},
		{[]string{"rename", "1", "--", "--home", "z"}, "", []string{"rename", "1", "--", "--home", "z"}},
		{nil, "", nil},
	} {
		home, rest, err := cli.SplitHome(tc.args)
		if err != nil || home != tc.home || strings.Join(rest, " ") != strings.Join(tc.rest, " ") {
			t.Errorf("SplitHome(%q) = %q, %q, %v", tc.args, home, rest, err)
		}
	}
	if _, _, err := cli.SplitHome([]string{"list", "--home"}); err == nil {
		t.Error("--home without a folder accepted")
	}
}

// TestSearchSaysWhenItSearchesInPart: a query past the search bounds is searched in part, and a note on
// standard error says how; the results on standard output keep their format.
func TestSearchSaysWhenItSearchesInPart(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	words := "good morning yesterday finished the invoice export reviewed onboarding flow found two bugs fix login bug xylophone zebra"
	code, out, errOut := run(t, home, "search", words)
	if code != cli.ExitOK || !strings.HasPrefix(out, "1\tstandup\n") {
		t.Errorf("exit %d, stdout %q: want the stand-up found by its first 16 words", code, out)
	}
	if errOut != "Note: searching for the first 16 words only.\n" {
		t.Errorf("stderr %q", errOut)
	}
	if _, _, errOut := run(t, home, "search", "invoice"); errOut != "" {
		t.Errorf("a query within the bounds: stderr %q", errOut)
	}
}
