import { xmlText } from '../aws/xml-text.js';
import { listedEntries, listingPages, type S3Connection } from '../deploy/s3-store.js';

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

/**
 * The folders the sweep removes although no record names them: no record file vouches for the
 * folder's name (vouchedSlugs), and nothing was written there for `graceHours` (a deploy still
 * running records itself within minutes). Pure.
 */
export function unrecordedFolders(folders: readonly PreviewFolder[], vouched: ReadonlySet<string>, now: Date, graceHours: number): PreviewFolder[] {
  const cutoff = now.getTime() - graceHours * 60 * 60 * 1000;
  return folders.filter((folder) => !vouched.has(folder.name) && folder.newest.getTime() < cutoff);
}
