import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { manifestJson, parseManifest, serializeManifest, type Manifest } from '../../src/deploy/manifest.js';

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
