#!/usr/bin/env bash
# Installs what building and testing Hushnote needs, and only what is missing.
#   build/deps.sh build   C compiler and the headers Fyne's OpenGL/GLFW driver links against
#   build/deps.sh test    the above, plus what the test suite uses (Xvfb for the window smoke test)
# On Debian/Ubuntu it installs with apt-get (through sudo when not root); elsewhere it prints what to
# install and stops.
set -euo pipefail

want=${1:-build}
build_pkgs=(gcc pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
test_pkgs=(xvfb x11-apps imagemagick xdotool locales)

pkgs=("${build_pkgs[@]}")
[[ $want == test ]] && pkgs+=("${test_pkgs[@]}")

command -v go >/dev/null || { echo "Go 1.26 or newer is needed: https://go.dev/dl/" >&2; exit 1; }

source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

case "$(uname -s)" in
Linux)
  if ! apt_install "${pkgs[@]}"; then
    echo "Not a Debian/Ubuntu system. Install with your package manager: a C compiler and the development" >&2
    echo "headers for OpenGL, X11, Xcursor, Xrandr, Xinerama, Xi and Xxf86vm" >&2
    echo "(Fedora: dnf install gcc libXcursor-devel libXrandr-devel mesa-libGL-devel libXi-devel libXinerama-devel libXxf86vm-devel)." >&2
    [[ $want == test ]] && echo "Tests also need: Xvfb, xwd, ImageMagick, xdotool." >&2
    exit 1
  fi
  ;;
Darwin)
  xcode-select -p >/dev/null 2>&1 || { echo "Install the Xcode command line tools: xcode-select --install" >&2; exit 1; }
  ;;
MINGW*|MSYS*|CYGWIN*)
  command -v gcc >/dev/null || { echo "Install a C compiler for cgo, e.g. MSYS2's mingw-w64-x86_64-gcc" >&2; exit 1; }
  ;;
esac
