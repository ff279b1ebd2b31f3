import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { contentTypeFor } from './content-type.js';
import { compileGlob } from '../primitives/glob.js';

/**
 * One header rule from the task or site config. Rules are data so the agent can change them in a
 * task file; see `resolveHeaders` for how several rules combine.
 */
export interface HeaderRule {
  /** A glob (see glob.ts): `**\/*.html`, `*.css`, `sitemap.xml`, `images/**`. */
  pattern: string;
  cacheControl?: string;
  /** Store the file gzip-compressed with `Content-Encoding: gzip`. */
  gzip?: boolean;
  contentType?: string;
}

/** The headers one object is stored with, and whether its body is gzipped. */
export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
  /**
   * `gzip` when handoff stores the body compressed; absent otherwise. Read back from a HEAD it
   * may be anything another tool set (`br`), which then differs from what handoff would store.
   */
  contentEncoding?: string;
}

/** Pages and feeds change on every content edit, so caches must check back each time. */
export const CACHE_REVALIDATE = 'public, max-age=0, must-revalidate';
/** A fingerprinted name changes whenever its content does, so the old bytes can be kept forever. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Other assets (images, fonts without a hash) can change in place: an hour bounds staleness. */
export const CACHE_STATIC = 'public, max-age=3600';

const REVALIDATE_EXTENSIONS = new Set(['html', 'htm', 'xml', 'rss', 'atom']);

/**
 * A file name carrying a content hash: a run of at least 8 lowercase hex characters, with at
 * least one digit and one letter (so a date like 20240101 or a word like "deadbeef" is not taken
 * for one), between `.`, `-` or `_` and followed by more of the name, as in main.3f2a9c1b.css,
 * main.min.<64 hex>.css or chunk-3f2a9c1b.js.
 */
export function isFingerprinted(filePath: string): boolean {
  const name = path.basename(filePath);
  for (const match of name.matchAll(/(?<=^|[.\-_])[0-9a-f]{8,}(?=[.\-_])/g)) {
    if (/[0-9]/.test(match[0]) && /[a-f]/.test(match[0])) return true;
  }
  return false;
}

/** The built-in Cache-Control used when no rule sets one. */
export function defaultCacheControl(filePath: string): string {
  const extension = path.extname(filePath).slice(1).toLowerCase();
  if (REVALIDATE_EXTENSIONS.has(extension)) return CACHE_REVALIDATE;
  if (isFingerprinted(filePath)) return CACHE_IMMUTABLE;
  return CACHE_STATIC;
}

export type HeaderResolver = (filePath: string) => ObjectHeaders;

/**
 * Builds the function giving each site path its headers. Rules are tried in order and, for each
 * header separately, the first matching rule that sets it wins; what no rule sets falls back to
 * the built-in defaults. So `{pattern: '*.css', gzip: true}` gzips CSS and keeps the default
 * Cache-Control instead of dropping it.
 */
export function createHeaderResolver(rules: readonly HeaderRule[] = []): HeaderResolver {
  const compiled = rules.map((rule) => ({ rule, matches: compileGlob(rule.pattern) }));
  return (filePath) => {
    let cacheControl: string | undefined;
    let contentType: string | undefined;
    let gzip: boolean | undefined;
    for (const { rule, matches } of compiled) {
      if (!matches(filePath)) continue;
      cacheControl ??= rule.cacheControl;
      contentType ??= rule.contentType;
      gzip ??= rule.gzip;
    }
    const headers: ObjectHeaders = {
      contentType: contentType ?? contentTypeFor(filePath),
      cacheControl: cacheControl ?? defaultCacheControl(filePath),
    };
    if (gzip) headers.contentEncoding = 'gzip';
    return headers;
  };
}

/**
 * A short fingerprint of the headers an object is stored with. It is kept in the object's
 * metadata and the deploy manifest so that a changed header rule re-uploads exactly the objects
 * whose headers it changes, which comparing content alone cannot see.
 */
export function headersFingerprint(headers: ObjectHeaders): string {
  return createHash('sha256')
    .update(`${headers.contentType}\n${headers.cacheControl}\n${headers.contentEncoding ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}
