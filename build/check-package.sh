#!/usr/bin/env bash
# Checks a Linux package made by build/package.sh, the way a user would meet it:
#   build/check-package.sh dist/Hushnote-<version>-linux-<arch>.tar.xz
# It holds the binary, the desktop entry, the icon and the installing Makefile; the desktop entry is valid
# (when desktop-file-validate is installed) and is the one in build/linux (both come from FyneApp.toml, so
# a change to one without the other fails here); the icon is assets/icon.png; and the binary inside runs:
# it imports the sample meeting into a throwaway data folder and lists it. Prints what it checked; exits 1
# at the first thing that is wrong.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

tarball=${1:?usage: build/check-package.sh PACKAGE.tar.xz}
id=io.hushnote.app
fail() { echo "check-package.sh: $tarball: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hushnote-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xJf "$tarball" || fail "cannot be unpacked"

# fyne puts the files under usr/local when the packaging machine has /usr/local, else under usr.
top=$tmp/hushnote
[[ -f $top/Makefile ]] || fail "has no hushnote/Makefile"
prefix=$top/usr/local
[[ -d $prefix ]] || prefix=$top/usr
bin=$prefix/bin/hushnote
desktop=$prefix/share/applications/$id.desktop
icon=$prefix/share/pixmaps/$id.png
for f in "$bin" "$desktop" "$icon"; do
  [[ -f $f ]] || fail "has no ${f#"$tmp"/}"
done
[[ -x $bin ]] || fail "${bin#"$tmp"/} is not executable"

# Blank lines aside, the entry fyne wrote must be build/linux's.
diff -B build/linux/$id.desktop "$desktop" >&2 ||
  fail "its desktop entry differs from build/linux/$id.desktop (update that file from FyneApp.toml's [LinuxAndBSD])"
# desktop-file-validate (Debian/Ubuntu: desktop-file-utils) checks the entry against the specification.
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" >&2 || fail "its desktop entry is not valid"
fi
cmp -s assets/icon.png "$icon" || fail "its icon is not assets/icon.png"

home=$tmp/home
# Fyne complains about a C/POSIX locale, as the Makefile says; give it a real one.
case ${LC_ALL:-${LANG:-C}} in
C | C.UTF-8 | C.utf8 | POSIX) export LANG=en_US.UTF-8 LC_ALL= ;;
esac
"$bin" --home "$home" import --title "Package check" assets/sample-ES2004a.vtt >/dev/null ||
  fail "its binary could not import the sample meeting"
"$bin" --home "$home" list | grep -q "Package check" || fail "its binary does not list the meeting it imported"

size=$(wc -c <"$bin")
echo "check-package.sh: $tarball holds ${bin#"$top"/} ($(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }')), ${desktop#"$top"/}, ${icon#"$top"/} and a Makefile; the binary imports and lists a meeting" >&2
