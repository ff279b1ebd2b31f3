import { describe, expect, it } from 'vitest';
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from '../../src/deploy/content-type.js';

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/page.HTM', 'text/html; charset=utf-8'],
    ['css/main.3f2a9c1b.css', 'text/css; charset=utf-8'],
    ['js/app.js', 'text/javascript; charset=utf-8'],
    ['js/mod.mjs', 'text/javascript; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['app.js.map', 'application/json; charset=utf-8'],
    ['data.xml', 'application/xml; charset=utf-8'],
    ['sitemap.xml', 'application/xml; charset=utf-8'],
    ['en/sitemap.xml', 'application/xml; charset=utf-8'],
    ['index.xml', 'application/rss+xml; charset=utf-8'],
    ['posts/index.xml', 'application/rss+xml; charset=utf-8'],
    ['feed.atom', 'application/atom+xml; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.jpg', 'image/jpeg'],
    ['a.JPEG', 'image/jpeg'],
    ['a.gif', 'image/gif'],
    ['a.webp', 'image/webp'],
    ['a.avif', 'image/avif'],
    ['favicon.ico', 'image/x-icon'],
    ['f.woff', 'font/woff'],
    ['f.woff2', 'font/woff2'],
    ['f.ttf', 'font/ttf'],
    ['f.otf', 'font/otf'],
    ['f.eot', 'application/vnd.ms-fontobject'],
    ['site.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['notes.md', 'text/markdown; charset=utf-8'],
    ['t.csv', 'text/csv; charset=utf-8'],
    ['doc.pdf', 'application/pdf'],
    ['m.wasm', 'application/wasm'],
    ['v.mp4', 'video/mp4'],
    ['v.webm', 'video/webm'],
    ['s.mp3', 'audio/mpeg'],
    ['a.zip', 'application/zip'],
    ['a.tar.gz', 'application/gzip'],
    ['README', DEFAULT_CONTENT_TYPE],
    ['.htaccess', DEFAULT_CONTENT_TYPE],
    ['file.unknownext', DEFAULT_CONTENT_TYPE],
  ])('%s -> %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});
