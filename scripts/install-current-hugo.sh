#!/usr/bin/env bash
# Fetches the current hugo from Debian's unstable suite into .tools/hugo-current/ (git-ignored), so
# the tests run against it as well as against the distribution's hugo. The package comes from the
# Debian mirror the machine already uses, through apt with a sources list, state and cache of its
# own under .tools/apt/: the system's apt configuration is never changed, nothing is installed
# system-wide, and no root is needed. hugo is one static binary, so it runs on Debian 12 as it is.
# Usage: bash scripts/install-current-hugo.sh   (prints the binary's path when done)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'handoff setup: %s\n' "$*" >&2; }

tools=$PWD/.tools
target=$tools/hugo-current
binary=$target/usr/bin/hugo
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mirror=${HANDOFF_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ -x "$binary" ] && "$binary" version >/dev/null 2>&1; then
  say "current hugo is in place: $("$binary" version | head -n 1)"
  echo "$binary"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || { say "$tool is needed to fetch Debian's current hugo (a Debian or Ubuntu machine)"; exit 1; }
done
[ -r "$keyring" ] || { say "$keyring is missing (apt-get install debian-archive-keyring)"; exit 1; }

apt_dir=$tools/apt
mkdir -p "$apt_dir/etc/preferences.d" "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
printf 'deb [signed-by=%s] %s unstable main\n' "$keyring" "$mirror" >"$apt_dir/etc/sources.list"
# Only this folder's files: the system's sources, preferences and locks are left alone.
apt_options=(
  -o "Dir::Etc::sourcelist=$apt_dir/etc/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::Etc::preferencesparts=$apt_dir/etc/preferences.d"
  -o "Dir::State=$apt_dir/state"
  -o "Dir::Cache=$apt_dir/cache"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=$(id -un)"
)

say "reading Debian unstable's package list (apt-get update with its own sources list in .tools/apt/)"
apt-get "${apt_options[@]}" -qq update
version=$(apt-cache "${apt_options[@]}" show hugo 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1)
[ -n "$version" ] || { say "Debian unstable lists no hugo package"; exit 1; }

say "downloading hugo $version (apt-get download)"
(cd "$apt_dir/download" && rm -f hugo_*.deb && apt-get "${apt_options[@]}" -qq download "hugo=$version")
rm -rf "$target"
dpkg-deb -x "$apt_dir"/download/hugo_*.deb "$target"
"$binary" version >/dev/null
say "current hugo is in place: $("$binary" version | head -n 1)"
echo "$binary"
