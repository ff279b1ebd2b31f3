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
    const entries: Record<string, ManifestEntry> = {};
    for (const [path, entry] of Object.entries(data.entries)) {
      if (
        typeof entry?.etag === 'string' &&
        typeof entry.size === 'number' &&
        typeof entry.md5 === 'string' &&
        typeof entry.headers === 'string'
      ) {
        entries[path] = { etag: entry.etag, size: entry.size, md5: entry.md5, headers: entry.headers, ...(typeof entry.encryption === 'string' ? { encryption: entry.encryption } : {}) };
      }
    }
    return { version: 1, entries };
  } catch {
    return undefined;
  }
}

/** Canonical JSON (sorted, fixed field order): equal manifests give equal text, so an unchanged one is not rewritten. */
export function manifestJson(manifest: Manifest | undefined): string {
  const entries: Record<string, ManifestEntry> = {};
  for (const path of Object.keys(manifest?.entries ?? {}).sort(compareStrings)) {
    const e = manifest!.entries[path]!;
    entries[path] = { etag: e.etag, size: e.size, md5: e.md5, headers: e.headers, ...(e.encryption ? { encryption: e.encryption } : {}) };
  }
  return JSON.stringify({ version: 1, entries });
}

export function serializeManifest(manifest: Manifest): Buffer {
  return gzipSync(manifestJson(manifest), { level: 9 });
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
