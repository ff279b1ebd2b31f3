#!/usr/bin/env node
// content-edit at scale: set a front matter field on every page of a generated site, a find and
// replace over every body, and a move of the page every other page refs (Hugo's list of the site
// read for its URLs, every ref rewritten), timed end to end (list, read, plan, diff, stage, apply).
//
// Each timed run is its own node process (so its peak RSS is its own), calling runContentEdit from
// lib/ the way the worker does. The site is generated once per size; runs alternate the value set
// and the replaced word so every run changes every file. Medians, since the machine is shared.
// Two body sizes show memory follows one file and the diff, not the total content.
//
// Usage: node bench/content-edit.mjs [--runs 5] [--files 5000] [--dir /dev/shm]
//   --dir: where the generated site goes (default the OS temp folder); a tmpfs takes the disk out.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);

if (args[0] === '--child') {
  // One timed run: node bench/content-edit.mjs --child <repo> <set|replace> <round>
  const [, repo, scenario, round] = args;
  const { runContentEdit } = await import(pathToFileURL(path.join(root, 'lib/content-edit/content-edit.js')).href);
  const { readHugoSiteView } = await import(pathToFileURL(path.join(root, 'lib/hugo/site-view.js')).href);
  const even = Number(round) % 2 === 0;
  const operations =
    scenario === 'set'
      ? [{ op: 'set', field: 'params.reviewed', value: even ? 'yes' : 'no' }]
      : scenario === 'move'
        ? [even ? { op: 'move', from: 's0/p0.md', to: 'moved/p0.md' } : { op: 'move', from: 'moved/p0.md', to: 's0/p0.md' }]
        : [{ op: 'replace', find: even ? 'alpha' : 'omega', replace: even ? 'omega' : 'alpha', max_replacements: 1_000_000 }];
  const started = performance.now();
  // A move asks Hugo for the site's URLs first, as the worker does (hugo on PATH); its time is in the run's.
  const view = scenario === 'move' ? await readHugoSiteView(path.join(repo, 'site')) : undefined;
  if (view && !view.ok) throw new Error(view.message);
  const report = await runContentEdit({ repoRoot: repo, sitePath: 'site', files: ['**/*.md'], operations, dryRun: false, ...(view ? { site: view.view } : { contentDir: 'content' }) });
  const ms = performance.now() - started;
  if (report.errors.length) throw new Error(JSON.stringify(report.errors.slice(0, 3)));
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, changed: report.files_changed, replacements: scenario === 'move' ? report.refs_updated : report.replacements, diffMb: report.diffLength / 1e6 }));
  process.exit(0);
}

const runs = option('--runs', 5);
const fileCount = option('--files', 5000);
if (!existsSync(path.join(root, 'lib/content-edit/content-edit.js'))) execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

function page(index, bodyBytes) {
  const paragraph = `Paragraph about alpha and other things on page ${index}, with a [link](/posts/p${(index + 1) % fileCount}/) and some words.\n`;
  const body = paragraph.repeat(Math.max(1, Math.round(bodyBytes / paragraph.length)));
  return [
    '---',
    `# generated page ${index}`,
    `title: "Page ${index}"`,
    `date: 2026-01-${String((index % 28) + 1).padStart(2, '0')}`,
    'draft: false',
    `tags: [bench, "group-${index % 10}"]`,
    'params:',
    '  author: Bench',
    '---',
    `See the first page: {{< ref "/s0/p0" >}}.`,
    body,
    '',
  ].join('\n');
}

async function makeSite(bodyBytes) {
  const repo = await mkdtemp(path.join(args.includes('--dir') ? args[args.indexOf('--dir') + 1] : os.tmpdir(), 'handoff-bench-edit-'));
  const sections = 20;
  for (let section = 0; section < sections; section++) await mkdir(path.join(repo, 'site/content', `s${section}`), { recursive: true });
  await writeFile(path.join(repo, 'site/hugo.toml'), 'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n');
  for (let index = 0; index < fileCount; index++) await writeFile(path.join(repo, 'site/content', `s${index % sections}`, `p${index}.md`), page(index, bodyBytes));
  return repo;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

console.log(`# content-edit bench: ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0].toFixed(2)}`);
console.log(`${fileCount} files in ${args.includes('--dir') ? args[args.indexOf('--dir') + 1] : os.tmpdir()}, ${runs} runs each, medians (min–max); CPU is the process's own user+sys time, which a busy machine does not inflate the way it does wall time\n`);
console.log('| body per file | operation | wall | CPU (user+sys) | files changed | replacements (refs for a move) | peak RSS | diff made |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const bodyBytes of [1_500, 15_000]) {
  const repo = await makeSite(bodyBytes);
  try {
    for (const scenario of ['set', 'replace', 'move']) {
      const samples = [];
      for (let round = 0; round < runs; round++) {
        const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', repo, scenario, String(round)], { encoding: 'utf8', maxBuffer: 1 << 20 });
        samples.push(JSON.parse(output));
      }
      const ms = samples.map((sample) => sample.ms);
      const rss = samples.map((sample) => sample.maxRssMb);
      const cpu = samples.map((sample) => sample.cpuMs);
      const last = samples[samples.length - 1];
      console.error(`  load ${os.loadavg()[0].toFixed(1)} after ${scenario} on ${bodyBytes}-byte bodies`);
      console.log(
        `| ${(bodyBytes / 1000).toFixed(1)} kB | ${{ set: 'set params.reviewed', replace: 'replace alpha', move: 'move s0/p0.md (hugo list + refs)' }[scenario]} | ${(median(ms) / 1000).toFixed(2)} s (${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)}) | ${(median(cpu) / 1000).toFixed(2)} s | ${last.changed} | ${last.replacements} | ${median(rss).toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)}) | ${last.diffMb.toFixed(1)} MB |`,
      );
    }
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}
