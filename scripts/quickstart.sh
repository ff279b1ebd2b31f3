#!/usr/bin/env bash
# The README's quick start: install what is needed, then do the main job once on the bundled
# example site: create a hugo-build task from its template and run it; then create a hugo-deploy
# task and run it against an S3-protocol server that handoff starts on 127.0.0.1 (and stops),
# checking the deployed site over HTTP. Each run prints its result file and verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prerequisites.sh

handoff() { node bin/handoff.js "$@"; }

# Prints the new task's path. The id carries the minute, so a second quick start within the same
# minute takes the next brief.
new_task() {
  local template=$1 description=$2 brief errors
  errors=$(mktemp)
  for brief in example-site example-site-2 example-site-3 example-site-4 example-site-5; do
    if handoff new "$template" --env dev --brief "$brief" --description "$description" 2>"$errors"; then
      rm -f "$errors"
      return 0
    fi
    grep -q 'already used by' "$errors" || { cat "$errors" >&2; rm -f "$errors"; return 1; }
  done
  echo "quick start: every brief for this minute is taken; wait a minute (see: npx handoff status)" >&2
  rm -f "$errors"
  return 1
}

echo
echo "== 1. build the example site through a hugo-build task"
build=$(new_task hugo-build "Quick start: build the example site")
echo "created task: $build"
handoff run "$build"

echo
echo "== 2. deploy it to a local S3-protocol server (started on 127.0.0.1, stopped after) and check it over HTTP"
deploy=$(new_task hugo-deploy-dev "Quick start: deploy the example site")
echo "created task: $deploy"
handoff run --local-s3 "$deploy"

echo
echo "Each result file named above is YAML front matter for the agent, then a summary for people."
echo "Run this again: the second deploy uploads nothing (its objects are kept in .handoff/local-s3/)."
echo "Next: 'npx handoff status' lists tasks and results; 'npx handoff verify <task-id>' re-checks one."
