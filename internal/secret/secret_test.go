package secret

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// leakKey is the key whose text no error may contain; leakMark is the part looked for, so that keys
// built around it (with a space inside, say) are caught too.
const (
	leakKey  = "sk-LEAKCHECK123"
	leakMark = "LEAKCHECK"
)

// brokenKeyring is a keychain that never works, like a Linux box with no Secret Service. Its errors
// quote what they were given, as a careless D-Bus reply might.
type brokenKeyring struct{}

func (brokenKeyring) Get(service, user string) (string, error) {
	return "", fmt.Errorf("org.freedesktop.DBus.Error.ServiceUnknown: no secrets for %s/%s", service, user)
}

func (brokenKeyring) Set(service, user, secret string) error {
	return fmt.Errorf("org.freedesktop.DBus.Error.ServiceUnknown: cannot store %q", secret)
}

func (brokenKeyring) Delete(service, user string) error {
	return errors.New("org.freedesktop.DBus.Error.ServiceUnknown")
}

// memKeyring is a working keychain in memory that answers "not found" the way go-keyring does.
type memKeyring struct {
	mu    sync.Mutex
	items map[string]string
	sets  int
}

func newMemKeyring() *memKeyring { return &memKeyring{items: map[string]string{}} }

func (m *memKeyring) Get(service, user string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (m *memKeyring) Set(service, user, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[service+"/"+user] = secret
	m.sets++
	return nil
}

func (m *memKeyring) Delete(service, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(m.items, service+"/"+user)
	return nil
}

// forgetfulKeyring accepts every key and gives back something else, like a keychain that silently
// mangles or drops what it is given.
type forgetfulKeyring struct{ *memKeyring }

func (f *forgetfulKeyring) Set(service, user, secret string) error {
	return f.memKeyring.Set(service, user, "x"+secret)
}

// noEnv is a getenv with nothing set.
func noEnv(string) string { return "" }

// envWith returns a getenv where only name is set, to value.
func envWith(name, value string) func(string) string {
	return func(k string) string {
		if k == name {
			return value
		}
		return ""
	}
}

// fileKeys returns the fallback file's keys, failing the test when it cannot be read.
func fileKeys(t *testing.T, s *Store) map[string]string {
	t.Helper()
	keys, err := s.readFile()
	if err != nil {
		t.Fatalf("read %s: %v", s.FilePath(), err)
	}
	return keys
}

func TestFallbackFileLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // not there yet: Set creates it
	s := New(dir, WithKeyring(brokenKeyring{}), WithGetenv(noEnv))

	if src := s.Where("together", "TOGETHER_API_KEY"); src != SourceNone {
		t.Fatalf("Where before Set = %q, want none", src)
	}
	if _, _, err := s.Get("together", "TOGETHER_API_KEY"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("Get before Set: err = %v, want ErrNoKey", err)
	}

	src, err := s.Set("together", "  tgp_v1_abc123  ")
	if err != nil || src != SourceFile {
		t.Fatalf("Set = %q, %v; want file, nil", src, err)
	}
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{s.FilePath(): 0o600, dir: 0o700} {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s: permissions %o, want %o", path, got, want)
			}
		}
	}
	key, src, err := s.Get("together", "TOGETHER_API_KEY")
	if err != nil || key != "tgp_v1_abc123" || src != SourceFile {
		t.Fatalf("Get = %q, %q, %v; want the trimmed key from the file", key, src, err)
	}
	if src := s.Where("Together", "TOGETHER_API_KEY"); src != SourceFile {
		t.Errorf("Where = %q, want file (preset names are not case-sensitive)", src)
	}
	if got, want := s.Describe(SourceFile, ""), "a file only you can read ("+s.FilePath()+")"; got != want {
		t.Errorf("Describe(file) = %q, want %q", got, want)
	}

	// A second preset shares the file; deleting one keeps the other.
	if _, err := s.Set("groq", "gsk_second"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("together"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, _, err := s.Get("together", ""); !errors.Is(err, ErrNoKey) {
		t.Errorf("Get after Delete: err = %v, want ErrNoKey", err)
	}
	if keys := fileKeys(t, s); len(keys) != 1 || keys["groq"] != "gsk_second" {
		t.Errorf("file after deleting together = %v, want only groq", keys)
	}
	if err := s.Delete("groq"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.FilePath()); !os.IsNotExist(err) {
		t.Errorf("the key file is still there with no key in it: %v", err)
	}
	if err := s.Delete("groq"); err != nil {
		t.Errorf("Delete of a missing key: %v", err)
	}
	if src := s.Where("together", "TOGETHER_API_KEY"); src != SourceNone {
		t.Errorf("Where after Delete = %q, want none", src)
	}
}

func TestFileIsReplacedAtomically(t *testing.T) {
	dir := t.TempDir()
	s := New(dir, WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
	if _, err := s.Set("together", "first-key"); err != nil {
		t.Fatal(err)
	}
	// A second name for the old file: rewriting in place would change what it shows; a rename does not.
	old := filepath.Join(t.TempDir(), "old.json")
	if err := os.Link(s.FilePath(), old); err != nil {
		t.Skipf("hard links unsupported here: %v", err)
	}
	if _, err := s.Set("together", "second-key"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(old); !strings.Contains(string(b), "first-key") || strings.Contains(string(b), "second-key") {
		t.Errorf("the old file was rewritten in place:\n%s", b)
	}
	if keys := fileKeys(t, s); keys["together"] != "second-key" {
		t.Errorf("file = %v, want the second key", keys)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "keys.json" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("data folder holds %v, want only keys.json (no temporary files left)", names)
	}
}

func TestEnvironmentWins(t *testing.T) {
	const envKey = "env-key-NEVERWRITTEN"
	tests := []struct {
		name     string
		envValue string
		stored   string // key Set before Get, "" for none
		wantKey  string
		wantSrc  Source
		wantErr  error
	}{
		{"env only", envKey, "", envKey, SourceEnv, nil},
		{"env over file", envKey, "file-key", envKey, SourceEnv, nil},
		{"env trimmed", "  " + envKey + "\n", "file-key", envKey, SourceEnv, nil},
		{"blank env ignored", "   ", "file-key", "file-key", SourceFile, nil},
		{"unset env", "", "", "", SourceNone, ErrNoKey},
		{"env with a space inside", "env key", "file-key", "", SourceNone, ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t.TempDir(), WithKeyring(brokenKeyring{}), WithGetenv(envWith("TOGETHER_API_KEY", tt.envValue)))
			if tt.stored != "" {
				if _, err := s.Set("together", tt.stored); err != nil {
					t.Fatal(err)
				}
			}
			key, src, err := s.Get("together", "TOGETHER_API_KEY")
			if key != tt.wantKey || src != tt.wantSrc || !errors.Is(err, tt.wantErr) {
				t.Errorf("Get = %q, %q, %v; want %q, %q, %v", key, src, err, tt.wantKey, tt.wantSrc, tt.wantErr)
			}
			if err == nil {
				if got := s.Where("together", "TOGETHER_API_KEY"); got != tt.wantSrc {
					t.Errorf("Where = %q, want %q", got, tt.wantSrc)
				}
			}
			// Without the variable's name, the environment is not consulted.
			if _, src, _ := s.Get("together", ""); src == SourceEnv {
				t.Error("Get with no variable name read the environment")
			}
			b, err := os.ReadFile(s.FilePath())
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "NEVERWRITTEN") {
				t.Errorf("the environment's key was written to %s", s.FilePath())
			}
			if tt.stored == "" && err == nil {
				t.Errorf("%s was created though nothing was Set", s.FilePath())
			}
		})
	}
	if got := New("", WithGetenv(noEnv)).Describe(SourceEnv, "TOGETHER_API_KEY"); got != "environment variable TOGETHER_API_KEY" {
		t.Errorf("Describe(env) = %q", got)
	}
}

func TestInvalidKeysRejected(t *testing.T) {
	tests := []struct {
		name string
		key  string
	}{
		{"empty", ""},
		{"only spaces", " \t\n "},
		{"space inside", "sk-abc def"},
		{"tab inside", "sk-abc\tdef"},
		{"line break inside", "sk-abc\ndef"},
		{"NUL", "sk-abc\x00def"},
		{"escape", "sk-abc\x1b[2Jdef"},
		{"DEL", "sk-abc\x7fdef"},
		{"no-break space", "sk-abc\u00a0def"},
		{"zero-width space", "sk-abc\u200bdef"},
		{"byte order mark", "\ufeffsk-abcdef"},
		{"not UTF-8", "sk-abc\xffdef"},
		{"4096 bytes", strings.Repeat("k", MaxKeyLen)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := newMemKeyring()
			s := New(t.TempDir(), WithKeyring(kr), WithGetenv(noEnv))
			src, err := s.Set("together", tt.key)
			if !errors.Is(err, ErrInvalidKey) || src != SourceNone {
				t.Errorf("Set = %q, %v; want none, ErrInvalidKey", src, err)
			}
			if kr.sets != 0 {
				t.Error("the keychain was given an invalid key")
			}
			if _, err := os.Stat(s.FilePath()); !os.IsNotExist(err) {
				t.Error("an invalid key reached the key file")
			}
		})
	}
	// The longest key allowed, and keys of the usual shapes, pass.
	for _, key := range []string{strings.Repeat("k", MaxKeyLen-1), "tgp_v1_Ab-9.x", "sk-proj-AbC_123", "AIzaSyÄ"} {
		if err := CheckKey(key); err != nil {
			t.Errorf("CheckKey(%.20q) = %v, want nil", key, err)
		}
	}
}

func TestInvalidPresetRejected(t *testing.T) {
	s := New(t.TempDir(), WithKeyring(newMemKeyring()), WithGetenv(noEnv))
	for _, preset := range []string{"", "  ", "my preset", "../etc", "a/b", "é", strings.Repeat("p", 65)} {
		if _, err := s.Set(preset, "good-key"); !errors.Is(err, ErrInvalidPreset) {
			t.Errorf("Set(%q): err = %v, want ErrInvalidPreset", preset, err)
		}
		if _, _, err := s.Get(preset, ""); !errors.Is(err, ErrInvalidPreset) {
			t.Errorf("Get(%q): err = %v, want ErrInvalidPreset", preset, err)
		}
		if err := s.Delete(preset); !errors.Is(err, ErrInvalidPreset) {
			t.Errorf("Delete(%q): err = %v, want ErrInvalidPreset", preset, err)
		}
	}
}

func TestKeyNeverInErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T) []error
	}{
		{"invalid keys around it", func(t *testing.T) []error {
			s := New(t.TempDir(), WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
			var errs []error
			for _, key := range []string{"sk-LEAK CHECK123 " + leakKey, leakKey + "\x00", leakKey + "\u200b", strings.Repeat(leakKey, 300)} {
				_, err := s.Set("together", key)
				errs = append(errs, err)
			}
			return errs
		}},
		{"invalid key in the environment", func(t *testing.T) []error {
			s := New(t.TempDir(), WithKeyring(brokenKeyring{}), WithGetenv(envWith("TOGETHER_API_KEY", leakKey+" "+leakKey)))
			_, _, err := s.Get("together", "TOGETHER_API_KEY")
			return []error{err}
		}},
		{"damaged key file", func(t *testing.T) []error {
			dir := t.TempDir()
			s := New(dir, WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
			if err := os.WriteFile(s.FilePath(), []byte(`{"keys": {"together": "`+leakKey+`" `+leakKey+`}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			_, _, getErr := s.Get("together", "")
			// A JSON syntax error quotes the character it stopped at, a piece of the file: not passed on.
			if getErr == nil || strings.Contains(getErr.Error(), "character") || !strings.Contains(getErr.Error(), "damaged") {
				t.Errorf("Get from a damaged file: %v; want only that the file is damaged", getErr)
			}
			_, setErr := s.Set("together", leakKey)
			return []error{getErr, setErr, s.Delete("together")}
		}},
		{"data folder is a file", func(t *testing.T) []error {
			notDir := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(notDir, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			s := New(notDir, WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
			_, err := s.Set("together", leakKey)
			return []error{err}
		}},
		{"keychain errors that quote the key", func(t *testing.T) []error {
			var errs []error
			for _, raw := range []error{
				fmt.Errorf("dbus: cannot store %q", leakKey),
				fmt.Errorf("security: %s: %w", leakKey, keyring.ErrSetDataTooBig),
				fmt.Errorf("%s %w", leakKey, keyring.ErrNotFound),
			} {
				_, err := guardCall(time.Second, func() (string, error) { return leakKey, raw })
				errs = append(errs, err)
			}
			return errs
		}},
		{"keychain still holding the key after Delete", func(t *testing.T) []error {
			kr := &undeletableKeyring{memKeyring: newMemKeyring()}
			s := New(t.TempDir(), WithKeyring(kr), WithGetenv(noEnv))
			if _, err := s.Set("together", leakKey); err != nil {
				t.Fatal(err)
			}
			return []error{s.Delete("together")}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tt.run(t)
			failed := false
			for _, err := range errs {
				if err == nil {
					continue
				}
				failed = true
				if strings.Contains(err.Error(), leakMark) || strings.Contains(fmt.Sprintf("%+v", err), leakMark) {
					t.Errorf("error holds the key: %v", err)
				}
			}
			if !failed {
				t.Error("no operation failed, so nothing was checked")
			}
		})
	}
}

// undeletableKeyring is a working keychain whose Delete always fails, like one that is locked again.
type undeletableKeyring struct{ *memKeyring }

func (u *undeletableKeyring) Delete(service, user string) error {
	return fmt.Errorf("locked: %s", user)
}

func TestWorkingKeychain(t *testing.T) {
	kr := newMemKeyring()
	dir := t.TempDir()
	s := New(dir, WithKeyring(kr), WithGetenv(noEnv))

	src, err := s.Set("together", "tgp_keychain_1")
	if err != nil || src != SourceKeychain {
		t.Fatalf("Set = %q, %v; want keychain, nil", src, err)
	}
	if got := kr.items[KeyringService+"/together"]; got != "tgp_keychain_1" {
		t.Errorf("keychain entry = %q", got)
	}
	if _, err := os.Stat(s.FilePath()); !os.IsNotExist(err) {
		t.Errorf("Set into a working keychain touched %s: %v", s.FilePath(), err)
	}
	key, src, err := s.Get("together", "TOGETHER_API_KEY")
	if err != nil || key != "tgp_keychain_1" || src != SourceKeychain {
		t.Errorf("Get = %q, %q, %v", key, src, err)
	}
	if got := s.Describe(s.Where("together", ""), ""); got != "system keychain" {
		t.Errorf("Describe(Where) = %q, want system keychain", got)
	}
	if got := s.Describe(s.Where("groq", ""), ""); got != "not set" {
		t.Errorf("Describe(Where) for a preset with no key = %q, want not set", got)
	}
	if err := s.Delete("together"); err != nil {
		t.Fatal(err)
	}
	if len(kr.items) != 0 {
		t.Errorf("keychain after Delete = %v", kr.items)
	}
}

func TestKeychainReplacesStaleFileCopy(t *testing.T) {
	dir := t.TempDir()
	// The key went to the file while the keychain was down ...
	down := New(dir, WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
	for preset, key := range map[string]string{"together": "old-together", "groq": "old-groq"} {
		if src, err := down.Set(preset, key); err != nil || src != SourceFile {
			t.Fatalf("Set(%s) = %q, %v", preset, src, err)
		}
	}
	// ... and now the keychain answers.
	kr := newMemKeyring()
	up := New(dir, WithKeyring(kr), WithGetenv(noEnv))
	if _, src, _ := up.Get("together", ""); src != SourceFile {
		t.Fatalf("before the new Set, Get reads %q, want file", src)
	}
	if src, err := up.Set("together", "new-together"); err != nil || src != SourceKeychain {
		t.Fatalf("Set = %q, %v; want keychain", src, err)
	}
	keys := fileKeys(t, up)
	if _, ok := keys["together"]; ok || keys["groq"] != "old-groq" {
		t.Errorf("file after Set into the keychain = %v; want together's stale copy gone and groq kept", keys)
	}
	if key, src, _ := up.Get("together", ""); key != "new-together" || src != SourceKeychain {
		t.Errorf("Get = %q, %q", key, src)
	}
	if src, _ := up.Set("groq", "new-groq"); src != SourceKeychain {
		t.Fatalf("Set(groq) = %q", src)
	}
	if _, err := os.Stat(up.FilePath()); !os.IsNotExist(err) {
		t.Errorf("the key file outlived its last key: %v", err)
	}
}

func TestUntrustworthyKeychainFallsBackToFile(t *testing.T) {
	kr := &forgetfulKeyring{memKeyring: newMemKeyring()}
	s := New(t.TempDir(), WithKeyring(kr), WithGetenv(noEnv))
	src, err := s.Set("together", "tgp_real")
	if err != nil || src != SourceFile {
		t.Fatalf("Set = %q, %v; want file, since the keychain gave back something else", src, err)
	}
	if len(kr.items) != 0 {
		t.Errorf("the mangled entry was left in the keychain, shadowing the file: %v", kr.items)
	}
	if key, src, _ := s.Get("together", ""); key != "tgp_real" || src != SourceFile {
		t.Errorf("Get = %q, %q", key, src)
	}
}

func TestDeleteReportsKeyLeftInKeychain(t *testing.T) {
	kr := &undeletableKeyring{memKeyring: newMemKeyring()}
	s := New(t.TempDir(), WithKeyring(kr), WithGetenv(noEnv))
	if _, err := s.Set("together", "stuck-key"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("together"); !errors.Is(err, ErrKeychainUnavailable) {
		t.Errorf("Delete = %v, want ErrKeychainUnavailable while the keychain still gives the key back", err)
	}
}

func TestGuardCall(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	tests := []struct {
		name    string
		call    func() (string, error)
		want    string
		wantErr error
	}{
		{"answer", func() (string, error) { return "v", nil }, "v", nil},
		{"not found", func() (string, error) { return "", keyring.ErrNotFound }, "", ErrNoKey},
		{"too big", func() (string, error) { return "", keyring.ErrSetDataTooBig }, "", ErrKeychainTooBig},
		{"other failure", func() (string, error) { return "", errors.New("dbus: no session bus") }, "", ErrKeychainUnavailable},
		{"no answer in time", func() (string, error) { <-release; return "late", nil }, "", ErrKeychainUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := guardCall(50*time.Millisecond, tt.call)
			if got != tt.want || err != tt.wantErr {
				t.Errorf("guardCall = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestConcurrentSets(t *testing.T) {
	s := New(t.TempDir(), WithKeyring(brokenKeyring{}), WithGetenv(noEnv))
	presets := []string{"together", "openai", "groq", "openrouter", "mistral", "gemini", "custom"}
	var wg sync.WaitGroup
	for _, p := range presets {
		wg.Go(func() {
			if _, err := s.Set(p, "key-for-"+p); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	keys := fileKeys(t, s)
	for _, p := range presets {
		if keys[p] != "key-for-"+p {
			t.Errorf("file lost %s's key: %v", p, keys)
		}
	}
}

// TestRealSecretService runs the Store against the session's real keychain through go-keyring. It
// writes to that keychain, so it runs only when asked: build/keyring-test.sh starts a throwaway GNOME
// Keyring on a private D-Bus session and sets HUSHNOTE_SECRET_SERVICE=1.
func TestRealSecretService(t *testing.T) {
	if os.Getenv("HUSHNOTE_SECRET_SERVICE") != "1" {
		t.Skip("writes to the real system keychain; run build/keyring-test.sh (or set HUSHNOTE_SECRET_SERVICE=1)")
	}
	dir := t.TempDir()
	s := New(dir, WithGetenv(noEnv)) // the real OSKeyring
	preset := "hushnote-test-" + strconv.Itoa(os.Getpid())
	t.Cleanup(func() { _ = s.Delete(preset) })

	for i, key := range []string{"tgp_real_first_" + preset, "tgp_real_second_" + preset} {
		src, err := s.Set(preset, key)
		if err != nil || src != SourceKeychain {
			t.Fatalf("Set #%d = %q, %v; want keychain (is a Secret Service running and unlocked?)", i+1, src, err)
		}
		got, src, err := s.Get(preset, "")
		if err != nil || got != key || src != SourceKeychain {
			t.Fatalf("Get after Set #%d = %q, %q, %v; want %q from the keychain", i+1, got, src, err, key)
		}
		direct, err := OSKeyring{}.Get(KeyringService, preset)
		if err != nil || direct != key {
			t.Fatalf("keychain entry %s/%s = %q, %v; want %q", KeyringService, preset, direct, err, key)
		}
		if w := s.Where(preset, ""); w != SourceKeychain {
			t.Errorf("Where = %q, want keychain", w)
		}
		if _, err := os.Stat(s.FilePath()); !os.IsNotExist(err) {
			t.Errorf("the key file was written though the keychain works: %v", err)
		}
	}

	if err := s.Delete(preset); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, _, err := s.Get(preset, ""); !errors.Is(err, ErrNoKey) {
		t.Errorf("Get after Delete: err = %v, want ErrNoKey", err)
	}
	if _, err := (OSKeyring{}).Get(KeyringService, preset); !errors.Is(err, ErrNoKey) {
		t.Errorf("keychain after Delete: err = %v, want ErrNoKey", err)
	}
	if err := (OSKeyring{}).Delete(KeyringService, preset); !errors.Is(err, ErrNoKey) {
		t.Errorf("deleting a missing entry: err = %v, want ErrNoKey", err)
	}
	if w := s.Where(preset, ""); w != SourceNone {
		t.Errorf("Where after Delete = %q, want none", w)
	}
}

func TestKeychainReachable(t *testing.T) {
	tests := []struct {
		name  string
		goos  string
		env   string // DBUS_SESSION_BUS_ADDRESS
		files []string
		want  bool
	}{
		{"macOS needs no bus", "darwin", "", nil, true},
		{"Windows needs no bus", "windows", "", nil, true},
		{"bus address set", "linux", "unix:path=/tmp/bus", nil, true},
		{"bus socket in the runtime folder", "linux", "", []string{"/run/user/1000/bus"}, true},
		{"bus address file in the runtime folder", "linux", "", []string{"/run/user/1000/dbus-session"}, true},
		{"another user's bus does not count", "linux", "", []string{"/run/user/0/bus"}, false},
		{"no bus: would autolaunch", "linux", "", nil, false},
		{"autolaunch asked for", "freebsd", "autolaunch:", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exists := func(name string) bool { return slices.Contains(tt.files, name) }
			got := keychainReachable(tt.goos, envWith("DBUS_SESSION_BUS_ADDRESS", tt.env), 1000, exists)
			if got != tt.want {
				t.Errorf("keychainReachable = %v, want %v", got, tt.want)
			}
		})
	}
}
