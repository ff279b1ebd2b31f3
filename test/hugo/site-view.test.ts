import { describe, expect, it } from 'vitest';
import { parseContentMounts, parseHugoConfig, parsePageList, writesAliasesUnderLanguage } from '../../src/hugo/site-view.js';

describe("Hugo's view of a site, from its own output", () => {
  it('hugo config: 0.111 prints maps inline, current hugo TOML tables', () => {
    expect(parseHugoConfig('baseurl = "https://example.org/sub/"\ndefaultcontentlanguage = "en"\nlanguages = map[en:map[contentdir:content.en weight:1] he:map[direction:rtl weight:3] zh:map[weight:2]]\n')).toEqual({
      baseUrl: 'https://example.org/sub/',
      defaultLanguage: 'en',
      languages: ['en', 'he', 'zh'],
    });
    expect(parseHugoConfig("baseurl = 'https://example.org/'\ndefaultcontentlanguage = 'fr'\n[languages]\n  [languages.en]\n    weight = 2\n  [languages.fr]\n    weight = 1\n  [languages.fr.params]\n")).toEqual({
      baseUrl: 'https://example.org/',
      defaultLanguage: 'fr',
      languages: ['en', 'fr'],
    });
  });

  it('hugo config mounts: the project module\'s content mounts with their language (lang on 0.111, sites.matrix now)', () => {
    const output = [
      JSON.stringify({ path: 'project', mounts: [{ source: 'content.en', target: 'content', lang: 'en' }, { source: 'content.zh', target: 'content', sites: { matrix: { languages: ['zh'] } } }, { source: 'static', target: 'static' }] }),
      JSON.stringify({ path: 'theme', mounts: [{ source: 'content', target: 'content' }] }),
    ].join('\n');
    expect(parseContentMounts(output)).toEqual([
      { source: 'content.en', target: '', language: 'en' },
      { source: 'content.zh', target: '', language: 'zh' },
    ]);
  });

  it('hugo list all: URL paths by file, found by the header (0.111 has fewer columns), without the base path; quoted fields', () => {
    const csv = 'path,slug,title,date,expiryDate,publishDate,draft,permalink\ncontent/post/a.md,,"A, with ""quotes""",0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,false,https://example.org/sub/post/a/\ncontent/post/a.fr.md,,A fr,x,x,x,false,https://example.org/sub/fr/post/a/\n';
    expect(parsePageList(csv, 'https://example.org/sub/')).toEqual(new Map([['content/post/a.md', ['/post/a/']], ['content/post/a.fr.md', ['/fr/post/a/']]]));
  });

  it('aliases go under the language folder from hugo 0.155.0 on', () => {
    expect(writesAliasesUnderLanguage('0.111.3+extended')).toBe(false);
    expect(writesAliasesUnderLanguage('0.154.5')).toBe(false);
    expect(writesAliasesUnderLanguage('0.155.0')).toBe(true);
    expect(writesAliasesUnderLanguage('0.169.0+extended')).toBe(true);
  });
});
