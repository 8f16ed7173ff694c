package app

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/netguard"
	"hushnote/internal/netguard/guardtest"
	"hushnote/internal/provider"
	"hushnote/internal/provider/ollamatest"
)

// ollamaPage opens Settings, types url into the Ollama page's Base URL and presses Refresh, as a user
// would, and waits for the answer.
func ollamaPage(t *testing.T, url string) (*presetPage, uiQueue, *provider.Manager) {
	t.Helper()
	return ollamaPageWith(t, nil, url)
}

// ollamaPageWith is ollamaPage with the network guard every provider connects through.
func ollamaPageWith(t *testing.T, guard *netguard.Guard, url string) (*presetPage, uiQueue, *provider.Manager) {
	t.Helper()
	s, q, mgr := newSettingsForTest(t, guard)
	pg := s.page(provider.Ollama)
	if pg == nil || pg.ollama == nil {
		t.Fatal("the Ollama page has no Ollama cards")
	}
	typeInto(pg.baseURL, url)
	test.Tap(pg.ollama.refreshBtn)
	eventually(t, q, "the installed models were asked for", func() bool { return !pg.ollama.refreshBtn.Disabled() })
	return pg, q, mgr
}

// installedRows returns the installed-models table as text, one "cell | cell | ..." line per model
// (the heading row left out); a line under a model's row (the cloud mark) follows it after " / ".
func installedRows(o *ollamaSection) []string {
	var rows []string
	for i, r := range o.rows.Objects {
		if i == 0 {
			continue
		}
		if l, ok := r.(*widget.Label); ok && len(rows) > 0 {
			rows[len(rows)-1] += " / " + l.Text
			continue
		}
		var cells []string
		for _, c := range r.(*fyne.Container).Objects {
			cells = append(cells, c.(*widget.Label).Text)
		}
		rows = append(rows, strings.Join(cells, " | "))
	}
	return rows
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	return "127.0.0.1:" + closedPortOn(t, "127.0.0.1")
}

// closedPortOn returns a port of addr on which nothing listens.
func closedPortOn(t *testing.T, addr string) string {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}

func TestOllamaNotRunningExplainsHowToStartIt(t *testing.T) {
	addr := closedPort(t)
	pg, _, _ := ollamaPage(t, "http://"+addr)
	o := pg.ollama
	if !o.down.Visible() {
		t.Fatalf("no not-running card; installed note %q", o.installedNote.Text)
	}
	text := settingsVisibleText(o.down)
	for _, want := range []string{"Ollama is not running", "Ollama is not running at " + addr + " — start it with ", "ollama serve", "Download Ollama from ollama.com", "Retry"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card does not say %q:\n%s", want, text)
		}
	}
	for _, raw := range []string{"dial tcp", "connection refused", "Post ", "Get "} {
		if strings.Contains(text, raw) || strings.Contains(o.installedNote.Text, raw) {
			t.Errorf("the page shows the raw error (%q):\n%s\n%s", raw, text, o.installedNote.Text)
		}
	}
	if len(o.rows.Objects) != 0 {
		t.Errorf("models listed while Ollama is down: %d rows", len(o.rows.Objects))
	}
}

// TestOllamaNotAnsweringOnAnotherComputer: an Ollama elsewhere that does not answer gets advice about
// the address and the network, not the command to start it here.
func TestOllamaNotAnsweringOnAnotherComputer(t *testing.T) {
	// ollama.example.com is another computer (to the guard) on which nothing listens.
	hosts := guardtest.Hosts{"ollama.example.com": {guardtest.Elsewhere(9)}}
	pg, _, _ := ollamaPageWith(t, netguard.New(guardtest.Options(hosts, nil, nil)), "https://ollama.example.com:"+closedPortOn(t, guardtest.Elsewhere(9)))
	o := pg.ollama
	if !o.down.Visible() {
		t.Fatalf("no card; note %q", o.installedNote.Text)
	}
	text := settingsVisibleText(o.down)
	if !strings.Contains(text, "Ollama did not answer at ollama.example.com:") || !strings.Contains(text, "Check the Base URL above") || strings.Contains(text, "connection refused") {
		t.Errorf("card:\n%s", text)
	}
	if o.downHelp.Visible() {
		t.Error("the card offers to install Ollama on this computer for a server elsewhere")
	}
}

// TestOllamaInstalledModelsAndRetry: the page first finds no Ollama at the address, then Retry with the
// real server's address lists the model created in it, with its context size, in the table and the picker.
func TestOllamaInstalledModelsAndRetry(t *testing.T) {
	srv := ollamatest.Start(t)
	ctx := context.Background()
	if err := srv.CreateModel(ctx, "notes-tiny", ollamatest.TinyModel{ContextLength: 4096}); err != nil {
		t.Fatal(err)
	}
	pg, q, _ := ollamaPage(t, "http://"+closedPort(t))
	o := pg.ollama
	if !o.down.Visible() {
		t.Fatal("no not-running card for a closed port")
	}

	typeInto(pg.baseURL, srv.URL)
	test.Tap(o.retryBtn)
	eventually(t, q, "the models are listed", func() bool { return len(installedRows(o)) > 0 })
	if o.down.Visible() {
		t.Error("the not-running card is still shown")
	}
	rows := installedRows(o)
	if len(rows) != 1 || !strings.HasPrefix(rows[0], "notes-tiny:latest | 4,096 tokens | ") || !strings.HasSuffix(rows[0], " kB") {
		t.Errorf("rows = %q, want notes-tiny:latest with 4,096 tokens and its size", rows)
	}
	if o.installedNote.Text != "1 model installed." {
		t.Errorf("note = %q", o.installedNote.Text)
	}
	if want := "notes-tiny:latest — 4,096 tokens"; !slices.Contains(pg.models.Options, want) {
		t.Errorf("picker options = %q, want %q", pg.models.Options, want)
	}

	// Test connection says what the running server is; the server stopping shows the card again.
	test.Tap(pg.testBtn)
	eventually(t, q, "Test connection reaches the real Ollama", func() bool {
		return !pg.testBtn.Disabled() && strings.HasPrefix(pg.testResult.Text, "Reachable · Ollama ") && strings.HasSuffix(pg.testResult.Text, " · 1 model")
	})
	srv.StopNow()
	test.Tap(pg.testBtn)
	eventually(t, q, "the test finished", func() bool { return !pg.testBtn.Disabled() && pg.testResult.Text != "Testing…" })
	if !o.down.Visible() || len(o.rows.Objects) != 0 {
		t.Errorf("after Ollama stopped: card shown %v, %d rows", o.down.Visible(), len(o.rows.Objects))
	}
}

// startPull types a model name and presses Pull, then waits until the download is held halfway.
func startPull(t *testing.T, q uiQueue, o *ollamaSection, name string) {
	t.Helper()
	typeInto(o.pullName, name)
	test.Tap(o.pullBtn)
	eventually(t, q, "the download is under way", func() bool {
		return o.progress.Value > 0 && strings.HasPrefix(o.pullStatus.Text, "Downloading ")
	})
	if !o.pullBtn.Disabled() || !o.cancelBtn.Visible() || !o.progress.Visible() {
		t.Errorf("while downloading: Pull disabled %v, Cancel shown %v, progress shown %v", o.pullBtn.Disabled(), o.cancelBtn.Visible(), o.progress.Visible())
	}
}

// TestOllamaPullShowsProgressThenTheModel pulls through the real Ollama from a registry stand-in on this
// computer: the bar and the status line show the download halfway, and then the model is installed, in
// the table and in the picker, where choosing it saves it.
func TestOllamaPullShowsProgressThenTheModel(t *testing.T) {
	srv := ollamatest.Start(t)
	reg := ollamatest.NewRegistry(t)
	name, err := reg.Add("hushnote/pulled:latest", ollamatest.TinyModel{ContextLength: 8192, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	pg, q, mgr := ollamaPage(t, srv.URL)
	o := pg.ollama
	if o.installedNote.Text != "No models installed yet. Download one below, for example llama3.2." {
		t.Errorf("empty note = %q", o.installedNote.Text)
	}

	reg.Hold()
	startPull(t, q, o, name)
	if v := o.progress.Value; v < 0.3 || v > 0.7 {
		t.Errorf("progress = %v, want about half", v)
	}
	if st := o.pullStatus.Text; !strings.Contains(st, " % of ") || !strings.HasSuffix(st, " kB") {
		t.Errorf("status = %q, want \"Downloading N %% of SIZE\"", st)
	}
	reg.Release()
	eventually(t, q, "the download finished", func() bool { return !o.pullBtn.Disabled() })
	if want := "Done: " + name + " is ready."; !strings.HasPrefix(o.pullStatus.Text, want) {
		t.Fatalf("status = %q, want %q\nollama log:\n%s", o.pullStatus.Text, want, srv.LogTail(2000))
	}
	if o.progress.Value != 1 || o.progress.Visible() || o.cancelBtn.Visible() || o.pullName.Text != "" {
		t.Errorf("after: progress %v (shown %v), Cancel shown %v, entry %q", o.progress.Value, o.progress.Visible(), o.cancelBtn.Visible(), o.pullName.Text)
	}
	eventually(t, q, "the pulled model is listed", func() bool { return len(installedRows(o)) == 1 })
	if rows := installedRows(o); !strings.HasPrefix(rows[0], name+" | 8,192 tokens | ") {
		t.Errorf("rows = %q", rows)
	}
	option := name + " — 8,192 tokens"
	if !slices.Contains(pg.models.Options, option) {
		t.Fatalf("picker options = %q, want %q", pg.models.Options, option)
	}
	pg.models.SetSelected(option)
	if got, err := mgr.Settings(context.Background(), provider.Ollama); err != nil || got.Model != name {
		t.Errorf("saved model = %q (%v), want %q", got.Model, err, name)
	}
}

// TestOllamaPullCancel: Cancel stops the download in Ollama too, says so, and installs nothing.
func TestOllamaPullCancel(t *testing.T) {
	srv := ollamatest.Start(t)
	reg := ollamatest.NewRegistry(t)
	name, err := reg.Add("hushnote/cancelled:latest", ollamatest.TinyModel{Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	pg, q, _ := ollamaPage(t, srv.URL)
	o := pg.ollama
	reg.Hold()
	startPull(t, q, o, name)
	test.Tap(o.cancelBtn)
	eventually(t, q, "the download stopped", func() bool { return !o.pullBtn.Disabled() })
	if want := "Cancelled: the download of " + name + " stopped"; !strings.HasPrefix(o.pullStatus.Text, want) {
		t.Errorf("status = %q, want %q", o.pullStatus.Text, want)
	}
	if o.cancelBtn.Visible() || o.progress.Visible() {
		t.Errorf("after cancelling: Cancel shown %v, progress shown %v", o.cancelBtn.Visible(), o.progress.Visible())
	}
	waitClosed(t, reg.Stopped(), "Ollama stops downloading after Cancel")
	test.Tap(o.refreshBtn)
	eventually(t, q, "the list is read again", func() bool { return !o.refreshBtn.Disabled() })
	if rows := installedRows(o); len(rows) != 0 {
		t.Errorf("installed after cancelling: %q", rows)
	}
}

// TestOllamaPullUnknownModel: a name the registry does not have gets a plain sentence.
func TestOllamaPullUnknownModel(t *testing.T) {
	srv := ollamatest.Start(t)
	reg := ollamatest.NewRegistry(t)
	pg, q, _ := ollamaPage(t, srv.URL)
	o := pg.ollama
	typeInto(o.pullName, reg.Host+"/hushnote/nothing:latest")
	test.Tap(o.pullBtn)
	eventually(t, q, "the download failed", func() bool { return !o.pullBtn.Disabled() })
	if want := "Ollama's library has no model called " + reg.Host + "/hushnote/nothing:latest"; !strings.HasPrefix(o.pullStatus.Text, want) {
		t.Errorf("status = %q, want %q", o.pullStatus.Text, want)
	}
	if o.pullStatus.Importance != widget.DangerImportance || o.progress.Visible() {
		t.Errorf("importance %v, progress shown %v", o.pullStatus.Importance, o.progress.Visible())
	}
	if !o.pullDetail.Visible() || !strings.HasPrefix(o.pullDetail.Text, "Ollama said: ") {
		t.Errorf("Ollama's words: %q (shown %v)", o.pullDetail.Text, o.pullDetail.Visible())
	}

	typeInto(o.pullName, "  ")
	test.Tap(o.pullBtn)
	if !strings.HasPrefix(o.pullStatus.Text, "Type a model name first") || o.pullDetail.Visible() {
		t.Errorf("empty name: %q, then %q", o.pullStatus.Text, o.pullDetail.Text)
	}
}

func TestOllamaPullText(t *testing.T) {
	tests := []struct {
		pr   provider.PullProgress
		want string
	}{
		{provider.PullProgress{Status: "pulling manifest"}, "Looking up llama3.2…"},
		{provider.PullProgress{Status: "pulling dde5aa3fc5ff", Completed: 840_000_000, Total: 2_000_000_000}, "Downloading 42 % of 2.0 GB"},
		{provider.PullProgress{Status: "pulling dde5aa3fc5ff"}, "Pulling dde5aa3fc5ff"},
		{provider.PullProgress{Status: "verifying sha256 digest", Completed: 1, Total: 1}, "Verifying"},
		{provider.PullProgress{Status: "writing manifest"}, "Finishing"},
	}
	for _, tt := range tests {
		if got := ollamaPullText("llama3.2", tt.pr); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.pr, got, tt.want)
		}
	}
	for n, want := range map[int64]string{999: "999 B", 530_000: "530 kB", 4_700_000: "4.7 MB", 1_900_000_000: "1.9 GB", 40_000_000_000: "40 GB"} {
		if got := settingsBytes(n); got != want {
			t.Errorf("settingsBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// cloudAndLocalModels are what Ollama may list: a model on this computer, a cloud model under an
// ordinary name, one under its recommended name, and a local model whose name merely ends in -cloud.
func cloudAndLocalModels() []provider.Model {
	return []provider.Model{
		{ID: "llama3.2:3b", Chat: true, ContextLength: 131072, Type: "3.2B", Size: 2_019_393_189},
		{ID: "team-notes:latest", Chat: true, ContextLength: 131072, Type: "116.8B", RemoteHost: "https://ollama.com:443"},
		{ID: "gpt-oss:120b-cloud", Chat: true, RemoteHost: "ollama.com:443"},
		{ID: "my-cloud", Chat: true, ContextLength: 4096, Size: 530_000},
	}
}

// TestOllamaCloudModelsAreMarked: the installed-models table and the model picker mark every model
// Ollama says runs elsewhere (its remote host), whatever it is called, and no other.
func TestOllamaCloudModelsAreMarked(t *testing.T) {
	pg, q, mgr := ollamaPage(t, "http://"+closedPort(t))
	o := pg.ollama
	models := cloudAndLocalModels()
	o.afterTest(models, nil) // what Test connection hands over
	pg.fillModels(models, nil)
	q.drain()

	const mark = "cloud — runs on ollama.com, text leaves this device"
	rows := installedRows(o)
	tests := []struct {
		model  string
		row    string // the start of its row in the table
		option string // its option in the picker
		cloud  bool
	}{
		{"llama3.2:3b", "llama3.2:3b | 131,072 tokens | 3.2B | 2.0 GB", "llama3.2:3b — 131,072 tokens", false},
		{"team-notes:latest", "team-notes:latest | 131,072 tokens | 116.8B | —", "team-notes:latest (" + mark + ") — 131,072 tokens", true},
		{"gpt-oss:120b-cloud", "gpt-oss:120b-cloud | unknown | — | —", "gpt-oss:120b-cloud (" + mark + ") — context unknown", true},
		{"my-cloud", "my-cloud | 4,096 tokens | — | 530 kB", "my-cloud — 4,096 tokens", false},
	}
	if len(rows) != len(tests) {
		t.Fatalf("rows = %q", rows)
	}
	for i, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			row := rows[i]
			if !strings.HasPrefix(row, tt.row) {
				t.Errorf("row %q, want it to start %q", row, tt.row)
			}
			if marked := strings.Contains(row, " / ↑ Cloud — runs on ollama.com, text leaves this device"); marked != tt.cloud {
				t.Errorf("row %q: marked as cloud %v, want %v", row, marked, tt.cloud)
			}
			if !slices.Contains(pg.models.Options, tt.option) {
				t.Errorf("the picker offers %q, not %q", pg.models.Options, tt.option)
			}
		})
	}
	if want := "4 models installed; 2 of them in Ollama's cloud, not on this computer."; o.installedNote.Text != want {
		t.Errorf("note %q, want %q", o.installedNote.Text, want)
	}
	if !strings.Contains(pg.modelInfo.Text, "2 of them run in Ollama's cloud (marked)") {
		t.Errorf("model note %q", pg.modelInfo.Text)
	}

	// Choosing a cloud model says where the text goes.
	pg.models.SetSelected(tests[1].option)
	if s, _ := mgr.Settings(t.Context(), provider.Ollama); s.Model != "team-notes:latest" {
		t.Errorf("saved model %q", s.Model)
	}
	if pg.modelInfo.Importance != widget.WarningImportance || !strings.Contains(pg.modelInfo.Text, "runs in Ollama's cloud: the transcript text leaves this device for ollama.com") {
		t.Errorf("after choosing a cloud model: %q (importance %v)", pg.modelInfo.Text, pg.modelInfo.Importance)
	}
}
