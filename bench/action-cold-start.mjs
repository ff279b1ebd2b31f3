#!/usr/bin/env node
// Cold start of each bundled action and wall time of the local plan -> run -> record chain.
//
// Cold start: `node actions/<name>/dist/index.js` run as the runner runs it (INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GITHUB_EVENT_PATH), with one invalid input so it
// stops right after reading its settings: what is timed is starting node, loading and
// evaluating the bundle, and reading inputs, which every job step pays before doing any work.
// Median of 10 runs each; `node -e 0` is printed alongside, since on a busy machine it moves
// every number. Targets: 200 ms without the AWS SDK, 350 ms with it.
//
// Chain: a bare remote in a temp folder, a pushed hugo-build task, then the plan, run and record
// bundles in fresh clones, as the jobs of tasks.yml run them (real git, real hugo).
//
// Usage: node bench/action-cold-start.mjs [--runs 10] [--no-chain]
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 10;

/** One invalid input per action, so it exits right after reading its settings. */
const EARLY_EXIT = {
  plan: { 'max-tasks': '0' },
  run: { 'task-file': 'not-a-task' },
  record: { 'result-paths': 'not-a-result' },
  sweep: { 'timeout-minutes': '0' },
  'hugo-build': { environment: 'not a name' },
  deploy: { bucket: 'Not A Bucket' },
};
/** Which bundles load the AWS SDK when they start (run loads it later, only for a deploy task). */
const LOADS_AWS_SDK = new Set(['deploy']);

const scratch = await mkdtemp(path.join(os.tmpdir(), 'handoff-bench-'));
try {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const baseline = await medianOf(runs, () => timed(process.execPath, ['-e', '0'], { env: { PATH: process.env.PATH } }));
  console.log(`\nnode -e 0 (baseline): median ${baseline.toFixed(0)} ms\n`);
  console.log('| action | bundle | AWS SDK at start | median cold start (10 runs) | target | |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, inputs] of Object.entries(EARLY_EXIT)) {
    const bundle = path.join(root, 'actions', name, 'dist', 'index.js');
    const size = (await readFile(bundle)).length;
    const median = await medianOf(runs, () => runAction(name, { workspace: scratch, inputs }));
    const sdk = LOADS_AWS_SDK.has(name);
    const target = sdk ? 350 : 200;
    console.log(`| ${name} | ${(size / 1024).toFixed(0)} KiB | ${sdk ? 'yes' : 'no'} | ${median.toFixed(0)} ms | ${target} ms | ${median <= target ? 'ok' : 'over'} |`);
  }
  if (!args.includes('--no-chain')) await chain();
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function chain() {
  const dir = path.join(scratch, 'chain');
  await mkdir(dir);
  const git = (cwd, ...gitArgs) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', ...gitArgs], { cwd, encoding: 'utf8' }).trim();
  const bare = path.join(dir, 'remote.git');
  await mkdir(bare);
  git(bare, 'init', '-q', '--bare', '-b', 'main');
  const seed = path.join(dir, 'seed');
  await mkdir(seed);
  git(seed, 'init', '-q', '-b', 'main');
  const id = '2026-01-19-1430-hugo-build-bench';
  const files = {
    'handoff.yml': 'site_path: site\nenvironments:\n  staging:\n    base_url: https://staging.example.org/\n',
    'tasks/in-progress/.gitkeep': '',
    'tasks/completed/.gitkeep': '',
    'tasks/failed/.gitkeep': '',
    'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term"]\n',
    'site/layouts/_default/single.html': '<h1>{{ .Title }}</h1>{{ .Content }}\n',
    'site/layouts/_default/list.html': '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n',
    'site/layouts/index.html': '{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n',
    ...Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`site/content/posts/p${index}.md`, `---\ntitle: Post ${index}\n---\nHello ${index}.\n`])),
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(seed, file)), { recursive: true });
    await writeFile(path.join(seed, file), content);
  }
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'initial');
  git(seed, 'remote', 'add', 'origin', bare);
  git(seed, 'push', '-q', 'origin', 'main');
  const before = git(seed, 'rev-parse', 'HEAD');
  const task = `---\nid: "${id}"\ntype: hugo-build\nenvironment: staging\ndescription: "Bench build"\ncreated: "2026-01-19T14:30:00Z"\nparams:\n  site_path: "site"\n---\n`;
  await mkdir(path.join(seed, 'tasks/pending'), { recursive: true });
  await writeFile(path.join(seed, 'tasks/pending', `${id}.md`), task);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'Add a task');
  git(seed, 'push', '-q', 'origin', 'main');
  const after = git(seed, 'rev-parse', 'HEAD');

  const started = performance.now();
  const planDir = path.join(dir, 'plan');
  git(dir, 'clone', '-q', bare, planDir);
  const event = { ref: 'refs/heads/main', before, after, created: false, forced: false, repository: { full_name: 'acme/bench', default_branch: 'main' } };
  const plan = await runAction('plan', { workspace: planDir, event });
  const commit = plan.outputs.commit;
  const runDir = path.join(dir, 'run');
  git(dir, 'clone', '-q', bare, runDir);
  git(runDir, 'checkout', '-q', commit);
  const run = await runAction('run', { workspace: runDir, inputs: { 'task-file': `tasks/in-progress/${id}.md` } });
  const record = await runAction('record', { workspace: runDir, inputs: { 'result-paths': run.outputs['result-path'], 'task-file': `tasks/in-progress/${id}.md`, 'run-outcome': 'success' } });
  const total = performance.now() - started;
  const landed = git(bare, 'ls-tree', '-r', '--name-only', 'main', '--', 'tasks/completed').includes(`${id}.md`);
  console.log(`\nplan -> run -> record (local, real git and hugo): ${total.toFixed(0)} ms wall (plan ${plan.ms.toFixed(0)} ms, run ${run.ms.toFixed(0)} ms, record ${record.ms.toFixed(0)} ms; clones in between)`);
  console.log(`result committed on the remote: ${landed ? 'yes' : 'NO'}; task status ${run.outputs.status}`);
}

async function runAction(name, { workspace, inputs = {}, event = {} }) {
  const files = await mkdtemp(path.join(scratch, 'runner-'));
  for (const base of ['output', 'summary', 'env', 'state', 'path']) await writeFile(path.join(files, base), '');
  await writeFile(path.join(files, 'event.json'), JSON.stringify(event));
  const env = {
    PATH: process.env.PATH,
    HOME: files,
    GIT_CONFIG_NOSYSTEM: '1',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/bench',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: path.join(files, 'event.json'),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_OUTPUT: path.join(files, 'output'),
    GITHUB_STEP_SUMMARY: path.join(files, 'summary'),
    GITHUB_ENV: path.join(files, 'env'),
    GITHUB_STATE: path.join(files, 'state'),
    GITHUB_PATH: path.join(files, 'path'),
  };
  for (const [input, value] of Object.entries(inputs)) env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value;
  const ms = await timed(process.execPath, [path.join(root, 'actions', name, 'dist', 'index.js')], { cwd: workspace, env });
  const outputs = {};
  const text = await readFile(path.join(files, 'output'), 'utf8');
  for (const match of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3];
  await rm(files, { recursive: true, force: true });
  return { ms, outputs, valueOf: () => ms };
}

async function timed(command, commandArgs, options) {
  const started = performance.now();
  await execFileAsync(command, commandArgs, options).catch(() => undefined);
  return performance.now() - started;
}

async function medianOf(count, measure) {
  const samples = [];
  for (let index = 0; index < count; index++) samples.push(Number(await measure()));
  samples.sort((a, b) => a - b);
  return samples.length % 2 ? samples[(samples.length - 1) / 2] : (samples[samples.length / 2 - 1] + samples[samples.length / 2]) / 2;
}
