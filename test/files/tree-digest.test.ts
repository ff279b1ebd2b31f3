import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measuredTreeDigest, treeDigest } from '../../src/files/tree-digest.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('treeDigest', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is the sha256 of the md5sum lines in path order, symlinks left out, and returns what it measured', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-digest-'));
    const files: Record<string, string> = { 'index.html': '<h1>home</h1>', 'a/index.html': 'a', 'a-b/x.css': 'body{}', 'a/b/c.txt': '' };
    for (const [relative, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      writeFileSync(path.join(dir, relative), content);
    }
    symlinkSync(path.join(dir, 'index.html'), path.join(dir, 'link.html'));
    const lines = ['a-b/x.css', 'a/b/c.txt', 'a/index.html', 'index.html'].map((relative) => `${md5(files[relative]!)}  ${relative}\n`).join('');
    const expected = `sha256:${createHash('sha256').update(lines).digest('hex')}`;

    const measured = await measuredTreeDigest(dir);
    expect(measured.digest).toBe(expected);
    expect(await treeDigest(dir)).toBe(expected);
    expect(Object.fromEntries(measured.files)).toEqual(
      Object.fromEntries(Object.entries(files).map(([relative, content]) => [relative, { size: Buffer.byteLength(content), md5: md5(content) }])),
    );
  });
});
