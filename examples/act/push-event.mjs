#!/usr/bin/env node
// Writes a push event for act from the last commit of the current branch (before = HEAD~1,
// after = HEAD), shaped like the payload GitHub writes to GITHUB_EVENT_PATH, so the plan reads
// the pushed range exactly as it would on GitHub:
//   node examples/act/push-event.mjs > /tmp/push.json
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const git = (...args) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};
const event = JSON.parse(readFileSync(new URL('./push.json', import.meta.url), 'utf8'));
const branch = git('branch', '--show-current') || 'main';
const origin = (git('config', '--get', 'remote.origin.url') || 'OWNER/REPO').replace(/\.git$/, '');
const [owner = 'OWNER', name = 'REPO'] = origin.split(/[/:]/).slice(-2);
event.ref = `refs/heads/${branch}`;
event.before = git('rev-parse', 'HEAD~1');
event.after = git('rev-parse', 'HEAD');
event.repository = { ...event.repository, name, full_name: `${owner}/${name}`, owner: { login: owner, name: owner } };
process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
