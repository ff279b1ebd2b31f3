import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBody, readBody } from '../../src/files/file-body.js';
import { createHeaderResolver } from '../../src/deploy/headers.js';
import { scanLocalTree } from '../../src/deploy/local-tree.js';
import { makeTree, md5, removeTree } from './helpers.js';

let dir: string;
let outside: string;
beforeEach(async () => {
  dir = await makeTree({ 'index.html': 'home', 'css/a.css': 'a{color:red}'.repeat(100), 'b.bin': Buffer.alloc(3 * 1024 * 1024, 1) });
  outside = await makeTree({ 'secret.txt': 'do not publish' });
});
afterEach(async () => {
  await removeTree(dir);
  await removeTree(outside);
});

describe('scanLocalTree', () => {
  it('describes every file, sorted, with posix paths, sizes and MD5s', async () => {
    const tree = await scanLocalTree(dir, { resolveHeaders: createHeaderResolver() });
    expect(tree.files.map((f) => f.path)).toEqual(['b.bin', 'css/a.css', 'index.html']);
    const html = tree.files.find((f) => f.path === 'index.html')!;
    expect(html).toMatchObject({ size: 4, md5: md5('home'), bodySize: 4, bodyMd5: md5('home') });
    expect(html.headers.contentType).toBe('text/html; charset=utf-8');
    expect(tree.files.find((f) => f.path === 'b.bin')?.md5).toBe(md5(Buffer.alloc(3 * 1024 * 1024, 1)));
  });

  it('measures files around the first read\'s size (16 KiB) and above the whole-read limit alike', async () => {
    const contents: Record<string, Buffer> = {};
    for (const size of [0, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 40 * 1024, 5 * 1024 * 1024]) {
      contents[`f${size}.bin`] = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + size) % 251));
    }
    const sized = await makeTree(contents);
    try {
      const tree = await scanLocalTree(sized, { resolveHeaders: createHeaderResolver() });
      for (const [name, content] of Object.entries(contents)) {
        expect(tree.files.find((f) => f.path === name)).toMatchObject({ size: content.length, md5: md5(content), bodyMd5: md5(content) });
      }
    } finally {
      await removeTree(sized);
    }
  });

  it('measures gzipped bodies deterministically and readBody gives the same bytes', async () => {
    const resolve = createHeaderResolver([{ pattern: '*.css', gzip: true }]);
    const one = await scanLocalTree(dir, { resolveHeaders: resolve });
    const two = await scanLocalTree(dir, { resolveHeaders: resolve });
    const css = one.files.find((f) => f.path === 'css/a.css')!;
    expect(css.headers.contentEncoding).toBe('gzip');
    expect(css.bodySize).toBeLessThan(css.size);
    expect(two.files.find((f) => f.path === 'css/a.css')?.bodyMd5).toBe(css.bodyMd5);
    const body = await readBody({ absolutePath: css.absolutePath, gzip: true });
    expect(md5(body)).toBe(css.bodyMd5);
    expect(body[9]).toBe(3);
    expect(body.readUInt32LE(4)).toBe(0);
    expect(gunzipSync(body).toString()).toBe('a{color:red}'.repeat(100));
  });

  it('streamed and whole-file gzip give the same bytes', async () => {
    const resolve = createHeaderResolver([{ pattern: '*.css', gzip: true }]);
    const css = (await scanLocalTree(dir, { resolveHeaders: resolve })).files.find((f) => f.path === 'css/a.css')!;
    const chunks: Buffer[] = [];
    for await (const chunk of openBody({ absolutePath: css.absolutePath, gzip: true })) chunks.push(chunk as Buffer);
    expect(md5(Buffer.concat(chunks))).toBe(css.bodyMd5);

    const bigContent = Buffer.from('line of text that compresses well\n'.repeat(200_000));
    await writeFile(path.join(dir, 'big.css'), bigContent);
    const big = (await scanLocalTree(dir, { resolveHeaders: resolve })).files.find((f) => f.path === 'big.css')!;
    expect(big.size).toBeGreaterThan(4 * 1024 * 1024);
    const body = await readBody({ absolutePath: big.absolutePath, gzip: true });
    expect(md5(body)).toBe(big.bodyMd5);
    expect(gunzipSync(body).equals(bigContent)).toBe(true);
  });

  it('follows symlinks to files inside the root only', async () => {
    await symlink(path.join(dir, 'index.html'), path.join(dir, 'alias.html'));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'leak.txt'));
    await symlink(outside, path.join(dir, 'leakdir'));
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'x.txt'), 'x');
    await symlink(path.join(dir, 'sub'), path.join(dir, 'loop'));
    await symlink(path.join(dir, 'nothing'), path.join(dir, 'broken'));
    const tree = await scanLocalTree(dir, { resolveHeaders: createHeaderResolver() });
    expect(tree.files.map((f) => f.path)).toEqual(['alias.html', 'b.bin', 'css/a.css', 'index.html', 'sub/x.txt']);
    expect(tree.ignored).toEqual([
      { path: 'broken', reason: 'broken-symlink' },
      { path: 'leak.txt', reason: 'symlink-outside-root' },
      { path: 'leakdir', reason: 'symlink-outside-root' },
      { path: 'loop', reason: 'symlinked-directory' },
    ]);
  });

  it('leaves out excluded paths', async () => {
    const tree = await scanLocalTree(dir, { resolveHeaders: createHeaderResolver(), exclude: (p) => p.endsWith('.bin') });
    expect(tree.files.map((f) => f.path)).toEqual(['css/a.css', 'index.html']);
    expect(tree.ignored).toEqual([{ path: 'b.bin', reason: 'excluded' }]);
  });

  it('fails on a missing build directory', async () => {
    await expect(scanLocalTree(path.join(dir, 'nope'), { resolveHeaders: createHeaderResolver() })).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
