#!/usr/bin/env bash
# Installs (or reuses) the fyne command-line tool that packages Hushnote, and prints the absolute path of
# its binary as the last line on stdout. Everything else goes to stderr.
#
#   build/fyne.sh            install if needed, print the path
#
# The version is pinned; the binary is kept at
#   ${HUSHNOTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hushnote}/fyne-tools-<version>/fyne
# so a fyne on PATH of another version never changes what `make package` produces.
set -euo pipefail

FYNE_TOOLS_VERSION=v1.7.4

command -v go >/dev/null || { echo "fyne.sh: Go 1.26 or newer is needed: https://go.dev/dl/" >&2; exit 1; }

cache_root=${HUSHNOTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hushnote}
dir=$cache_root/fyne-tools-$FYNE_TOOLS_VERSION
exe=fyne
[[ $(go env GOOS) == windows ]] && exe=fyne.exe
bin=$dir/$exe

works() {
  local out
  [[ -x $bin ]] && out=$("$bin" version 2>/dev/null) && [[ $out == *"cli version: $FYNE_TOOLS_VERSION"* ]]
}

if ! works; then
  echo "fyne.sh: installing fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION" >&2
  mkdir -p "$dir"
  # Outside this module and without the caller's flags (e.g. -tags), so only the tool's own go.mod counts.
  (cd "$dir" && GOWORK=off GOFLAGS='' GOBIN="$dir" go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION") >&2
  works || { echo "fyne.sh: $bin does not report $FYNE_TOOLS_VERSION" >&2; exit 1; }
fi
echo "$(cd "$dir" && pwd -P)/$exe"
