#!/usr/bin/env node
// Deploy speed and request counts of this project's deploy engine against `hugo deploy`,
// `rclone sync` (default and 16/16) and `aws s3 sync`, on generated Hugo sites, against a local
// S3-protocol server (s3rver) behind a request-counting proxy that can add a delay to every
// request, all measured in the same run: wall time, client CPU (user+sys), peak RSS, requests.
//
//   node bench/deploy.mjs [--rounds N] [--sizes 2600,10000] [--delay-ms 0,20]
//                         [--tools handoff-cli,handoff-action,handoff,handoff-sequential,hugo,rclone,rclone16,aws] [--baseline-lib other/lib/deploy/deploy.js]
//   node bench/deploy.mjs --sizes 50000 --rounds 1 --tools handoff,rclone16   (the 50k memory bound, an option: slow)
//
// Scenarios per round: (a) first deploy into an empty bucket, (b) ~1% of the pages edited and
// the site rebuilt, (c) a no-op rebuild. Targets for this engine, per scenario (see TARGETS):
// file PUTs equal to the changed files; client CPU at most rclone's (the better setting); peak
// RSS within the memory bound; wall time at most 0.8x the fastest peer on a first deploy and
// 1.0x on an edit or no-op. Exit codes: 0 every target met, 1 a target missed, 2 usage error,
// 3 the bench could not run or a tool left the bucket different from the local tree.
// See bench/README.md.

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runnerEnvironment, runnerOutputs } from './action-runner.mjs';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEPLOY_JS = path.join(PROJECT, 'lib', 'deploy', 'deploy.js');
/** The `handoff` command as users run it (bin/handoff.js loads lib/bundle, made by `npm run build`). */
const HANDOFF_BIN = path.join(PROJECT, 'bin', 'handoff.js');
const CLI_BUNDLE = path.join(PROJECT, 'lib', 'bundle', 'index.js');
/** The deploy action's committed bundle, run as the runner runs it. */
const DEPLOY_ACTION = path.join(PROJECT, 'actions', 'deploy', 'dist', 'index.js');
const S3RVER_CHILD = path.join(PROJECT, 'lib', 'local-s3', 's3rver-process.js');
const AWS_BIN = '/usr/bin/aws';
/** The engine's manifest object (MANIFEST_NAME in src/deploy/manifest.ts), read from the build once it exists. */
let MANIFEST_KEY;
const EDIT_SHARE = 0.01;
/** Wall time against the fastest peer, per scenario. */
const WALL_TARGET = { first: 0.8, edit: 1.0, noop: 1.0 };
/**
 * Where the wall-time target applies (issue #14: "under 20 ms per request at 10k files"): a
 * distant server and a site big enough for the deploy's own work to show. Elsewhere the ratio is
 * printed for information: against a server on the same machine a sub-second deploy is mostly
 * process start and the server's CPU.
 */
const WALL_TARGET_SCOPE = { files: 10_000, delayMs: 20 };
/** Client CPU (user+sys) against the better of rclone's two settings. */
const CPU_TARGET = 1.0;
/** Peak RSS bound in MB by site size: up to 10k files 120 MB, up to 50k files 200 MB. */
const RSS_TARGETS = [
  { files: 10_000, mb: 120 },
  { files: 50_000, mb: 200 },
];
const TIME_BIN = '/usr/bin/time';
const TOOL_TIMEOUT_MS = 30 * 60 * 1000;
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * The rows that are handoff as users run it, which the verdicts judge: the CLI on a hugo-deploy
 * task, and the deploy action's bundle. `handoff` is the engine alone (deploySite in a minimal
 * runner), kept beside them to show what the product adds.
 */
const PRODUCT_TOOLS = ['handoff-cli', 'handoff-action'];
const TOOLS = [
  { id: 'handoff-cli', label: 'handoff run (CLI)' },
  { id: 'handoff-action', label: 'deploy action' },
  { id: 'handoff', label: 'handoff engine' },
  { id: 'handoff-sequential', label: 'handoff page by page', settings: { parallelListing: false } },
  { id: 'hugo', label: 'hugo deploy' },
  { id: 'rclone', label: 'rclone sync' },
  { id: 'rclone16', label: 'rclone -t16 -c16' },
  { id: 'aws', label: 'aws s3 sync' },
];
const SCENARIOS = [
  { id: 'first', label: '(a) first deploy' },
  { id: 'edit', label: '(b) 1% edited' },
  { id: 'noop', label: '(c) no-op rebuild' },
];

class BenchError extends Error {}

const log = (line) => process.stderr.write(`${line}\n`);

function usage(message) {
  process.stderr.write(
    `deploy bench: ${message}\nusage: node bench/deploy.mjs [--rounds N] [--sizes 2600,10000] [--delay-ms 0,20] [--tools handoff-cli,handoff-action,handoff,handoff-sequential,hugo,rclone,rclone16,aws] [--baseline-lib other/lib/deploy/deploy.js] [--baseline-bin other/bin/handoff.js]\n`,
  );
  process.exit(2);
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        rounds: { type: 'string' },
        sizes: { type: 'string' },
        tools: { type: 'string' },
        'delay-ms': { type: 'string' },
        'baseline-lib': { type: 'string' },
        'baseline-bin': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    usage(error.message.split('\n')[0]);
  }
  if (parsed.values.help) {
    process.stdout.write('usage: node bench/deploy.mjs [--rounds N] [--sizes 2600,10000] [--delay-ms 0,20] [--tools handoff-cli,handoff-action,handoff,handoff-sequential,hugo,rclone,rclone16,aws] [--baseline-lib other/lib/deploy/deploy.js] [--baseline-bin other/bin/handoff.js]\n');
    process.exit(0);
  }
  const rounds = parsed.values.rounds === undefined ? 3 : Number(parsed.values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds: expected a whole number >= 1; found "${parsed.values.rounds}"`);
  const sizes = (parsed.values.sizes ?? '2600,10000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 200)) usage(`--sizes: expected whole numbers >= 200; found "${parsed.values.sizes}"`);
  const delays = (parsed.values['delay-ms'] ?? '0').split(',').map((s) => Number(s.trim()));
  if (delays.some((n) => !Number.isInteger(n) || n < 0 || n > 1000)) usage(`--delay-ms: expected whole numbers of ms from 0 to 1000; found "${parsed.values['delay-ms']}"`);
  const toolIds = (parsed.values.tools ?? TOOLS.map((t) => t.id).join(',')).split(',').map((s) => s.trim());
  for (const id of toolIds) if (!TOOLS.some((t) => t.id === id)) usage(`--tools: unknown tool "${id}" (known: ${TOOLS.map((t) => t.id).join(', ')})`);
  const tools = TOOLS.filter((t) => toolIds.includes(t.id));
  const baselineLib = parsed.values['baseline-lib'];
  if (baselineLib !== undefined) {
    const deployJs = path.resolve(baselineLib);
    if (!fs.existsSync(deployJs)) usage(`--baseline-lib: ${deployJs} does not exist (expected another build's lib/deploy/deploy.js)`);
    // another build of this engine, measured as one more tool, for before/after comparisons
    tools.splice(1, 0, { id: 'handoff-base', label: 'handoff@base', deployJs });
  }
  const baselineBin = parsed.values['baseline-bin'];
  if (baselineBin !== undefined) {
    const bin = path.resolve(baselineBin);
    if (!fs.existsSync(bin)) usage(`--baseline-bin: ${bin} does not exist (expected another build's bin/handoff.js)`);
    // another build of the CLI, run the same way on a dev task (its own bucket), for before/after comparisons
    tools.splice(1, 0, { id: 'handoff-cli-base', label: 'handoff run @base', bin });
  }
  return { rounds, sizes, delays, tools };
}

// ---------------------------------------------------------------------------------------------
// Processes and temporary folders, all cleaned up on exit and on Ctrl-C

const children = new Set();
let benchRoot;
/** Where s3rver keeps its objects: tmpfs when there is one (see serverRoot()). */
let serverRoot;

function killChild(child, signal = 'SIGKILL') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Tools run detached in their own process group, so their helpers go with them.
    if (child.spawnargs && child._benchGroup) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

function cleanup() {
  for (const child of children) killChild(child);
  children.clear();
  for (const dir of [benchRoot, serverRoot]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  benchRoot = undefined;
  serverRoot = undefined;
}

/** Runs a program (argument array, no shell) and resolves with its exit and output; wall time in ms. */
function run(command, args, { env, cwd, timeoutMs = TOOL_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    let child;
    try {
      child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      resolve({ code: -1, stdout: '', stderr: String(error.message), ms: 0 });
      return;
    }
    child._benchGroup = true;
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[bench: killed after ${timeoutMs / 1000} s]`;
      killChild(child);
    }, timeoutMs);
    child.on('error', (error) => {
      stderr += String(error.message);
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      children.delete(child);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, ms });
    });
  });
}

/**
 * Runs a tool under GNU time, which reports what the kernel counted for it and its children
 * (wait4's rusage): user and system CPU seconds and the peak resident set. Resolves like run(),
 * plus cpu (user+sys seconds) and rssMb, or undefined when the report is missing.
 */
async function runMeasured(command, args, options) {
  const usageFile = path.join(benchRoot, `rusage-${process.hrtime.bigint()}.txt`);
  const result = await run(TIME_BIN, ['-f', '%U %S %M', '-o', usageFile, command, ...args], options);
  try {
    const [user, sys, maxKb] = fs.readFileSync(usageFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    if ([user, sys, maxKb].every(Number.isFinite)) Object.assign(result, { cpu: user + sys, rssMb: maxKb / 1024 });
  } catch {
    // no report: the tool was killed before time wrote it
  }
  fs.rmSync(usageFile, { force: true });
  return result;
}

function tail(text, lines = 15) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Setup checks

/** The product rows run what users run: the CLI's bundle and the deploy action's committed bundle. */
function checkProductBuilds(tools) {
  const ids = new Set(tools.map((tool) => tool.id));
  if (ids.has('handoff-cli') && !fs.existsSync(CLI_BUNDLE)) throw new BenchError(`${CLI_BUNDLE} is missing: run npm run build (or leave handoff-cli out with --tools)`);
  if (ids.has('handoff-action') && !fs.existsSync(DEPLOY_ACTION)) throw new BenchError(`${DEPLOY_ACTION} is missing: run npm run bundle (or leave handoff-action out with --tools)`);
  const newestDeploySource = Math.max(...fs.readdirSync(path.join(PROJECT, 'src', 'deploy')).map((f) => fs.statSync(path.join(PROJECT, 'src', 'deploy', f)).mtimeMs));
  if (ids.has('handoff-cli') && fs.existsSync(CLI_BUNDLE) && fs.statSync(CLI_BUNDLE).mtimeMs < newestDeploySource) log('deploy bench: lib/bundle is older than src/deploy: run npm run build to measure the current CLI');
}

function ensureBuilt() {
  const sources = fs.readdirSync(path.join(PROJECT, 'src', 'deploy')).filter((f) => f.endsWith('.ts'));
  const newestSource = Math.max(...sources.map((f) => fs.statSync(path.join(PROJECT, 'src', 'deploy', f)).mtimeMs));
  if (fs.existsSync(DEPLOY_JS) && fs.statSync(DEPLOY_JS).mtimeMs >= newestSource) return;
  const tsc = path.join(PROJECT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) throw new BenchError(`${DEPLOY_JS} is missing or stale and ${tsc} is not installed: run npm install first`);
  log('deploy bench: lib/deploy is missing or older than src/deploy; building (tsc -p tsconfig.build.json)…');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT, stdio: 'inherit' });
  } catch {
    // tsc emits despite type errors elsewhere in the tree; only a missing output is fatal
    if (!fs.existsSync(DEPLOY_JS) || fs.statSync(DEPLOY_JS).mtimeMs < newestSource) {
      throw new BenchError('tsc -p tsconfig.build.json failed to emit lib/deploy; fix the build first');
    }
    log('deploy bench: tsc reported errors (see above) but emitted lib/deploy; going on');
  }
}

/**
 * A tmpfs directory for s3rver's storage (/dev/shm on Linux), or undefined. s3rver stores each
 * object as files; on a disk, its writes and the deletion of a round's objects make the server's
 * speed depend on the disk's writeback rather than on the requests the tools send.
 */
function memoryTmpDir() {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return fs.statSync('/dev/shm').isDirectory() ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

function versionOf(command, args, pattern = /.*/) {
  try {
    const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return (out.match(pattern)?.[0] ?? out).trim().split('\n')[0];
  } catch (error) {
    return undefined;
  }
}

function checkTools(tools) {
  const versions = { node: process.version };
  versions.hugo = versionOf('hugo', ['version']);
  if (!versions.hugo) throw new BenchError('cannot run hugo (apt-get install hugo): it builds the sites');
  if (!versionOf(TIME_BIN, ['--version'])) throw new BenchError(`cannot run ${TIME_BIN} (apt-get install time): it measures each tool's CPU and memory`);
  for (const tool of tools) {
    if (tool.id.startsWith('rclone')) {
      versions.rclone = versionOf('rclone', ['version']);
      if (!versions.rclone) throw new BenchError('cannot run rclone (apt-get install rclone), or leave it out with --tools');
    }
    if (tool.id === 'aws') {
      versions.aws = versionOf(AWS_BIN, ['--version']);
      if (!versions.aws) throw new BenchError(`cannot run ${AWS_BIN} (apt-get install awscli), or leave it out with --tools`);
    }
  }
  return versions;
}

// ---------------------------------------------------------------------------------------------
// Site generation: content pages in sections, a minimal layout, static assets

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna ' +
  'aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute ' +
  'irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non ' +
  'proident sunt culpa qui officia deserunt mollit anim id est laborum deploy bucket static site hugo build content ' +
  'page section cache edge origin request object upload listing manifest checksum header feed sitemap asset image'
).split(' ');

function paragraph(random, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}

/**
 * How a site of about `target` output files is made up: pages (one index.html each), sections
 * (index.html and index.xml each), the home page, its feed, the sitemap and 404.html, and static
 * assets (about 4%: images, fonts, CSS, JS).
 */
function siteShape(target) {
  const sections = Math.max(4, Math.round(target / 250));
  const statics = Math.max(8, Math.round(target * 0.04));
  const pages = target - 2 * sections - 4 - statics;
  return { sections, statics, pages };
}

const LAYOUTS = {
  'layouts/_default/baseof.html': `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="stylesheet" href="/css/main.3f2a9c1b7d4e.css">
<script src="/js/app.5e8d2c4a9b1f.js" defer></script>
<link rel="alternate" type="application/rss+xml" href="/index.xml">
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Generated for the handoff deploy bench. No rights reserved.</p></footer>
</body>
</html>
`,
  'layouts/_default/single.html': `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> in <a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p>
{{ with .Params.image }}<img src="{{ . }}" alt="">{{ end }}
{{ .Content }}
</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
`,
  'layouts/_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
`,
  'layouts/index.html': `{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range first 20 site.RegularPages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>
{{ end }}
{{ end }}
`,
  'layouts/404.html': `{{ define "main" }}<h1>Not found</h1><p><a href="/">Home</a></p>{{ end }}
`,
};

function siteConfig(deployUrl) {
  return `baseURL = "https://bench.example.org/"
title = "Deploy bench"
languageCode = "en"
disableKinds = ["taxonomy", "term"]
rssLimit = 50
enableRobotsTXT = false

[deployment]
[[deployment.targets]]
name = "bench"
URL = "${deployUrl}"
`;
}

function hugoDeployUrl(bucket, port) {
  return `s3://${bucket}?endpoint=127.0.0.1:${port}&disableSSL=true&s3ForcePathStyle=true&region=us-east-1`;
}

function writeFile(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function pagePath(site, shape, i) {
  const section = i % shape.sections;
  return path.join(site, 'content', `section-${String(section).padStart(3, '0')}`, `page-${String(i).padStart(5, '0')}.md`);
}

/** Writes the Hugo source of a site of about `target` output files; returns its shape. */
function generateSite(site, target) {
  const shape = siteShape(target);
  const random = mulberry32(target);
  writeFile(path.join(site, 'config.toml'), siteConfig(hugoDeployUrl('unset', 1)));
  for (const [relative, content] of Object.entries(LAYOUTS)) writeFile(path.join(site, relative), content);
  for (let s = 0; s < shape.sections; s++) {
    const name = `section-${String(s).padStart(3, '0')}`;
    writeFile(path.join(site, 'content', name, '_index.md'), `---\ntitle: "Section ${s}"\n---\n${paragraph(random, 40)}\n`);
  }
  const images = [];
  const statics = [];
  // a few fixed assets, then images
  statics.push(['css/main.3f2a9c1b7d4e.css', Buffer.from(Array.from({ length: 600 }, (_, i) => `.c${i}{margin:${i % 17}px;padding:${i % 5}px}\n`).join(''))]);
  statics.push(['js/app.5e8d2c4a9b1f.js', Buffer.from(Array.from({ length: 900 }, (_, i) => `function f${i}(a){return a*${i}+${i % 13};}\n`).join(''))]);
  statics.push(['favicon.ico', randomBytes(random, 1150)]);
  statics.push(['robots.txt', Buffer.from('User-agent: *\nAllow: /\n')]);
  statics.push(['site.webmanifest', Buffer.from('{"name":"Deploy bench","icons":[]}\n')]);
  for (let f = 0; statics.length < Math.min(8, shape.statics); f++) statics.push([`fonts/font-${f}.woff2`, randomBytes(random, 20000 + f * 3000)]);
  for (let n = 0; statics.length < shape.statics; n++) {
    const name = `images/img-${String(n).padStart(4, '0')}.${n % 3 === 0 ? 'png' : n % 3 === 1 ? 'jpg' : 'webp'}`;
    statics.push([name, randomBytes(random, 8000 + Math.floor(random() * 72000))]);
    images.push(`/${name}`);
  }
  for (const [relative, content] of statics) writeFile(path.join(site, 'static', relative), content);
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < shape.pages; i++) {
    const random2 = mulberry32(i + 1);
    const date = new Date(start + i * 3_600_000).toISOString();
    const paragraphs = [];
    const count = 3 + Math.floor(random2() * 8);
    for (let p = 0; p < count; p++) paragraphs.push(paragraph(random2, 30 + Math.floor(random2() * 90)));
    paragraphs[0] = `Revision 0. ${paragraphs[0]}`;
    const image = i % 7 === 0 && images.length ? `image: "${images[i % images.length]}"\n` : '';
    writeFile(
      pagePath(site, shape, i),
      `---\ntitle: "Page ${i}: ${paragraph(random2, 4).slice(0, -1)}"\ndate: ${date}\n${image}---\n\n${paragraphs.join('\n\n')}\n`,
    );
  }
  return shape;
}

function randomBytes(random, size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) out.writeUInt32LE(Math.floor(random() * 4294967296), Math.min(i, size - 4));
  return out;
}

/** Edits the first paragraph of ~1% of the pages (a different 1% each round); returns how many. */
function editPages(site, shape, round) {
  const step = Math.round(1 / EDIT_SHARE);
  const offset = (round * 37) % step;
  let edited = 0;
  for (let i = offset; i < shape.pages; i += step) {
    const file = pagePath(site, shape, i);
    const text = fs.readFileSync(file, 'utf8');
    const next = text.replace(/Revision (\d+)\./, (_, n) => `Revision ${Number(n) + 1}.`);
    if (next === text) throw new BenchError(`could not edit ${file}`);
    fs.writeFileSync(file, next);
    edited++;
  }
  return edited;
}

async function buildSite(site) {
  const result = await run('hugo', ['--source', site, '--quiet'], { env: process.env });
  if (result.code !== 0) throw new BenchError(`hugo build of ${site} failed (${result.code}):\n${tail(result.stderr + result.stdout)}`);
  return result.ms;
}

/** Relative path -> { size, md5 } of every file in the build output. */
function hashTree(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else if (entry.isFile()) {
        const content = fs.readFileSync(absolute);
        files.set(path.relative(root, absolute).split(path.sep).join('/'), {
          size: content.length,
          md5: createHash('md5').update(content).digest('hex'),
        });
      }
    }
  };
  walk(root);
  return files;
}

function changedFiles(before, after) {
  let changed = 0;
  for (const [relative, file] of after) if (before.get(relative)?.md5 !== file.md5) changed++;
  for (const relative of before.keys()) if (!after.has(relative)) changed++;
  return changed;
}

// ---------------------------------------------------------------------------------------------
// The S3 server and the request-counting proxy

async function startS3rver(directory, buckets) {
  fs.mkdirSync(directory, { recursive: true });
  const child = spawn(process.execPath, ['--openssl-legacy-provider', S3RVER_CHILD, directory, ...buckets], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new BenchError(`s3rver did not start in 15 s: ${stderr}`)), 15_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line).port);
      } catch {
        reject(new BenchError(`unexpected s3rver output: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new BenchError(`s3rver exited with ${code}: ${stderr}`));
    });
  });
  return {
    port,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const WARMUP_BUCKET = 'bench-warmup';
const WARMUP_OBJECTS = 1000;

/**
 * A fresh s3rver process runs its first requests unoptimised (V8 has not compiled its hot paths
 * yet), which would slow down whichever tool comes first. So every new server first takes
 * uncounted PUTs, a listing, GETs and deletes through the proxy, in a bucket of its own.
 */
async function warmUp(proxy) {
  const started = performance.now();
  const endpoint = `http://127.0.0.1:${proxy.port}`;
  const warm = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    const body = Buffer.alloc(4000, 'w');
    const keys = Array.from({ length: WARMUP_OBJECTS }, (_, i) => `warm/d${i % 50}/p${i}/index.html`);
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++];
        await warm.send(new PutObjectCommand({ Bucket: WARMUP_BUCKET, Key: key, Body: body, ContentType: 'text/html' }));
        if (next % 5 === 0) await warm.send(new GetObjectCommand({ Bucket: WARMUP_BUCKET, Key: key })).then((out) => out.Body?.transformToByteArray());
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await listBucket(warm, WARMUP_BUCKET);
    for (let start = 0; start < keys.length; start += 1000) {
      await warm.send(
        new DeleteObjectsCommand({ Bucket: WARMUP_BUCKET, Delete: { Objects: keys.slice(start, start + 1000).map((Key) => ({ Key })), Quiet: true } }),
      );
    }
  } finally {
    warm.destroy();
    proxy.reset();
  }
  log(`   (s3rver warmed up with ${WARMUP_OBJECTS} PUTs, a listing, GETs and deletes in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const COUNT_KINDS = ['PUT', 'GET', 'HEAD', 'DELETE', 'POST', 'LIST', 'other'];

function emptyCounts() {
  return { PUT: 0, GET: 0, HEAD: 0, DELETE: 0, POST: 0, LIST: 0, other: 0, manifestPut: 0, errors: 0, resent: 0, putKeys: new Set() };
}

/**
 * What kind of request this is, by method and path-style URL: object requests by method,
 * ListObjects as LIST, DeleteObjects (POST ?delete) and multipart steps as POST, other
 * bucket-level requests (CreateBucket, GetBucketLocation, HeadBucket) as other.
 */
function classify(method, rawUrl) {
  const url = new URL(rawUrl, 'http://proxy.invalid');
  const match = /^\/([^/]+)\/?(.*)$/.exec(url.pathname);
  const key = match ? decodeURIComponent(match[2]) : '';
  if (method === 'POST') return { kind: 'POST', key };
  if (!key) return { kind: method === 'GET' && !url.searchParams.has('location') ? 'LIST' : 'other', key };
  return { kind: COUNT_KINDS.includes(method) ? method : 'other', key };
}

async function startCountingProxy(target) {
  const agent = new http.Agent({ keepAlive: true });
  const state = { counts: emptyCounts(), delayMs: 0 };
  const server = http.createServer((req, res) => {
    const counts = state.counts;
    const { kind, key } = classify(req.method ?? 'GET', req.url ?? '/');
    // A PUT of a key already PUT in this run is a tool's retry of a request that failed on the
    // way (a reset keep-alive connection, a 5xx): counted apart, so "PUTs = changed files" still
    // checks what was uploaded, and the retries are shown, not hidden.
    if (kind === 'PUT' && counts.putKeys.has(key)) counts.resent++;
    else {
      if (kind === 'PUT') counts.putKeys.add(key);
      counts[kind]++;
      if (kind === 'PUT' && key === MANIFEST_KEY) counts.manifestPut++;
    }
    // the distance to a real S3 endpoint: every request waits before it is forwarded
    if (state.delayMs > 0) {
      req.pause();
      setTimeout(() => forward(req, res, counts), state.delayMs);
    } else {
      forward(req, res, counts);
    }
  });
  const forward = (req, res, counts) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers, agent },
      (upstreamRes) => {
        if ((upstreamRes.statusCode ?? 500) >= 400) counts.errors++;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    /** Starts a new count; returns the counts object that fills as requests arrive. */
    reset() {
      state.counts = emptyCounts();
      return state.counts;
    },
    /** Milliseconds every request waits from now on (0: none). */
    setDelay(ms) {
      state.delayMs = ms;
    },
    stop: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Key -> { size, etag } of the whole bucket, straight from s3rver (not counted). */
async function listBucket(client, bucket) {
  const objects = new Map();
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) objects.set(item.Key, { size: item.Size ?? 0, etag: (item.ETag ?? '').replace(/"/g, '') });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Differences between the bucket and the local tree; empty when they agree. */
function compareBucket(objects, tree, toolId) {
  const problems = [];
  for (const [relative, file] of tree) {
    const object = objects.get(relative);
    if (!object) problems.push(`missing ${relative}`);
    else if (object.size !== file.size) problems.push(`size ${relative}: bucket ${object.size}, local ${file.size}`);
    else if (!object.etag.includes('-') && object.etag !== file.md5) problems.push(`md5 ${relative}: ETag ${object.etag}, local ${file.md5}`);
  }
  for (const key of objects.keys()) {
    if (tree.has(key)) continue;
    if (toolId.startsWith('handoff') && key === MANIFEST_KEY) continue;
    problems.push(`extra ${key}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The tools

function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_') || name.startsWith('RCLONE_')) delete env[name];
  return env;
}

// The keys in the environment are read and passed down as the edges do
// (deployOverridesFrom in src/settings): deploySite itself reads no environment, and without keys
// it loads the SDK's credential chain. A build without s3-credentials.js read them itself.
const engineRunner = (deployJs) => `
import { deploySite } from ${JSON.stringify(pathToFileURL(deployJs).href)};
const settings = JSON.parse(process.argv[1]);
const { credentialsInEnvironment } = await import(${JSON.stringify(pathToFileURL(path.join(path.dirname(deployJs), 's3-credentials.js')).href)}).catch(() => ({}));
const credentials = credentialsInEnvironment?.(process.env);
if (credentials) settings.s3.credentials = credentials;
const report = await deploySite(settings);
process.stdout.write(JSON.stringify({ outputs: report.outputs, summary: report.summary, failure: report.failure ?? null, warnings: report.warnings }) + '\\n');
process.exitCode = report.outputs.deployment_success ? 0 : 1;
`;

// ---------------------------------------------------------------------------------------------
// The product rows: the CLI on a hugo-deploy task, the deploy action's bundle

/** The hugo the CLI finds on PATH: a wrapper that records hugo's own CPU and peak RSS, then runs it. */
let realHugo;
let productRuns = 0;

function findRealHugo() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', 'hugo');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  throw new BenchError('cannot find hugo on PATH');
}

/**
 * A repository for the CLI around a size's site: handoff.yml sends staging to the CLI's bucket
 * (the endpoint comes from HANDOFF_S3_ENDPOINT, as on a machine pointed at another S3), with no
 * base_url or site_url, so hugo builds exactly what the bench's own build made and no live check
 * leaves 127.0.0.1.
 */
function prepareCliRepo(repo) {
  // dev: the bucket of --baseline-bin's build
  fs.writeFileSync(
    path.join(repo, 'handoff.yml'),
    `site_path: site\nenvironments:\n  staging:\n    bucket: ${bucketName({ id: 'handoff-cli' })}\n    region: us-east-1\n  dev:\n    bucket: ${bucketName({ id: 'handoff-cli-base' })}\n    region: us-east-1\n`,
  );
  for (const state of ['pending', 'in-progress', 'completed', 'failed']) fs.mkdirSync(path.join(repo, 'tasks', state), { recursive: true });
  fs.mkdirSync(path.join(repo, 'results'), { recursive: true });
}

/**
 * `handoff run tasks/pending/<id>.md --json` on a fresh hugo-deploy task (written outside the
 * clock), as a user runs it. The CLI builds the site itself: its wall time has the result file's
 * build_duration_seconds taken out, its CPU the CPU hugo used (recorded by a wrapper on PATH),
 * so its row is the deploy with node's start, the task's bookkeeping and the build's tree digest.
 */
function cliCommand({ repo, bucket, endpoint, emptyFile, env, bin, environment }) {
  productRuns += 1;
  const id = `2026-01-01-0000-hugo-deploy-bench-${productRuns}`;
  const task = `---\nid: "${id}"\ntype: hugo-deploy\nenvironment: ${environment}\ndescription: "deploy bench"\ncreated: "2026-01-01T00:00:00Z"\nparams:\n  site_path: "site"\n  invalidate: false\nsuccess_criteria:\n  - deployment_success == true\n---\n`;
  const taskFile = path.join('tasks', 'pending', `${id}.md`);
  fs.writeFileSync(path.join(repo, taskFile), task);
  const wrapperDir = path.join(benchRoot, `hugo-wrapper-${productRuns}`);
  const hugoUsage = path.join(wrapperDir, 'rusage.txt');
  fs.mkdirSync(wrapperDir);
  fs.writeFileSync(path.join(wrapperDir, 'hugo'), `#!/bin/sh\nexec ${TIME_BIN} -a -o '${hugoUsage}' -f '%e %U %S %M' '${realHugo}' "$@"\n`, { mode: 0o755 });
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: emptyFile,
    AWS_SHARED_CREDENTIALS_FILE: emptyFile,
    HANDOFF_S3_ENDPOINT: endpoint,
    PATH: `${wrapperDir}${path.delimiter}${process.env.PATH ?? ''}`,
  });
  if (bucket !== bucketName({ id: environment === 'staging' ? 'handoff-cli' : 'handoff-cli-base' })) throw new Error(`the CLI deploys to handoff.yml's bucket, not ${bucket}`);
  return {
    command: process.execPath,
    args: [bin, 'run', taskFile, '--root', repo, '--json'],
    env,
    cwd: repo,
    finish(result, record) {
      let answer;
      try {
        answer = JSON.parse(result.stdout);
      } catch {
        record.problems.push(`no JSON answer on stdout: ${tail(result.stdout + result.stderr, 5)}`);
        return;
      }
      record.summary = answer.summary;
      if (answer.status !== 'success') record.problems.push(`status ${answer.status}: ${answer.error?.message ?? answer.summary}`);
      const resultText = answer.result_path ? fs.readFileSync(path.join(repo, answer.result_path), 'utf8') : '';
      const buildSeconds = Number(/^ {2}build_duration_seconds: ([\d.]+)$/m.exec(resultText)?.[1]);
      const hugoRuns = fs.existsSync(hugoUsage) ? fs.readFileSync(hugoUsage, 'utf8').trim().split('\n').filter((line) => /^[\d.]+ [\d.]+ [\d.]+ \d+$/.test(line)) : [];
      if (!Number.isFinite(buildSeconds) || hugoRuns.length === 0) {
        record.problems.push(`cannot take the build apart: build_duration_seconds ${buildSeconds}, ${hugoRuns.length} hugo runs recorded`);
        return;
      }
      const hugo = hugoRuns.map((line) => line.split(' ').map(Number));
      const build = { seconds: buildSeconds, cpu: hugo.reduce((sum, [, user, sys]) => sum + user + sys, 0), rssMb: Math.max(...hugo.map(([, , , kb]) => kb)) / 1024 };
      record.build = build;
      record.ms -= buildSeconds * 1000;
      if (record.cpu !== undefined) record.cpu -= build.cpu;
      // GNU time's peak RSS is the largest of the process and its children: hugo's, when it is larger
      if (record.rssMb !== undefined && record.rssMb <= build.rssMb) record.rssWithHugo = true;
    },
  };
}

/** The deploy action's inputs with their defaults from action.yml, as the runner passes them all. */
let actionDefaults;
function deployActionDefaults() {
  if (actionDefaults) return actionDefaults;
  const text = fs.readFileSync(path.join(PROJECT, 'actions', 'deploy', 'action.yml'), 'utf8');
  const inputs = text.slice(text.indexOf('\ninputs:'), text.indexOf('\noutputs:'));
  actionDefaults = {};
  for (const match of inputs.matchAll(/^ {2}([a-z-]+):\n(?:^ {4}.*\n)*?^ {4}default: (?:'([^']*)'|(.*))$/gm)) actionDefaults[match[1]] = match[2] ?? match[3].trim();
  return actionDefaults;
}

/**
 * `node actions/deploy/dist/index.js` as the runner runs it (see test/actions/harness.ts): every
 * input as INPUT_<NAME>, the GITHUB_* files, credentials in AWS_* as
 * aws-actions/configure-aws-credentials leaves them; its outputs are read from GITHUB_OUTPUT.
 */
function actionCommand({ site, publicDir, bucket, endpoint, env }) {
  productRuns += 1;
  const files = path.join(benchRoot, `runner-${productRuns}`);
  fs.mkdirSync(files);
  const inputs = { ...deployActionDefaults(), 'source-dir': path.relative(site, publicDir), bucket, region: 'us-east-1', 's3-endpoint': endpoint, 'force-path-style': 'true' };
  Object.assign(env, runnerEnvironment({ files, workspace: site, inputs }), {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(files, 'env'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(files, 'env'),
  });
  return {
    command: process.execPath,
    args: [DEPLOY_ACTION],
    env,
    cwd: site,
    finish(result, record) {
      const outputs = runnerOutputs(files);
      record.summary = outputs.summary;
      if (outputs['deployment-success'] !== 'true') record.problems.push(`deployment-success ${outputs['deployment-success']}: ${tail(result.stdout + result.stderr, 5)}`);
      const warnings = result.stdout.split('\n').filter((line) => line.startsWith('::warning'));
      if (warnings.length) record.problems.push(`warnings: ${warnings.join('; ')}`);
      fs.rmSync(files, { recursive: true, force: true });
    },
  };
}

function toolCommand(tool, { site, publicDir, bucket, port, emptyFile, repo }) {
  const endpoint = `http://127.0.0.1:${port}`;
  const env = cleanEnv();
  switch (tool.id) {
    case 'handoff-cli':
    case 'handoff-cli-base':
      return cliCommand({ repo, bucket, endpoint, emptyFile, env, bin: tool.bin ?? HANDOFF_BIN, environment: tool.id === 'handoff-cli' ? 'staging' : 'dev' });
    case 'handoff-action':
      return actionCommand({ site, publicDir, bucket, endpoint, env });
    case 'handoff':
    case 'handoff-sequential':
    case 'handoff-base': {
      env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
      env.AWS_CONFIG_FILE = emptyFile;
      env.AWS_SHARED_CREDENTIALS_FILE = emptyFile;
      const settings = {
        sourceDir: publicDir,
        bucket,
        // Every field of the deploy target stated (the engine applies no default of its own), as resolveDeployTarget gives them.
        prefix: '',
        s3: { region: 'us-east-1', endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', credentials: null },
        maxDeletes: 256,
        concurrency: 64,
        parallelListing: true,
        distributionId: null,
        cloudfront: { distributionId: null },
        url: null,
        ...tool.settings,
      };
      return { command: process.execPath, args: ['--input-type=module', '-e', engineRunner(tool.deployJs ?? DEPLOY_JS), JSON.stringify(settings)], env };
    }
    case 'hugo':
      env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
      env.AWS_CONFIG_FILE = emptyFile;
      env.AWS_SHARED_CREDENTIALS_FILE = emptyFile;
      return { command: 'hugo', args: ['deploy', '--source', site, '--target', 'bench'], env };
    case 'rclone':
    case 'rclone16':
      return {
        command: 'rclone',
        args: [
          'sync', '--checksum', '--fast-list', '--s3-no-head', publicDir, `:s3:${bucket}`,
          '--config', emptyFile,
          '--s3-provider', 'Other',
          '--s3-endpoint', endpoint,
          '--s3-access-key-id', CREDENTIALS.accessKeyId,
          '--s3-secret-access-key', CREDENTIALS.secretAccessKey,
          '--s3-region', 'us-east-1',
          '--s3-force-path-style=true',
          ...(tool.id === 'rclone16' ? ['--transfers', '16', '--checkers', '16'] : []),
        ],
        env,
      };
    case 'aws':
      env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
      env.AWS_DEFAULT_REGION = 'us-east-1';
      env.AWS_CONFIG_FILE = emptyFile;
      env.AWS_SHARED_CREDENTIALS_FILE = emptyFile;
      env.AWS_PAGER = '';
      return {
        command: AWS_BIN,
        args: ['s3', 'sync', publicDir, `s3://${bucket}`, '--endpoint-url', endpoint, '--delete', '--only-show-errors'],
        env,
      };
    default:
      throw new Error(`unknown tool ${tool.id}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function bucketName(tool) {
  return `bench-${tool.id}`;
}

/**
 * One size: a site, then per delay and round a fresh server and buckets, and the three
 * scenarios. Pushes one result per delay; the site's edits go on across delays, so each round
 * edits a different 1%.
 */
async function benchSize(target, options, results) {
  const sizeDir = path.join(benchRoot, `size-${target}`);
  const site = path.join(sizeDir, 'site');
  const publicDir = path.join(site, 'public');
  const emptyFile = path.join(benchRoot, 'empty.conf');
  fs.writeFileSync(emptyFile, '');
  log(`\n[${target}] generating the site…`);
  const shape = generateSite(site, target);
  if (options.tools.some((tool) => tool.id.startsWith('handoff-cli'))) prepareCliRepo(sizeDir);
  const buildMs = await buildSite(site);
  let tree = hashTree(publicDir);
  const totalBytes = [...tree.values()].reduce((sum, f) => sum + f.size, 0);
  log(`[${target}] built ${tree.size} files (${(totalBytes / 1e6).toFixed(1)} MB; ${shape.pages} pages, ${shape.sections} sections, ${shape.statics} static) in ${(buildMs / 1000).toFixed(1)} s`);

  let editRound = 0;
  for (const delayMs of options.delays) {
    const size = { target, delayMs, files: tree.size, bytes: totalBytes, shape, builds: [], runs: [], edited: [], changed: { first: [], edit: [], noop: [] } };
    results.push(size);
    const tag = `[${target}${delayMs ? ` +${delayMs} ms` : ''}]`;
    for (let round = 0; round < options.rounds; round++, editRound++) {
      const s3Dir = path.join(serverRoot, `size-${target}-delay-${delayMs}-round-${round}`);
      const server = await startS3rver(s3Dir, [...options.tools.map(bucketName), WARMUP_BUCKET]);
      const proxy = await startCountingProxy(server.port);
      const direct = new S3Client({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${server.port}`,
        forcePathStyle: true,
        credentials: CREDENTIALS,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      // Rotated every other round and reversed in between, so no tool always runs first (right
      // after a build) nor always right after the same tool: with a plain rotation each tool had
      // one predecessor in every round, and a handoff run right after rclone 16/16 took 10-25%
      // more CPU than one right after another handoff (1 December 2026).
      const turned = options.tools.map((_, i) => options.tools[(i + Math.floor(round / 2)) % options.tools.length]);
      const order = round % 2 === 1 ? turned.reverse() : turned;
      try {
        await warmUp(proxy);
        proxy.setDelay(delayMs);
        fs.writeFileSync(path.join(site, 'config.toml'), siteConfig(hugoDeployUrl(bucketName({ id: 'hugo' }), proxy.port)));
        for (const scenario of SCENARIOS) {
          if (scenario.id === 'first') {
            size.changed.first.push(tree.size);
          } else {
            const before = tree;
            let edited = 0;
            if (scenario.id === 'edit') edited = editPages(site, shape, editRound);
            const ms = await buildSite(site);
            size.builds.push({ scenario: scenario.id, ms });
            tree = hashTree(publicDir);
            const changed = changedFiles(before, tree);
            size.changed[scenario.id].push(changed);
            if (scenario.id === 'edit') size.edited.push(edited);
            log(`${tag} round ${round + 1}: ${scenario.id === 'edit' ? `edited ${edited} pages, ` : ''}rebuilt in ${(ms / 1000).toFixed(1)} s: ${changed} files changed`);
          }
          for (const tool of order) {
            const bucket = bucketName(tool);
            const { command, args, env, cwd, finish } = toolCommand(tool, { site, publicDir, bucket, port: proxy.port, emptyFile, repo: sizeDir });
            const counts = proxy.reset();
            const serverCpuBefore = cpuSeconds(server.child.pid);
            const result = await runMeasured(command, args, { env, ...(cwd ? { cwd } : {}) });
            const serverCpuAfter = cpuSeconds(server.child.pid);
            const record = { round, scenario: scenario.id, tool: tool.id, ms: result.ms, code: result.code, counts: { ...counts }, problems: [] };
            if (result.cpu !== undefined) Object.assign(record, { cpu: result.cpu, rssMb: result.rssMb });
            if (serverCpuBefore !== undefined && serverCpuAfter !== undefined) record.serverCpu = serverCpuAfter - serverCpuBefore;
            if (result.code !== 0) {
              record.problems.push(`exit ${result.code}: ${tail(result.stderr || result.stdout, 8)}`);
            }
            if (finish) {
              // the product rows: their own answer, and the build taken out of the CLI's figures
              finish(result, record);
            } else if (tool.id.startsWith('handoff')) {
              try {
                const report = JSON.parse(result.stdout.trim().split('\n').pop());
                record.summary = report.summary;
                if (report.warnings?.length) record.problems.push(`warnings: ${report.warnings.join('; ')}`);
              } catch {
                record.problems.push(`no report on stdout: ${tail(result.stdout, 3)}`);
              }
            }
            if (tool.id === 'hugo' && /skipping|max.?deletes/i.test(result.stdout + result.stderr)) {
              record.problems.push(`hugo deploy skipped deletes: ${tail(result.stdout + result.stderr, 3)}`);
            }
            // correctness: the bucket must now equal the local tree
            const problems = compareBucket(await listBucket(direct, bucket), tree, tool.id);
            if (problems.length) {
              record.mismatch = problems.length;
              record.problems.push(`BUCKET != LOCAL TREE (${problems.length} differences): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`);
            }
            size.runs.push(record);
            const filePuts = counts.PUT - counts.manifestPut;
            log(
              `${tag} round ${round + 1} ${scenario.label.padEnd(18)} ${tool.label.padEnd(17)} ${(record.ms / 1000).toFixed(2).padStart(7)} s` +
                `${record.cpu !== undefined ? `  CPU ${record.cpu.toFixed(2)} s  RSS ${record.rssMb.toFixed(0)} MB` : ''}  PUT ${filePuts}${counts.manifestPut ? `+${counts.manifestPut}m` : ''}${counts.resent ? ` (+${counts.resent} resent)` : ''}` +
                `${record.serverCpu !== undefined ? `  s3rver CPU ${record.serverCpu.toFixed(2)} s` : ''}${record.build ? `  (hugo apart: ${record.build.seconds.toFixed(2)} s, CPU ${record.build.cpu.toFixed(2)} s)` : ''}${record.summary ? `  (${record.summary})` : ''}`,
            );
            for (const problem of record.problems) log(`   !!! ${tool.label}: ${problem}`);
          }
        }
      } finally {
        direct.destroy();
        await proxy.stop();
        await server.stop();
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(ms) {
  return (ms / 1000).toFixed(2);
}

function countText(values) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? String(lo) : `${median(values)} (${lo}–${hi})`;
}

/** The peak RSS bound for a site of this many files, or undefined past the largest one. */
function rssTarget(files) {
  return RSS_TARGETS.find((t) => files <= t.files)?.mb;
}

function verdict(pass) {
  return pass ? 'PASS' : 'FAIL';
}

function report(results, options) {
  const lines = [];
  const out = (line = '') => lines.push(line);
  let allPass = true;
  let broken = false;
  const checks = [];
  for (const size of results) {
    const toolsHere = options.tools;
    const where = `${size.files} files, ${size.delayMs ? `+${size.delayMs} ms per request` : 'no delay'}`;
    out();
    out(
      `== Site of ${size.files} files (${(size.bytes / 1e6).toFixed(1)} MB: ${size.shape.pages} pages, ${size.shape.sections} sections, ` +
        `${size.shape.statics} static files), ${size.delayMs ? `${size.delayMs} ms added to every request` : 'no added delay'}, ${options.rounds} round${options.rounds === 1 ? '' : 's'} ==`,
    );
    out(
      `changed files per round: (a) ${countText(size.changed.first)}, (b) ${countText(size.changed.edit)} (${countText(size.edited)} pages edited), (c) ${countText(size.changed.noop)}`,
    );
    out();
    const header = ['scenario', 'tool', 'wall s median (min–max)', 'client CPU s', 'peak RSS MB', 's3rver CPU s', 'PUT', 'GET', 'HEAD', 'DEL', 'POST', 'LIST', 'other', 'status'];
    const rows = [header];
    const medians = {};
    for (const scenario of SCENARIOS) {
      medians[scenario.id] = {};
      for (const tool of toolsHere) {
        const runs = size.runs.filter((r) => r.scenario === scenario.id && r.tool === tool.id);
        if (!runs.length) continue;
        const times = runs.map((r) => r.ms);
        const ok = runs.every((r) => r.code === 0 && !r.mismatch);
        if (!ok) broken = true;
        const measured = runs.every((r) => r.cpu !== undefined);
        medians[scenario.id][tool.id] = {
          ms: median(times),
          cpu: measured ? median(runs.map((r) => r.cpu)) : undefined,
          rssMb: measured ? median(runs.map((r) => r.rssMb)) : undefined,
          maxRssMb: measured ? Math.max(...runs.map((r) => r.rssMb)) : undefined,
          ok,
          runs,
        };
        const m = medians[scenario.id][tool.id];
        const count = (kind) => countText(runs.map((r) => (kind === 'PUT' ? r.counts.PUT - r.counts.manifestPut : r.counts[kind])));
        const manifest =
          (runs.some((r) => r.counts.manifestPut) ? ` +${countText(runs.map((r) => r.counts.manifestPut))}m` : '') +
          (runs.some((r) => r.counts.resent) ? ` (+${runs.reduce((sum, r) => sum + r.counts.resent, 0)} resent)` : '');
        const status = runs.some((r) => r.mismatch)
          ? 'MISMATCH'
          : runs.some((r) => r.code !== 0)
            ? `FAILED ×${runs.filter((r) => r.code !== 0).length}`
            : 'ok';
        rows.push([
          scenario.label,
          tool.label,
          `${fmt(median(times))} (${fmt(Math.min(...times))}–${fmt(Math.max(...times))})`,
          m.cpu !== undefined ? m.cpu.toFixed(2) : 'n/a',
          m.rssMb !== undefined ? `${m.rssMb.toFixed(0)} (max ${m.maxRssMb.toFixed(0)})` : 'n/a',
          runs.every((r) => r.serverCpu !== undefined) ? median(runs.map((r) => r.serverCpu)).toFixed(2) : 'n/a',
          count('PUT') + manifest,
          count('GET'),
          count('HEAD'),
          count('DELETE'),
          count('POST'),
          count('LIST'),
          count('other'),
          status,
        ]);
      }
    }
    const widths = header.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    rows.forEach((row, i) => {
      out(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
      if (i === 0) out(widths.map((w) => '-'.repeat(w)).join('  '));
    });
    out('client CPU s: user+sys seconds of the tool\'s process and its children; peak RSS MB: their largest resident set (median, and the largest of the rounds); both from wait4 through GNU time.');
    out('PUT: object PUTs of site files; "+1m": the engine\'s own manifest object (.handoff-manifest.json.gz), rewritten when an ETag changed. "(+N resent)": PUTs of a key already PUT in the run (a retry after a reset connection or a 5xx; all rounds together), not counted as PUTs.');
    out('LIST: ListObjects pages; other: bucket-level requests (CreateBucket, HeadBucket, GetBucketLocation).');
    out('s3rver CPU s: median CPU time the S3 server process used during the run; close to the wall time means the server was the bottleneck.');
    if (toolsHere.some((t) => t.id.startsWith('handoff-cli'))) {
      out("handoff run (CLI): `handoff run` of a hugo-deploy task; wall is the process's minus the result's build_duration_seconds, CPU the process tree's minus what hugo used (read by a wrapper), so the row is node's start, the task's bookkeeping, the build's tree digest and the deploy.");
      const builds = size.runs.filter((r) => r.build);
      if (builds.length) out(`  the build it took apart: hugo ${median(builds.map((r) => r.build.seconds)).toFixed(2)} s wall, ${median(builds.map((r) => r.build.cpu)).toFixed(2)} s CPU, ${median(builds.map((r) => r.build.rssMb)).toFixed(0)} MB peak RSS (medians)`);
    }
    if (toolsHere.some((t) => t.id === 'handoff-action')) out('deploy action: actions/deploy/dist/index.js run as the runner runs it (INPUT_* variables, GITHUB_OUTPUT); handoff engine: deploySite in a minimal runner.');

    // The verdicts judge handoff as users run it (the product rows); the engine alone is judged
    // only when no product row ran.
    const judged = toolsHere.filter((t) => PRODUCT_TOOLS.includes(t.id));
    if (!judged.length && toolsHere.some((t) => t.id === 'handoff')) judged.push(toolsHere.find((t) => t.id === 'handoff'));
    if (!judged.length) continue;
    out();
    for (const scenario of SCENARIOS) {
      const peers = toolsHere.filter((t) => !t.id.startsWith('handoff') && medians[scenario.id][t.id]);
      const okPeers = peers.filter((t) => medians[scenario.id][t.id].ok);
      const engine = medians[scenario.id].handoff;
      for (const subject of judged) {
        const mine = medians[scenario.id][subject.id];
        if (!mine) continue;
        const ratios = peers.map((t) => `${(mine.ms / medians[scenario.id][t.id].ms).toFixed(2)}x ${t.label}`);
        const check = (kind, text, pass) => {
          if (!pass) allPass = false;
          checks.push(`${verdict(pass)}  ${kind.padEnd(5)} ${where}, ${scenario.label}, ${subject.label}: ${text}`);
          out(`    ${kind}: ${text} -> ${verdict(pass)}`);
        };
        out(`${scenario.label}: ${subject.label} ${fmt(mine.ms)} s = ${ratios.join(', ')}`);
        if (engine && subject.id !== 'handoff') {
          out(
            `    against the engine alone: ${fmt(engine.ms)} s -> ${fmt(mine.ms)} s (${(mine.ms / engine.ms).toFixed(2)}x)` +
              `${engine.cpu !== undefined && mine.cpu !== undefined ? `; CPU ${engine.cpu.toFixed(2)} -> ${mine.cpu.toFixed(2)} s (${mine.cpu >= engine.cpu ? '+' : ''}${(mine.cpu - engine.cpu).toFixed(2)} s)` : ''}`,
          );
        }
        const cliBase = medians[scenario.id]['handoff-cli-base'];
        if (cliBase && subject.id === 'handoff-cli') {
          out(
            `    vs the baseline CLI: ${fmt(cliBase.ms)} s -> ${fmt(mine.ms)} s (${(mine.ms / cliBase.ms).toFixed(2)}x)` +
              `${cliBase.cpu !== undefined && mine.cpu !== undefined ? `; CPU ${cliBase.cpu.toFixed(2)} -> ${mine.cpu.toFixed(2)} s (${(mine.cpu - cliBase.cpu).toFixed(2)} s)` : ''}`,
          );
        }
        const base = medians[scenario.id]['handoff-base'];
        if (base && subject.id === 'handoff') {
          out(
            `    vs the baseline build: handoff@base ${fmt(base.ms)} s -> handoff ${fmt(mine.ms)} s (${(mine.ms / base.ms).toFixed(2)}x)` +
              `${base.cpu !== undefined && mine.cpu !== undefined ? `; CPU ${base.cpu.toFixed(2)} -> ${mine.cpu.toFixed(2)} s (${(mine.cpu / base.cpu).toFixed(2)}x); RSS ${base.rssMb.toFixed(0)} -> ${mine.rssMb.toFixed(0)} MB` : ''}`,
          );
        }
        const sequential = medians[scenario.id]['handoff-sequential'];
        if (sequential && engine && subject === judged[0]) {
          out(`    listing page by page (parallelListing: false): ${fmt(sequential.ms)} s = ${(sequential.ms / engine.ms).toFixed(2)}x the engine's wall time${sequential.cpu !== undefined && engine.cpu !== undefined ? `, ${(sequential.cpu / engine.cpu).toFixed(2)}x its CPU` : ''}`);
        }
        if (okPeers.length) {
          const fastest = okPeers.reduce((a, b) => (medians[scenario.id][a.id].ms <= medians[scenario.id][b.id].ms ? a : b));
          const ratio = mine.ms / medians[scenario.id][fastest.id].ms;
          const target = WALL_TARGET[scenario.id];
          const text = `${ratio.toFixed(2)}x the fastest peer (${fastest.label}, ${fmt(medians[scenario.id][fastest.id].ms)} s`;
          if (size.files >= WALL_TARGET_SCOPE.files && size.delayMs >= WALL_TARGET_SCOPE.delayMs) check('wall', `${text}; target <= ${target.toFixed(1)}x)`, ratio <= target && mine.ok);
          else out(`    wall: ${text}), for information: its target (<= ${target.toFixed(1)}x) is set for ${WALL_TARGET_SCOPE.files}+ files, ${WALL_TARGET_SCOPE.delayMs}+ ms per request`);
        } else {
          out('    wall: n/a (no working peer)');
        }
        const rclones = okPeers.filter((t) => t.id.startsWith('rclone') && medians[scenario.id][t.id].cpu !== undefined);
        if (rclones.length && mine.cpu !== undefined) {
          const best = rclones.reduce((a, b) => (medians[scenario.id][a.id].cpu <= medians[scenario.id][b.id].cpu ? a : b));
          const ratio = mine.cpu / medians[scenario.id][best.id].cpu;
          check('CPU', `${mine.cpu.toFixed(2)} s = ${ratio.toFixed(2)}x ${best.label}'s ${medians[scenario.id][best.id].cpu.toFixed(2)} s (target <= ${CPU_TARGET.toFixed(1)}x)`, ratio <= CPU_TARGET);
        }
        const bound = rssTarget(size.files);
        if (bound !== undefined && mine.maxRssMb !== undefined) {
          // the CLI's peak is hugo's whenever hugo's is the larger: judged on handoff's own only
          if (mine.runs.some((r) => r.rssWithHugo)) out(`    RSS: peak ${mine.maxRssMb.toFixed(0)} MB is hugo's (the build's child process) in some rounds: not judged`);
          else check('RSS', `peak ${mine.maxRssMb.toFixed(0)} MB (largest of the rounds; target <= ${bound} MB)`, mine.maxRssMb <= bound);
        }
        const changed = size.changed[scenario.id];
        const putsOk = mine.runs.every((r) => r.counts.PUT - r.counts.manifestPut === changed[r.round]);
        const puts = mine.runs.map((r) => r.counts.PUT - r.counts.manifestPut);
        check('PUT', `${countText(puts)} file PUTs for ${countText(changed)} changed files`, putsOk);
      }
    }
  }
  if (checks.length) {
    out();
    out('== Summary (handoff against its targets) ==');
    for (const line of checks) out(line);
  }
  return { text: lines.join('\n'), allPass, broken };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions();
  const loadAtStart = os.loadavg();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      log(`\ndeploy bench: ${signal}, cleaning up`);
      cleanup();
      process.exit(130);
    });
  }
  process.on('exit', cleanup);
  try {
    ensureBuilt();
    checkProductBuilds(options.tools);
    ({ MANIFEST_NAME: MANIFEST_KEY } = await import(pathToFileURL(path.join(PROJECT, 'lib', 'deploy', 'manifest.js')).href));
    const versions = checkTools(options.tools);
    if (options.tools.some((tool) => tool.id.startsWith('handoff-cli'))) realHugo = findRealHugo();
    benchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-bench-deploy-'));
    serverRoot = fs.mkdtempSync(path.join(memoryTmpDir() ?? os.tmpdir(), 'handoff-bench-s3rver-'));
    const serverStorage = serverRoot.startsWith('/dev/shm') ? '/dev/shm (tmpfs)' : os.tmpdir();
    const results = [];
    for (const target of options.sizes) await benchSize(target, options, results);
    const { text, allPass, broken } = report(results, options);
    const cpu = os.cpus();
    process.stdout.write(
      `deploy bench, ${new Date().toISOString()}\n` +
        `node ${versions.node}; ${versions.hugo}; ${versions.rclone ?? ''}${versions.aws ? `; ${versions.aws}` : ''}\n` +
        `${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), ${os.platform()} ${os.release()}; s3rver 4 (@20minutes/s3rver) on 127.0.0.1 behind a counting proxy, storage in ${serverStorage}\n` +
        `rounds: ${options.rounds}${options.rounds < 3 ? ' (fewer than 3: not a valid measurement)' : ''}; added delay per request: ${options.delays.join(', ')} ms; load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n` +
        `${text}\n`,
    );
    if (broken) {
      process.stdout.write('\nSOME RUNS FAILED OR LEFT THE BUCKET DIFFERENT FROM THE LOCAL TREE (see the status column and stderr).\n');
      process.exitCode = 3;
    } else {
      process.exitCode = allPass ? 0 : 1;
    }
  } catch (error) {
    if (error instanceof BenchError) {
      process.stderr.write(`deploy bench: ${error.message}\n`);
      process.exitCode = 3;
    } else {
      throw error;
    }
  } finally {
    cleanup();
  }
}

await main();
