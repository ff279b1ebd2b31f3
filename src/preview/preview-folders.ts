import type { S3Connection } from '../deploy/s3-store.js';

/** One folder under the previews prefix, as the bucket has it. */
export interface PreviewFolder {
  /** `previews/<name>/`. */
  prefix: string;
  /** The folder's name: a preview's slug, when a deploy made it. */
  name: string;
  objects: number;
  /** The newest object's LastModified: when something last wrote here. */
  newest: Date;
}

/** The folders under the previews prefix, with their objects' ages: what the sweep checks against the records. */
export interface PreviewFolderLister {
  foldersUnder(previewPrefix: string, signal?: AbortSignal): Promise<PreviewFolder[]>;
}

/**
 * Lists through the SDK's ListObjectsV2 (every page), which gives LastModified: the deploy's own
 * listing leaves times out, since it compares sizes and MD5s only.
 */
export function sdkFolderLister(connection: S3Connection, bucket: string): PreviewFolderLister {
  return {
    async foldersUnder(previewPrefix, signal) {
      const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
      const client = await connection.sdkClient();
      const folders = new Map<string, PreviewFolder>();
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: previewPrefix, ContinuationToken: token }), { abortSignal: signal });
        for (const object of page.Contents ?? []) {
          const rest = (object.Key ?? '').slice(previewPrefix.length);
          const slash = rest.indexOf('/');
          // An object right in the previews folder belongs to no preview: never swept.
          if (!object.Key?.startsWith(previewPrefix) || slash <= 0) continue;
          const name = rest.slice(0, slash);
          const modified = object.LastModified ?? new Date(0);
          const folder = folders.get(name) ?? { prefix: `${previewPrefix}${name}/`, name, objects: 0, newest: modified };
          folder.objects += 1;
          if (modified > folder.newest) folder.newest = modified;
          folders.set(name, folder);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return [...folders.values()];
    },
  };
}

/**
 * The folders the sweep removes although no record names them: no record file vouches for the
 * folder's name (vouchedSlugs), and nothing was written there for `graceHours` (a deploy still
 * running records itself within minutes). Pure.
 */
export function unrecordedFolders(folders: readonly PreviewFolder[], vouched: ReadonlySet<string>, now: Date, graceHours: number): PreviewFolder[] {
  const cutoff = now.getTime() - graceHours * 60 * 60 * 1000;
  return folders.filter((folder) => !vouched.has(folder.name) && folder.newest.getTime() < cutoff);
}
