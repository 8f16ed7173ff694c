package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hushnote/internal/cli"
	"hushnote/internal/provider"
	"hushnote/internal/provider/togethertest"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

const key = "tgp_v1_CLIKEY_9f8e7d6c5b4a"

// noKeychain is a system without a keychain (a Linux box without a Secret Service).
type noKeychain struct{}

func (noKeychain) Get(string, string) (string, error) { return "", errors.New("no secret service") }
func (noKeychain) Set(string, string, string) error   { return errors.New("no secret service") }
func (noKeychain) Delete(string, string) error        { return errors.New("no secret service") }

// keychain is a working keychain in memory.
type keychain struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *keychain) Get(s, u string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.m[s+"/"+u]; ok {
		return v, nil
	}
	return "", secret.ErrNoKey
}

func (k *keychain) Set(s, u, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[s+"/"+u] = v
	return nil
}

func (k *keychain) Delete(s, u string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, s+"/"+u)
	return nil
}

type cliEnv struct {
	home    string
	keyring secret.Keyring
	env     map[string]string
	srv     *togethertest.Server
}

func (e *cliEnv) run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Keyring: e.keyring,
		Getenv: func(k string) string { return e.env[k] }}
	if e.srv != nil {
		env.Guard = e.srv.Guard()
	}
	code := cli.Run(context.Background(), env, e.home, args)
	return code, out.String(), errOut.String()
}

func (e *cliEnv) must(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := e.run(t, stdin, args...)
	if code != 0 {
		t.Fatalf("hushnote %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func TestProviderSetRefusesPlaintextToOtherHosts(t *testing.T) {
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}}
	code, out, errOut := e.run(t, "", "provider", "set", "together", "--base-url", "http://example.com/v1")
	if code != cli.ExitError || out != "" || !strings.Contains(errOut, "plain http://") {
		t.Errorf("http://example.com: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out = e.must(t, "", "provider", "set", "together", "--base-url", "http://127.0.0.1:8080/v1", "--model", "m1")
	if !strings.Contains(out, "http://127.0.0.1:8080/v1") || !strings.Contains(out, "m1") {
		t.Errorf("loopback: %q", out)
	}
	if code, _, _ := e.run(t, "", "provider", "set", "nonesuch", "--model", "x"); code != cli.ExitUsage {
		t.Errorf("unknown provider: exit %d, want 2", code)
	}
}

func TestProviderWorkflowAgainstTogether(t *testing.T) {
	srv := togethertest.New(t, key)
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}, srv: srv}
	e.must(t, "", "provider", "set", "together", "--base-url", srv.BaseURL, "--model", "Qwen/Qwen2.5-7B-Instruct-Turbo")

	code, _, errOut := e.run(t, "", "provider", "test", "together")
	if code != cli.ExitError || !strings.Contains(errOut, "Together AI rejected the API key") {
		t.Errorf("no key yet: exit %d, %q", code, errOut)
	}
	if out := e.must(t, key+"\n", "provider", "key", "together"); !strings.Contains(out, "system keychain") {
		t.Errorf("provider key: %q", out)
	}
	if out := e.must(t, "", "provider", "test", "together"); !strings.Contains(out, "reachable, key accepted, 3 chat models") {
		t.Errorf("provider test: %q", out)
	}
	var models []map[string]any
	if err := json.Unmarshal([]byte(e.must(t, "", "provider", "models", "together", "--json")), &models); err != nil {
		t.Fatal(err)
	}
	if len(models) != 3 || models[0]["id"] != "meta-llama/Llama-3.3-70B-Instruct-Turbo" || models[0]["context_length"] != 131072.0 || models[0]["input_price_per_million"] != 0.88 {
		t.Errorf("models = %v", models)
	}
	if out := e.must(t, "", "provider", "use", "together"); !strings.Contains(out, "Summaries now go to Together AI (model Qwen/Qwen2.5-7B-Instruct-Turbo)") {
		t.Errorf("use: %q", out)
	}
	var list []map[string]any
	json.Unmarshal([]byte(e.must(t, "", "provider", "list", "--json")), &list)
	if list[0]["name"] != "together" || list[0]["active"] != true || list[0]["key_store"] != "keychain" || list[0]["configured"] != true {
		t.Errorf("provider list: %v", list[0])
	}
	if out := e.must(t, "", "provider", "card", "together"); !strings.Contains(out, "opt in") || !strings.Contains(out, "Store prompts and model responses") || !strings.Contains(out, "2026-12-01") || !strings.Contains(out, "never audio") {
		t.Errorf("card: %s", out)
	}

	// Local only: one switch, nothing reaches the cloud, and off restores Together with its model.
	if out := e.must(t, "", "local", "on"); !strings.Contains(out, "stay on this device") {
		t.Errorf("local on: %q", out)
	}
	before := len(srv.Requests())
	code, _, errOut = e.run(t, "", "provider", "test", "together")
	if code != cli.ExitError || !strings.Contains(errOut, "Local only is on") || len(srv.Requests()) != before {
		t.Errorf("test while local-only: exit %d, %q, %d new requests", code, errOut, len(srv.Requests())-before)
	}
	if code, _, _ := e.run(t, "", "provider", "use", "together"); code != cli.ExitError {
		t.Errorf("use together while local-only: exit %d", code)
	}
	if out := e.must(t, "", "local", "off"); !strings.Contains(out, "Together AI · Qwen/Qwen2.5-7B-Instruct-Turbo") {
		t.Errorf("local off: %q", out)
	}
	if out := e.must(t, "", "local", "status"); !strings.Contains(out, "off") {
		t.Errorf("status: %q", out)
	}
}

func TestProviderKeyFromEnvironmentAndFileFallback(t *testing.T) {
	e := &cliEnv{home: t.TempDir(), keyring: noKeychain{}, env: map[string]string{"OPENAI_API_KEY": "sk-from-env"}}
	out := e.must(t, key+"\n", "provider", "key", "together")
	if !strings.Contains(out, "a file only you can read") || !strings.Contains(out, "no system keychain answered") {
		t.Errorf("fallback: %q", out)
	}
	var list []map[string]any
	json.Unmarshal([]byte(e.must(t, "", "provider", "list", "--json")), &list)
	stores := map[string]string{}
	for _, r := range list {
		stores[r["name"].(string)] = r["key_store"].(string)
	}
	if stores["together"] != "file" || stores["openai"] != "env" || stores["groq"] != "none" {
		t.Errorf("key stores = %v", stores)
	}
	text := e.must(t, "", "provider", "list")
	if !strings.Contains(text, "environment variable OPENAI_API_KEY") || !strings.Contains(text, "a file only you can read") {
		t.Errorf("provider list does not say where keys are kept:\n%s", text)
	}
	if code, _, errOut := e.run(t, "", "provider", "key", "together"); code != cli.ExitUsage || !strings.Contains(errOut, "standard input") {
		t.Errorf("empty stdin: exit %d, %q", code, errOut)
	}
}

// TestKeyNeverLeaksIntoTheDataFolder runs a full session — key, settings, import, a summary request
// that fails and one that succeeds, exports, the ledger — and then reads every file in the data
// folder: the key may be only in the fallback key file, and only when that store is in use.
func TestKeyNeverLeaksIntoTheDataFolder(t *testing.T) {
	for _, tc := range []struct {
		name     string
		keyring  secret.Keyring
		keyFiles []string
	}{
		{"keychain", &keychain{}, nil},
		{"file fallback", noKeychain{}, []string{"keys.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := togethertest.New(t, key)
			home := t.TempDir()
			e := &cliEnv{home: home, keyring: tc.keyring, srv: srv}
			e.must(t, key+"\n", "provider", "key", "together")
			e.must(t, "", "provider", "set", "together", "--base-url", srv.BaseURL, "--model", "Qwen/Qwen2.5-7B-Instruct-Turbo")
			e.must(t, "", "provider", "use", "together")
			e.must(t, "", "provider", "test")
			e.must(t, "", "provider", "models")
			e.must(t, "", "import", "testdata/standup.zoom.vtt")

			// Summary requests through the same data folder, as the summarizer makes them.
			st, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			m := provider.NewManager(st, secret.New(home, secret.WithKeyring(tc.keyring)), provider.WithGuard(srv.Guard()))
			p, s, err := m.Open(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			srv.Script(togethertest.Step{Status: 401})
			req := provider.Request{Model: s.Model, MeetingID: 1, Messages: []provider.Message{{Role: provider.RoleUser, Content: "Ana Lima: invoice export"}}}
			if _, err := p.Chat(context.Background(), req, func(provider.Chunk) error { return nil }); err == nil || strings.Contains(err.Error(), key) {
				t.Fatalf("401: %v", err)
			}
			if _, err := p.Chat(context.Background(), req, func(provider.Chunk) error { return nil }); err != nil {
				t.Fatal(err)
			}
			st.Close()

			e.must(t, "", "export", "1", "-o", filepath.Join(home, "export.md"))
			e.must(t, "", "export", "1", "--format", "json", "-o", filepath.Join(home, "export.json"))
			if out := e.must(t, "", "ledger"); !strings.Contains(out, "together") {
				t.Errorf("ledger: %q", out)
			}
			var found []string
			filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte(key)) {
					found = append(found, filepath.Base(path))
				}
				return nil
			})
			if strings.Join(found, ",") != strings.Join(tc.keyFiles, ",") {
				t.Errorf("the key is in %v; want it only in %v", found, tc.keyFiles)
			}
			if tc.keyFiles != nil {
				fi, _ := os.Stat(filepath.Join(home, "keys.json"))
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("keys.json permissions %o", fi.Mode().Perm())
				}
			}
		})
	}
}
