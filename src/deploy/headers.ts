import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { contentTypeFor } from './content-type.js';
import { compileGlob } from '../primitives/glob.js';

/**
 * One header rule: from handoff.yml's `headers` (a glob) or a Hugo site's `[[deployment.matchers]]`
 * (a Go regular expression, see hugo-patterns.ts). Rules are data; createHeaderRules says how
 * several combine.
 */
export interface HeaderRule {
  /** A glob (see glob.ts: `**\/*.html`, `*.css`, `images/**`), or with `syntax: 'go-regexp'` a Go regular expression. */
  pattern: string;
  /** How `pattern` is read (default `glob`). */
  syntax?: 'glob' | 'go-regexp';
  cacheControl?: string;
  /** Store the file gzip-compressed with `Content-Encoding: gzip`. */
  gzip?: boolean;
  contentType?: string;
  /** Upload matching files on every deploy, changed or not (hugo deploy's `force`). */
  force?: boolean;
  /** Where the rule is written, as plans show it: `handoff.yml headers[0]`, `config/_default/deployment.toml:3 matchers[0]`. */
  source?: string;
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

/** Which rule set each header of a file (its `source`, or its pattern); a header no rule set has the built-in default. */
export interface HeaderOrigins {
  cacheControl?: string;
  contentType?: string;
  contentEncoding?: string;
  force?: string;
}

export interface HeaderRules {
  /** The headers each site path is stored with. */
  headersFor: HeaderResolver;
  /** Whether a path is uploaded even when the bucket already has it as it is. */
  forced: (filePath: string) => boolean;
  /** Which rule set which header of a path, for plans and the review summary. */
  originsOf: (filePath: string) => HeaderOrigins;
}

/** The header rules of a deploy, by where they are written. */
export interface HeaderRuleSets {
  /** handoff.yml's `headers` (globs). */
  handoff?: readonly HeaderRule[];
  /** The site's `[[deployment.matchers]]` (Go regular expressions). */
  site?: readonly HeaderRule[];
}

/** Compiles a rule's pattern; a `go-regexp` rule needs `regexp` (hugo-patterns.ts, loaded only when a site has matchers). */
export type PatternCompiler = (rule: HeaderRule) => (filePath: string) => boolean;

/**
 * Builds the function giving each site path its headers. The one place their precedence is
 * decided, for each header separately (Cache-Control, Content-Type, gzip, force):
 *
 * 1. handoff.yml's rules, in order: the first matching rule that sets the header wins. So
 *    `{path: '*.css', content_encoding: gzip}` gzips CSS and leaves Cache-Control to what follows.
 * 2. The site's `[deployment]` matchers, as hugo deploy applies them: only the first matcher
 *    whose pattern matches counts, and it sets what handoff.yml left unset.
 * 3. handoff's defaults (Content-Type from its table, Cache-Control by kind of file), where hugo
 *    deploy would send none: an unset header is never dropped.
 *
 * handoff.yml comes first because it is where this deploy's owner states headers on purpose, on
 * top of what a theme or an older `hugo deploy` setup brought along.
 */
export function createHeaderRules(sets: HeaderRuleSets = {}, compilePattern: PatternCompiler = globPattern): HeaderRules {
  const handoff = (sets.handoff ?? []).map((rule) => ({ rule, matches: compilePattern(rule) }));
  const site = (sets.site ?? []).map((rule) => ({ rule, matches: compilePattern(rule) }));
  const anyForce = [...handoff, ...site].some(({ rule }) => rule.force);
  const matching = (filePath: string): HeaderRule[] => {
    const rules = handoff.filter(({ matches }) => matches(filePath)).map(({ rule }) => rule);
    const first = site.find(({ matches }) => matches(filePath));
    return first ? [...rules, first.rule] : rules;
  };
  const pick = <K extends 'cacheControl' | 'contentType' | 'gzip' | 'force'>(rules: readonly HeaderRule[], key: K): HeaderRule | undefined =>
    rules.find((rule) => rule[key] !== undefined);
  return {
    headersFor: (filePath) => {
      const rules = matching(filePath);
      const headers: ObjectHeaders = {
        contentType: pick(rules, 'contentType')?.contentType ?? contentTypeFor(filePath),
        cacheControl: pick(rules, 'cacheControl')?.cacheControl ?? defaultCacheControl(filePath),
      };
      if (pick(rules, 'gzip')?.gzip) headers.contentEncoding = 'gzip';
      return headers;
    },
    forced: (filePath) => anyForce && pick(matching(filePath), 'force')?.force === true,
    originsOf: (filePath) => {
      const rules = matching(filePath);
      const origins: HeaderOrigins = {};
      const name = (rule: HeaderRule | undefined) => (rule ? (rule.source ?? `'${rule.pattern}'`) : undefined);
      const cacheControl = name(pick(rules, 'cacheControl'));
      const contentType = name(pick(rules, 'contentType'));
      const gzip = pick(rules, 'gzip');
      const force = pick(rules, 'force');
      if (cacheControl) origins.cacheControl = cacheControl;
      if (contentType) origins.contentType = contentType;
      if (gzip?.gzip) origins.contentEncoding = name(gzip)!;
      if (force?.force) origins.force = name(force)!;
      return origins;
    },
  };
}

/** Compiles glob rules only; a `go-regexp` rule without hugo-patterns.ts loaded is a programming error. */
function globPattern(rule: HeaderRule): (filePath: string) => boolean {
  if (rule.syntax === 'go-regexp') throw new Error(`the Go regular expression '${rule.pattern}' needs the compiler of hugo-patterns.ts`);
  return compileGlob(rule.pattern);
}

/** The headers of handoff.yml-style glob rules alone (tests and callers without site matchers). */
export function createHeaderResolver(rules: readonly HeaderRule[] = []): HeaderResolver {
  return createHeaderRules({ handoff: rules }).headersFor;
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
