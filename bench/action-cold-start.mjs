#!/usr/bin/env node
// Cold start of each bundled action and wall time of the local claim -> run -> record chain.
//
// Cold start: `node actions/<name>/dist/index.js` run as the runner runs it (INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GITHUB_EVENT_PATH), with one invalid input so it
// stops right after reading its settings: what is timed is starting node, loading and
// evaluating the bundle, and reading inputs, which every job step pays before doing any work.
//
// Each action is judged against `node -e 0` measured in the same run, right beside it: every
// sample of an action is paired with a `node -e 0` started just before or just after it (the two
// alternate, and the actions' order turns every round), and the verdict is on the median of the
// pairs' ratios. A busy machine slows both alike, so it moves the milliseconds but not the ratio.
// Targets: 4.0x node's own start without the AWS SDK, 7.0x with it (the former 200 ms and 350 ms
// when node starts in 50 ms, as it does here on a quiet machine). Exit code 1 when one is over.
//
// Chain: a bare remote in a temp folder, a pushed hugo-build task, then the claim, run and record
// bundles in fresh clones, as the jobs of tasks.yml run them (real git, real hugo).
//
// With --baseline <checkout>, another checkout's bundles (an earlier commit, `npm run bundle`d) run
// in the same rounds, beside this one's, and each action's row adds the median of the per-round
// ratios this/baseline: whether a change made a bundle slower to start, on the same machine at
// the same moment. An action the baseline names otherwise is looked up by its former name.
//
// Usage: node bench/action-cold-start.mjs [--runs 10] [--no-chain] [--baseline <checkout>]
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runnerEnvironment, runnerOutputs } from './action-runner.mjs';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 10;
const baselineRoot = args.includes('--baseline') ? path.resolve(args[args.indexOf('--baseline') + 1]) : undefined;
/** Former names of actions, for a baseline checkout from before a rename. */
const FORMER_NAME = { claim: 'plan' };

/** One invalid input per action, so it exits right after reading its settings. */
const EARLY_EXIT = {
  claim: { 'max-tasks': '0' },
  run: { 'task-file': 'not-a-task' },
  record: { 'result-paths': 'not-a-result' },
  sweep: { 'timeout-minutes': '0' },
  'hugo-build': { environment: 'not a name' },
  deploy: { bucket: 'Not A Bucket' },
};
/** Which bundles load the AWS SDK when they start (run loads it later, only for a deploy task). */
const LOADS_AWS_SDK = new Set(['deploy']);

/** Ratio of an action's cold start to node's own start (`node -e 0`) measured beside it. */
const TARGET_RATIO = { sdk: 7.0, plain: 4.0 };

const scratch = await mkdtemp(path.join(os.tmpdir(), 'handoff-bench-'));
try {
  const loadAtStart = os.loadavg();
  const names = Object.keys(EARLY_EXIT);
  const samples = Object.fromEntries(names.map((name) => [name, { action: [], node: [], ratio: [], baseline: [], againstBaseline: [] }]));
  const baselineBundle = baselineRoot ? Object.fromEntries(await Promise.all(names.map(async (name) => [name, await firstExisting([name, FORMER_NAME[name]].filter(Boolean).map((candidate) => path.join(baselineRoot, 'actions', candidate, 'dist', 'index.js')))]))) : {};
  const nodeStart = () => timed(process.execPath, ['-e', '0'], { env: { PATH: process.env.PATH } });
  for (let round = 0; round < runs; round++) {
    const order = names.map((_, index) => names[(index + round) % names.length]);
    for (const name of order) {
      // node -e 0 before the action in even rounds, after it in odd ones
      const before = round % 2 === 0 ? await nodeStart() : undefined;
      const action = await runAction(name, { workspace: scratch, inputs: EARLY_EXIT[name] });
      const node = before ?? (await nodeStart());
      samples[name].action.push(action.ms);
      samples[name].node.push(node);
      samples[name].ratio.push(action.ms / node);
      if (baselineBundle[name]) {
        const baseline = await runAction(name, { workspace: scratch, inputs: EARLY_EXIT[name], bundle: baselineBundle[name] });
        samples[name].baseline.push(baseline.ms);
        samples[name].againstBaseline.push(action.ms / baseline.ms);
      }
    }
  }
  const loadAtEnd = os.loadavg();
  const load = (values) => values.map((n) => n.toFixed(2)).join(' ');
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${load(loadAtStart)} at the start, ${load(loadAtEnd)} at the end; ${runs} pairs per action`);
  console.log('');
  const withBaseline = baselineRoot !== undefined;
  if (withBaseline) console.log(`baseline: ${baselineRoot}`);
  console.log(`| action | bundle | AWS SDK at start | cold start, median | node -e 0 beside it, median | difference, median | ratio, median (min–max) | target | verdict |${withBaseline ? ' baseline, median | this/baseline, median (min–max) |' : ''}`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |${withBaseline ? ' --- | --- |' : ''}`);
  let allPass = true;
  for (const name of names) {
    const bundle = path.join(root, 'actions', name, 'dist', 'index.js');
    const size = (await readFile(bundle)).length;
    const { action, node, ratio, baseline, againstBaseline } = samples[name];
    const baselineCells = !withBaseline ? '' : baseline.length === 0 ? ' (no bundle) | |' : ` ${median(baseline).toFixed(0)} ms | ${median(againstBaseline).toFixed(2)}x (${Math.min(...againstBaseline).toFixed(2)}–${Math.max(...againstBaseline).toFixed(2)}) |`;
    const difference = action.map((ms, index) => ms - node[index]);
    const sdk = LOADS_AWS_SDK.has(name);
    const target = sdk ? TARGET_RATIO.sdk : TARGET_RATIO.plain;
    const pass = median(ratio) <= target;
    if (!pass) allPass = false;
    console.log(
      `| ${name} | ${(size / 1024).toFixed(0)} KiB | ${sdk ? 'yes' : 'no'} | ${median(action).toFixed(0)} ms | ${median(node).toFixed(0)} ms | ${median(difference).toFixed(0)} ms | ` +
        `${median(ratio).toFixed(2)}x (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}) | <= ${target.toFixed(1)}x | ${pass ? 'PASS' : 'FAIL'} |${baselineCells}`,
    );
  }
  process.exitCode = allPass ? 0 : 1;
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
  const claimDir = path.join(dir, 'claim');
  git(dir, 'clone', '-q', bare, claimDir);
  const event = { ref: 'refs/heads/main', before, after, created: false, forced: false, repository: { full_name: 'acme/bench', default_branch: 'main' } };
  const claim = await runAction('claim', { workspace: claimDir, event });
  const commit = claim.outputs.commit;
  const runDir = path.join(dir, 'run');
  git(dir, 'clone', '-q', bare, runDir);
  git(runDir, 'checkout', '-q', commit);
  const run = await runAction('run', { workspace: runDir, inputs: { 'task-file': `tasks/in-progress/${id}.md` } });
  const record = await runAction('record', { workspace: runDir, inputs: { 'result-paths': run.outputs['result-path'], 'task-file': `tasks/in-progress/${id}.md`, 'run-outcome': 'success' } });
  const total = performance.now() - started;
  const landed = git(bare, 'ls-tree', '-r', '--name-only', 'main', '--', 'tasks/completed').includes(`${id}.md`);
  console.log(`\nclaim -> run -> record (local, real git and hugo): ${total.toFixed(0)} ms wall (claim ${claim.ms.toFixed(0)} ms, run ${run.ms.toFixed(0)} ms, record ${record.ms.toFixed(0)} ms; clones in between)`);
  console.log(`result committed on the remote: ${landed ? 'yes' : 'NO'}; task status ${run.outputs.status}`);
}

async function runAction(name, { workspace, inputs = {}, event = {}, bundle = path.join(root, 'actions', name, 'dist', 'index.js') }) {
  const files = await mkdtemp(path.join(scratch, 'runner-'));
  const env = { PATH: process.env.PATH, HOME: files, GIT_CONFIG_NOSYSTEM: '1', ...runnerEnvironment({ files, workspace, inputs, event }) };
  const ms = await timed(process.execPath, [bundle], { cwd: workspace, env });
  const outputs = runnerOutputs(files);
  await rm(files, { recursive: true, force: true });
  return { ms, outputs, valueOf: () => ms };
}

async function timed(command, commandArgs, options) {
  const started = performance.now();
  await execFileAsync(command, commandArgs, options).catch(() => undefined);
  return performance.now() - started;
}

async function firstExisting(files) {
  for (const file of files) {
    if (await readFile(file).then(() => true, () => false)) return file;
  }
  return undefined;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}
