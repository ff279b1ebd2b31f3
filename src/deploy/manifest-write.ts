import { describeAwsError } from './aws-error.js';
import type { ExecuteResult } from './execute.js';
import { encodeManifestIfChanged, nextManifestEntries } from './manifest.js';
import type { LocalFile, RemoteObject } from './plan.js';
import type { S3Store } from './s3-store.js';

/**
 * Writes the manifest of what the bucket now holds after a deploy that did not fail, when it
 * differs from the one read. A write that fails is a warning: the next deploy HEADs instead.
 */
export async function writeManifest(
  store: S3Store,
  state: { files: LocalFile[]; remote: Map<string, RemoteObject>; executed: ExecuteResult; headed: number; previousManifestDigest: string | undefined },
  where: { prefix: string; manifestKey: string },
  warnings: string[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const { executed } = state;
  const uploadedEtags = new Map(executed.uploaded.map((u) => [u.key, u.etag] as const));
  const uploadedEncryption = new Map(executed.uploaded.flatMap((u) => (u.encryption ? [[u.key, u.encryption] as const] : [])));
  // Only what was written, deleted or HEADed can change the manifest in the usual case (an
  // excluded path or a narrowed file set can too, which the digest still catches).
  const expectChange = state.previousManifestDigest === undefined || executed.uploaded.length > 0 || executed.deleted.length > 0 || state.headed > 0;
  try {
    const body = await encodeManifestIfChanged(
      () => nextManifestEntries(state.files, state.remote, uploadedEtags, where.prefix, uploadedEncryption),
      state.previousManifestDigest,
      expectChange,
    );
    if (body) await store.putBytes(where.manifestKey, body, 'application/gzip', signal);
  } catch (error) {
    warnings.push(`the deploy manifest could not be written (${describeAwsError(error).message}); the next deploy will HEAD objects instead`);
  }
}
