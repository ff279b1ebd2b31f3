import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { compareStrings, type LocalFile, type RemoteObject } from './plan.js';

/**
 * Name of the manifest object, under the deploy prefix. It records, per object handoff stored,
 * the ETag it got, its body MD5 and its headers fingerprint, so a redeploy learns all of that
 * from one GET instead of a HEAD per object (ListObjectsV2 returns no metadata). Entries are only
 * trusted while the listed ETag and size still match, so an object changed by anything else is
 * looked at again.
 */
export const MANIFEST_NAME = '.handoff-manifest.json.gz';

export interface ManifestEntry {
  etag: string;
  size: number;
  md5: string;
  headers: string;
  /** S3's x-amz-server-side-encryption for the object when it was not plain (`aws:kms`): its ETag is then no MD5. */
  encryption?: string;
}

export interface Manifest {
  version: 1;
  /** By path relative to the prefix. */
  entries: Record<string, ManifestEntry>;
}

/**
 * A manifest as read, and the SHA-256 of its JSON: all a deploy keeps of it once the listing has
 * been annotated, so its 50,000 parsed entries need not live until the next one is compared.
 */
export interface ManifestRead {
  manifest: Manifest;
  /**
   * Compared with the digest of the next manifest's canonical JSON, so equal digests mean equal
   * entries. Taken of the JSON as stored when every entry was valid (handoff writes it
   * canonically: hashing the bytes read costs far less than writing them again), and of the
   * canonical JSON of the valid entries when some were dropped. A manifest with the same entries
   * but not in canonical form (not written by handoff) is therefore rewritten, once.
   */
  digest: string;
}

export function parseManifest(bytes: Buffer | undefined): Manifest | undefined {
  return readManifest(bytes)?.manifest;
}

export function readManifest(bytes: Buffer | undefined): ManifestRead | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const json = gunzipSync(bytes);
    const data = JSON.parse(json.toString('utf8')) as Partial<Manifest>;
    if (data.version !== 1 || typeof data.entries !== 'object' || data.entries === null) return undefined;
    // Checked in place rather than copied: at 10,000 entries a copy is 10,000 more objects for
    // the collector, on every deploy.
    const entries = data.entries as Record<string, Partial<ManifestEntry> | null>;
    let dropped = false;
    for (const path in entries) {
      const entry = entries[path];
      if (
        typeof entry?.etag !== 'string' ||
        typeof entry.size !== 'number' ||
        typeof entry.md5 !== 'string' ||
        typeof entry.headers !== 'string'
      ) {
        delete entries[path];
        dropped = true;
      } else if (entry.encryption !== undefined && typeof entry.encryption !== 'string') {
        delete entry.encryption;
        dropped = true;
      }
    }
    const manifest: Manifest = { version: 1, entries: entries as Record<string, ManifestEntry> };
    return { manifest, digest: dropped ? digestOf(manifestJsonChunks(sortedEntries(manifest))) : digestOf([json]) };
  } catch {
    return undefined;
  }
}

/** Canonical JSON (sorted, fixed field order): equal manifests give equal text, so an unchanged one is not rewritten. */
export function manifestJson(manifest: Manifest | undefined): string {
  return Buffer.concat([...manifestJsonChunks(sortedEntries(manifest))]).toString('utf8');
}

/** A manifest's entries in canonical order (by path, in code-unit order). */
function* sortedEntries(manifest: Manifest | undefined): Generator<readonly [string, ManifestEntry]> {
  const entries = manifest?.entries ?? {};
  for (const path of Object.keys(entries).sort(compareStrings)) yield [path, entries[path]!];
}

/**
 * The canonical JSON of entries given in path order (as JSON.stringify would give a sorted
 * copy), UTF-8 in fresh chunks of about a megabyte: at 50,000 entries the text is 8-10 MB, and
 * held whole (as strings, or as one buffer beside its gzip input) it was the peak of a deploy's
 * memory. Strings that need no escaping, which is every hex digest and nearly every path, are
 * quoted without JSON.stringify: at 50,000 entries that halved the cost of the text.
 */
function* manifestJsonChunks(entries: Iterable<readonly [string, ManifestEntry]>): Generator<Buffer> {
  const out = new ChunkWriter();
  out.write('{"version":1,"entries":{');
  let separator = '';
  for (const [path, e] of entries) {
    // sizes are finite integers (file sizes, or numbers JSON.parse gave), which String writes as JSON does
    const full = out.write(
      `${separator}${jsonString(path)}:{"etag":${jsonString(e.etag)},"size":${e.size},"md5":${jsonString(e.md5)},"headers":${jsonString(e.headers)}${e.encryption ? `,"encryption":${jsonString(e.encryption)}` : ''}}`,
    );
    if (full) yield full;
    separator = ',';
  }
  const full = out.write('}}');
  if (full) yield full;
  yield out.rest();
}

/** Text written as UTF-8 into buffers of JSON_CHUNK_BYTES, each handed out once full and never reused. */
class ChunkWriter {
  private chunk = Buffer.allocUnsafe(JSON_CHUNK_BYTES);
  private used = 0;
  /** Returns the chunk filled before this text, when the text needed a new one. */
  write(text: string): Buffer | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: the bound spares measuring every piece
    const most = text.length * 3;
    let full: Buffer | undefined;
    if (this.used + most > this.chunk.length) {
      if (this.used > 0) full = this.chunk.subarray(0, this.used);
      this.chunk = Buffer.allocUnsafe(Math.max(JSON_CHUNK_BYTES, most));
      this.used = 0;
    }
    this.used += this.chunk.write(text, this.used);
    return full;
  }
  rest(): Buffer {
    return this.chunk.subarray(0, this.used);
  }
}
const JSON_CHUNK_BYTES = 1024 * 1024;

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function digestOf(chunks: Iterable<Buffer>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Level 1: the manifest's JSON (hex digests, repeated fields) compresses nearly as well at the
 * fastest level as at the best, and a deploy that changed anything writes it: at 10,000 entries
 * level 9 took 39 ms of CPU for 299 KB, level 1 8.5 ms for 317 KB.
 */
const MANIFEST_GZIP_LEVEL = 1;

export function serializeManifest(manifest: Manifest): Buffer {
  return gzipSync(Buffer.concat([...manifestJsonChunks(sortedEntries(manifest))]), { level: MANIFEST_GZIP_LEVEL });
}

/**
 * The next manifest gzipped, or undefined when its canonical JSON has the digest of the one
 * stored (nothing to write). The JSON is hashed and gzipped chunk by chunk as it is written, so
 * it is never held whole. When a change is not expected (nothing uploaded, deleted or HEADed)
 * it is only hashed, and written again to be gzipped in the rare case it did change: a no-op
 * redeploy compresses nothing.
 */
export async function encodeManifestIfChanged(
  entries: () => Iterable<readonly [string, ManifestEntry]>,
  previousDigest: string | undefined,
  expectChange: boolean,
): Promise<Buffer | undefined> {
  if (!expectChange && digestOf(manifestJsonChunks(entries())) === previousDigest) return undefined;
  const hash = createHash('sha256');
  const gzipped: Buffer[] = [];
  await pipeline(
    function* () {
      for (const chunk of manifestJsonChunks(entries())) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createGzip({ level: MANIFEST_GZIP_LEVEL }),
    async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) gzipped.push(chunk);
    },
  );
  return hash.digest('hex') === previousDigest ? undefined : Buffer.concat(gzipped);
}

/**
 * The manifest after a successful sync: uploaded files with their new ETags, skipped files with
 * their listed ones. A skipped file whose stored headers were never confirmed gets no entry,
 * so the manifest never vouches for something unchecked.
 */
export function buildManifest(
  local: readonly LocalFile[],
  remote: ReadonlyMap<string, RemoteObject>,
  uploadedEtags: ReadonlyMap<string, string | undefined>,
  prefix: string,
  /** The encryption S3 reported for each upload, by key, where it reported one. */
  uploadedEncryption: ReadonlyMap<string, string> = new Map(),
): Manifest {
  const entries: Record<string, ManifestEntry> = {};
  for (const [path, entry] of nextManifestEntries(local, remote, uploadedEtags, prefix, uploadedEncryption)) entries[path] = entry;
  return { version: 1, entries };
}

/**
 * buildManifest's entries one by one, in the order of `local` (sorted by path: canonical
 * order), so a deploy writes them without building the manifest object.
 */
export function* nextManifestEntries(
  local: readonly LocalFile[],
  remote: ReadonlyMap<string, RemoteObject>,
  uploadedEtags: ReadonlyMap<string, string | undefined>,
  prefix: string,
  uploadedEncryption: ReadonlyMap<string, string> = new Map(),
): Generator<readonly [string, ManifestEntry]> {
  for (const file of local) {
    const key = prefix + file.path;
    let etag: string | undefined;
    let encryption: string | undefined;
    if (uploadedEtags.has(key)) {
      etag = uploadedEtags.get(key);
      encryption = uploadedEncryption.get(key);
    } else {
      const object = remote.get(key);
      if (object?.stored?.headersHash === file.headersHash) ({ etag, encryption } = object);
    }
    if (!etag) continue;
    const entry: ManifestEntry = { etag, size: file.bodySize, md5: file.bodyMd5, headers: file.headersHash };
    if (encryption && encryption !== 'AES256') entry.encryption = encryption;
    yield [file.path, entry];
  }
}
