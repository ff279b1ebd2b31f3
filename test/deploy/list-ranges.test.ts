import { describe, expect, it } from 'vitest';
import { compareKeys, LIST_RANGES_IN_FLIGHT, rangesAfter } from '../../src/deploy/list-ranges.js';
import { createS3Store, type S3Connection } from '../../src/deploy/s3-store.js';
import type { S3Request, S3Response } from '../../src/deploy/s3-http.js';

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareKeys', () => {
  it('orders keys as their UTF-8 bytes, as S3 lists them, surrogate pairs after U+E000–U+FFFF', () => {
    const keys = ['b', 'a', 'ab', '', 'a\u{1F600}', 'a\uFFFD', 'a\uE000', 'aé', 'a~', 'A', 'a/', '\u{10000}', '\uFFFF'];
    expect([...keys].sort(compareKeys)).toEqual([...keys].sort(utf8Order));
    // where JavaScript's own order differs
    expect('a\u{1F600}' < 'a\uFFFD').toBe(true);
    expect(compareKeys('a\u{1F600}', 'a\uFFFD')).toBe(1);
    expect(compareKeys('x', 'x')).toBe(0);
  });
});

describe('rangesAfter', () => {
  const keys = Array.from({ length: 25 }, (_, i) => `site/p${String(i).padStart(2, '0')}`);

  it('cuts the keys after the first page into page-sized ranges, the last open-ended', () => {
    // a first page of 5 ended at p04: 20 keys left, pages of 5
    expect(rangesAfter(keys, 'site/p04', 5)).toEqual([
      { after: 'site/p04', through: 'site/p09' },
      { after: 'site/p09', through: 'site/p14' },
      { after: 'site/p14', through: 'site/p19' },
      { after: 'site/p19' },
    ]);
  });

  it('is one open range when a page or less is left, or nothing is expected', () => {
    expect(rangesAfter(keys, 'site/p19', 5)).toEqual([{ after: 'site/p19' }]);
    expect(rangesAfter(keys, 'site/p20', 5)).toEqual([{ after: 'site/p20' }]);
    expect(rangesAfter([], 'site/p04', 5)).toEqual([{ after: 'site/p04' }]);
  });

  it('takes the keys in any order, with duplicates, and never makes an empty or backward range', () => {
    const shuffled = [...keys].reverse().flatMap((key) => [key, key]);
    const ranges = rangesAfter(shuffled, 'site/p04', 5);
    for (const range of ranges.slice(0, -1)) expect(compareKeys(range.through!, range.after)).toBe(1);
    for (let at = 1; at < ranges.length; at++) expect(ranges[at]!.after).toBe(ranges[at - 1]!.through);
    expect(ranges.at(-1)!.through).toBeUndefined();
  });

  it('keeps bounds rising in S3 order where code-unit order differs', () => {
    const exotic = ['k\uE000', 'k\uE001', 'k\u{1F600}', 'k\u{1F601}', 'k\uFFFD', 'kz'];
    const ranges = rangesAfter(exotic, 'k', 1);
    let lower = 'k';
    for (const range of ranges) {
      expect(range.after).toBe(lower);
      if (range.through !== undefined) {
        expect(utf8Order(range.through, lower)).toBe(1);
        lower = range.through;
      }
    }
  });
});

/**
 * A bucket in memory behind the store's own HTTP interface, answering ListObjectsV2 as S3 does
 * (UTF-8 key order, max-keys, start-after, continuation tokens), with every request held to the end
 * of the event loop's turn: it shows which pages the store asks for at the same time.
 */
function memoryBucket(keys: string[], pageSize: number, options: { ignoresStartAfter?: boolean } = {}) {
  const sorted = [...new Set(keys)].sort(utf8Order);
  const sent: Record<string, string>[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const connection: S3Connection = {
    http: {
      async send(request: S3Request): Promise<S3Response> {
        const query = request.query ?? {};
        sent.push(query);
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Held until the event loop's turn ends: every request the store starts at the same time
        // (all from promise callbacks, no I/O here) is in flight by then.
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        const after = query['continuation-token'] ?? (options.ignoresStartAfter ? undefined : query['start-after']) ?? '';
        const matching = sorted.filter((key) => key.startsWith(query.prefix ?? '') && utf8Order(key, after) > 0);
        const page = matching.slice(0, Number(query['max-keys'] ?? 1000));
        const truncated = matching.length > page.length;
        const body =
          `<ListBucketResult><IsTruncated>${truncated}</IsTruncated>` +
          (truncated ? `<NextContinuationToken>${escape(page.at(-1)!)}</NextContinuationToken>` : '') +
          page.map((key) => `<Contents><Key>${escape(key)}</Key><Size>1</Size><ETag>"e"</ETag></Contents>`).join('') +
          '</ListBucketResult>';
        return { status: 200, headers: {}, body: Buffer.from(body) };
      },
      destroy() {},
    },
    sdkClient: () => Promise.reject(new Error('not used')),
    destroy() {},
  };
  const store = createS3Store(connection, { bucket: 'b', listPageSize: pageSize });
  return { store, sorted, sent, mostInFlight: () => mostInFlight };
}

describe('a listing cut into ranges', () => {
  const site = Array.from({ length: 95 }, (_, i) => `site/s${i % 7}/page-${i}/index.html`);

  it('lists the pages after the first at once and finds exactly the keys under the prefix', async () => {
    const bucket = memoryBucket([...site, 'other/x.html', 'site/.handoff-manifest.json.gz'], 10);
    const listed = await bucket.store.list('site/', undefined, Promise.resolve(site));
    expect([...listed.keys()].sort(utf8Order)).toEqual(bucket.sorted.filter((key) => key.startsWith('site/')));
    // 96 keys in pages of 10: the first page, then nine ranges of about a page, at most 8 at once
    expect(bucket.sent.length).toBeLessThanOrEqual(11);
    expect(bucket.mostInFlight()).toBe(LIST_RANGES_IN_FLIGHT);
    expect(bucket.sent.slice(1).every((query) => query['start-after'] !== undefined || query['continuation-token'] !== undefined)).toBe(true);
  });

  it('finds keys the local tree does not have (to delete) and misses none the tree has in vain', async () => {
    const remote = [...site.slice(0, 60), ...Array.from({ length: 40 }, (_, i) => `site/s3/old-${i}.html`), 'site/zz/last.html', 'site/\u{1F600}.html', 'site/\uFFFD.html'];
    const expected = [...site, 'site/s9/new-only-here.html'];
    const bucket = memoryBucket(remote, 10);
    const listed = await bucket.store.list('site/', undefined, Promise.resolve(expected));
    expect([...listed.keys()].sort(utf8Order)).toEqual(bucket.sorted);
  });

  it('still finds every key from a server that ignores start-after (each range then pages from the start)', async () => {
    const bucket = memoryBucket(site, 10, { ignoresStartAfter: true });
    const listed = await bucket.store.list('site/', undefined, Promise.resolve(site.slice(0, 50)));
    expect([...listed.keys()].sort(utf8Order)).toEqual(bucket.sorted);
  });

  it('pages one after another without expected keys, and agrees with the ranged listing', async () => {
    const bucket = memoryBucket(site, 10);
    const plain = await bucket.store.list('site/');
    expect(bucket.mostInFlight()).toBe(1);
    expect(bucket.sent).toHaveLength(10);
    const ranged = await memoryBucket(site, 10).store.list('site/', undefined, Promise.resolve(site));
    expect(new Map([...ranged].sort())).toEqual(new Map([...plain].sort()));
  });

  it('sends one request for a listing of one page, without waiting for the expected keys', async () => {
    const bucket = memoryBucket(site.slice(0, 8), 10);
    const never = new Promise<readonly string[]>(() => {});
    expect((await bucket.store.list('site/', undefined, never)).size).toBe(8);
    expect(bucket.sent).toHaveLength(1);
  });
});
