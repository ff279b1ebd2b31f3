#!/usr/bin/env node
// Wall time of `handoff run` on a hugo-build task against bare `hugo` on the same site
// (examples/site), measured in the same run, interleaved so machine noise hits both.
//
//   node bench/run-overhead.mjs [--runs N] [--baseline other/bin/handoff.js]   (N >= 5, default 7)
//
// Target: median(handoff) - median(hugo) <= 10% of median(hugo) + 0.3 s. Exits 1 when it is
// missed, 2 on a usage error, 3 when the bench itself cannot run (a build or run failed).
// --baseline also times another build of handoff in the same rounds (before/after a change).
// Besides wall time it reports the CPU (user + sys) of each run's process tree, from /proc/self/stat.
// Only node built-ins are used; see bench/README.md.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(PROJECT, 'bin', 'handoff.js');
const SITE = path.join(PROJECT, 'examples', 'site');
const TEMPLATES = path.join(PROJECT, 'templates');
const BASE_URL = 'http://localhost:1313/';
const ENVIRONMENT = 'dev';
const MIN_RUNS = 5;
const TARGET_FRACTION = 0.1;
const TARGET_SLACK_SECONDS = 0.3;
/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, on every architecture node runs on. */
const CLOCK_TICKS = 100;

class BenchError extends Error {}

function usage(message) {
  process.stderr.write(`run-overhead: ${message}\nusage: node bench/run-overhead.mjs [--runs N] [--baseline other/bin/handoff.js]   (N >= ${MIN_RUNS}, default 7)\n`);
  process.exit(2);
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({ options: { runs: { type: 'string' }, baseline: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    usage(error.message.split('\n')[0]);
  }
  if (parsed.values.help) {
    process.stdout.write(`usage: node bench/run-overhead.mjs [--runs N] [--baseline other/bin/handoff.js]   (N >= ${MIN_RUNS}, default 7)\n`);
    process.exit(0);
  }
  const runs = parsed.values.runs === undefined ? 7 : Number(parsed.values.runs);
  if (!Number.isInteger(runs) || runs < MIN_RUNS) usage(`--runs: expected a whole number >= ${MIN_RUNS}; found "${parsed.values.runs}"`);
  const baseline = parsed.values.baseline === undefined ? undefined : path.resolve(parsed.values.baseline);
  if (baseline !== undefined && !fs.existsSync(baseline)) usage(`--baseline: ${baseline} does not exist (expected another build's bin/handoff.js)`);
  return { runs, baseline };
}

// ---------------------------------------------------------------------------------------------
// Setup

function ensureBuilt() {
  if (fs.existsSync(path.join(PROJECT, 'lib', 'cli', 'main.js'))) return;
  const tsc = path.join(PROJECT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) throw new BenchError(`lib/cli/main.js is missing and ${tsc} is not installed: run npm install first`);
  process.stderr.write('run-overhead: lib/ is missing, building it (tsc -p tsconfig.build.json)…\n');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT, stdio: 'inherit' });
  } catch {
    throw new BenchError('tsc -p tsconfig.build.json failed; fix the build first');
  }
}

function hugoVersion() {
  const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (result.error) throw new BenchError(`cannot run hugo: ${result.error.message} (is hugo installed and on PATH?)`);
  if (result.status !== 0) throw new BenchError(`hugo version exited with ${result.status}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function handoffVersion() {
  const result = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
  if (result.status !== 0) throw new BenchError(`handoff --version exited with ${result.status}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

let benchRoot;
let counter = 0;

function freshDir(label) {
  counter += 1;
  const dir = path.join(benchRoot, `${String(counter).padStart(3, '0')}-${label}`);
  fs.mkdirSync(dir);
  return dir;
}

/** A throwaway handoff repository holding a copy of the site and one pending hugo-build task. */
function prepareHandoffRun(bin = BIN) {
  const repo = freshDir('handoff');
  fs.cpSync(TEMPLATES, path.join(repo, 'templates'), { recursive: true });
  // base_url must come from the config: the template has no default for it. It is the same
  // --baseURL bare hugo gets below.
  fs.writeFileSync(path.join(repo, 'handoff.yml'), `site_path: site\nenvironments:\n  ${ENVIRONMENT}:\n    base_url: ${BASE_URL}\n`);
  for (const state of ['pending', 'in-progress', 'completed', 'failed']) fs.mkdirSync(path.join(repo, 'tasks', state), { recursive: true });
  fs.mkdirSync(path.join(repo, 'results'));
  // A copy, not a symlink: handoff refuses a site_path that leads outside the repository.
  fs.cpSync(SITE, path.join(repo, 'site'), { recursive: true });
  // The temp repository is not a git repository, so the branch is given (the template asks for it).
  const args = [bin, 'new', 'hugo-build', '--env', ENVIRONMENT, '--description', 'bench', '--set', 'current-git-branch=bench', '--root', repo, '--json'];
  const created = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
  const answer = parseJson(created.stdout);
  if (created.status !== 0 || !answer?.ok || typeof answer.path !== 'string') {
    throw new BenchError(`handoff new failed (exit ${created.status}) in temp repo ${repo} (removed on exit):\n${created.stdout}${created.stderr}`);
  }
  return { repo, taskPath: answer.path };
}

function prepareHugoRun() {
  const dir = freshDir('hugo');
  const site = path.join(dir, 'site');
  fs.cpSync(SITE, site, { recursive: true });
  const destination = path.join(dir, 'public');
  fs.mkdirSync(destination);
  return { dir, site, destination };
}

// ---------------------------------------------------------------------------------------------
// Timed runs: only the spawn of the program is inside the clock.

function timed(command, args, options) {
  const cpuBefore = childrenCpuSeconds();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { result, seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore };
}

/**
 * User + system CPU of every child this process has waited for, and of their children (git and
 * hugo under handoff): cutime + cstime in /proc/self/stat. A loaded machine stretches wall time
 * far more than CPU time, so the CPU rows compare builds where the wall rows cannot. NaN (shown
 * n/a) where there is no /proc; 1/CLOCK_TICKS s resolution.
 */
function childrenCpuSeconds() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

function runHandoff(bin = BIN) {
  const { repo, taskPath } = prepareHandoffRun(bin);
  const { result, seconds, cpuSeconds } = timed(process.execPath, [bin, 'run', taskPath, '--root', repo, '--json'], { cwd: repo });
  if (result.error) throw new BenchError(`handoff run could not start: ${result.error.message}`);
  const answer = parseJson(result.stdout);
  if (result.status !== 0 || answer?.ok !== true || answer.status !== 'success') {
    const why = answer?.error?.message ?? answer?.summary ?? '(no JSON answer)';
    throw new BenchError(`handoff run failed (temp repo ${repo}, removed on exit): exit ${result.status}, status ${answer?.status ?? '?'}: ${why}\n${result.stderr.slice(-2000)}`);
  }
  // The result file says how long runTask and hugo inside it took (10 ms resolution).
  const resultText = fs.readFileSync(path.join(repo, answer.result_path), 'utf8');
  return {
    seconds,
    cpuSeconds,
    runTaskSeconds: numberField(resultText, /^duration_seconds: ([\d.]+)$/m),
    hugoInsideSeconds: numberField(resultText, /^ {2}duration_seconds: ([\d.]+)$/m),
    fileCount: numberField(resultText, /^ {2}file_count: (\d+)$/m),
  };
}

function runHugo() {
  const { site, destination } = prepareHugoRun();
  // The flags handoff passes (src/hugo/build.ts hugoArguments) for the hugo-build template.
  const args = ['--source', site, '--destination', destination, '--baseURL', BASE_URL, '--environment', ENVIRONMENT, '--minify', '--cleanDestinationDir', '--noBuildLock'];
  const { result, seconds, cpuSeconds } = timed('hugo', args, { cwd: path.dirname(site) });
  if (result.error) throw new BenchError(`hugo could not start: ${result.error.message}`);
  if (result.status !== 0) throw new BenchError(`hugo ${args.join(' ')} exited with ${result.status}:\n${result.stderr.slice(-2000)}`);
  return { seconds, cpuSeconds, fileCount: countFiles(destination) };
}

function runStartup() {
  const { result, seconds, cpuSeconds } = timed(process.execPath, [BIN, '--version'], { cwd: PROJECT });
  if (result.status !== 0) throw new BenchError(`handoff --version exited with ${result.status}: ${result.stderr}`);
  return { seconds, cpuSeconds };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function numberField(text, pattern) {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : NaN;
}

function countFiles(dir) {
  let count = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) count += 1;
    else if (entry.isDirectory()) count += countFiles(path.join(dir, entry.name));
  }
  return count;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function stats(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function cleanup() {
  if (benchRoot) {
    fs.rmSync(benchRoot, { recursive: true, force: true });
    benchRoot = undefined;
  }
}

// ---------------------------------------------------------------------------------------------

function main() {
  const { runs, baseline } = parseOptions();
  ensureBuilt();
  const hugoLine = hugoVersion();
  const cpus = os.cpus();
  const facts = [
    `date:     ${new Date().toISOString()}`,
    `node:     ${process.version} (${process.platform}/${process.arch})`,
    `hugo:     ${hugoLine}`,
    `handoff:  ${handoffVersion()} (${PROJECT})`,
    `cpus:     ${os.availableParallelism?.() ?? cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown'}`,
    `runs:     ${runs} timed runs of each after 1 warm-up, interleaved (ABBA order)`,
    `load:     ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`,
    ...(baseline ? [`baseline: ${baseline}`] : []),
  ];
  process.stdout.write(`${facts.join('\n')}\n\n`);

  benchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-bench-'));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }

  const samples = { handoff: [], hugo: [], startup: [], runTask: [], hugoInside: [], base: [] };
  const cpu = { handoff: [], hugo: [], startup: [], base: [] };
  const tools = { handoff: () => runHandoff(), hugo: runHugo, startup: runStartup, ...(baseline ? { base: () => runHandoff(baseline) } : {}) };

  // Warm-up: page cache, hugo's binary, node's compile cache. Not recorded, but checked.
  const warmHandoff = tools.handoff();
  const warmHugo = tools.hugo();
  tools.startup();
  tools.base?.();
  if (warmHandoff.fileCount !== warmHugo.fileCount) {
    throw new BenchError(`handoff and bare hugo built different sites: ${warmHandoff.fileCount} files against ${warmHugo.fileCount}`);
  }

  // ABBA: even rounds handoff first, odd rounds hugo first, so neither always follows the other.
  for (let round = 0; round < runs; round += 1) {
    const names = baseline ? ['handoff', 'hugo', 'base', 'startup'] : ['handoff', 'hugo', 'startup'];
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const run = tools[name]();
      samples[name].push(run.seconds);
      cpu[name].push(run.cpuSeconds);
      if (name === 'handoff') {
        samples.runTask.push(run.runTaskSeconds);
        samples.hugoInside.push(run.hugoInsideSeconds);
      }
      process.stderr.write(`  round ${round + 1}/${runs} ${name.padEnd(7)} ${run.seconds.toFixed(3)} s\n`);
    }
  }
  process.stderr.write('\n');

  const hugo = stats(samples.hugo);
  const handoff = stats(samples.handoff);
  const startup = stats(samples.startup);
  const runTask = stats(samples.runTask);
  const hugoInside = stats(samples.hugoInside);
  const base = baseline ? stats(samples.base) : undefined;
  const overhead = handoff.median - hugo.median;
  const ratio = handoff.median / hugo.median;
  const allowed = TARGET_FRACTION * hugo.median + TARGET_SLACK_SECONDS;
  const pass = overhead <= allowed;

  const s = (value) => (Number.isFinite(value) ? value.toFixed(3) : '  n/a');
  const row = (label, stat) => `${label.padEnd(40)} ${s(stat.median).padStart(7)} ${s(stat.min).padStart(7)} ${s(stat.max).padStart(7)}`;
  const lines = [
    `${'wall time, seconds'.padEnd(40)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}`,
    row('hugo (bare)', hugo),
    row('handoff run', handoff),
    row('handoff startup (--version)', startup),
    row('  in handoff run: runTask (result file)', runTask),
    row('  in handoff run: hugo (result file)', hugoInside),
    ...(base ? [row('handoff run, baseline build', base)] : []),
    '',
    `overhead (median handoff - median hugo): ${overhead.toFixed(3)} s`,
    `ratio (median handoff / median hugo):    ${ratio.toFixed(2)}×`,
    ...(base
      ? [`against the baseline build: overhead ${(base.median - hugo.median).toFixed(3)} s -> ${overhead.toFixed(3)} s; handoff run ${(handoff.median / base.median).toFixed(2)}× the baseline's wall time`]
      : []),
    '',
    `${'CPU (user + sys, process tree), seconds'.padEnd(40)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}`,
    row('hugo (bare)', stats(cpu.hugo)),
    row('handoff run', stats(cpu.handoff)),
    row('handoff startup (--version)', stats(cpu.startup)),
    ...(base ? [row('handoff run, baseline build', stats(cpu.base))] : []),
    `CPU handoff adds to hugo (median handoff - median hugo): ${s(median(cpu.handoff) - median(cpu.hugo))} s${
      base ? `; baseline build ${s(median(cpu.base) - median(cpu.hugo))} s; handoff run ${(median(cpu.handoff) / median(cpu.base)).toFixed(2)}× the baseline's CPU` : ''
    }`,
    '',
    `load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `target: overhead <= ${TARGET_FRACTION} × ${hugo.median.toFixed(3)} + ${TARGET_SLACK_SECONDS} = ${allowed.toFixed(3)} s -> ${pass ? 'PASS' : 'FAIL'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return pass ? 0 : 1;
}

let exitCode;
try {
  exitCode = main();
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  process.stderr.write(`run-overhead: bench aborted: ${error.message}\n`);
  exitCode = 3;
} finally {
  cleanup();
}
process.exitCode = exitCode;
