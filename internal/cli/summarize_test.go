package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"hushnote/internal/provider/ollamatest"
	"hushnote/internal/provider/togethertest"
)

func TestSummarizeAgainstTogether(t *testing.T) {
	srv := togethertest.New(t, key)
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}, srv: srv, env: map[string]string{"TOGETHER_API_KEY": key}}
	e.must(t, "", "import", "testdata/standup.zoom.vtt")
	e.must(t, "", "provider", "set", "together", "--base-url", srv.BaseURL, "--model", "Qwen/Qwen2.5-7B-Instruct-Turbo")
	e.must(t, "", "provider", "use", "together")
	srv.SetDefault(togethertest.Step{Tokens: []string{"## Summary", "\n\nAna finished", " the invoice export."}, Usage: [2]int{900, 12}})

	code, out, errOut := e.run(t, "", "summarize", "1")
	if code != 0 {
		t.Fatalf("summarize: exit %d: %s", code, errOut)
	}
	if out != "## Summary\n\nAna finished the invoice export.\n" {
		t.Errorf("stdout = %q", out)
	}
	for _, want := range []string{"with Together AI · Qwen/Qwen2.5-7B-Instruct-Turbo, in the cloud", "egress ledger", "Writing the notes", "Saved as version 1", "900 tokens in, 12 out", "Suggested title: Ana finished the invoice export"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if !strings.Contains(last.MessageText(), "[0:05] Ben Okafor: I reviewed the onboarding flow & found two bugs.") || !strings.Contains(last.MessageText(), "<<<TRANSCRIPT") {
		t.Errorf("the transcript did not go in fenced, with times and speakers:\n%s", last.MessageText())
	}
	var versions []map[string]any
	if err := json.Unmarshal([]byte(e.must(t, "", "summaries", "1", "--json")), &versions); err != nil {
		t.Fatal(err)
	}
	v := versions[0]
	if v["status"] != "done" || v["provider"] != "together" || v["model"] != "Qwen/Qwen2.5-7B-Instruct-Turbo" || v["template"] != "standard" ||
		v["base_url_host"] != strings.TrimPrefix(srv.URL, "http://") || v["prompt_tokens"] != 900.0 || v["language"] != "English" {
		t.Errorf("provenance = %v", v)
	}
	var ledger []map[string]any
	json.Unmarshal([]byte(e.must(t, "", "ledger", "--json")), &ledger)
	if len(ledger) != 1 || ledger[0]["meeting_id"] != 1.0 || ledger[0]["provider"] != "together" {
		t.Errorf("ledger = %v", ledger)
	}
	if out := e.must(t, "", "show", "1"); !strings.Contains(out, "Ana finished the invoice export.") {
		t.Errorf("show does not have the latest summary:\n%s", out)
	}
	// A bad key: a clear message, and the failed version is kept with its error.
	e.env = nil
	e.keyring = &keychain{}
	if _, err := (&keychain{}).Get("", ""); err == nil {
		t.Fatal("fresh keychain has a key")
	}
	e.must(t, "wrong-key\n", "provider", "key", "together")
	before := len(srv.Requests())
	code, _, errOut = e.run(t, "", "summarize", "1", "--fresh")
	if code != 1 || !strings.Contains(errOut, "Together AI rejected the API key") {
		t.Errorf("bad key: exit %d, %q", code, errOut)
	}
	for _, r := range srv.Requests()[before:] {
		if r.Path != "/v1/models" {
			t.Errorf("with a rejected key the transcript was sent anyway: %s", r.Path)
		}
	}
	// A failure in the middle keeps the version, with its error.
	e.must(t, key+"\n", "provider", "key", "together")
	srv.Script(togethertest.Step{Status: 402})
	code, _, errOut = e.run(t, "", "summarize", "1", "--fresh")
	if code != 1 || !strings.Contains(errOut, "out of credit") || !strings.Contains(errOut, "saved as version 2") {
		t.Errorf("402: exit %d, %q", code, errOut)
	}
	json.Unmarshal([]byte(e.must(t, "", "summaries", "1", "--json")), &versions)
	if len(versions) != 2 || versions[1]["status"] != "failed" || !strings.Contains(versions[1]["error"].(string), "out of credit") {
		t.Errorf("versions = %v", versions)
	}
	var tmpl []map[string]any
	json.Unmarshal([]byte(e.must(t, "", "templates", "--json")), &tmpl)
	if len(tmpl) != 7 || tmpl[0]["name"] != "standard" || tmpl[0]["default"] != true {
		t.Errorf("templates = %v", tmpl)
	}
	// The ledger keeps what left for a meeting deleted since, and says it is gone.
	e.must(t, "", "delete", "1")
	if out := e.must(t, "", "ledger"); !strings.Contains(out, "1 (deleted meeting)") {
		t.Errorf("ledger after deleting the meeting:\n%s", out)
	}
	json.Unmarshal([]byte(e.must(t, "", "ledger", "--json")), &ledger)
	if len(ledger) == 0 || ledger[0]["meeting_id"] != 1.0 || ledger[0]["meeting_deleted"] != true {
		t.Errorf("ledger after deleting the meeting = %v", ledger)
	}
}

// TestSummarizeAgainstRealOllama runs the whole path through a real Ollama with the tiny model: its
// answer is gibberish, but the streaming, num_ctx, counts and the saved version are real.
func TestSummarizeAgainstRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	ctx := t.Context() // no budget of its own: a busy machine makes the tiny model slow, not wrong
	// The tiny model's tokenizer is byte-level (1 to 2 characters a token): the standard template alone
	// takes most of a 2048-token window, so this one is trained for 8192.
	if err := srv.CreateModel(ctx, "tiny", ollamatest.TinyModel{ContextLength: 8192}); err != nil {
		t.Fatal(err)
	}
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}}
	e.must(t, "", "import", "testdata/standup.zoom.vtt")
	e.must(t, "", "provider", "set", "ollama", "--base-url", srv.URL, "--model", "tiny")
	e.must(t, "", "local", "on")
	code, out, errOut := e.run(t, "", "summarize", "1")
	if code != 0 {
		t.Fatalf("summarize: exit %d: %s", code, errOut)
	}
	if len(strings.TrimSpace(out)) < 10 || !strings.Contains(errOut, "on this device") || !strings.Contains(errOut, "Saved as version 1") {
		t.Errorf("stdout %q\nstderr %s", out, errOut)
	}
	var versions []map[string]any
	json.Unmarshal([]byte(e.must(t, "", "summaries", "1", "--json")), &versions)
	v := versions[0]
	if v["provider"] != "ollama" || v["model"] != "tiny" || v["prompt_tokens"].(float64) <= 0 || v["answer_tokens"].(float64) <= 0 || v["status"] != "done" {
		t.Errorf("provenance = %v", v)
	}
	if strings.TrimSpace(v["text"].(string)) != strings.TrimSpace(out) {
		t.Errorf("saved text differs from what streamed:\n%.200q\n%.200q\n%s", v["text"], out, errOut)
	}
	if out := e.must(t, "", "ledger"); !strings.Contains(out, "Nothing has left this device") {
		t.Errorf("ledger after a local summary: %q", out)
	}

	// A model Ollama hands on to another host, under a name that says nothing of it, is judged by what
	// Ollama reports: refused under Local only, recorded and marked as cloud otherwise.
	if err := srv.CreateRemoteModel(ctx, "meeting-notes", "tiny", srv.URL); err != nil {
		t.Fatal(err)
	}
	e.must(t, "", "provider", "set", "ollama", "--model", "meeting-notes", "--context", "8192") // a remote model reports no trained context
	host := strings.TrimPrefix(srv.URL, "http://")
	if out := e.must(t, "", "local", "status"); !strings.Contains(out, "nothing is sent") || !strings.Contains(out, "Ollama runs meeting-notes on 127.0.0.1") {
		t.Errorf("local status under Local only: %q", out)
	}
	if code, _, errOut := e.run(t, "", "summarize", "1"); code == 0 || !strings.Contains(errOut, "Local only is on") {
		t.Errorf("summarize with a remote model under Local only: exit %d, %s", code, errOut)
	}
	if out := e.must(t, "", "ledger"); !strings.Contains(out, "Nothing has left this device") {
		t.Errorf("ledger after a refused summary: %q", out)
	}
	e.must(t, "", "local", "off")
	if out := e.must(t, "", "local", "status"); !strings.Contains(out, "the text leaves this device (Ollama runs meeting-notes on 127.0.0.1)") {
		t.Errorf("local status: %q", out)
	}
	if code, _, errOut := e.run(t, "", "summarize", "1"); code != 0 || !strings.Contains(errOut, "off this device ("+host) {
		t.Fatalf("summarize with a remote model: exit %d, %s", code, errOut)
	}
	var rows []map[string]any
	json.Unmarshal([]byte(e.must(t, "", "ledger", "--json")), &rows)
	if len(rows) == 0 || rows[0]["host"] != host || rows[0]["model"] != "meeting-notes" || rows[0]["answered_by"] != "tiny" {
		t.Errorf("ledger = %v", rows)
	}
	json.Unmarshal([]byte(e.must(t, "", "summaries", "1", "--json")), &versions)
	if last := versions[len(versions)-1]; last["made_on_device"] != false || versions[0]["made_on_device"] != true {
		t.Errorf("versions: first made on device %v, last %v", versions[0]["made_on_device"], last["made_on_device"])
	}
}

// TestOllamaPullWithoutNetwork: the real Ollama cannot reach its registry here; the command says so in
// plain lines (not a terminal) and exits 1.
func TestOllamaPullWithoutNetwork(t *testing.T) {
	srv := ollamatest.Start(t)
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}}
	e.must(t, "", "provider", "set", "ollama", "--base-url", srv.URL)
	code, out, errOut := e.run(t, "", "ollama", "pull", "llama3.2")
	if code != 1 || !strings.Contains(errOut, "Ollama could not download the model") || strings.Contains(out, "\r") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	srv.StopNow()
	code, _, errOut = e.run(t, "", "ollama", "pull", "llama3.2")
	if code != 1 || !strings.Contains(errOut, "Ollama is not running at") || !strings.Contains(errOut, "ollama serve") {
		t.Errorf("not running: exit %d, %q", code, errOut)
	}
}

// TestSummarizeLanguageFlag: --lang names a language the engine can ask for, by name or code; any other
// is a mistake on the command line (exit 2) and nothing is sent.
func TestSummarizeLanguageFlag(t *testing.T) {
	srv := togethertest.New(t, key)
	e := &cliEnv{home: t.TempDir(), keyring: &keychain{}, srv: srv, env: map[string]string{"TOGETHER_API_KEY": key}}
	e.must(t, "", "import", "testdata/standup.zoom.vtt")
	e.must(t, "", "provider", "set", "together", "--base-url", srv.BaseURL, "--model", "Qwen/Qwen2.5-7B-Instruct-Turbo")
	e.must(t, "", "provider", "use", "together")
	srv.SetDefault(togethertest.Step{Tokens: []string{"## Summary", "\n\nAna hat den Export fertig."}, Usage: [2]int{900, 12}})
	tests := []struct {
		lang string
		code int
		want string // in the prompt (exit 0) or on stderr
	}{
		{"Swahili", 2, `--lang "Swahili": Hushnote cannot ask a model to write in it`},
		{"Klingon", 2, "use one of English, German"},
		{"de", 0, "Write in German."},
		{"Deutsch", 0, "Write in German."},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			before := len(srv.Requests())
			code, _, errOut := e.run(t, "", "summarize", "1", "--lang", tt.lang, "--fresh")
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			reqs := srv.Requests()[before:]
			if tt.code != 0 {
				if !strings.Contains(errOut, tt.want) {
					t.Errorf("stderr lacks %q:\n%s", tt.want, errOut)
				}
				if len(reqs) != 0 {
					t.Errorf("%d requests for a language that was refused", len(reqs))
				}
				return
			}
			if len(reqs) == 0 || !strings.Contains(reqs[len(reqs)-1].MessageText(), tt.want) {
				t.Errorf("the prompt does not say %q", tt.want)
			}
		})
	}
}
