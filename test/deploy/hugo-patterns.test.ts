import { describe, expect, it } from 'vitest';
import { globToRegexp, loadHugoPatterns, MAX_PATTERN_LENGTH } from '../../src/deploy/hugo-patterns.js';

const patterns = await loadHugoPatterns();

function regexp(pattern: string) {
  const compiled = patterns.regexp(pattern);
  if (!compiled.ok) throw new Error(`${pattern}: ${compiled.found}`);
  return compiled.test;
}

function glob(pattern: string) {
  const compiled = patterns.glob(pattern);
  if (!compiled.ok) throw new Error(`${pattern}: ${compiled.found}`);
  return compiled.test;
}

describe('a matcher pattern: a Go regular expression searched in the slash path, as hugo deploy does', () => {
  it('is unanchored unless it says ^ or $ (Go MatchString), on paths without a leading slash', () => {
    expect(regexp('\\.css')('css/main.css')).toBe(true);
    expect(regexp('\\.css')('css/main.css.map')).toBe(true);
    expect(regexp('^.+\\.(js|css|svg|ttf)$')('js/app.js')).toBe(true);
    expect(regexp('^.+\\.(js|css|svg|ttf)$')('css/main.css.map')).toBe(false);
    expect(regexp('^sitemap\\.xml$')('sitemap.xml')).toBe(true);
    expect(regexp('^sitemap\\.xml$')('en/sitemap.xml')).toBe(false);
    expect(regexp('^/sitemap\\.xml$')('sitemap.xml')).toBe(false);
  });

  it('reads RE2 syntax as Go does: flags, Perl classes, POSIX classes, \\Q…\\E, . not matching a newline', () => {
    expect(regexp('(?i)\\.CSS$')('a/b.css')).toBe(true);
    expect(regexp('^\\w+/[[:digit:]]+\\.html$')('posts/2024.html')).toBe(true);
    expect(regexp('\\Qa.b\\E$')('xa.b')).toBe(true);
    expect(regexp('\\Qa.b\\E$')('xaxb')).toBe(false);
    expect(regexp('^a.b$')('a\nb')).toBe(false);
    expect(regexp('^\\pL+\\.html$')('été.html')).toBe(true);
  });

  it('refuses what Go refuses, with the reason: backreferences, lookaround, possessive repeats, \\C, repeats over 1000', () => {
    for (const [pattern, reason] of [
      ['(a)\\1', 'invalid escape sequence'],
      ['(?=a)b', 'invalid or unsupported Perl syntax'],
      ['(?<!a)b', 'invalid named capture'],
      ['a++', 'invalid nested repetition operator'],
      ['\\C', 'invalid escape sequence'],
      ['a{1001}', 'invalid repeat count'],
      ['(unclosed', 'missing closing )'],
    ] as const) {
      const compiled = patterns.regexp(pattern);
      expect(compiled.ok, pattern).toBe(false);
      expect(compiled).toMatchObject({ expected: expect.stringContaining('Go regular expression'), found: expect.stringContaining(reason) });
    }
  });

  it('refuses patterns past MAX_PATTERN_LENGTH, and matches a pattern that backtracks catastrophically in RegExp in linear time', () => {
    expect(patterns.regexp('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatchObject({ ok: false, found: `${MAX_PATTERN_LENGTH + 1} characters` });
    // (a+)+$ against 'aaaa…b' takes RegExp 2^n steps; RE2 answers at once (a hang fails the test by its timeout).
    expect(regexp('^(a+)+$')(`${'a'.repeat(50_000)}b`)).toBe(false);
    expect(regexp('(x*)*y')('x'.repeat(50_000))).toBe(false);
  }, 10_000);
});

describe("a target's include/exclude: a gobwas glob with / as separator, whole path, case-insensitive (Hugo's hugofs/glob)", () => {
  it('* stays in a segment, ** crosses segments, ? is one character but /', () => {
    expect(glob('*.html')('index.html')).toBe(true);
    expect(glob('*.html')('posts/a/index.html')).toBe(false);
    expect(glob('**.html')('posts/a/index.html')).toBe(true);
    expect(glob('**/*.html')('index.html')).toBe(false);
    expect(glob('**/*.html')('posts/index.html')).toBe(true);
    expect(glob('posts/*')('posts/a')).toBe(true);
    expect(glob('posts/*')('posts/a/b')).toBe(false);
    expect(glob('file.???')('file.txt')).toBe(true);
    expect(glob('?at')('f/at')).toBe(false);
  });

  it('classes, negated classes, alternatives (nested), escapes; pattern and path lower-cased', () => {
    expect(glob('f.[jt]xt')('f.txt')).toBe(true);
    expect(glob('f.[!j]xt')('f.txt')).toBe(true);
    expect(glob('f.[!j]xt')('f.jxt')).toBe(false);
    expect(glob('f.[a-c].txt')('f.b.txt')).toBe(true);
    expect(glob('f.[a-c].txt')('f.z.txt')).toBe(false);
    expect(glob('*.{jpg,png}')('logo.png')).toBe(true);
    expect(glob('*.{jpg,png}')('logo.webp')).toBe(false);
    expect(glob('{images/{a,b},css}/**')('images/b/x/y.png')).toBe(true);
    expect(glob('{images/{a,b},css}/**')('images/c/y.png')).toBe(false);
    expect(glob('\\*.txt')('*.txt')).toBe(true);
    expect(glob('\\*.txt')('a.txt')).toBe(false);
    expect(glob('IMAGES/**')('images/Logo.PNG')).toBe(true);
    // Regexp metacharacters in a glob are literal.
    expect(glob('a+(b).html')('a+(b).html')).toBe(true);
    expect(glob('a+(b).html')('aa(b).html')).toBe(false);
  });

  it('is refused when it does not parse, saying why', () => {
    expect(globToRegexp('{a,b')).toEqual({ error: "a '{' is not closed" });
    expect(globToRegexp('[ab')).toEqual({ error: "a '[' is not closed" });
    expect(globToRegexp('a\\')).toEqual({ error: 'a \\ at the end escapes nothing' });
    expect(patterns.glob('[z-a]')).toMatchObject({ ok: false, found: expect.stringContaining('reversed') });
  });
});
