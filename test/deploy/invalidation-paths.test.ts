import { describe, expect, it } from 'vitest';
import { reduceInvalidationPaths, urlPathsForKey } from '../../src/deploy/invalidation-paths.js';

describe('urlPathsForKey', () => {
  it.each([
    ['index.html', ['/']],
    ['dir/index.html', ['/dir/', '/dir']],
    ['a/b/index.html', ['/a/b/', '/a/b']],
    ['css/main.css', ['/css/main.css']],
    ['tags/café/index.html', ['/tags/caf%C3%A9/', '/tags/caf%C3%A9']],
    ['a b/x*y.txt', ['/a%20b/x%2Ay.txt']],
    ['q?x=1&y.html', ['/q?x=1&y.html']],
  ])('%s -> %j', (key, expected) => {
    expect(urlPathsForKey(key)).toEqual(expected);
  });
});

describe('reduceInvalidationPaths', () => {
  it.each<[string, string[], Parameters<typeof reduceInvalidationPaths>[1], string[]]>([
    ['nothing changed', [], {}, []],
    ['root page', ['index.html'], {}, ['/']],
    ['a page and an asset, sorted', ['posts/a/index.html', 'css/a.css'], {}, ['/css/a.css', '/posts/a', '/posts/a/']],
    ['duplicates merged', ['a.css', 'a.css'], {}, ['/a.css']],
    [
      'five siblings stay listed',
      ['img/1.png', 'img/2.png', 'img/3.png', 'img/4.png', 'img/5.png'],
      {},
      ['/img/1.png', '/img/2.png', '/img/3.png', '/img/4.png', '/img/5.png'],
    ],
    [
      'six siblings become a wildcard',
      ['img/1.png', 'img/2.png', 'img/3.png', 'img/4.png', 'img/5.png', 'img/6.png', 'about.html'],
      {},
      ['/about.html', '/img/*'],
    ],
    [
      'page dirs count once as siblings (dir/ and dir)',
      ['p/1/index.html', 'p/2/index.html', 'p/3/index.html', 'p/4/index.html', 'p/5/index.html'],
      {},
      ['/p/1', '/p/1/', '/p/2', '/p/2/', '/p/3', '/p/3/', '/p/4', '/p/4/', '/p/5', '/p/5/'],
    ],
    [
      'a wildcard covers deeper paths',
      ['a/1.css', 'a/2.css', 'a/3.css', 'a/4.css', 'a/5.css', 'a/6.css', 'a/deep/x.css'],
      {},
      ['/a/*'],
    ],
    [
      'over budget collapses the fullest directory',
      ['a/1.css', 'a/2.css', 'a/3.css', 'b/1.css', 'c.css'],
      { budget: 3 },
      ['/a/*', '/b/1.css', '/c.css'],
    ],
    [
      'over budget with nothing to share: everything',
      ['a.css', 'b.css', 'c.css'],
      { budget: 2 },
      ['/*'],
    ],
    [
      'the root is left to the budget, not the sibling limit',
      ['a.css', 'b.css', 'c.css', 'd.css', 'e.css', 'f.css'],
      {},
      ['/a.css', '/b.css', '/c.css', '/d.css', '/e.css', '/f.css'],
    ],
    [
      'subdirectories with changes count as siblings',
      ['posts/1/a.jpg', 'posts/2/a.jpg', 'posts/3/a.jpg', 'posts/4/a.jpg', 'posts/5/a.jpg', 'posts/6/a.jpg'],
      {},
      ['/posts/*'],
    ],
    [
      'origin path stripped, keys outside dropped',
      ['site/index.html', 'site/a/index.html', 'site2/x.css', 'other.css'],
      { originPath: '/site' },
      ['/', '/a', '/a/'],
    ],
    ['origin path without slashes', ['site/x.css'], { originPath: 'site/' }, ['/x.css']],
  ])('%s', (_name, keys, options, expected) => {
    expect(reduceInvalidationPaths(keys, options)).toEqual(expected);
  });

  it('is deterministic whatever the input order', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `d${i % 7}/f${i}.html`);
    const once = reduceInvalidationPaths(keys);
    expect(reduceInvalidationPaths([...keys].reverse())).toEqual(once);
    expect(once.length).toBeLessThanOrEqual(15);
  });

  it('stays within the budget on a large change', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `posts/${i}/index.html`).concat(['index.html', 'index.xml']);
    const paths = reduceInvalidationPaths(keys, { budget: 15 });
    expect(paths.length).toBeLessThanOrEqual(15);
    expect(paths).toContain('/posts/*');
    expect(paths).toContain('/');
  });
});
