import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One file's new content, staged beside the original until every file is ready. */
export interface StagedEdit {
  /** Absolute path of the file as it was read. */
  source: string;
  /** Absolute path the new content goes to (the source, or where a moved page goes). */
  target: string;
  /** Absolute path of the staged new content. */
  staged: string;
  /** The source's size and modification time when it was read: a change since then stops the apply. */
  readState: { size: number; mtimeMs: number };
}

/**
 * Stages a file's new content next to its source (same folder, so the final rename is atomic).
 * Not flushed to disk one by one: five thousand fsyncs would take most of the run, and what the
 * apply promises is that readers see all old files or all new ones, which the renames give.
 */
export async function stageEdit(source: string, target: string, content: string, readState: StagedEdit['readState']): Promise<StagedEdit> {
  const staged = path.join(path.dirname(source), `.${path.basename(source)}.${randomBytes(6).toString('hex')}.handoff-edit`);
  await writeFile(staged, content, { encoding: 'utf8', flag: 'wx' });
  return { source, target, staged, readState };
}

export async function discardStaged(edits: readonly StagedEdit[]): Promise<void> {
  await Promise.all(edits.map((edit) => rm(edit.staged, { force: true })));
}

export class ApplyError extends Error {}

/**
 * Puts every staged file in place, or none: each original is first kept under a hard link, then
 * the staged file is renamed over it; if any step fails (a file changed since it was read, a move
 * target that appeared, a full disk), what was renamed is put back from the links and new files
 * are removed. The links are removed once all are in place.
 */
export async function applyStaged(edits: readonly StagedEdit[]): Promise<void> {
  const done: { edit: StagedEdit; backup: string; createdDirs: string[]; targetCreated: boolean }[] = [];
  try {
    for (const edit of edits) {
      const now = await stat(edit.source);
      if (now.size !== edit.readState.size || now.mtimeMs !== edit.readState.mtimeMs) {
        throw new ApplyError(`${edit.source} changed while the edit was being planned; nothing was written`);
      }
      const backup = `${edit.staged}.original`;
      await link(edit.source, backup);
      const createdDirs: string[] = [];
      const entry = { edit, backup, createdDirs, targetCreated: false };
      done.push(entry);
      if (edit.target !== edit.source) {
        createdDirs.push(...(await makeDirs(path.dirname(edit.target))));
        // A link, not a rename: it fails when the target exists, so a page that appeared meanwhile is never replaced.
        await link(edit.staged, edit.target).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? new ApplyError(`${edit.target} appeared while the edit was being planned; nothing was written`) : error;
        });
        entry.targetCreated = true;
        await rm(edit.staged);
        await rm(edit.source);
      } else {
        await rename(edit.staged, edit.target);
      }
    }
  } catch (error) {
    for (const { edit, backup, createdDirs, targetCreated } of done.reverse()) {
      if (targetCreated) await rm(edit.target, { force: true }).catch(() => undefined);
      await rename(backup, edit.source).catch(() => undefined);
      for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    }
    await discardStaged(edits);
    throw error;
  }
  await Promise.all(done.map(({ backup }) => rm(backup, { force: true })));
}

/** Creates a folder and its missing parents, returning the ones it created (outermost first). */
async function makeDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const exists = await stat(current).then(
      () => true,
      () => false,
    );
    if (exists || path.dirname(current) === current) break;
    missing.unshift(current);
  }
  if (missing.length) await mkdir(dir, { recursive: true });
  return missing;
}
