import type { S3Credentials } from '../aws/s3-credentials.js';
import { createS3Client, createS3Store, listedEntries, listingPages, type S3Connection, type S3Store } from '../deploy/s3-store.js';
import { resolveS3Target } from '../deploy/target-defaults.js';
import { xmlText } from '../aws/xml-text.js';
import type { PreviewFolder, PreviewFolderLister } from './preview-folders.js';
import type { PreviewOptions } from './preview-target.js';

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
export function openPreviewStore(settings: PreviewOptions, access: PreviewStoreAccess): { store: S3Store; folders: PreviewFolderLister; close: () => void } {
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

/**
 * Lists every ListObjectsV2 page over the connection's own signed requests (the deploy's gate and
 * retries), reading LastModified, which the deploy's own listing leaves out since it compares
 * sizes and MD5s only.
 */
export function bucketFolderLister(connection: S3Connection, bucket: string, options: { pageSize?: number } = {}): PreviewFolderLister {
  return {
    async foldersUnder(previewPrefix, signal) {
      const folders = new Map<string, PreviewFolder>();
      for await (const page of listingPages(connection.http, bucket, previewPrefix, { ...(options.pageSize ? { maxKeys: options.pageSize } : {}), ...(signal ? { signal } : {}) })) {
        for (const entry of listedEntries(page)) {
          const key = xmlText(entry, 'Key') ?? '';
          const rest = key.slice(previewPrefix.length);
          const slash = rest.indexOf('/');
          // An object right in the previews folder belongs to no preview: never swept.
          if (!key.startsWith(previewPrefix) || slash <= 0) continue;
          const name = rest.slice(0, slash);
          const modified = lastModifiedOf(entry);
          const folder = folders.get(name) ?? { prefix: `${previewPrefix}${name}/`, name, objects: 0, newest: modified };
          folder.objects += 1;
          if (modified > folder.newest) folder.newest = modified;
          folders.set(name, folder);
        }
      }
      return [...folders.values()];
    },
  };
}

/** An entry's LastModified; one S3 leaves out or garbles counts as written long ago, as the SDK's lister had it. */
function lastModifiedOf(entry: string): Date {
  const modified = new Date(xmlText(entry, 'LastModified') ?? 0);
  return Number.isNaN(modified.getTime()) ? new Date(0) : modified;
}
