#!/usr/bin/env node
// Bundles every action in actions/<name>/ from its compiled entry point lib/actions/<name>/index.js
// into actions/<name>/dist/index.js with @vercel/ncc, the way the runner loads it: one file, no
// node_modules. dist/ is committed (the runner does not install anything); scripts/check-dist.sh
// fails CI when a dist no longer matches its source.
//
// Usage: node scripts/bundle-actions.mjs [name...]   (default: every actions/*/action.yml)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : (await readdir(path.join(root, 'actions'), { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'actions', entry.name, 'action.yml')))
  // Composite actions (setup-hugo) are steps in their action.yml, with no code to bundle.
  .filter((entry) => !/^\s*using:\s*['"]?composite/m.test(readFileSync(path.join(root, 'actions', entry.name, 'action.yml'), 'utf8')))
  .map((entry) => entry.name)
  .sort();

execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

for (const name of names) {
  const entry = path.join(root, 'lib', 'actions', name, 'index.js');
  if (!existsSync(entry)) throw new Error(`actions/${name}: no entry point ${path.relative(root, entry)} (src/actions/${name}/index.ts)`);
  const started = performance.now();
  const { code, assets } = await ncc(entry, {
    cache: false,
    quiet: true,
    // Minified code parses faster: every job pays the cold start, nobody reads dist/.
    minify: true,
    sourceMap: false,
    target: 'es2022',
    license: 'licenses.txt',
    // The AWS SDK reads these lazily; nothing here may pull a dependency from outside the bundle.
    externals: [],
  });
  const dist = path.join(root, 'actions', name, 'dist');
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  await writeFile(path.join(dist, 'index.js'), code);
  // The bundle is an ES module (the @actions packages are ESM-only); this makes Node load it as one.
  await writeFile(path.join(dist, 'package.json'), '{ "type": "module" }\n');
  for (const [file, asset] of Object.entries(assets ?? {})) {
    const target = path.join(dist, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, asset.source);
  }
  const kib = (Buffer.byteLength(code) / 1024).toFixed(0);
  console.log(`actions/${name}/dist/index.js  ${kib} KiB  ${Math.round(performance.now() - started)} ms`);
}
