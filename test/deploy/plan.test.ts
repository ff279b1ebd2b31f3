import { describe, expect, it } from 'vitest';
import { headersFingerprint, type ObjectHeaders } from '../../src/deploy/headers.js';
import { applyManifest, keysNeedingHead, remoteFromHead } from '../../src/deploy/remote-state.js';
import { buildManifest, manifestJson, parseManifest, serializeManifest } from '../../src/deploy/manifest.js';
import {
  md5FromEtag,
  planSync,
  uploadReason,
  type LocalFile,
  type RemoteObject,
} from '../../src/deploy/plan.js';
import { normalizePrefix } from '../../src/primitives/prefix.js';
import { DEFAULT_MAX_DELETES } from '../../src/deploy/target-defaults.js';

const MD5_A = 'a'.repeat(32);
const MD5_B = 'b'.repeat(32);
const HEADERS: ObjectHeaders = { contentType: 'text/css; charset=utf-8', cacheControl: 'public, max-age=3600' };
const HASH = headersFingerprint(HEADERS);

function local(path: string, overrides: Partial<LocalFile> = {}): LocalFile {
  return {
    path,
    absolutePath: `/build/${path}`,
    size: 10,
    md5: MD5_A,
    headers: HEADERS,
    headersHash: HASH,
    bodySize: 10,
    bodyMd5: MD5_A,
    ...overrides,
  };
}

function remote(key: string, overrides: Partial<RemoteObject> = {}): RemoteObject {
  return { key, size: 10, etag: `"${MD5_A}"`, ...overrides };
}

describe('normalizePrefix', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    ['/', ''],
    ['site', 'site/'],
    ['site/', 'site/'],
    ['/site/', 'site/'],
    ['a/b', 'a/b/'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizePrefix(input)).toBe(expected);
  });
  it('rejects dot segments', () => {
    expect(() => normalizePrefix('a/../b')).toThrow(/invalid key prefix/);
    expect(() => normalizePrefix('a//b')).toThrow(/invalid key prefix/);
  });
});

describe('md5FromEtag', () => {
  it.each([
    [`"${MD5_A}"`, MD5_A],
    [`"${MD5_A.toUpperCase()}"`, MD5_A],
    [`${MD5_A}`, MD5_A],
    [`"${MD5_A}-2"`, undefined],
    ['', undefined],
  ])('%s -> %s', (etag, expected) => {
    expect(md5FromEtag(etag)).toBe(expected);
  });
});

describe('uploadReason', () => {
  it.each<[string, LocalFile, RemoteObject | undefined, boolean, string | undefined]>([
    ['missing remotely', local('a.css'), undefined, true, 'new'],
    ['same size and MD5 ETag', local('a.css'), remote('a.css'), true, undefined],
    ['other size', local('a.css'), remote('a.css', { size: 11 }), true, 'size-changed'],
    ['other MD5', local('a.css'), remote('a.css', { etag: `"${MD5_B}"` }), true, 'content-changed'],
    ['multipart ETag, nothing stored', local('a.css'), remote('a.css', { etag: `"${MD5_B}-2"` }), true, 'etag-unverifiable'],
    [
      'multipart ETag, stored MD5 matches',
      local('a.css'),
      remote('a.css', { etag: `"${MD5_B}-2"`, stored: { md5: MD5_A } }),
      true,
      undefined,
    ],
    [
      'multipart ETag, stored MD5 differs',
      local('a.css'),
      remote('a.css', { etag: `"${MD5_B}-2"`, stored: { md5: MD5_B } }),
      true,
      'content-changed',
    ],
    [
      'SSE-KMS: ETag not trusted, nothing stored',
      local('a.css'),
      remote('a.css', { etag: `"${MD5_B}"` }),
      false,
      'etag-unverifiable',
    ],
    [
      'SSE-KMS: ETag not trusted, stored MD5 matches',
      local('a.css'),
      remote('a.css', { etag: `"${MD5_B}"`, stored: { md5: MD5_A } }),
      false,
      undefined,
    ],
    [
      'headers fingerprint differs',
      local('a.css'),
      remote('a.css', { stored: { headersHash: 'ffffffffffffffff' } }),
      true,
      'headers-changed',
    ],
    ['headers fingerprint equal', local('a.css'), remote('a.css', { stored: { headersHash: HASH } }), true, undefined],
    [
      'gzipped body compared, not the source',
      local('a.css', { size: 100, md5: MD5_B, bodySize: 10, bodyMd5: MD5_A, headers: { ...HEADERS, contentEncoding: 'gzip' } }),
      remote('a.css'),
      true,
      undefined,
    ],
  ])('%s', (_name, file, object, trust, expected) => {
    expect(uploadReason(file, object, trust)).toBe(expected);
  });
});

describe('planSync', () => {
  it('orders uploads assets, HTML, then feeds; deletes sorted; counts skips', () => {
    const files = [
      local('index.html'),
      local('sitemap.xml'),
      local('index.xml'),
      local('css/a.css', { bodySize: 5 }),
      local('img/big.png', { bodySize: 50 }),
      local('posts/a/index.html'),
      local('same.css'),
    ];
    const objects = new Map([
      ['site/same.css', remote('site/same.css')],
      ['site/zz-old.js', remote('site/zz-old.js')],
      ['site/aa-old.js', remote('site/aa-old.js')],
    ]);
    const plan = planSync(files, objects, { prefix: 'site/', maxDeletes: DEFAULT_MAX_DELETES });
    expect(plan.uploads.map((u) => [u.key, u.phase])).toEqual([
      ['site/img/big.png', 'assets'],
      ['site/css/a.css', 'assets'],
      ['site/index.html', 'html'],
      ['site/posts/a/index.html', 'html'],
      ['site/index.xml', 'feeds'],
      ['site/sitemap.xml', 'feeds'],
    ]);
    expect(plan.uploads.every((u) => u.reason === 'new')).toBe(true);
    expect(plan.deletes).toEqual(['site/aa-old.js', 'site/zz-old.js']);
    expect(plan.skipped).toBe(1);
    expect(plan.bytesToUpload).toBe(50 + 5 + 10 * 4);
    expect(plan.tooManyDeletes).toBeUndefined();
  });

  it('never deletes outside the prefix or kept paths', () => {
    const objects = new Map([
      ['site2/a.css', remote('site2/a.css')],
      ['site/.handoff-manifest.json.gz', remote('site/.handoff-manifest.json.gz')],
      ['site/keep/me.txt', remote('site/keep/me.txt')],
      ['site/gone.txt', remote('site/gone.txt')],
    ]);
    const plan = planSync([local('a.css')], objects, {
      prefix: 'site/',
      maxDeletes: DEFAULT_MAX_DELETES,
      keep: (p) => p.startsWith('keep/') || p === '.handoff-manifest.json.gz',
    });
    expect(plan.deletes).toEqual(['site/gone.txt']);
  });

  it('flags too many deletes with the count and the limit', () => {
    const objects = new Map(Array.from({ length: 4 }, (_, i) => [`old${i}`, remote(`old${i}`)] as const));
    expect(planSync([local('a.css')], objects, { prefix: '', maxDeletes: 3 }).tooManyDeletes).toEqual({ count: 4, limit: 3 });
    expect(planSync([local('a.css')], objects, { prefix: '', maxDeletes: 4 }).tooManyDeletes).toBeUndefined();
    const many = new Map(Array.from({ length: 257 }, (_, i) => [`old${i}`, remote(`old${i}`)] as const));
    expect(planSync([local('a.css')], many, { prefix: '', maxDeletes: DEFAULT_MAX_DELETES }).tooManyDeletes).toEqual({ count: 257, limit: 256 });
  });
});

describe('remote state', () => {
  it('uses manifest entries only while ETag and size still match', () => {
    const listed = new Map([
      ['s/a.css', remote('s/a.css', { etag: '"x-2"' })],
      ['s/b.css', remote('s/b.css', { etag: '"changed"' })],
    ]);
    const manifest = {
      version: 1 as const,
      entries: {
        'a.css': { etag: '"x-2"', size: 10, md5: MD5_A, headers: HASH },
        'b.css': { etag: '"old"', size: 10, md5: MD5_A, headers: HASH },
      },
    };
    const merged = applyManifest(listed, manifest, 's/');
    expect(merged.get('s/a.css')?.stored).toEqual({ md5: MD5_A, headersHash: HASH });
    expect(merged.get('s/b.css')?.stored).toBeUndefined();
    expect(listed.get('s/a.css')?.stored).toBeUndefined();
  });

  it('HEADs only same-size objects whose content or headers are unknown', () => {
    const files = [local('plain.css'), local('multi.css'), local('known.css'), local('resized.css')];
    const objects = new Map([
      ['plain.css', remote('plain.css')],
      ['multi.css', remote('multi.css', { etag: '"abc-2"' })],
      ['known.css', remote('known.css', { stored: { headersHash: HASH } })],
      ['resized.css', remote('resized.css', { size: 99, etag: '"abc-2"' })],
    ]);
    expect(keysNeedingHead(files, objects, { prefix: '', trustEtagMd5: true, verifyHeaders: true })).toEqual([
      'plain.css',
      'multi.css',
    ]);
    expect(keysNeedingHead(files, objects, { prefix: '', trustEtagMd5: true, verifyHeaders: false })).toEqual([
      'multi.css',
    ]);
  });

  it('reads the stored MD5 and the real headers from a HEAD', () => {
    const object = remoteFromHead(
      'a.css',
      { size: 10, etag: '"abc-2"', headers: HEADERS, metadata: { 'handoff-md5': MD5_A.toUpperCase() } },
      undefined,
    );
    expect(object.stored).toEqual({ md5: MD5_A, headersHash: HASH });
    const foreign = remoteFromHead('a.css', { size: 10, etag: '"abc-2"', headers: HEADERS, metadata: { 'handoff-md5': 'junk' } }, undefined);
    expect(foreign.stored).toEqual({ headersHash: HASH });
  });

  it('builds a manifest that vouches only for confirmed objects, and round-trips it', () => {
    const files = [local('up.css'), local('confirmed.css'), local('unconfirmed.css')];
    const objects = new Map([
      ['confirmed.css', remote('confirmed.css', { stored: { headersHash: HASH } })],
      ['unconfirmed.css', remote('unconfirmed.css')],
    ]);
    const manifest = buildManifest(files, objects, new Map([['up.css', '"new"']]), '');
    expect(Object.keys(manifest.entries)).toEqual(['up.css', 'confirmed.css']);
    expect(manifest.entries['up.css']).toEqual({ etag: '"new"', size: 10, md5: MD5_A, headers: HASH });
    const parsed = parseManifest(serializeManifest(manifest));
    expect(manifestJson(parsed)).toBe(manifestJson(manifest));
    expect(parseManifest(Buffer.from('not gzip'))).toBeUndefined();
    expect(parseManifest(undefined)).toBeUndefined();
  });
});
