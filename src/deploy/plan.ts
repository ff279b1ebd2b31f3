import path from 'node:path/posix';
import type { HeaderOrigins, ObjectHeaders } from './headers.js';

/** A file of the build output, described by what will be stored for it. */
export interface LocalFile {
  /** Relative to the build output, posix separators: `posts/a/index.html`. */
  path: string;
  absolutePath: string;
  /** Source file size and MD5 (hex). */
  size: number;
  md5: string;
  headers: ObjectHeaders;
  /** headersFingerprint(headers). */
  headersHash: string;
  /** Size and MD5 of the bytes stored: the gzipped body when headers.contentEncoding is gzip. */
  bodySize: number;
  bodyMd5: string;
}

/** What is known about an object already in the bucket. */
export interface RemoteObject {
  key: string;
  size: number;
  /** As S3 returns it, quotes included. */
  etag: string;
  /**
   * The object's server-side encryption as S3 reported it (PUT or HEAD answer, or recorded in the
   * manifest). Under SSE-KMS the ETag is not the body's MD5, whoever set the encryption.
   */
  encryption?: string;
  /**
   * What handoff recorded when it uploaded the object (from the manifest or a HEAD of the
   * object's metadata): the body MD5, needed when the ETag is not one, and the headers
   * fingerprint, needed to see header rule changes.
   */
  stored?: { md5?: string; headersHash?: string };
}

/** `forced`: unchanged, but a header rule with `force` (hugo deploy's) uploads it on every deploy. */
export type UploadReason = 'new' | 'size-changed' | 'content-changed' | 'headers-changed' | 'etag-unverifiable' | 'forced';

/**
 * Upload order: assets first, so no page goes live pointing at a stylesheet or image that is not
 * there yet; then HTML; then sitemaps and feeds, which point at the pages.
 */
export type UploadPhase = 'assets' | 'html' | 'feeds';
export const UPLOAD_PHASES: readonly UploadPhase[] = ['assets', 'html', 'feeds'];

export interface PlannedUpload {
  key: string;
  file: LocalFile;
  reason: UploadReason;
  phase: UploadPhase;
}

export interface SyncPlan {
  /** Normalised (`site/` or empty). */
  prefix: string;
  /** In execution order: by phase, then larger bodies first so the pool's tail is short. */
  uploads: PlannedUpload[];
  /** Keys to delete, sorted; executed after every upload succeeded. */
  deletes: string[];
  /** Local files already in the bucket as they are. */
  skipped: number;
  bytesToUpload: number;
  /** Set when the plan deletes more than allowed: execution then refuses to run it at all. */
  tooManyDeletes?: { count: number; limit: number };
}

export interface PlanOptions {
  /** Normalised prefix (see normalizePrefix): local `a.css` is key `${prefix}a.css`. */
  prefix: string;
  /** Most deletes one deploy may make (the target's, resolveDeployTarget); a wrong build dir must not empty a bucket. */
  maxDeletes: number;
  /**
   * Whether a plain 32-hex ETag is the object's MD5. False with SSE-KMS, where it is not and only
   * the stored MD5 can tell.
   */
  trustEtagMd5?: boolean;
  /** Remote paths (relative to the prefix) that are never deleted: excluded files, the manifest. */
  keep?: (relativePath: string) => boolean;
  /** Local paths uploaded even when unchanged (header rules with `force`). */
  forced?: (relativePath: string) => boolean;
}


/** The MD5 in an ETag when it is a plain single-part one (`"<32 hex>"`), else undefined. */
/** True for SSE-KMS (`aws:kms`, `aws:kms:dsse`), whose ETags are not MD5s of the body. */
export function isKmsEncryption(encryption: string | undefined): boolean {
  return encryption !== undefined && encryption.startsWith('aws:kms');
}

/** The body MD5 an object's ETag states, unless its encryption (or the caller) says the ETag is no MD5. */
export function md5FromRemoteEtag(remote: Pick<RemoteObject, 'etag' | 'encryption'>, trustEtagMd5: boolean): string | undefined {
  return trustEtagMd5 && !isKmsEncryption(remote.encryption) ? md5FromEtag(remote.etag) : undefined;
}

export function md5FromEtag(etag: string): string | undefined {
  // S3's own form, `"<32 lower-case hex>"`, without building strings: it is asked for every
  // listed object, two or three times per deploy.
  if (etag.length === 34 && etag.charCodeAt(0) === QUOTE && etag.charCodeAt(33) === QUOTE) {
    const bare = etag.slice(1, 33);
    if (MD5_HEX.test(bare)) return bare;
  }
  const bare = etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  return MD5_HEX.test(bare) ? bare : undefined;
}
const QUOTE = 0x22;
const MD5_HEX = /^[0-9a-f]{32}$/;

export function uploadPhase(filePath: string): UploadPhase {
  const extension = path.extname(filePath).slice(1).toLowerCase();
  if (extension === 'html' || extension === 'htm') return 'html';
  if (extension === 'xml' || extension === 'rss' || extension === 'atom') return 'feeds';
  return 'assets';
}

/** Why `file` must be uploaded over `remote`, or undefined when the stored object is the same. */
export function uploadReason(
  file: LocalFile,
  remote: RemoteObject | undefined,
  trustEtagMd5 = true,
): UploadReason | undefined {
  if (!remote) return 'new';
  if (remote.size !== file.bodySize) return 'size-changed';
  const remoteMd5 = md5FromRemoteEtag(remote, trustEtagMd5) ?? remote.stored?.md5;
  if (!remoteMd5) return 'etag-unverifiable';
  if (remoteMd5 !== file.bodyMd5) return 'content-changed';
  const storedHeaders = remote.stored?.headersHash;
  if (storedHeaders !== undefined && storedHeaders !== file.headersHash) return 'headers-changed';
  return undefined;
}

/**
 * Compares the build output with the bucket listing and decides every upload (with its reason)
 * and delete. Pure: the same inputs always give the same plan, which is what a dry run prints.
 */
export function planSync(
  local: readonly LocalFile[],
  remote: ReadonlyMap<string, RemoteObject>,
  options: PlanOptions,
): SyncPlan {
  const { prefix, trustEtagMd5 = true } = options;
  const { maxDeletes } = options;
  const uploads: PlannedUpload[] = [];
  const localKeys = new Set<string>();
  let skipped = 0;
  for (const file of local) {
    const key = prefix + file.path;
    localKeys.add(key);
    const reason = uploadReason(file, remote.get(key), trustEtagMd5) ?? (options.forced?.(file.path) ? 'forced' : undefined);
    if (reason) uploads.push({ key, file, reason, phase: uploadPhase(file.path) });
    else skipped++;
  }
  uploads.sort(
    (a, b) =>
      UPLOAD_PHASES.indexOf(a.phase) - UPLOAD_PHASES.indexOf(b.phase) ||
      b.file.bodySize - a.file.bodySize ||
      compareStrings(a.key, b.key),
  );

  const deletes: string[] = [];
  for (const key of remote.keys()) {
    if (localKeys.has(key) || !key.startsWith(prefix)) continue;
    if (options.keep?.(key.slice(prefix.length))) continue;
    deletes.push(key);
  }
  deletes.sort(compareStrings);

  const plan: SyncPlan = {
    prefix,
    uploads,
    deletes,
    skipped,
    bytesToUpload: uploads.reduce((sum, upload) => sum + upload.file.bodySize, 0),
  };
  if (deletes.length > maxDeletes) plan.tooManyDeletes = { count: deletes.length, limit: maxDeletes };
  return plan;
}

/** The plan as a dry run prints it and the report carries it: no local paths or file details. */
export interface PlanSummary {
  uploads: PlannedUploadSummary[];
  deletes: string[];
  skipped: number;
  bytesToUpload: number;
  tooManyDeletes?: { count: number; limit: number };
}

export interface PlannedUploadSummary {
  key: string;
  reason: UploadReason;
  bytes: number;
  /**
   * The headers set by a rule rather than by handoff's defaults, each with the rule that set it
   * (`config/_default/deployment.toml:3 matchers[0] '^.+\\.css$'`); absent when no rule applies.
   */
  rules?: UploadRules;
}

/** Header name (`Cache-Control`, `Content-Type`, `Content-Encoding`, or `force`) to `value ← rule`. */
export type UploadRules = Record<string, string>;

/**
 * `originsOf` says which rule set which header of a path (HeaderRules.originsOf); without it, or
 * for a path no rule touches, an upload carries no `rules`.
 */
export function summarizePlan(plan: SyncPlan, originsOf?: (relativePath: string) => HeaderOrigins): PlanSummary {
  const summary: PlanSummary = {
    uploads: plan.uploads.map((u) => {
      const upload: PlannedUploadSummary = { key: u.key, reason: u.reason, bytes: u.file.bodySize };
      const rules = originsOf ? uploadRules(u.file, originsOf(u.file.path)) : undefined;
      if (rules) upload.rules = rules;
      return upload;
    }),
    deletes: [...plan.deletes],
    skipped: plan.skipped,
    bytesToUpload: plan.bytesToUpload,
  };
  if (plan.tooManyDeletes) summary.tooManyDeletes = { ...plan.tooManyDeletes };
  return summary;
}

/** An upload's rules on one line, as dry runs and `handoff plan` print them: `Cache-Control max-age=60 ← handoff.yml headers[0] '*.css'; …`. */
export function describeUploadRules(rules: UploadRules): string {
  return Object.entries(rules)
    .map(([header, rule]) => `${header} ${rule}`)
    .join('; ');
}

function uploadRules(file: LocalFile, origins: HeaderOrigins): UploadRules | undefined {
  const rules: UploadRules = {};
  if (origins.cacheControl) rules['Cache-Control'] = `${file.headers.cacheControl} ← ${origins.cacheControl}`;
  if (origins.contentType) rules['Content-Type'] = `${file.headers.contentType} ← ${origins.contentType}`;
  if (origins.contentEncoding) rules['Content-Encoding'] = `gzip ← ${origins.contentEncoding}`;
  if (origins.force) rules['force'] = `uploaded on every deploy ← ${origins.force}`;
  return Object.keys(rules).length > 0 ? rules : undefined;
}

/** Code-unit order, the order S3 lists keys in, independent of the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
