// Package secret keeps the API keys of cloud providers: in the operating system's keychain (macOS
// Keychain, Windows Credential Manager, a Secret Service on Linux), or, where no keychain answers, in a
// file only the user can read in the data folder, and it says which. A provider's environment variable
// (TOGETHER_API_KEY, ...), when set, wins and is never written anywhere.
//
// A key never appears in an error, a log line or a command line: errors from this package are fixed
// sentences that name the preset, the store or the file, never the key.
package secret

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Source says which store holds a key.
type Source string

// Sources, in the order Get asks them.
const (
	SourceEnv      Source = "env"      // the preset's environment variable
	SourceKeychain Source = "keychain" // the system keychain
	SourceFile     Source = "file"     // the fallback file, FilePath
	SourceNone     Source = "none"     // no key anywhere
)

// MaxKeyLen is the length, in bytes, that a key must stay under.
const MaxKeyLen = 4096

// maxPresetLen bounds a preset's name.
const maxPresetLen = 64

// Errors, to match with errors.Is. None of them, nor anything wrapping them here, holds a key.
var (
	// ErrNoKey means no store holds a key for the preset.
	ErrNoKey = errors.New("no API key is set")
	// ErrInvalidKey means a key was refused before being stored; the wrapping error says why.
	ErrInvalidKey = errors.New("that is not a valid API key")
	// ErrInvalidPreset means a preset name is empty, too long or has characters other than a-z, 0-9,
	// '.', '_' and '-'.
	ErrInvalidPreset = errors.New("not a valid provider preset name")
	// ErrKeychainUnavailable means the system keychain could not be used (none is running, it is
	// locked, or it did not answer in time).
	ErrKeychainUnavailable = errors.New("the system keychain did not answer")
	// ErrKeychainTooBig means the system keychain refused the key for its size.
	ErrKeychainTooBig = errors.New("the key is too long for the system keychain")
)

// Store finds, saves and removes API keys. It is safe for concurrent use.
type Store struct {
	dir     string
	keyring Keyring
	getenv  func(string) string
	mu      sync.Mutex // serialises changes, so two of them cannot interleave their keychain and file steps
}

// Option configures a Store.
type Option func(*Store)

// WithKeyring makes the Store use k instead of the operating system's keychain (OSKeyring).
func WithKeyring(k Keyring) Option {
	return func(s *Store) { s.keyring = k }
}

// WithGetenv makes the Store read environment variables through getenv instead of os.Getenv.
func WithGetenv(getenv func(string) string) Option {
	return func(s *Store) { s.getenv = getenv }
}

// New returns a Store whose fallback file lives in dataDir (the folder datadir.Resolve finds).
func New(dataDir string, opts ...Option) *Store {
	s := &Store{dir: dataDir, keyring: OSKeyring{}, getenv: os.Getenv}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Get returns the key for preset and where it came from: the environment variable envVar when it is set
// (and envVar is not ""), else the system keychain, else the fallback file. A keychain that cannot be
// used counts as holding nothing. It returns ErrNoKey when no store has a key.
func (s *Store) Get(preset, envVar string) (key string, src Source, err error) {
	name, err := presetName(preset)
	if err != nil {
		return "", SourceNone, err
	}
	if v, ok := s.env(envVar); ok {
		if err := CheckKey(v); err != nil {
			return "", SourceNone, fmt.Errorf("environment variable %s: %w", envVar, err)
		}
		return v, SourceEnv, nil
	}
	if v, ok := s.fromKeychain(name); ok {
		return v, SourceKeychain, nil
	}
	keys, err := s.readFile()
	if err != nil {
		return "", SourceNone, err
	}
	if v := keys[name]; v != "" {
		if err := CheckKey(v); err != nil {
			return "", SourceNone, fmt.Errorf("the key file %s holds a %s key that cannot be used: %w", s.FilePath(), name, err)
		}
		return v, SourceFile, nil
	}
	return "", SourceNone, ErrNoKey
}

// Where reports which store would answer Get, without handing out the key: SourceNone when none would,
// or when Get would fail.
func (s *Store) Where(preset, envVar string) Source {
	_, src, err := s.Get(preset, envVar)
	if err != nil {
		return SourceNone
	}
	return src
}

// Set saves key (surrounding spaces trimmed) for preset in the system keychain and returns SourceKeychain,
// removing any older copy from the fallback file. When the keychain cannot be used (it fails to store
// the key, or does not give it back unchanged) it saves the key in the fallback file instead and returns
// SourceFile. It refuses keys that are empty, 4096 bytes or longer, or hold spaces, control or invisible
// characters, with an error matching ErrInvalidKey. An environment variable is never consulted nor
// written: if one is set, it still wins in Get.
func (s *Store) Set(preset, key string) (Source, error) {
	name, err := presetName(preset)
	if err != nil {
		return SourceNone, err
	}
	key = strings.TrimSpace(key)
	if err := CheckKey(key); err != nil {
		return SourceNone, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.toKeychain(name, key) {
		if err := s.updateFile(name, ""); err != nil {
			return SourceKeychain, fmt.Errorf("the key is saved in the system keychain, but an older copy is still in %s: %w", s.FilePath(), err)
		}
		return SourceKeychain, nil
	}
	if err := s.updateFile(name, key); err != nil {
		return SourceNone, err
	}
	return SourceFile, nil
}

// Delete removes the key for preset from the system keychain and the fallback file. Removing a key that
// is not there is not an error, and a keychain that cannot be used holds nothing to remove; it fails when
// the keychain still gives the key back afterwards. The environment variable is not Hushnote's to remove.
func (s *Store) Delete(preset string) error {
	name, err := presetName(preset)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var keychainErr error
	if err := s.keyring.Delete(KeyringService, name); err != nil && !notFound(err) {
		if _, still := s.fromKeychain(name); still {
			keychainErr = fmt.Errorf("could not remove the %s key from the system keychain: %w", name, ErrKeychainUnavailable)
		}
	}
	return errors.Join(keychainErr, s.updateFile(name, ""))
}

// Describe says in words where a key from src is kept, for the settings screen: "system keychain",
// "a file only you can read (<path>)", "environment variable TOGETHER_API_KEY" (with envVar) or "not set".
func (s *Store) Describe(src Source, envVar string) string {
	switch src {
	case SourceKeychain:
		return "system keychain"
	case SourceFile:
		return "a file only you can read (" + s.FilePath() + ")"
	case SourceEnv:
		if envVar == "" {
			return "an environment variable"
		}
		return "environment variable " + envVar
	default:
		return "not set"
	}
}

// CheckKey reports, with an error matching ErrInvalidKey, why key cannot be an API key: it is empty, is
// MaxKeyLen bytes or longer, is not UTF-8, or holds a line break, a space, a control character or an
// invisible formatting character (such as a zero-width space picked up when copying). It does not trim,
// and it never cuts: a key with a line break inside is refused whole, since the part before the break is
// not the key either.
func CheckKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: it is empty", ErrInvalidKey)
	case len(key) >= MaxKeyLen:
		return fmt.Errorf("%w: it is %d bytes long, and keys must be shorter than %d", ErrInvalidKey, len(key), MaxKeyLen)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: it is not text", ErrInvalidKey)
	case strings.ContainsAny(key, "\n\r\v\f\u0085\u2028\u2029"):
		return fmt.Errorf("%w: it holds a line break; a key is one line, so paste the key alone", ErrInvalidKey)
	case strings.ContainsFunc(key, badKeyRune):
		return fmt.Errorf("%w: it contains a space, a control character or an invisible character", ErrInvalidKey)
	}
	return nil
}

// badKeyRune reports characters no API key holds.
func badKeyRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// presetName normalises a preset's name (trimmed, lower case) and checks it: it names the keychain
// entry and the key in the file.
func presetName(preset string) (string, error) {
	name := strings.ToLower(strings.TrimSpace(preset))
	if name == "" || len(name) > maxPresetLen {
		return "", ErrInvalidPreset
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-') {
			return "", ErrInvalidPreset
		}
	}
	return name, nil
}

// env returns the trimmed value of the environment variable envVar, when it is named and not blank.
func (s *Store) env(envVar string) (string, bool) {
	if envVar == "" {
		return "", false
	}
	v := strings.TrimSpace(s.getenv(envVar))
	return v, v != ""
}

// fromKeychain returns the keychain's key for name; false when it has none, holds something that is not
// a key, or cannot be used.
func (s *Store) fromKeychain(name string) (string, bool) {
	v, err := s.keyring.Get(KeyringService, name)
	if err != nil {
		return "", false
	}
	v = strings.TrimSpace(v)
	return v, CheckKey(v) == nil
}

// toKeychain stores key in the keychain and reads it back; false when either step fails, in which case
// it tries to leave no entry behind that could shadow the fallback file.
func (s *Store) toKeychain(name, key string) bool {
	if err := s.keyring.Set(KeyringService, name, key); err != nil {
		return false
	}
	if got, ok := s.fromKeychain(name); ok && got == key {
		return true
	}
	_ = s.keyring.Delete(KeyringService, name) // best effort: a keychain that misbehaves may not delete either
	return false
}
