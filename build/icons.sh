#!/usr/bin/env bash
# Makes the app icon at the sizes desktops look for, from assets/icon.png (512×512), into
#   build/icons/hicolor/<N>x<N>/apps/io.hushnote.app.png
# laid out as the freedesktop "hicolor" icon theme, so a distribution package (deb, rpm, Flatpak) can copy
# the folder to /usr/share/icons. The results are committed; run this again after changing the icon.
# `fyne package` makes its own icons for each system from assets/icon.png and does not need these.
# Needs ImageMagick (Debian/Ubuntu: imagemagick, installed when missing).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

source build/apt.sh
if ! command -v convert >/dev/null; then
  apt_install imagemagick || true
  command -v convert >/dev/null || { echo "icons.sh: needs ImageMagick's convert" >&2; exit 1; }
fi

src=assets/icon.png
id=io.hushnote.app
for n in 16 24 32 48 64 128 256 512; do
  out=build/icons/hicolor/${n}x${n}/apps/$id.png
  mkdir -p "$(dirname "$out")"
  # -strip and no time chunks: the same icon gives the same bytes, so a rerun changes nothing in git.
  convert "$src" -filter Lanczos -resize "${n}x${n}" -strip -define png:exclude-chunks=date,time "PNG32:$out"
  echo "$out"
done
# The window icon the binary embeds (assets.Icon): the 128-pixel one.
cp build/icons/hicolor/128x128/apps/$id.png assets/icon-128.png
echo assets/icon-128.png
