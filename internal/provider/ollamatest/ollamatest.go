// Package ollamatest runs a real Ollama server for tests.
//
// The server is the ollama binary that build/ollama.sh builds from the Go module proxy (CPU only) and
// caches; `make test` runs the script first. Each server gets its own models directory and HOME, a free
// loopback port, and no way out to the network, so tests never touch the user's ~/.ollama or download
// anything. Models come from CreateTinyModel: a random-weight Llama of about 0.5 MB generated on the
// spot, which answers gibberish quickly.
//
//	func TestSummary(t *testing.T) {
//		s := ollamatest.Start(t)
//		if err := s.CreateTinyModel(t.Context(), "tiny"); err != nil {
//			t.Fatal(err)
//		}
//		// talk to s.URL
//	}
package ollamatest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the Ollama release build/ollama.sh builds and Binary looks for.
const Version = "0.17.4"

// ErrNoBinary is wrapped by the errors of Binary and StartMain when there is no ollama binary.
var ErrNoBinary = errors.New("no ollama binary")

// TinyTemplate is the chat template of the models CreateTinyModel creates: one line per message,
// "<|role|>content", then "<|assistant|>" for the answer.
const TinyTemplate = "{{- range .Messages }}<|{{ .Role }}|>{{ .Content }}\n{{ end }}<|assistant|>"

// TinyNumPredict is the default num_predict of the models CreateTinyModel creates, so that a request
// without a limit still ends (a random model rarely emits its end token). Requests may set their own.
const TinyNumPredict = 128

const (
	// startStall is how long a starting server may go without answering and without writing to its log
	// before it is given up: a busy machine makes it start slowly, not silently, so there is no budget
	// for the start as a whole.
	startStall  = 3 * time.Minute
	stopTimeout = 15 * time.Second
	// The server's HTTP(S) proxy: a closed loopback port, so a pull fails at once instead of downloading.
	deadProxy = "http://127.0.0.1:1"
)

// Required reports whether a missing ollama binary must fail the tests rather than skip them: when the
// environment variable CI is non-empty or HUSHNOTE_REQUIRE_OLLAMA=1.
func Required() bool {
	return os.Getenv("CI") != "" || os.Getenv("HUSHNOTE_REQUIRE_OLLAMA") == "1"
}

// Binary returns the absolute path of the ollama binary: $HUSHNOTE_OLLAMA_BIN if set (a path, or a
// name looked up in PATH), else the cached build that
// build/ollama.sh makes, ${HUSHNOTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hushnote}/ollama-<Version>/bin/ollama.
// Returns "" and a reason (wrapping ErrNoBinary) if not found.
func Binary() (string, error) {
	if env := os.Getenv("HUSHNOTE_OLLAMA_BIN"); env != "" {
		// A bare name is looked up in PATH; a relative path is taken from the current directory
		// (the server runs in another one).
		p, err := exec.LookPath(env)
		if err == nil {
			p, err = filepath.Abs(p)
		}
		if err == nil {
			err = checkExecutable(p)
		}
		if err != nil {
			return "", fmt.Errorf("%w: HUSHNOTE_OLLAMA_BIN=%s: %v", ErrNoBinary, env, err)
		}
		return p, nil
	}
	p, err := cachedBinary()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoBinary, err)
	}
	if err := checkExecutable(p); err != nil {
		return "", fmt.Errorf("%w: %v (build/ollama.sh builds it)", ErrNoBinary, err)
	}
	return p, nil
}

// cachedBinary is the path build/ollama.sh installs to; keep the two in step.
func cachedBinary() (string, error) {
	root := os.Getenv("HUSHNOTE_CACHE")
	if root == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home := os.Getenv("HOME")
			if home == "" {
				h, err := os.UserHomeDir()
				if err != nil {
					return "", fmt.Errorf("no cache directory: %v", err)
				}
				home = h
			}
			base = filepath.Join(home, ".cache")
		}
		root = filepath.Join(base, "hushnote")
	}
	name := "ollama"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(root, "ollama-"+Version, "bin", name), nil
}

func checkExecutable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a directory", p)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not executable", p)
	}
	return nil
}

// Server is a running `ollama serve`.
type Server struct {
	// URL is the base URL of the API, http://127.0.0.1:PORT.
	URL string
	// Home is the server's HOME (it keeps its key pair in Home/.ollama).
	Home string
	// Models is the server's OLLAMA_MODELS directory.
	Models string
	// Binary is the ollama binary that runs.
	Binary string
	// LogPath is the file the server's output goes to.
	LogPath string

	cmd      *exec.Cmd
	logFile  *os.File
	done     chan struct{} // closed when the process has exited
	waitErr  error         // valid once done is closed
	stopOnce sync.Once
}

// Start starts `ollama serve` on a free loopback port with its own OLLAMA_MODELS and HOME in
// temporary directories, OLLAMA_HOST=127.0.0.1:PORT, waits (polling /api/version) until it answers —
// for as long as it keeps writing to its log, giving up after 3 minutes of silence — and stops it
// (SIGTERM, then kill) in t.Cleanup.
//
// When the binary is missing it calls t.Fatal if Required (CI is non-empty or
// HUSHNOTE_REQUIRE_OLLAMA=1), else t.Skip with a message saying to run `make test`, which builds it.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		msg := fmt.Sprintf("real Ollama %s not available: %v; run `make test`, which builds it, or set HUSHNOTE_OLLAMA_BIN", Version, err)
		if Required() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	s, err := startIn(bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// Registered after t.TempDir's own clean-up, so it runs first: the server is gone before its
	// directories are removed.
	t.Cleanup(s.StopNow)
	return s
}

// StartMain is Start for TestMain: it returns the server, a func that stops it and removes its
// directories, and an error (wrapping ErrNoBinary when there is no binary; see Required to decide
// between failing and skipping).
func StartMain() (*Server, func(), error) {
	bin, err := Binary()
	if err != nil {
		return nil, func() {}, err
	}
	dir, err := os.MkdirTemp("", "hushnote-ollamatest-*")
	if err != nil {
		return nil, func() {}, err
	}
	s, err := startIn(bin, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, func() {}, err
	}
	return s, func() {
		s.StopNow()
		os.RemoveAll(dir)
	}, nil
}

func startIn(bin, dir string) (*Server, error) {
	home := filepath.Join(dir, "home")
	models := filepath.Join(dir, "models")
	for _, d := range []string{home, models} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	// A free port can be taken between choosing it and the server binding it; try a few.
	var lastErr error
	for attempt := range 3 {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s := &Server{
			URL:     "http://127.0.0.1:" + strconv.Itoa(port),
			Home:    home,
			Models:  models,
			Binary:  bin,
			LogPath: filepath.Join(dir, fmt.Sprintf("ollama-serve-%d.log", attempt)),
		}
		if err := s.launch(port); err != nil {
			return nil, err
		}
		err = s.waitReady(startStall)
		if err == nil {
			return s, nil
		}
		s.StopNow()
		lastErr = err
		if !errors.Is(err, errExited) {
			break
		}
	}
	return nil, lastErr
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) launch(port int) error {
	f, err := os.Create(s.LogPath)
	if err != nil {
		return err
	}
	cmd := exec.Command(s.Binary, "serve")
	cmd.Dir = s.Home
	cmd.Env = append(cleanEnv(os.Environ()),
		"HOME="+s.Home,
		"OLLAMA_MODELS="+s.Models,
		"OLLAMA_HOST=127.0.0.1:"+strconv.Itoa(port),
		"HTTPS_PROXY="+deadProxy,
		"HTTP_PROXY="+deadProxy,
		"NO_PROXY=127.0.0.1,localhost",
		// The remote hosts the server may hand a model's requests on to (CreateRemoteModel): only this
		// computer, never ollama.com, so that a test's text goes nowhere.
		"OLLAMA_REMOTES=127.0.0.1",
	)
	cmd.Stdout = f
	cmd.Stderr = f
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("starting %s serve: %w", s.Binary, err)
	}
	s.cmd = cmd
	s.logFile = f
	s.done = make(chan struct{})
	go func() {
		s.waitErr = cmd.Wait()
		close(s.done)
	}()
	return nil
}

// cleanEnv drops the caller's Ollama settings, proxies and HOME, which the server gets from us.
func cleanEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HOME", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY":
			continue
		}
		if strings.HasPrefix(k, "OLLAMA_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

var errExited = errors.New("ollama serve exited")

// waitReady polls /api/version until the server answers. It gives up when the server exits, or when it
// has neither answered nor written to its log for stall.
func (s *Server) waitReady(stall time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last, logged := time.Now(), s.logSize()
	for {
		resp, err := client.Get(s.URL + "/api/version")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if n := s.logSize(); n != logged {
			last, logged = time.Now(), n
		}
		if idle := time.Since(last); idle > stall {
			return fmt.Errorf("ollama serve did not answer on %s and wrote nothing for %v; its log:\n%s", s.URL, idle.Round(time.Second), s.LogTail(4096))
		}
		select {
		case <-s.done:
			return fmt.Errorf("%w before answering (%v); its log:\n%s", errExited, s.waitErr, s.LogTail(4096))
		case <-tick.C:
		}
	}
}

// logSize is how many bytes the server has written to its log so far (-1 when it cannot be read).
func (s *Server) logSize() int64 {
	fi, err := os.Stat(s.LogPath)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// LogTail returns up to the last n bytes of the server's output, for failure messages.
func (s *Server) LogTail(n int) string {
	b, err := os.ReadFile(s.LogPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// StopNow stops the server (for "Ollama not running" tests): SIGTERM, then kill after 15 s. It
// waits until the process has exited and is idempotent.
func (s *Server) StopNow() {
	s.stopOnce.Do(func() {
		if s.cmd == nil {
			return
		}
		terminate(s.cmd)
		select {
		case <-s.done:
		case <-time.After(stopTimeout):
			kill(s.cmd)
			<-s.done
		}
		// Runners the server started and did not stop.
		killGroup(s.cmd)
		s.logFile.Close()
	})
}

// CreateTinyModel writes a tiny GGUF (WriteTinyGGUF with the defaults) and creates model name on the
// server from it with the chat template TinyTemplate and num_predict TinyNumPredict, through the HTTP
// API: POST /api/blobs/sha256:<digest>, then POST /api/create.
func (s *Server) CreateTinyModel(ctx context.Context, name string) error {
	return s.CreateModel(ctx, name, TinyModel{})
}

// CreateModel is CreateTinyModel for a model of the given shape (a larger trained context, say).
func (s *Server) CreateModel(ctx context.Context, name string, shape TinyModel) error {
	var gguf bytes.Buffer
	if err := WriteTinyGGUF(&gguf, shape); err != nil {
		return err
	}
	sum := sha256.Sum256(gguf.Bytes())
	digest := "sha256:" + hex.EncodeToString(sum[:])

	if _, err := s.post(ctx, "/api/blobs/"+digest, "application/octet-stream", bytes.NewReader(gguf.Bytes())); err != nil {
		return fmt.Errorf("uploading the tiny model: %w", err)
	}
	stream := false
	req, err := json.Marshal(map[string]any{
		"model":      name,
		"files":      map[string]string{"tiny.gguf": digest},
		"template":   TinyTemplate,
		"parameters": map[string]any{"num_predict": TinyNumPredict},
		"stream":     &stream,
	})
	if err != nil {
		return err
	}
	body, err := s.post(ctx, "/api/create", "application/json", bytes.NewReader(req))
	if err != nil {
		return fmt.Errorf("creating model %s: %w", name, err)
	}
	var status struct {
		Status string `json:"status"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal(body, &status); err != nil {
		return fmt.Errorf("creating model %s: %v: %s", name, err, body)
	}
	if status.Error != "" || status.Status != "success" {
		return fmt.Errorf("creating model %s: %s", name, body)
	}
	return nil
}

// CreateRemoteModel creates model name as Ollama's cloud models are made: a manifest that names no
// weights, only the remote host the server hands requests on to (remote_host) and the model there
// (remote_model). Ollama's own cloud models point at https://ollama.com:443 and are called "…:cloud", but
// `ollama cp` gives one any name; the server reports remote_host in /api/show and /api/tags either way.
// Only 127.0.0.1 is allowed as a remote host (OLLAMA_REMOTES), so point it at a server on this computer
// (this one, with one of its own models, serves).
func (s *Server) CreateRemoteModel(ctx context.Context, name, remoteModel, remoteHost string) error {
	stream := false
	req, err := json.Marshal(map[string]any{"model": name, "from": remoteModel, "remote_host": remoteHost, "stream": &stream})
	if err != nil {
		return err
	}
	body, err := s.post(ctx, "/api/create", "application/json", bytes.NewReader(req))
	if err != nil {
		return fmt.Errorf("creating remote model %s: %w", name, err)
	}
	if !bytes.Contains(body, []byte(`"success"`)) {
		return fmt.Errorf("creating remote model %s: %s", name, body)
	}
	return nil
}

// post sends a POST and returns the body of a 2xx answer; other statuses are errors.
func (s *Server) post(ctx context.Context, path, contentType string, body io.Reader) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("POST %s: %s: %s", path, resp.Status, bytes.TrimSpace(b))
	}
	return b, nil
}
