import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { siteNamed, sitesOf } from '../src/config/sites.js';

describe("handoff.yml's headers: hugo deploy's matchers with a glob for the path", () => {
  it('become header rules naming where they are written, for the one-site form and for each site', () => {
    const loaded = parseConfig(
      [
        'headers:',
        "  - path: '**/*.html'",
        "    cache_control: 'public, max-age=60'",
        "  - path: '*.css'",
        '    content_encoding: gzip',
        '    content_type: text/css',
        '    force: true',
        '',
      ].join('\n'),
    );
    expect(loaded.ok && sitesOf(loaded.config)[0]?.headerRules).toEqual([
      { pattern: '**/*.html', cacheControl: 'public, max-age=60', source: "handoff.yml headers[0] '**/*.html'" },
      { pattern: '*.css', contentType: 'text/css', gzip: true, force: true, source: "handoff.yml headers[1] '*.css'" },
    ]);
    const multi = parseConfig("sites:\n  blog:\n    path: blog\n    headers:\n      - path: 'images/**'\n        cache_control: max-age=600\n");
    expect(multi.ok && siteNamed(multi.config, 'blog')).toMatchObject({ ok: true, site: { headerRules: [{ pattern: 'images/**', cacheControl: 'max-age=600', source: "handoff.yml sites.blog.headers[0] 'images/**'" }] } });
  });

  it('refuses a bad rule at load with its line and key: an unknown key (a hugo matcher copied unchanged), an encoding other than gzip, a rule setting nothing, a bad glob', () => {
    const loaded = parseConfig(
      [
        'headers:', // 1
        "  - pattern: '^.+\\.css$'", // 2
        '    cacheControl: max-age=60', // 3
        "  - path: '*.js'", // 4
        '    content_encoding: br', // 5
        "  - path: '*.svg'", // 6
        "  - path: '{a,b'", // 7
        '    force: true', // 8
        '',
      ].join('\n'),
    );
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    expect(problems.map(({ line, field, found }) => `${line} ${field}: ${found}`)).toEqual([
      '2 headers[0].path: no such field',
      '2 headers[0].pattern: an unknown field "pattern"',
      '3 headers[0].cacheControl: an unknown field "cacheControl"',
      '5 headers[1].content_encoding: "br"',
      '6 headers[2]: a rule that sets nothing',
      '7 headers[3].path: "{a,b"',
    ]);
    expect(problems[1]).toMatchObject({ file: 'handoff.yml', expected: expect.stringContaining('path, cache_control, content_type, content_encoding, force') });
    expect(problems[3]).toMatchObject({ expected: expect.stringContaining('gzip') });
  });
});
