/**
 * Cutting a listing into ranges that can be listed at the same time. S3 lists one page after
 * another, each page naming where the next starts, so a prefix of 10,000 objects is ten round
 * trips in a row. But ListObjectsV2 also starts after any key (`start-after`), and the deploy
 * knows, from its local tree, which keys the bucket most likely holds: cut there, every page's
 * worth, and the pages go out together. Nothing depends on the guess being right: each range is
 * listed until it passes its upper bound, however many pages that takes, so keys the tree does
 * not have (objects to delete) are found all the same.
 */

/** A range of keys: after `after` (exclusive) up to `through` (inclusive; none: to the end). */
export interface KeyRange {
  after: string;
  through?: string;
}

/** Ranges of pages listed at once: enough to hide the round trips, few enough to bound the pages held in memory (about 300 kB each). */
export const LIST_RANGES_IN_FLIGHT = 8;

/**
 * The order S3 lists keys in: their UTF-8 bytes. JavaScript compares UTF-16 code units, which
 * agrees except between characters written as surrogate pairs (above U+FFFF) and U+E000–U+FFFF;
 * a range bound compared the wrong way there would lose the keys between, so the difference is
 * handled.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  let at = 0;
  while (at < length && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  if (at === length) return a.length < b.length ? -1 : 1;
  return utf8Rank(a.charCodeAt(at)) < utf8Rank(b.charCodeAt(at)) ? -1 : 1;
}

/** A code unit's place in UTF-8 byte order: surrogates (pairs, so U+10000 and above) after U+E000–U+FFFF. */
function utf8Rank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/**
 * The ranges covering every key after `after` (the last key of the first page), cut so each
 * holds about one page of the expected keys. The last range is open-ended, so keys past the
 * expected ones are listed too. Expected keys need not be sorted or unique.
 */
export function rangesAfter(expectedKeys: readonly string[], after: string, pageSize: number): KeyRange[] {
  // Sorted by code units (V8's own sort, several times faster than a comparator here); the
  // bounds are then kept only where they rise in S3's order, which is what makes the ranges
  // cover every key once. Where the two orders differ, a range only holds more or less than a page.
  const later = expectedKeys.filter((key) => compareKeys(key, after) > 0).sort();
  const ranges: KeyRange[] = [];
  let lower = after;
  for (let at = pageSize - 1; at < later.length - 1; at += pageSize) {
    const bound = later[at]!;
    if (compareKeys(bound, lower) <= 0) continue;
    ranges.push({ after: lower, through: bound });
    lower = bound;
  }
  ranges.push({ after: lower });
  return ranges;
}
