#!/usr/bin/env bash
# Runs the secret package's test against a real Secret Service (GNOME Keyring) on Linux, the way a desktop
# session would answer it: a private D-Bus session bus, a gnome-keyring-daemon on it with a throwaway
# "login" keyring, and `go test -run TestRealSecretService ./internal/secret` inside that session.
#   build/keyring-test.sh            run the test
#   build/keyring-test.sh -v         extra arguments go to `go test` (GOFLAGS from the environment apply too)
# The keyring lives in a temporary folder removed on exit; your own keyrings and your own session bus are
# never touched. On Debian/Ubuntu it installs dbus-x11 and gnome-keyring when missing (through sudo when
# not root).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v go >/dev/null || { echo "Go 1.26 or newer is needed: https://go.dev/dl/" >&2; exit 1; }
if [[ $(uname -s) != Linux ]]; then
  echo "The Secret Service is Linux's keychain; this script only runs there." >&2
  echo "On macOS or Windows run: HUSHNOTE_SECRET_SERVICE=1 go test -count=1 -run TestRealSecretService ./internal/secret" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
apt_install dbus-x11 gnome-keyring || true # elsewhere: the check below says what to install
for cmd in dbus-run-session gnome-keyring-daemon; do
  command -v "$cmd" >/dev/null || {
    echo "Missing $cmd. Install D-Bus and GNOME Keyring with your package manager (Debian/Ubuntu: dbus-x11 gnome-keyring; Fedora: dbus-daemon gnome-keyring)." >&2
    exit 1
  }
done

# A throwaway home for the keyring daemon: its keyring files ($XDG_DATA_HOME/keyrings) and its control
# socket ($XDG_RUNTIME_DIR/keyring) go here instead of the user's own, and both are private (0700).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hushnote-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/data" "$tmp/runtime"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime"

# Inside the private session: start the daemon with only the Secret Service component; --unlock reads a
# password on stdin and creates the "login" keyring with it. The password must not be empty: with an empty
# one the daemon creates no keyring and every call fails with "failed to unlock correct collection". It
# guards a throwaway keyring in $tmp, so it is no secret. The daemon exits with the bus. dbus-daemon may
# warn "Failed to set fd limit" in containers; that is harmless.
dbus-run-session -- bash -c '
  set -euo pipefail
  printf %s hushnote-throwaway-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  HUSHNOTE_SECRET_SERVICE=1 go test -race -count=1 -run TestRealSecretService "$@" ./internal/secret
' keyring-test "$@"
