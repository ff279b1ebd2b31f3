import { createHash } from 'node:crypto';

/** Longest slug: one path segment that stays readable in a URL and far below S3's 1024-byte keys. */
export const MAX_SLUG_LENGTH = 63;
const HASH_LENGTH = 10;
/** Only lossy slugs hold a double dash: the readable part never does, so the two kinds cannot meet. */
const HASH_SEPARATOR = '--';
const LOSSLESS = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]{10})?$/;

/**
 * A branch's preview folder: one path segment of lowercase ASCII letters, digits and dashes, at
 * most 63 characters, so no branch name (`..`, slashes, unicode, any length) can reach outside its
 * prefix. A name that is already such a segment is its own slug; any other (`claude/fix-nav`)
 * keeps a readable part and gets `--` and a hash of the full name, so two branches that read
 * alike (`claude/fix-nav`, `claude-fix-nav`, `Claude/Fix-Nav`) still get distinct folders.
 */
export function previewSlug(branch: string): string {
  if (LOSSLESS.test(branch) && branch.length <= MAX_SLUG_LENGTH) return branch;
  const readable = branch
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // accents off their letters: café -> cafe
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = MAX_SLUG_LENGTH - HASH_SEPARATOR.length - HASH_LENGTH;
  const base = readable.slice(0, room).replace(/-+$/, '') || 'branch';
  const hash = createHash('sha256').update(branch, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  return `${base}${HASH_SEPARATOR}${hash}`;
}

/** Whether a string is a slug previewSlug can return: checked again before anything is deleted. */
export function isPreviewSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG.test(slug);
}
