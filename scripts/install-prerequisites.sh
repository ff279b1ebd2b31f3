#!/usr/bin/env bash
# Installs what handoff needs on a Debian or Ubuntu machine with Node.js: Node >= 20 is checked,
# hugo comes from the distribution's packages when it is missing, and the npm packages are
# installed from package-lock.json (which also compiles the CLI into lib/).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'handoff setup: %s\n' "$*" >&2; }

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
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq hugo >/dev/null
  say "installed $(hugo version | head -n 1)"
fi

if command -v git >/dev/null 2>&1; then :; else
  say "git is not installed: handoff fills {current-git-branch} from git and the GitHub flow needs it (apt-get install git)."
fi

say "installing npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
say "ready: $(node bin/handoff.js --version | sed 's/^/handoff /')"
