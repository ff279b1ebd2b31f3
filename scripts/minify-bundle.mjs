#!/usr/bin/env node
// Minifies the CLI's bundle (lib/bundle/*.js, written by `ncc build` in `npm run build`) in place.
// ncc minifies nothing when asked for chunks: zod and yaml's chunk keeps all of zod (702 kB, of which
// a build uses a third), and every `handoff` command compiles what it loads before it runs. Minified,
// the chunks a `handoff run` loads are 38% of the bytes, and node's CPU per run is 7-8% less
// (bench/README.md, run-overhead). Function and class names are kept: error names and stack
// traces read as in the source.
//
// Usage: node scripts/minify-bundle.mjs lib/bundle
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { minifySync } from 'rolldown/experimental';

const folder = process.argv[2];
if (!folder || process.argv.length > 3) {
  console.error('usage: node scripts/minify-bundle.mjs <bundle folder>');
  process.exit(2);
}

const KEEP_NAMES = { function: true, class: true };
const files = (await readdir(folder)).filter((name) => name.endsWith('.js')).sort();
for (const name of files) {
  const file = path.join(folder, name);
  const code = await readFile(file, 'utf8');
  // Every file ncc writes here is an ES module (lib/bundle/package.json says so).
  const minified = minifySync(name, code, { module: true, compress: { target: 'es2022', keepNames: KEEP_NAMES }, mangle: { keepNames: KEEP_NAMES } });
  if (minified.errors.length > 0) {
    console.error(`minify-bundle: ${file}: ${minified.errors.map((error) => error.message).join('; ')}`);
    process.exit(1);
  }
  await writeFile(file, minified.code);
}
