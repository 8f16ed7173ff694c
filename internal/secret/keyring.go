package secret

import (
	"errors"
	"os"
	"path"
	"runtime"
	"strconv"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name Hushnote files its keys under in the system keychain; the account
// (user) of each entry is the preset's name.
const KeyringService = "Hushnote"

// DefaultKeyringTimeout bounds one call to the system keychain when OSKeyring.Timeout is zero. It leaves
// time for a person to answer an unlock prompt, and keeps a session whose keychain never answers (a
// Secret Service with no way to show its prompt) from hanging the app.
const DefaultKeyringTimeout = 30 * time.Second

// Keyring is a system keychain holding one secret per service and user. Get and Delete report a missing
// entry with an error matching ErrNoKey (go-keyring's keyring.ErrNotFound is understood too); any other
// error means the keychain could not be used.
type Keyring interface {
	// Get returns the secret filed under service and user.
	Get(service, user string) (string, error)
	// Set files secret under service and user, replacing any earlier one.
	Set(service, user, secret string) error
	// Delete removes the secret filed under service and user.
	Delete(service, user string) error
}

// OSKeyring is the operating system's keychain through github.com/zalando/go-keyring: the macOS Keychain
// (the key reaches /usr/bin/security on its standard input, never its command line), the Windows
// Credential Manager, or a Secret Service (GNOME Keyring, KWallet) on the D-Bus session bus elsewhere.
// Where the keychain is a Secret Service and no D-Bus session bus is known (no DBUS_SESSION_BUS_ADDRESS,
// no /run/user/<uid>/bus), as on a server or in a container, it reports ErrKeychainUnavailable at once:
// asking go-keyring there would start a dbus-daemon through dbus-launch, and that daemon, and any
// keyring daemon it activates, would outlive Hushnote. Its errors are fixed messages (ErrNoKey, ErrKeychainUnavailable, ErrKeychainTooBig): whatever the
// keychain said, which might echo what it was given, is dropped.
type OSKeyring struct {
	// Timeout bounds each call; zero means DefaultKeyringTimeout. A call that times out reports
	// ErrKeychainUnavailable and is left to finish in the background.
	Timeout time.Duration
}

// Get returns the secret filed under service and user.
func (k OSKeyring) Get(service, user string) (string, error) {
	return k.guard(func() (string, error) { return keyring.Get(service, user) })
}

// Set files secret under service and user, replacing any earlier one.
func (k OSKeyring) Set(service, user, secret string) error {
	_, err := k.guard(func() (string, error) { return "", keyring.Set(service, user, secret) })
	return err
}

// Delete removes the secret filed under service and user.
func (k OSKeyring) Delete(service, user string) error {
	_, err := k.guard(func() (string, error) { return "", keyring.Delete(service, user) })
	return err
}

// guard runs one keychain call with the timeout and turns its error into a fixed one.
func (k OSKeyring) guard(call func() (string, error)) (string, error) {
	if !keychainReachable(runtime.GOOS, os.Getenv, os.Getuid(), fileExists) {
		return "", ErrKeychainUnavailable
	}
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	return guardCall(timeout, call)
}

// result is what one keychain call answered.
type result struct {
	value string
	err   error
}

// guardCall runs call, waiting at most timeout for it, and reports its error through sanitize.
func guardCall(timeout time.Duration, call func() (string, error)) (string, error) {
	done := make(chan result, 1) // buffered: a call that outlives the timeout can still finish and exit
	go func() {
		v, err := call()
		done <- result{v, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			return "", sanitize(r.err)
		}
		return r.value, nil
	case <-timer.C:
		return "", ErrKeychainUnavailable
	}
}

// sanitize maps a keychain error to a fixed one. The original is dropped, not wrapped: D-Bus replies
// and the output of macOS's security tool are free text that could quote the secret.
func sanitize(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound), errors.Is(err, ErrNoKey):
		return ErrNoKey
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrKeychainTooBig
	default:
		return ErrKeychainUnavailable
	}
}

// notFound reports whether a Keyring error means "no such entry" rather than "keychain unusable".
func notFound(err error) bool {
	return errors.Is(err, ErrNoKey) || errors.Is(err, keyring.ErrNotFound)
}

// keychainReachable reports whether asking go-keyring on goos can reach a keychain without starting
// anything. Only the Secret Service needs a check: go-keyring reaches it over the D-Bus session bus,
// and godbus, finding no address for one, runs dbus-launch to start a bus that nothing ever stops. The
// places godbus looks before that are looked at here: $DBUS_SESSION_BUS_ADDRESS (other than
// "autolaunch:"), then /run/user/<uid>/bus and /run/user/<uid>/dbus-session.
func keychainReachable(goos string, getenv func(string) string, uid int, exists func(string) bool) bool {
	switch goos {
	case "darwin", "ios", "windows":
		return true
	}
	if addr := getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return true
	}
	run := path.Join("/run/user", strconv.Itoa(uid))
	return exists(path.Join(run, "bus")) || exists(path.Join(run, "dbus-session"))
}

// fileExists reports whether a file of any kind (a socket, say) is at name.
func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
