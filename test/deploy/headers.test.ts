import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/primitives/glob.js';
import {
  CACHE_IMMUTABLE,
  CACHE_REVALIDATE,
  CACHE_STATIC,
  createHeaderResolver,
  defaultCacheControl,
  headersFingerprint,
  isFingerprinted,
} from '../../src/deploy/headers.js';

describe('compileGlob', () => {
  it.each([
    ['**/*.html', 'index.html', true],
    ['**/*.html', 'a/b/index.html', true],
    ['**/*.html', 'a/b/index.htm', false],
    ['*.css', 'main.css', true],
    ['*.css', 'css/deep/main.css', true],
    ['*.css', 'main.css.map', false],
    ['sitemap.xml', 'sitemap.xml', true],
    ['sitemap.xml', 'en/sitemap.xml', true],
    ['/sitemap.xml', 'en/sitemap.xml', false],
    ['/sitemap.xml', 'sitemap.xml', true],
    ['images/**', 'images/a/b.png', true],
    ['images/**', 'other/images/b.png', false],
    ['images/*.png', 'images/a/b.png', false],
    ['a/**/b.txt', 'a/b.txt', true],
    ['a/**/b.txt', 'a/x/y/b.txt', true],
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['*.{css,js}', 'x/app.js', true],
    ['*.{css,js}', 'x/app.json', false],
    ['file(1).txt', 'file(1).txt', true],
    ['a+b.txt', 'aab.txt', false],
    ['chapter-[23].md', 'chapter-2.md', true],
    ['chapter-[23].md', 'chapter-4.md', false],
    ['chapter-[!23].md', 'chapter-4.md', true],
    ['chapter-[0-9][0-9].md', 'post/chapter-12.md', true],
    ['chapter-[0-9][0-9].md', 'post/chapter-1a.md', false],
    ['a[/]b', 'a/b', false],
    ['file[1.txt', 'file[1.txt', true],
    ['\\*.md', '*.md', true],
    ['\\*.md', 'a.md', false],
    ['posts/**', 'posts', false],
    ['**', 'a/b/c', true],
    ['{posts,docs}/**/*.md', 'docs/a/b.md', true],
  ])('%s matches %s: %s', (pattern, file, expected) => {
    expect(compileGlob(pattern)(file)).toBe(expected);
  });

  it('takes time linear in the name: repeated wildcards against a long name answer at once (a backtracking regex would run for minutes)', () => {
    const name = `${'a'.repeat(20_000)}.txt`;
    const started = performance.now();
    expect(compileGlob('*a*a*a*a*a*a*a*a*a*a*b')(name)).toBe(false);
    expect(compileGlob('**/*a*a*a*a*a*a*a*a*a*a*.txt')(`x/${name}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('rejects empty and unclosed patterns', () => {
    expect(() => compileGlob('  ')).toThrow();
    expect(() => compileGlob('*.{css')).toThrow(/unclosed/);
  });
});

describe('isFingerprinted', () => {
  it.each([
    ['main.3f2a9c1b.css', true],
    [`css/main.min.${'ab12'.repeat(16)}.css`, true],
    ['chunk-3f2a9c1b.js', true],
    ['img_hu_2c5d7f3a1b9e8d6c.webp', true],
    ['main.css', false],
    ['report.20240101.pdf', false],
    ['deadbeef.deadbeef.css', false],
    ['main.3f2a9c1.css', false],
    ['main.3f2a9c1b', false],
    ['main.3F2A9C1B.css', false],
  ])('%s: %s', (file, expected) => {
    expect(isFingerprinted(file)).toBe(expected);
  });
});

describe('defaultCacheControl', () => {
  it.each([
    ['index.html', CACHE_REVALIDATE],
    ['posts/a/index.html', CACHE_REVALIDATE],
    ['index.xml', CACHE_REVALIDATE],
    ['sitemap.xml', CACHE_REVALIDATE],
    ['feed.atom', CACHE_REVALIDATE],
    ['main.3f2a9c1b.html', CACHE_REVALIDATE],
    ['css/main.3f2a9c1b.css', CACHE_IMMUTABLE],
    ['js/chunk-3f2a9c1b.js', CACHE_IMMUTABLE],
    ['img/photo.jpg', CACHE_STATIC],
    ['css/main.css', CACHE_STATIC],
  ])('%s -> %s', (file, expected) => {
    expect(defaultCacheControl(file)).toBe(expected);
  });
});

describe('createHeaderResolver', () => {
  it('uses the defaults with no rules', () => {
    expect(createHeaderResolver()('a/index.html')).toEqual({
      contentType: 'text/html; charset=utf-8',
      cacheControl: CACHE_REVALIDATE,
    });
  });

  it('takes each header from the first matching rule that sets it', () => {
    const resolve = createHeaderResolver([
      { pattern: 'special/*.css', cacheControl: 'no-store' },
      { pattern: '*.css', gzip: true },
      { pattern: '*.css', cacheControl: 'public, max-age=60', gzip: false },
      { pattern: '*.txt', contentType: 'text/x-custom' },
    ]);
    expect(resolve('special/a.css')).toEqual({
      contentType: 'text/css; charset=utf-8',
      cacheControl: 'no-store',
      contentEncoding: 'gzip',
    });
    expect(resolve('x/b.css')).toEqual({
      contentType: 'text/css; charset=utf-8',
      cacheControl: 'public, max-age=60',
      contentEncoding: 'gzip',
    });
    expect(resolve('a.txt')).toEqual({ contentType: 'text/x-custom', cacheControl: CACHE_STATIC });
    expect(resolve('a.png')).toEqual({ contentType: 'image/png', cacheControl: CACHE_STATIC });
  });

  it('fingerprints headers so any header change changes it', () => {
    const base = { contentType: 'text/css', cacheControl: 'a' } as const;
    const fp = headersFingerprint(base);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(headersFingerprint({ ...base })).toBe(fp);
    expect(headersFingerprint({ ...base, cacheControl: 'b' })).not.toBe(fp);
    expect(headersFingerprint({ ...base, contentType: 'text/plain' })).not.toBe(fp);
    expect(headersFingerprint({ ...base, contentEncoding: 'gzip' })).not.toBe(fp);
  });
});
