import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { HANDOFF_VERSION } from '../src/version.js';

it('HANDOFF_VERSION matches package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(HANDOFF_VERSION).toBe(pkg.version);
});
