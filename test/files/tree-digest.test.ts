import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeaderResolver } from '../../src/deploy/headers.js';
import { listLocalFiles, measureFiles } from '../../src/deploy/local-tree.js';
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

  it("gives a deploy of the same tree its walk and measures, so the deploy neither walks nor reads the files again", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-digest-'));
    mkdirSync(path.join(dir, 'posts', 'one'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<h1>home</h1>');
    writeFileSync(path.join(dir, 'posts', 'one', 'index.html'), '<p>one</p>');
    const measured = await measuredTreeDigest(dir);
    // gone from the disk: what the deploy reports can only come from the digest's walk and reads
    unlinkSync(path.join(dir, 'posts', 'one', 'index.html'));
    writeFileSync(path.join(dir, 'index.html'), 'changed after the digest');

    const listing = await listLocalFiles(dir, undefined, measured.directories);
    const files = await measureFiles(listing, { resolveHeaders: createHeaderResolver(), measured: measured.files });
    expect(files.map((file) => [file.path, file.size, file.md5])).toEqual([
      ['index.html', 13, md5('<h1>home</h1>')],
      ['posts/one/index.html', 10, md5('<p>one</p>')],
    ]);
  });
});
