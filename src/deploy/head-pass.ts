import pLimit from 'p-limit';
import { describeAwsError } from './aws-error.js';
import type { ManifestRead } from './manifest.js';
import { readManifest } from './manifest.js';
import type { LocalFile, RemoteObject } from './plan.js';
import { applyManifest, forgetStoredHeaders, keysNeedingHead, manifestShowsKms, remoteFromHead } from './remote-state.js';
import type { S3Store } from './s3-store.js';

// The deploy's read of the bucket: the listing and the manifest (requested while the files are
// walked and hashed), then a HEAD of each object neither of them describes well enough.

export interface RemoteRead {
  /** The listing, the manifest object left out. */
  listed: Map<string, RemoteObject>;
  manifest: ManifestRead | undefined;
}

/**
 * Lists the prefix and, at the same time, reads the manifest. A listing failure is the one
 * reported; a manifest that cannot be read for lack of rights only costs HEADs (a warning).
 */
export async function readRemote(
  store: S3Store,
  what: { prefix: string; manifestKey: string; useManifest: boolean; expectedKeys: Promise<readonly string[]> | undefined },
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<RemoteRead> {
  const { prefix, manifestKey, useManifest } = what;
  const manifestRead: Promise<ManifestRead | undefined> = useManifest
    ? store.getBytes(manifestKey, signal).then(readManifest, (error: unknown) => {
        if (!isForbidden(error)) throw error;
        warnings.push(`the deploy manifest cannot be read (${describeAwsError(error).message}: s3:GetObject not allowed?); comparing by ETag alone`);
        return undefined;
      })
    : Promise.resolve(undefined);
  manifestRead.catch(() => {}); // awaited below, after the listing, whose error comes first
  const listed = await store.list(prefix, signal, what.expectedKeys);
  const manifest = await manifestRead;
  listed.delete(manifestKey);
  return { listed, manifest };
}

/**
 * The listing with what the manifest adds, and what is kept of the manifest (its digest, and
 * whether it saw SSE-KMS). The listing and the parsed manifest are not returned, so they are
 * freed once this returns: 50,000 objects and 50,000 entries that were held to the deploy's end.
 */
function settleRemote(read: RemoteRead, prefix: string): { remote: Map<string, RemoteObject>; manifestDigest: string | undefined; manifestSaysKms: boolean } {
  const manifest = read.manifest?.manifest;
  return { remote: applyManifest(read.listed, manifest, prefix), manifestDigest: read.manifest?.digest, manifestSaysKms: manifestShowsKms(manifest) };
}

/**
 * A deploy policy may allow listing and writing but not reading objects. Reads only make the
 * comparison sharper, so without them the deploy goes on comparing by listing alone.
 */
export function isForbidden(error: unknown): boolean {
  return describeAwsError(error).httpStatus === 403;
}

/** The bucket as the deploy compares against it, and what learning it took. */
export interface RemoteState {
  remote: Map<string, RemoteObject>;
  /** The digest of the manifest read, to skip writing the same one again. */
  previousManifestDigest: string | undefined;
  /** How many objects were HEADed (each may change the manifest). */
  headed: number;
  /** Whether listed ETags are MD5s of the bytes (not under SSE-KMS). */
  trustEtagMd5: boolean;
}

/**
 * The HEAD pass: the listing with what the manifest adds, then a HEAD of each object whose
 * stored headers or checksum the two leave unknown. A HEAD refused for lack of rights is a
 * warning; any other failure throws (the deploy fails in its list phase).
 */
export async function learnRemote(
  read: RemoteRead,
  files: LocalFile[],
  store: S3Store,
  options: { prefix: string; trustEtagMd5: boolean; verifyHeaders: boolean; headEveryObject: boolean; concurrency: number },
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<RemoteState> {
  const { prefix } = options;
  const { remote, manifestDigest, manifestSaysKms } = settleRemote(read, prefix);
  // S3 told an earlier deploy that this bucket encrypts with SSE-KMS (its default encryption, set
  // outside handoff): no listed ETag here is an MD5.
  const trustEtagMd5 = options.trustEtagMd5 && !manifestSaysKms;
  const toHead = keysNeedingHead(files, options.headEveryObject ? forgetStoredHeaders(remote) : remote, {
    prefix,
    trustEtagMd5,
    verifyHeaders: options.verifyHeaders,
  });
  const limit = pLimit(options.concurrency);
  let headed = 0;
  let forbiddenHeads = 0;
  await Promise.all(
    toHead.map((key) =>
      limit(async () => {
        try {
          const head = await store.head(key, signal);
          headed++;
          if (head) remote.set(key, remoteFromHead(key, head, remote.get(key)));
          else remote.delete(key);
        } catch (error) {
          if (!isForbidden(error)) throw error;
          forbiddenHeads++;
        }
      }),
    ),
  );
  if (forbiddenHeads > 0) {
    warnings.push(`${forbiddenHeads} objects could not be inspected (HEAD forbidden: s3:GetObject not allowed?); their headers were not compared`);
  }
  return { remote, previousManifestDigest: manifestDigest, headed, trustEtagMd5 };
}
