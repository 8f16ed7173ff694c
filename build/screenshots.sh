#!/usr/bin/env bash
# Makes the README's screenshots in assets/screenshots/ under a virtual display (Xvfb): the first-run
# screen, the main window with a meeting and its notes, and the Together AI settings with the privacy card.
#   build/screenshots.sh            (make screenshots)
# The meetings come from the shared test data (HUSHNOTE_TESTDATA, default ../shared/testdata); the notes
# shown are QMSum's human reference summary of the sample meeting, stored as example notes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export GOFLAGS=-tags=migrated_fynedo LANG=${LANG:-en_US.UTF-8}
[[ $LANG == C* || $LANG == POSIX ]] && export LANG=en_US.UTF-8
testdata=${HUSHNOTE_TESTDATA:-../shared/testdata}
out=assets/screenshots
[[ -d $testdata/qmsum ]] || { echo "no test data at $testdata (set HUSHNOTE_TESTDATA)" >&2; exit 1; }

build/deps.sh test
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/hushnote" .
go build -o "$work/seed" ./build/screenshots
mkdir -p "$out"

export DISPLAY=:$((300 + RANDOM % 300))
Xvfb "$DISPLAY" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# window NAME: waits for the visible window called NAME and prints its id.
window() { xdotool search --sync --onlyvisible --name "^$1\$" | head -n 1; }

# capture ID FILE: saves one window, once the app has had a moment to draw its latest change.
capture() { sleep 1.5; import -window "$1" "$2"; echo "$2"; }

# start HOME: runs the app on a data folder; sets app (its process) and win (its main window).
start() {
  "$work/hushnote" --home "$1" >"$work/app.log" 2>&1 &
  app=$!
  pids+=("$app")
  win=$(window Hushnote)
}

stop() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }

# 1. First run: an empty data folder.
start "$work/fresh"
capture "$win" "$out/first-run.png"
stop

# 2. The main window with the sample meeting and its notes open.
"$work/seed" -home "$work/seeded" -testdata "$testdata"
start "$work/seeded"
sleep 1
xdotool mousemove --window "$win" 150 115 click 1
capture "$win" "$out/main-window.png"

# 3. Settings on the Together AI page, scrolled to its privacy card.
xdotool mousemove --window "$win" 1000 25 click 1
s=$(window "Hushnote settings")
xdotool mousemove --window "$s" 40 30 click 1
sleep 0.5
xdotool mousemove --window "$s" 600 400 click --repeat 25 --delay 20 5
capture "$s" "$out/provider-settings.png"
stop
