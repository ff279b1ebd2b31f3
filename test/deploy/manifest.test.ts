import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  encodeManifestIfChanged,
  manifestJson,
  parseManifest,
  readManifest,
  serializeManifest,
  type Manifest,
  type ManifestEntry,
} from '../../src/deploy/manifest.js';

describe('serializeManifest', () => {
  it('gzips exactly the canonical JSON, across its megabyte buffers and with non-ASCII paths', () => {
    const entries: Manifest['entries'] = {};
    for (let i = 0; i < 15_000; i++) {
      const md5 = i.toString(16).padStart(32, '0');
      entries[`section-${i % 7}/页面-${i}/index.html`] = { etag: `"${md5}"`, size: i, md5, headers: 'a1b2c3d4e5f60718' };
    }
    entries['kms.css'] = { etag: '"x"', size: 1, md5: 'f'.repeat(32), headers: 'a1b2c3d4e5f60718', encryption: 'aws:kms' };
    const manifest: Manifest = { version: 1, entries };
    const json = manifestJson(manifest);
    expect(Buffer.byteLength(json)).toBeGreaterThan(2 * 1024 * 1024);
    const bytes = serializeManifest(manifest);
    expect(gunzipSync(bytes).toString('utf8')).toBe(json);
    expect(parseManifest(bytes)).toEqual(manifest);
  });
});

describe('manifestJson', () => {
  it('is JSON.stringify of a sorted copy, for paths that need escaping too', () => {
    const entry = { etag: '"0cc175b9c0f1b6a831c399e269772661"', size: 1, md5: '0cc175b9c0f1b6a831c399e269772661', headers: 'a1b2c3d4e5f60718' };
    const paths = ['plain/index.html', 'quote"d.html', 'back\\slash.html', 'tab\there.html', 'lone\ud800surrogate.html', 'emoji-😀.html', 'line\u2028sep.html', 'é/页面.html'];
    const manifest: Manifest = { version: 1, entries: Object.fromEntries(paths.map((p) => [p, entry])) };
    const sorted = Object.fromEntries(Object.keys(manifest.entries).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((p) => [p, entry]));
    expect(manifestJson(manifest)).toBe(JSON.stringify({ version: 1, entries: sorted }));
    expect(parseManifest(serializeManifest(manifest))).toEqual(manifest);
  });
});

describe('encodeManifestIfChanged', () => {
  const entry = (i: number): ManifestEntry => {
    const md5 = i.toString(16).padStart(32, '0');
    return { etag: `"${md5}"`, size: i, md5, headers: 'a1b2c3d4e5f60718' };
  };
  const stored: Manifest = { version: 1, entries: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`p-${String(i).padStart(5, '0')}.html`, entry(i)])) };
  const inOrder = (manifest: Manifest) => () => Object.keys(manifest.entries).sort().map((p) => [p, manifest.entries[p]!] as const);

  it('writes nothing when the next manifest has the stored entries, whether a change was expected or not', async () => {
    const { digest } = readManifest(serializeManifest(stored))!;
    expect(await encodeManifestIfChanged(inOrder(stored), digest, true)).toBeUndefined();
    expect(await encodeManifestIfChanged(inOrder(stored), digest, false)).toBeUndefined();
  });

  it('gzips the canonical JSON when an entry changed, whether a change was expected or not', async () => {
    const { digest } = readManifest(serializeManifest(stored))!;
    const next: Manifest = { version: 1, entries: { ...stored.entries, 'p-00007.html': { ...entry(7), etag: '"changed"' } } };
    for (const expectChange of [true, false]) {
      const bytes = await encodeManifestIfChanged(inOrder(next), digest, expectChange);
      expect(gunzipSync(bytes!).toString('utf8')).toBe(manifestJson(next));
    }
    const fewer: Manifest = { version: 1, entries: { ...stored.entries } };
    delete fewer.entries['p-00007.html'];
    expect(gunzipSync((await encodeManifestIfChanged(inOrder(fewer), digest, false))!).toString('utf8')).toBe(manifestJson(fewer));
    expect(gunzipSync((await encodeManifestIfChanged(inOrder(stored), undefined, false))!).toString('utf8')).toBe(manifestJson(stored));
  });

  it('compares a manifest that had invalid entries by its valid ones, as parsed', async () => {
    const json = manifestJson(stored).replace('"p-00001.html":{', '"bad.html":{"etag":1},"p-00001.html":{');
    const read = readManifest(gzipSync(json))!;
    expect(Object.keys(read.manifest.entries)).toHaveLength(3000);
    expect(await encodeManifestIfChanged(inOrder(stored), read.digest, false)).toBeUndefined();
  });

  it('rewrites a manifest with the same entries in a form handoff does not write', async () => {
    const read = readManifest(gzipSync(JSON.stringify(stored, null, 2)))!;
    expect(read.manifest).toEqual(stored);
    expect(await encodeManifestIfChanged(inOrder(stored), read.digest, false)).toBeDefined();
  });
});
