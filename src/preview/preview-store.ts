import type { S3Credentials } from '../aws/s3-credentials.js';
import { createS3Client, createS3Store, type S3Store } from '../deploy/s3-store.js';
import { resolveS3Target } from '../deploy/target-defaults.js';
import { bucketFolderLister, type PreviewFolderLister } from './preview-folders.js';
import type { PreviewSettings } from './preview-target.js';

/** What the edge decides about reaching the dev bucket: never read here, always passed in. */
export interface PreviewStoreAccess {
  /** An S3-compatible endpoint (act, tests); wins over environments.dev.s3_endpoint. */
  endpointOverride: string | undefined;
  /**
   * The keys the edge read from its environment (deployOverridesFrom), as every deploy gets them;
   * undefined only where the edge found none and leaves the SDK's chain to the client, as the
   * deploy action does.
   */
  credentials: S3Credentials | undefined;
}

/**
 * The dev bucket as the removal and the sweep see it. S3-compatible servers get path-style
 * addressing and only the checksums they require (unless environments.dev.checksum_mode says
 * otherwise), as a deploy to them does.
 */
export function openPreviewStore(settings: PreviewSettings, access: PreviewStoreAccess): { store: S3Store; folders: PreviewFolderLister; close: () => void } {
  const client = createS3Client(
    resolveS3Target({
      region: settings.region,
      endpoint: access.endpointOverride ?? settings.s3Endpoint ?? undefined,
      forcePathStyle: settings.forcePathStyle ?? undefined,
      checksumMode: settings.checksumMode ?? undefined,
      credentials: access.credentials,
    }),
  );
  return { store: createS3Store(client, { bucket: settings.bucket }), folders: bucketFolderLister(client, settings.bucket), close: () => client.destroy() };
}
