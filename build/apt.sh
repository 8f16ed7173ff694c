# Sourced by the scripts in build/: installs the Debian/Ubuntu packages that are missing.
#   apt_install PKG...   installs those of PKG that are not installed (through sudo when not root);
#                        returns 2 when this is not a Debian/Ubuntu system (the caller says what to do).
# Messages go to stderr, so a script's stdout stays its own.

have_apt() { command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; }

apt_install() {
  have_apt || return 2
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "Installing: ${missing[*]}" >&2
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
