package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hushnote/internal/cli"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/redact"
	"hushnote/internal/redact/redacttest"
	"hushnote/internal/store"
)

// helperArgs, in the environment, makes the test binary run the command line with these arguments (one
// per line) on its own standard streams and exit: a real process whose output the tests read.
const helperArgs = "HUSHNOTE_TEST_CLI_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(helperArgs); args != "" {
		home, rest, _ := cli.SplitHome(strings.Split(args, "\n"))
		env := cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Keyring: noKeychain{}}
		os.Exit(cli.Run(context.Background(), env, home, rest))
	}
	os.Exit(m.Run())
}

// process runs hushnote as a process of its own (the test binary, see TestMain) with the environment
// variables env, and returns its exit code and what it printed.
func process(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperArgs+"="+strings.Join(args, "\n"))
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run hushnote %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// TestEchoedKeyStaysOutOfTheDataFolderExportsAndOutput: a service echoes the key in a 401 body and
// inside its streamed answer, and quotes a wrong key when it rejects it. Afterwards no file of the data
// folder (the database, its -wal and -shm, anything else), no export and nothing any command printed
// holds either key; the placeholder stands where they were.
func TestEchoedKeyStaysOutOfTheDataFolderExportsAndOutput(t *testing.T) {
	const wrongKey = "tgp_v1_WRONGKEY_00aa11bb22cc33dd"
	srv := togethertest.New(t, key)
	srv.SetRejectBody(`{"error":{"message":"Incorrect API key provided: ` + togethertest.EchoKey + `","type":"invalid_request_error","code":"invalid_api_key"}}`)
	home, outDir := t.TempDir(), t.TempDir()
	withKey := map[string]string{"TOGETHER_API_KEY": key, "HUSHNOTE_HOME": home}
	var printed []string // everything every command printed
	run := func(env map[string]string, wantCode int, args ...string) (string, string) {
		t.Helper()
		code, out, errOut := process(t, env, args...)
		printed = append(printed, out, errOut)
		if code != wantCode {
			t.Fatalf("hushnote %s: exit %d, want %d\nstdout %s\nstderr %s", strings.Join(args, " "), code, wantCode, out, errOut)
		}
		return out, errOut
	}

	run(withKey, 0, "import", "testdata/standup.zoom.vtt")
	// The desktop app has the database open meanwhile: its write-ahead log stays, not checkpointed.
	app, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	run(withKey, 0, "provider", "set", "together", "--base-url", srv.BaseURL, "--model", "Qwen/Qwen2.5-7B-Instruct-Turbo")
	run(withKey, 0, "provider", "use", "together")

	srv.Script(togethertest.Step{Status: 401, Body: `{"error":{"message":"Invalid API key provided: Bearer ` + togethertest.EchoKey + `","type":"invalid_request_error","code":"invalid_api_key"}}`})
	_, errOut := run(withKey, 1, "summarize", "1")
	if !strings.Contains(errOut, "rejected the API key") || !strings.Contains(errOut, redact.Placeholder) {
		t.Errorf("the 401 is not told, or not with the placeholder:\n%s", errOut)
	}

	srv.Script(togethertest.Step{Tokens: []string{"## Summary", "\n\nWe were sent Bearer ", key[:9], key[9:20], key[20:], " and ", togethertest.EchoKey, " came back."}})
	out, _ := run(withKey, 0, "summarize", "1", "--fresh")
	if want := "We were sent " + redact.Placeholder + " and " + redact.Placeholder + " came back."; !strings.Contains(out, want) {
		t.Errorf("streamed notes = %q, want them to hold %q", out, want)
	}

	withWrongKey := map[string]string{"TOGETHER_API_KEY": wrongKey, "HUSHNOTE_HOME": home}
	for _, args := range [][]string{{"summarize", "1", "--fresh"}, {"provider", "test", "together"}, {"provider", "models", "together"}} {
		_, errOut := run(withWrongKey, 1, args...)
		if !strings.Contains(errOut, "rejected the API key") || !strings.Contains(errOut, redact.Placeholder) {
			t.Errorf("hushnote %s: the rejection is not told with the placeholder:\n%s", strings.Join(args, " "), errOut)
		}
	}

	var versions []struct{ Status, Text, Error string }
	out, _ = run(withKey, 0, "summaries", "1", "--json")
	if err := json.Unmarshal([]byte(out), &versions); err != nil || len(versions) != 2 {
		t.Fatalf("summaries --json: %v\n%s", err, out)
	}
	if !strings.Contains(versions[0].Error, redact.Placeholder) || !strings.Contains(versions[1].Text, redact.Placeholder) {
		t.Errorf("the saved versions do not say where the key was: %+v", versions)
	}
	for _, args := range [][]string{
		{"show", "1"}, {"show", "1", "--json"}, {"list", "--json"}, {"search", "removed", "--json"}, {"ledger", "--json"},
		{"export", "1"}, {"export", "1", "--format", "json"},
		{"export", "1", "-o", filepath.Join(outDir, "standup.md")}, {"export", "1", "-o", filepath.Join(outDir, "standup.json")},
	} {
		run(withKey, 0, args...)
	}

	files := redacttest.InFolder(t, key, home)
	redacttest.InFolder(t, wrongKey, home)
	for _, want := range []string{store.FileName, store.FileName + "-wal", store.FileName + "-shm"} {
		if !slices.Contains(files, want) {
			t.Errorf("the data folder has no %s to search (it has %v)", want, files)
		}
	}
	exports := redacttest.InFolder(t, key, outDir)
	redacttest.InFolder(t, wrongKey, outDir)
	if len(exports) != 2 {
		t.Errorf("exports = %v", exports)
	}
	md, _ := os.ReadFile(filepath.Join(outDir, "standup.md"))
	if !strings.Contains(string(md), redact.Placeholder) {
		t.Errorf("the Markdown export does not show where the key was:\n%s", md)
	}
	all := strings.Join(printed, "\n")
	redacttest.InText(t, key, "what the commands printed", all)
	redacttest.InText(t, wrongKey, "what the commands printed", all)
}

// TestProviderKeyWithALineBreakIsRefused: a key read from a pipe or a file that has a line break inside
// is refused whole, not cut at the break and saved.
func TestProviderKeyWithALineBreakIsRefused(t *testing.T) {
	for _, tc := range []struct{ name, stdin string }{
		{"two lines", "tgp_v1_first\nsecond\n"},
		{"Windows line ending inside", "tgp_v1_first\r\nsecond"},
		{"a blank line inside", "tgp_v1_first\n\nsecond\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kc := &keychain{}
			e := &cliEnv{home: t.TempDir(), keyring: kc}
			code, out, errOut := e.run(t, tc.stdin, "provider", "key", "together")
			if code != cli.ExitError || !strings.Contains(errOut, "line break") || strings.Contains(out, "Saved") {
				t.Errorf("exit %d, stdout %q, stderr %q; want the key refused for its line break", code, out, errOut)
			}
			if len(kc.m) != 0 {
				t.Errorf("something was saved: %v", kc.m)
			}
			if _, err := os.Stat(filepath.Join(e.home, "keys.json")); !os.IsNotExist(err) {
				t.Errorf("a key file was written: %v", err)
			}
		})
	}
	// A key on one line, with the line break a file or echo adds, is saved as it is.
	kc := &keychain{}
	e := &cliEnv{home: t.TempDir(), keyring: kc}
	e.must(t, key+"\r\n", "provider", "key", "together")
	if got, _ := kc.Get("Hushnote", "together"); got != key {
		t.Errorf("saved %q, want %q", got, key)
	}
}
