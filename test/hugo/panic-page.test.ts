import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHugoSite } from '../../src/hugo/build.js';
import { pageNamedIn, type PageAddress } from '../../src/hugo/panic-page.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const PAGES: PageAddress[] = [
  { file: 'site/content/posts/a.md', contentPath: 'posts/a.md', aliases: ['/old/a-page/'] },
  { file: 'site/content/posts/b.md', contentPath: 'posts/b.md', url: '/special/b-url/' },
  { file: 'site/content/posts/c.md', contentPath: 'posts/c.md', slug: 'the-c-slug' },
  { file: 'site/content.en/docs/d.md', contentPath: 'docs/d.md' },
];

describe('the page a hugo panic quotes', () => {
  it.for([
    ['an alias', 'panic: duplicate path "/old/a-page/" in alias map', 'site/content/posts/a.md'],
    ['a url', 'panic: runtime error: slice bounds out of range while publishing /special/b-url/index.html', 'site/content/posts/b.md'],
    ['a slug', 'panic: bad target path "/posts/the-c-slug/"', 'site/content/posts/c.md'],
    ['a file path in a per-language content folder', 'panic: assertion failed for /docs/d', 'site/content.en/docs/d.md'],
  ] as const)('by %s', ([, panic, file]) => {
    expect(pageNamedIn([panic], PAGES)?.file).toBe(file);
  });

  it('none when no page has the quoted address', () => {
    expect(pageNamedIn(['panic: runtime error: index out of range [3] with length 3'], PAGES)).toBeUndefined();
    expect(pageNamedIn(['panic: nothing at "/nowhere/"'], PAGES)).toBeUndefined();
  });
});

describe('a build whose hugo panics quoting a page alias', () => {
  const [hugo] = hugoBinaries();
  it('names that page, repository-relative, as the fault file', async ({ onTestFinished }) => {
    const temp = await makeTempDir('handoff-panic-page');
    onTestFinished(temp.remove);
    await writeTree(temp.path, {
      'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "T"\n',
      'site/content/posts/a.md': '---\ntitle: A\naliases: ["/old/a-page/"]\n---\nA\n',
      'site/content/posts/b.md': '+++\ntitle = "B"\nslug = "bee"\n+++\nB\n',
    });
    // A hugo that starts like the real one, then panics the way a Go map conflict does.
    const fake = path.join(temp.path, 'hugo');
    await writeFile(fake, `#!/bin/bash\necho "Start building sites … "\n'${hugo!.binary}' version\necho 'panic: duplicate path "/old/a-page/" in alias map' >&2\necho >&2\necho 'goroutine 1 [running]:' >&2\nexit 2\n`);
    await chmod(fake, 0o755);
    const report = await buildHugoSite({ siteDir: path.join(temp.path, 'site'), destination: path.join(temp.path, 'out'), pathsFrom: temp.path }, { hugoBinary: fake });
    expect(report.error).toMatchObject({ category: 'hugo-crash', file: 'site/content/posts/a.md' });
    expect(report.error?.next_step).toContain('while working on site/content/posts/a.md');
  });
});
