#!/usr/bin/env bash
# The README's quick start: install what is needed, then do the main job once on the bundled
# example site: create a hugo-build task from the template, run it, and show the result and verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prerequisites.sh

handoff() { node bin/handoff.js "$@"; }

# The task id carries the minute; a second quick start within the same minute gets its own brief.
task=""
for brief in example-site example-site-2 example-site-3 example-site-4 example-site-5; do
  if task=$(handoff new hugo-build --env dev --brief "$brief" --description "Quick start: build the example site" 2>/tmp/handoff-quickstart.err); then
    break
  fi
  grep -q 'already used by' /tmp/handoff-quickstart.err || { cat /tmp/handoff-quickstart.err >&2; exit 1; }
  task=""
done
[ -n "$task" ] || { echo "quick start: could not create a task (see handoff status)" >&2; exit 1; }

echo "created task: $task"
set +e
handoff run "$task"
code=$?
set -e
echo
echo "The result file named above is YAML front matter for the agent, then a summary for people."
echo "Next: 'npx handoff status' lists tasks and results; 'npx handoff verify <task-id>' re-checks one."
exit $code
