import { gunzipSync, gzipSync } from 'node:zlib';
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

export function parseManifest(bytes: Buffer | undefined): Manifest | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const data = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<Manifest>;
    if (data.version !== 1 || typeof data.entries !== 'object' || data.entries === null) return undefined;
    // Checked in place rather than copied: at 10,000 entries a copy is 10,000 more objects for
    // the collector, on every deploy.
    const entries = data.entries as Record<string, Partial<ManifestEntry> | null>;
    for (const path in entries) {
      const entry = entries[path];
      if (
        typeof entry?.etag !== 'string' ||
        typeof entry.size !== 'number' ||
        typeof entry.md5 !== 'string' ||
        typeof entry.headers !== 'string'
      ) {
        delete entries[path];
      } else if (entry.encryption !== undefined && typeof entry.encryption !== 'string') {
        delete entry.encryption;
      }
    }
    return { version: 1, entries: entries as Record<string, ManifestEntry> };
  } catch {
    return undefined;
  }
}

/** Canonical JSON (sorted, fixed field order): equal manifests give equal text, so an unchanged one is not rewritten. */
export function manifestJson(manifest: Manifest | undefined): string {
  const parts: string[] = [];
  writeManifestJson(manifest, (text) => parts.push(text));
  return parts.join('');
}

/**
 * The canonical JSON, piece by piece, in the order JSON.stringify would give a sorted copy,
 * without making that copy or the whole text: at 50,000 entries the text is 10 MB, and held
 * as strings (the pieces, the joined text, then its UTF-8 bytes for gzip) it was the peak of a
 * deploy's memory.
 */
function writeManifestJson(manifest: Manifest | undefined, write: (text: string) => void): void {
  const entries = manifest?.entries ?? {};
  write('{"version":1,"entries":{');
  let separator = '';
  for (const path of Object.keys(entries).sort(compareStrings)) {
    const e = entries[path]!;
    write(
      `${separator}${JSON.stringify(path)}:{"etag":${JSON.stringify(e.etag)},"size":${JSON.stringify(e.size)},"md5":${JSON.stringify(e.md5)},"headers":${JSON.stringify(e.headers)}${e.encryption ? `,"encryption":${JSON.stringify(e.encryption)}` : ''}}`,
    );
    separator = ',';
  }
  write('}}');
}

/**
 * Whether two manifests record the same entries (what their canonical JSON would say, without
 * building it: a redeploy that changed nothing compares and writes nothing).
 */
export function sameManifest(a: Manifest | undefined, b: Manifest | undefined): boolean {
  const aEntries = a?.entries ?? {};
  const bEntries = b?.entries ?? {};
  let count = 0;
  for (const path in aEntries) {
    const x = aEntries[path]!;
    const y = bEntries[path];
    if (!y || x.etag !== y.etag || x.size !== y.size || x.md5 !== y.md5 || x.headers !== y.headers || (x.encryption ?? '') !== (y.encryption ?? '')) return false;
    count++;
  }
  return count === Object.keys(bEntries).length;
}

/**
 * Level 1: the manifest's JSON (hex digests, repeated fields) compresses nearly as well at the
 * fastest level as at the best, and a deploy that changed anything writes it: at 10,000 entries
 * level 9 took 39 ms of CPU for 299 KB, level 1 8.5 ms for 317 KB.
 */
export function serializeManifest(manifest: Manifest): Buffer {
  // UTF-8 written straight into buffers of a megabyte, so the JSON text never exists as a string
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(JSON_CHUNK_BYTES);
  let used = 0;
  writeManifestJson(manifest, (text) => {
    const bytes = Buffer.byteLength(text);
    if (used + bytes > chunk.length) {
      chunks.push(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(JSON_CHUNK_BYTES, bytes));
      used = 0;
    }
    used += chunk.write(text, used);
  });
  chunks.push(chunk.subarray(0, used));
  return gzipSync(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { level: 1 });
}
const JSON_CHUNK_BYTES = 1024 * 1024;

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
    if (etag) entries[file.path] = { etag, size: file.bodySize, md5: file.bodyMd5, headers: file.headersHash, ...(encryption && encryption !== 'AES256' ? { encryption } : {}) };
  }
  return { version: 1, entries };
}
