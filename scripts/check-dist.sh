#!/usr/bin/env bash
# Rebuilds every action bundle from src/ and fails when any actions/*/dist differs from what is
# committed (changed, missing or extra files): the runner executes dist/, never src/, so a stale
# bundle would ship old code to every workflow that uses the action. Offline: ncc and tsc only.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/bundle-actions.mjs

# Untracked files count too: a new chunk that was never committed is a stale dist.
dist=':(glob)actions/*/dist/**'
if ! git diff --quiet --exit-code -- "$dist" || [ -n "$(git ls-files --others --exclude-standard -- "$dist")" ]; then
  echo "check-dist: actions/*/dist does not match src/. Run 'npm run bundle' and commit actions/*/dist." >&2
  git status --short -- "$dist" >&2
  git diff --stat -- "$dist" >&2
  exit 1
fi
echo "check-dist: every actions/*/dist matches its source"
