#!/usr/bin/env bash
# Packages Hushnote with `fyne package` (fyne.io/tools, the version build/fyne.sh pins) into dist/.
#   build/package.sh           for this computer's system
#   build/package.sh linux     dist/Hushnote-<version>-linux-<arch>.tar.xz: the binary, the desktop entry
#                              and the icon, with a Makefile (`sudo make install` or `make user-install`)
#   build/package.sh windows   dist/Hushnote-<version>-windows-amd64.exe, icon and version information
#                              embedded. On Windows with MSYS2's gcc; on Linux with MinGW-w64 (installed
#                              when missing on Debian/Ubuntu)
#   build/package.sh darwin    dist/Hushnote-<version>-darwin-<arch>.zip holding Hushnote.app; only on a Mac
#                              (Xcode command line tools). Signing and notarising: build/README.md
# Name, ID, version, build number, icon and the Linux desktop entry's fields come from FyneApp.toml. The
# build is fyne's release build: -trimpath, -ldflags "-s -w", tags migrated_fynedo and release.
#
# fyne package builds in the source folder, leaves generated files there while it works, and counts up the
# build number in FyneApp.toml afterwards. It runs on a copy of the source instead, so the working tree
# (including a ./hushnote from `make build`) is left as it was.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

log() { echo "package.sh: $*" >&2; }
die() { log "$*"; exit 1; }

command -v go >/dev/null || die "Go 1.26 or newer is needed: https://go.dev/dl/"
host=$(go env GOOS)
target=${1:-$host}
case $target in
linux | windows | darwin) ;;
*) die "unknown system '$target' (linux, windows or darwin)" ;;
esac

build/deps.sh build
source build/apt.sh
arch=$(go env GOARCH)
cross_env=()
case $target in
linux)
  [[ $host == linux ]] || die "a Linux package is made on Linux"
  command -v xz >/dev/null || apt_install xz-utils || true
  command -v xz >/dev/null || die "tar needs xz to write the package (Debian/Ubuntu: xz-utils)"
  ;;
windows)
  if [[ $host == linux ]]; then
    arch=amd64
    if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
      apt_install gcc-mingw-w64-x86-64 || true
      command -v x86_64-w64-mingw32-gcc >/dev/null || die "cross-building for Windows needs MinGW-w64 (Debian/Ubuntu: gcc-mingw-w64-x86-64)"
    fi
    cross_env=(CC=x86_64-w64-mingw32-gcc GOARCH=amd64)
  elif [[ $host != windows ]]; then
    die "a Windows package is made on Windows or, cross-compiled, on Linux"
  fi
  ;;
darwin)
  [[ $host == darwin ]] || die "a macOS package is made on a Mac (the Xcode command line tools link against the macOS SDK)"
  ;;
esac

fyne=$(build/fyne.sh | tail -n 1)
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
[[ -n $version ]] || die "FyneApp.toml has no Version"

stage=$(mktemp -d "${TMPDIR:-/tmp}/hushnote-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/src"
# The source, without what git ignores for being built or generated (dist/, binaries, databases).
tar -C "$root" -cf - --exclude=./.git --exclude=./dist --exclude=./.cache --exclude=./.artifacts \
  --exclude=./hushnote --exclude=./hushnote.exe --exclude='*.db' --exclude='*.db-wal' --exclude='*.db-shm' . |
  tar -C "$stage/src" -xf -

log "fyne package --os $target (the first release build compiles Fyne's C parts again: a few minutes)"
(cd "$stage/src" && env ${cross_env[@]+"${cross_env[@]}"} "$fyne" package --os "$target" --release --tags migrated_fynedo -v) >&2

mkdir -p dist
name=Hushnote-$version-$target-$arch
case $target in
linux)
  out=dist/$name.tar.xz
  mv "$stage/src/Hushnote.tar.xz" "$out"
  build/check-package.sh "$out"
  ;;
windows)
  out=dist/$name.exe
  mv "$stage/src/Hushnote.exe" "$out"
  [[ $(head -c 2 "$out") == MZ ]] || die "$out is not a Windows program"
  ;;
darwin)
  out=dist/$name.zip
  # ditto keeps the bundle's symlinks, permissions and extended attributes, as Apple's tools expect.
  (cd "$stage/src" && ditto -c -k --keepParent Hushnote.app "$root/$out")
  ;;
esac
size=$(wc -c <"$out")
log "$out ($(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }'))"
echo "$out"
