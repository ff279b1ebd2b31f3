import { headersFingerprint } from './headers.js';
import type { Manifest } from './manifest.js';
import { isKmsEncryption, md5FromRemoteEtag, type LocalFile, type RemoteObject } from './plan.js';
import { META_MD5, type ObjectHead } from './s3-store.js';

/**
 * Adds what the manifest recorded to the listed objects whose ETag and size still match it.
 * Returns new objects; the listing is left as it was.
 *
 * Each new object is built with the same fields in the same order (not spread from the listed
 * one, which gave every object a hidden class of its own: about 250 bytes more per object, 12 MB
 * at 50,000), and equal headers fingerprints share one string, so that once the listing and the
 * manifest are dropped nothing of theirs is held 50,000 times over.
 */
export function applyManifest(
  remote: ReadonlyMap<string, RemoteObject>,
  manifest: Manifest | undefined,
  prefix: string,
): Map<string, RemoteObject> {
  const out = new Map<string, RemoteObject>();
  const fingerprints = new Map<string, string>();
  for (const [key, object] of remote) {
    const entry = manifest?.entries[key.slice(prefix.length)];
    if (key.startsWith(prefix) && entry && entry.etag === object.etag && entry.size === object.size) {
      let headersHash = fingerprints.get(entry.headers);
      if (headersHash === undefined) fingerprints.set(entry.headers, (headersHash = entry.headers));
      const applied: RemoteObject = { key: object.key, size: object.size, etag: object.etag, stored: { md5: entry.md5, headersHash } };
      const encryption = entry.encryption || object.encryption;
      if (encryption !== undefined) applied.encryption = encryption;
      out.set(key, applied);
    } else {
      out.set(key, object);
    }
  }
  return out;
}

export interface HeadNeedOptions {
  prefix: string;
  trustEtagMd5: boolean;
  /** Also HEAD objects whose stored headers are unknown, to see header drift (default true). */
  verifyHeaders: boolean;
}

/**
 * The keys whose listing cannot settle whether to upload: same size as the local file, but the
 * content (ETag not an MD5, nothing stored) or the headers are unknown. Objects of another size
 * are uploaded anyway and cost no HEAD.
 */
export function keysNeedingHead(
  local: readonly LocalFile[],
  remote: ReadonlyMap<string, RemoteObject>,
  options: HeadNeedOptions,
): string[] {
  const keys: string[] = [];
  for (const file of local) {
    const key = options.prefix + file.path;
    const object = remote.get(key);
    if (!object || object.size !== file.bodySize) continue;
    const md5Known = md5FromRemoteEtag(object, options.trustEtagMd5) !== undefined || object.stored?.md5 !== undefined;
    const headersKnown = object.stored?.headersHash !== undefined;
    if (!md5Known || (options.verifyHeaders && !headersKnown)) keys.push(key);
  }
  return keys;
}

/**
 * What a HEAD tells about an object: the MD5 handoff stored in its metadata, and the fingerprint
 * of the headers it is actually served with (read from the response, so objects uploaded by
 * another tool are judged by their real headers too).
 */
export function remoteFromHead(key: string, head: ObjectHead, listed: RemoteObject | undefined): RemoteObject {
  const storedMd5 = head.metadata[META_MD5]?.toLowerCase();
  const object: RemoteObject = {
    key,
    size: head.size,
    etag: head.etag,
    stored: { headersHash: headersFingerprint(head.headers) },
  };
  if (head.encryption) object.encryption = head.encryption;
  if (storedMd5 && /^[0-9a-f]{32}$/.test(storedMd5)) object.stored!.md5 = storedMd5;
  return object;
}

/** A bucket whose objects handoff saw encrypted with SSE-KMS: its listed ETags are not MD5s either. */
export function manifestShowsKms(manifest: Manifest | undefined): boolean {
  const entries = manifest?.entries ?? {};
  for (const path in entries) if (isKmsEncryption(entries[path]!.encryption)) return true;
  return false;
}

/** The same objects with their headers unconfirmed, so each is HEADed (`--verify-headers`). */
export function forgetStoredHeaders(remote: ReadonlyMap<string, RemoteObject>): Map<string, RemoteObject> {
  const out = new Map<string, RemoteObject>();
  for (const [key, object] of remote) {
    const stored = object.stored ? { ...object.stored } : undefined;
    if (stored) delete stored.headersHash;
    out.set(key, stored ? { ...object, stored } : object);
  }
  return out;
}
