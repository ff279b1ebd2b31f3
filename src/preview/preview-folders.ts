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
 * The folders the sweep removes although no record names them: no record file vouches for the
 * folder's name (vouchedSlugs), and nothing was written there for `graceHours` (a deploy still
 * running records itself within minutes). Pure.
 */
export function unrecordedFolders(folders: readonly PreviewFolder[], vouched: ReadonlySet<string>, now: Date, graceHours: number): PreviewFolder[] {
  const cutoff = now.getTime() - graceHours * 60 * 60 * 1000;
  return folders.filter((folder) => !vouched.has(folder.name) && folder.newest.getTime() < cutoff);
}
