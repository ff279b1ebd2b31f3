#!/usr/bin/env bash
# Installs what handoff needs on a Debian or Ubuntu machine with Node.js: Node >= 20 is checked,
# hugo comes from the distribution's packages when it is missing, and the npm packages are
# installed from package-lock.json (which also compiles the CLI into lib/).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'handoff setup: %s\n' "$*" >&2; }

# How long to wait for another apt or dpkg process (unattended-upgrades, a second terminal) to
# release its lock before giving up; override with HANDOFF_APT_LOCK_WAIT_SECONDS.
apt_lock_wait=${HANDOFF_APT_LOCK_WAIT_SECONDS:-300}

# Runs apt-get, waiting while another process holds apt's or dpkg's lock, for apt_lock_wait
# seconds at most, saying so every 10 seconds. Any other failure is reported at once.
apt_get_waiting_for_lock() {
  local deadline=$((SECONDS + apt_lock_wait)) errors status
  errors=$(mktemp)
  while :; do
    status=0
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" -o DPkg::Lock::Timeout=10 "$@" 2>"$errors" || status=$?
    if [ "$status" -eq 0 ]; then rm -f "$errors"; return 0; fi
    if ! grep -qiE 'could not get lock|unable to lock|unable to acquire the dpkg frontend lock' "$errors"; then
      cat "$errors" >&2; rm -f "$errors"; return "$status"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      cat "$errors" >&2; rm -f "$errors"
      say "another apt/dpkg process still holds the lock after ${apt_lock_wait}s; let it finish (ps aux | grep -E 'apt|dpkg'), then run this again"
      return "$status"
    fi
    say "another apt/dpkg process holds the lock; waiting (up to $((deadline - SECONDS))s more)"
    sleep "${HANDOFF_APT_LOCK_POLL_SECONDS:-10}"
  done
}

# True when node_modules holds exactly what package-lock.json pins (npm's own record of the
# installed tree, node_modules/.package-lock.json, lists the same packages at the same versions).
installed_packages_match_lock() {
  [ -f node_modules/.package-lock.json ] || return 1
  node -e '
    const fs = require("node:fs");
    const wanted = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages ?? {};
    const installed = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages ?? {};
    const pinned = (name) => wanted[name] && wanted[name].version === installed[name].version && wanted[name].integrity === installed[name].integrity;
    // Optional packages for other platforms (os/cpu) are in the lock file but never installed here.
    const required = Object.keys(wanted).filter((name) => name !== "" && !wanted[name].optional);
    const same = Object.keys(installed).every(pinned) && required.every((name) => name in installed);
    process.exit(same ? 0 : 1);
  '
}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20 or newer is needed; found $(node --version 2>/dev/null || echo none). Install it first (https://nodejs.org or your package manager)."
  exit 1
fi

if command -v hugo >/dev/null 2>&1; then
  say "hugo is installed: $(hugo version | head -n 1)"
else
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then apt_get=(sudo apt-get); else apt_get=(); fi
  if [ ${#apt_get[@]} -eq 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "hugo is not installed and cannot be installed from here (needs apt-get as root or passwordless sudo)."
    say "Install hugo yourself (Debian/Ubuntu: sudo apt-get install hugo; macOS: brew install hugo), then run this again."
    exit 1
  fi
  say "installing hugo from the distribution's packages"
  apt_get_waiting_for_lock update -qq
  apt_get_waiting_for_lock install -y -qq hugo >/dev/null
  say "installed $(hugo version | head -n 1)"
fi

# The tests also run against the current hugo (Debian unstable's), kept in .tools/; handoff
# itself does not need it, so a failure here is only a warning.
if [ -f scripts/install-current-hugo.sh ]; then
  bash scripts/install-current-hugo.sh >/dev/null || say "warning: could not fetch the current hugo into .tools/ (the tests need it; run bash scripts/install-current-hugo.sh)"
fi

if command -v git >/dev/null 2>&1; then :; else
  say "git is not installed: handoff fills {current-git-branch} from git and the GitHub flow needs it (apt-get install git)."
fi

if installed_packages_match_lock; then
  say "npm packages already match package-lock.json (npm ci skipped)"
  # The CLI runs from lib/; rebuild it only when a source file is newer than the bundle.
  if [ ! -f lib/bundle/index.js ] || [ -n "$(find src -newer lib/bundle/index.js -name '*.ts' -print -quit)" ]; then
    say "compiling the CLI into lib/ (npm run build)"
    npm run --silent build
  fi
else
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "ready: $(node bin/handoff.js --version | sed 's/^/handoff /')"
