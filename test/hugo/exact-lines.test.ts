import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHugoSite } from '../../src/hugo/build.js';
import { frontMatterFault } from '../../src/hugo/front-matter-fault.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const SITE: Record<string, string> = {
  'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "T"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
  'site/layouts/_default/single.html': '<html>{{ .Content }}</html>\n',
  'site/layouts/_default/list.html': '<html>{{ .Content }}</html>\n',
};

/**
 * Front matter faults and where they really are. Hugo 0.111 names line 1 for the first, line 3
 * for the second and line 4 for the third (where its YAML library gave up); the current hugo is
 * right about most, and neither gives the column of the open quote of the third.
 */
const FAULTS = [
  { name: 'a value with trailing text', text: '---\ntitle: "A"\ndate: "2024" x\n---\nHello\n', line: 3, column: 14 },
  { name: 'a list item out of line', text: '---\ntitle: A\ntags:\n  - a\n - b\ndraft: false\n---\nHello\n', line: 5, column: 1 },
  { name: 'a quote left open', text: '---\ntitle: "A\ndescription: b\nweight: 3\n---\nHello\n', line: 2, column: 8 },
  { name: 'TOML: a key inside an unclosed array', text: '+++\ntitle = "A"\ntags = ["a",\nweight = 3\n+++\nHello\n', line: 4, column: 1 },
  { name: 'TOML: trailing text', text: '+++\ntitle = "A"\n\nweight = 3 x\n+++\nHello\n', line: 4, column: 12 },
];

describe("front matter faults, from handoff's own parse", () => {
  it.for(FAULTS)('$name: line $line, column $column', ({ text, line, column }) => {
    expect(frontMatterFault(text)).toEqual({ line, column });
  });

  it('nothing for front matter that parses, or a file without any', () => {
    expect(frontMatterFault('---\ntitle: A\n---\nbody\n')).toBeUndefined();
    expect(frontMatterFault('just text\n')).toBeUndefined();
  });
});

describe.each(hugoBinaries().map((hugo) => [hugo.version, hugo] as const))('a build on hugo %s reports the exact line of a front matter fault', (_version, hugo) => {
  it.for(FAULTS)('$name', async ({ text, line, column }, { onTestFinished }) => {
    const temp = await makeTempDir('handoff-exact-lines');
    onTestFinished(temp.remove);
    await writeTree(temp.path, { ...SITE, 'site/content/a.md': text });
    const report = await buildHugoSite({ siteDir: path.join(temp.path, 'site'), destination: path.join(temp.path, 'out'), pathsFrom: temp.path }, { hugoBinary: hugo.binary });
    expect(report.error).toMatchObject({ category: 'markdown-or-template-syntax', file: 'site/content/a.md', line, column });
    expect(report.error?.next_step).toContain(`in site/content/a.md:${line} `);
  });
});
