#!/usr/bin/env bash
# Measures Hushnote as a user meets it, on a virtual display (Xvfb), and prints a table. Numbers, not
# pass/fail: `make test` does not run it.
#   build/measure.sh
#
# 1. Start-up: from starting the program to its window's first drawn frame, for the real hushnote with
#    a data folder holding the sample meeting, against a Fyne hello-world (build/measure/hello) built the
#    same way (tags migrated_fynedo and release, -trimpath -ldflags "-s -w", as `fyne package` builds).
#    Each is started RUNS times after one warm-up, taking turns; median and 90th percentile. Both are watched by
#    build/measure/winprobe from outside, over the X protocol: the first frame is the first time the
#    mapped window shows more than a blank colour. "Settled" is when it last changed before staying
#    still for a second (Hushnote fills its list after the first frame).
# 2. Memory (from /proc/PID/status once the window has settled): hello-world; Hushnote with the sample
#    meeting; Hushnote with 10,000 meetings (build/measure/genstore; about a minute to generate); then
#    with the 200,000-character meeting opened (a click on the list's first row, then on the Transcript
#    tab). VmRSS is resident memory, VmHWM its peak. Of VmRSS, "anon" is the process's own memory (Go
#    heap, C allocations), "binary" the resident part of the executable, and "soft GL" Mesa's software
#    OpenGL (libLLVM, swrast_dri.so), which a display without a GPU needs; on a desktop the GPU's driver
#    takes its place. RSS-GL is VmRSS without it.
# 3. Binary size: plain `go build`, the release build, and the binary in dist/'s package (make package).
#
# Settings (environment): RUNS (10), MEETINGS (10000), CHARS (20000 characters a meeting), LONG (200000),
# CLICKS (window positions of the first list row and the Transcript tab, "150,125 553,190": check them
# against the screenshots if the layout changed), OUT (where screenshots and logs go; default a new
# folder under $TMPDIR, printed at the end). Needs Xvfb and xdotool: installed by build/deps.sh test.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-10}
MEETINGS=${MEETINGS:-10000}
CHARS=${CHARS:-20000}
LONG=${LONG:-200000}
CLICKS=${CLICKS:-"150,125 553,190"}

log() { echo "measure.sh: $*" >&2; }

[[ $(uname -s) == Linux ]] || { log "measures on Linux (Xvfb and /proc)"; exit 1; }
build/deps.sh test

# Fyne asks for a real locale (see the Makefile).
case ${LC_ALL:-${LANG:-C}} in
C | C.UTF-8 | C.utf8 | POSIX) export LANG=en_US.UTF-8 LC_ALL= ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/hushnote-measure.XXXXXX")
out=${OUT:-$work/out}
mkdir -p "$out"
xvfb_pid=""
cleanup() {
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
  # The generated history is hundreds of MB; screenshots and logs stay in $out.
  rm -rf "${work:?}/bin" "$work/history" "$work/sample" "$work/xdg"
}
trap cleanup EXIT

# Build: both GUI programs exactly alike, with the flags and tags `fyne package --release` uses.
log "building (the first -trimpath build compiles Fyne's C parts: a few minutes)"
bin=$work/bin
tags=migrated_fynedo,release
release=(-trimpath -ldflags "-s -w" -tags "$tags")
go build "${release[@]}" -o "$bin/hushnote" .
go build "${release[@]}" -o "$bin/hello" ./build/measure/hello
go build -tags migrated_fynedo -o "$bin/hushnote-plain" .
go build -tags migrated_fynedo -o "$bin/winprobe" ./build/measure/winprobe
go build -tags migrated_fynedo -o "$bin/genstore" ./build/measure/genstore

# Data: the sample meeting; the large history.
"$bin/hushnote" --home "$work/sample" import assets/sample-ES2004a.vtt >/dev/null
log "generating $MEETINGS meetings of $CHARS characters and one of $LONG"
"$bin/genstore" -home "$work/history" -meetings "$MEETINGS" -chars "$CHARS" -long "$LONG"

# Fyne's own settings and caches go to a fresh place, the same for both programs.
export XDG_CONFIG_HOME=$work/xdg/config XDG_CACHE_HOME=$work/xdg/cache XDG_DATA_HOME=$work/xdg/data

# A display of our own: the first free number from 90. -noreset keeps it up between programs; -br makes
# its background black.
for n in $(seq 90 190); do
  [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] || break
done
Xvfb ":$n" -screen 0 1280x800x24 -br -noreset -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
  [[ -S /tmp/.X11-unix/X$n ]] && break
  sleep 0.1
done
[[ -S /tmp/.X11-unix/X$n ]] || { log "Xvfb did not start; see $out/xvfb.log"; exit 1; }
export DISPLAY=:$n

# key=value lines from winprobe: field NAME LINE prints NAME's value.
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

log "start-up: hello-world and Hushnote in turn, $RUNS runs each"
starts=$("$bin/winprobe" startup -runs "$RUNS" -names hello,hushnote -log "$out/startup.log" -- \
  "$bin/hello" ::: "$bin/hushnote" --home "$work/sample")

memory() { # label, winprobe memory flags, --, program and arguments
  local label=$1
  shift
  log "memory: $label"
  "$bin/winprobe" memory -log "$out/$label.log" -shots "$out/$label" "$@"
}
clicks=()
for c in $CLICKS; do clicks+=(-click "$c"); done
hello_mem=$(memory hello -- "$bin/hello")
sample_mem=$(memory sample -- "$bin/hushnote" --home "$work/sample")
history_mem=$(memory history "${clicks[@]}" -- "$bin/hushnote" --home "$work/history")

size_of() { [[ -f $1 ]] && awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }' || echo "-"; }
packaged_bin="- (make package first)"
packaged_tar="-"
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
tarball=dist/Hushnote-$version-linux-$(go env GOARCH).tar.xz
if [[ -f $tarball ]]; then
  mkdir -p "$work/pkg"
  tar -C "$work/pkg" -xJf "$tarball"
  packaged_bin=$(size_of "$(find "$work/pkg" -path '*/bin/hushnote' | head -n 1)")
  packaged_tar=$(size_of "$tarball")
  rm -rf "$work/pkg"
fi

# The table.
line() { printf "  %-46s %10s %10s\n" "$@"; }
mline() { # label, winprobe memory line
  local rss gl
  rss=$(field rss_mb "$2") gl=$(field renderer_mb "$2")
  printf "  %-46s %7s MB %7s MB %7s MB %7s MB %7s MB %7s MB\n" "$1" "$rss" "$(field hwm_mb "$2")" \
    "$(field anon_mb "$2")" "$(field binary_mb "$2")" "$gl" "$(awk -v a="$rss" -v b="$gl" 'BEGIN { printf "%.1f", a - b }')"
}
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
hf=$(grep '^hello first_frame_ms' <<<"$starts")
hs=$(grep '^hello settled_ms' <<<"$starts")
nf=$(grep '^hushnote first_frame_ms' <<<"$starts")
ns=$(grep '^hushnote settled_ms' <<<"$starts")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)

echo
echo "Hushnote $version — measured $(date -u +%Y-%m-%d) on ${cpu:-this CPU}, $(nproc) cores, Xvfb 1280x800 (Mesa software rendering)"
echo
echo "Start-up, from exec to the first drawn frame ($RUNS runs after a warm-up)"
line "" "median" "p90"
line "Fyne hello-world" "$(field median "$hf") ms" "$(field p90 "$hf") ms"
line "Hushnote, one meeting" "$(field median "$nf") ms" "$(field p90 "$nf") ms"
line "Hushnote / hello-world (target at most 1.3×)" "$(ratio "$(field median "$nf")" "$(field median "$hf")")" "$(ratio "$(field p90 "$nf")" "$(field p90 "$hf")")"
line "settled: Fyne hello-world" "$(field median "$hs") ms" "$(field p90 "$hs") ms"
line "settled: Hushnote, one meeting" "$(field median "$ns") ms" "$(field p90 "$ns") ms"
echo
echo "Memory once the window has settled (MB = 10^6 bytes)"
printf "  %-46s %10s %10s %10s %10s %10s %10s\n" "" "VmRSS" "VmHWM" "anon" "binary" "soft GL" "RSS-GL"
mline "Fyne hello-world" "$(grep 'step=start' <<<"$hello_mem")"
mline "Hushnote, one meeting" "$(grep 'step=start' <<<"$sample_mem")"
mline "Hushnote, $(commas "$MEETINGS") meetings (target < 150 MB)" "$(grep 'step=start' <<<"$history_mem")"
mline "  + the $(commas "$LONG")-character meeting selected" "$(grep 'step=click1' <<<"$history_mem")"
mline "  + its Transcript tab shown" "$(grep 'step=click2' <<<"$history_mem")"
echo
echo "Binary size (target < 45 MB)"
line "go build (make build)" "$(size_of "$bin/hushnote-plain")" ""
line "release build (-trimpath -s -w)" "$(size_of "$bin/hushnote")" ""
line "in the package (make package)" "$packaged_bin" ""
line "the package (.tar.xz in dist/)" "$packaged_tar" ""
echo
echo "Screenshots and the programs' logs: $out"
