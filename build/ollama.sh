#!/usr/bin/env bash
# Builds (or reuses) the Ollama server the integration tests run against, and prints the absolute path
# of its binary as the last line on stdout. Everything else goes to stderr.
#
#   build/ollama.sh            build if needed, print the path
#
# The binary is cached at
#   ${HUSHNOTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hushnote}/ollama-<version>/bin/ollama
# (internal/provider/ollamatest computes the same path). It is a CPU-only build straight from the Go
# module proxy: no cmake, no GPU libraries. A cold build takes about 5 minutes on 2 cores.
set -euo pipefail

OLLAMA_VERSION=0.17.4
# The module zip of ollama lacks llama.cpp's vendored miniaudio.h; malgo ships the same single header.
MALGO_MODULE=github.com/gen2brain/malgo@v0.11.24
apt_pkgs=(gcc g++ nlohmann-json3-dev libstb-dev)

log() { echo "ollama.sh: $*" >&2; }

cache_root=${HUSHNOTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hushnote}
cache_dir=$cache_root/ollama-$OLLAMA_VERSION
bin=$cache_dir/bin/ollama

# --version also asks a server for its version; point it at a closed port so that is quick.
works() { [[ -x $bin ]] && OLLAMA_HOST=127.0.0.1:1 "$bin" --version >/dev/null 2>&1; }

if works; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { log "Go is needed: https://go.dev/dl/"; exit 1; }

mkdir -p "$cache_dir"
cache_dir=$(cd "$cache_dir" && pwd -P)
bin=$cache_dir/bin/ollama

# One build at a time: a second caller waits for the first and then reuses its binary.
if command -v flock >/dev/null; then
  exec 9>"$cache_dir/.lock"
  if ! flock -n 9; then
    log "another build of ollama $OLLAMA_VERSION is running; waiting for it"
    flock 9
  fi
  if works; then
    echo "$bin"
    exit 0
  fi
fi

# System packages: the headers llama.cpp includes that the module zip leaves out, and a C/C++ compiler.
case "$(uname -s)" in
Linux)
  source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
  want=()
  for p in "${apt_pkgs[@]}"; do
    case $p in
    gcc) command -v gcc >/dev/null && continue ;;
    g++) command -v g++ >/dev/null && continue ;;
    esac
    want+=("$p")
  done
  if ! apt_install "${want[@]}"; then
    log "not a Debian/Ubuntu system: make sure a C/C++ compiler and the nlohmann-json and stb headers are installed"
  fi
  ;;
*)
  log "untested on $(uname -s): needs a C/C++ compiler and the nlohmann-json and stb headers"
  ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/hushnote-ollama-build.XXXXXX")
# The temporary GOBIN lives next to the final one so the last step is a rename on one file system.
tmpbin=$(mktemp -d "$cache_dir/.bin-tmp.XXXXXX")
cleanup() { rm -rf "$work" "$tmpbin"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Run the go commands outside any module and workspace, with none of the caller's flags (e.g. -tags).
cd "$work"
export GOWORK=off GOFLAGS= CGO_ENABLED=1

malgo_dir=$(go mod download -json "$MALGO_MODULE" | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}[[:space:]]*$/\1/p')
if [[ -z $malgo_dir || ! -f $malgo_dir/miniaudio.h ]]; then
  log "could not find miniaudio.h in $MALGO_MODULE (Dir: '${malgo_dir}')"
  exit 1
fi
# A fixed include directory (not the temporary one): the cgo flags are part of Go's build cache key,
# so a rebuild into the same cache directory reuses the compiled llama.cpp.
include=$cache_dir/include
mkdir -p "$include/miniaudio"
cp "$malgo_dir/miniaudio.h" "$include/miniaudio/miniaudio.h"

log "building ollama $OLLAMA_VERSION (CPU only; about 5 minutes the first time)"
start=$SECONDS
CGO_CPPFLAGS="-I$include${CGO_CPPFLAGS:+ $CGO_CPPFLAGS}" GOBIN="$tmpbin" \
  go install -ldflags "-X github.com/ollama/ollama/version.Version=$OLLAMA_VERSION" \
  "github.com/ollama/ollama@v$OLLAMA_VERSION" >&2

OLLAMA_HOST=127.0.0.1:1 "$tmpbin/ollama" --version >/dev/null 2>&1 || { log "the built binary does not run"; exit 1; }
mkdir -p "$cache_dir/bin"
mv -f "$tmpbin/ollama" "$bin"
log "built in $((SECONDS - start)) s: $bin"
echo "$bin"
