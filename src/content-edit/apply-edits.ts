import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/*
 * Staging writes file data, several at once (the caller bounds how many): on a busy disk each
 * write waits on I/O. The apply is renames and links, metadata only, done one by one and
 * synchronously so the undo always knows exactly how far it got.
 */

/**
 * Stages a file's new content next to its source (same folder, so the final rename is atomic).
 * Not flushed to disk one by one: five thousand fsyncs would take most of the run, and what the
 * apply promises is that readers see all old files or all new ones, which the renames give.
 */
export function stageEdit(source: string, target: string, content: string, readState: StagedEdit['readState']): StagedEdit {
  const staged = path.join(path.dirname(source), `.${path.basename(source)}.${randomBytes(6).toString('hex')}.handoff-edit`);
  writeFileSync(staged, content, { encoding: 'utf8', flag: 'wx' });
  return { source, target, staged, readState };
}

export function discardStaged(edits: readonly StagedEdit[]): void {
  for (const edit of edits) rmSync(edit.staged, { force: true });
}

export class ApplyError extends Error {}

/**
 * Puts every staged file in place, or none: each original is first kept under a hard link, then
 * the staged file is renamed over it; if any step fails (a file changed since it was read, a move
 * target that appeared, a full disk), what was renamed is put back from the links and new files
 * are removed. The links are removed once all are in place.
 */
export async function applyStaged(edits: readonly StagedEdit[]): Promise<void> {
  applyStagedNow(edits).keep();
}

/**
 * Edits in place whose originals are still kept under hard links: `keep` drops the originals,
 * `undo` puts every file back byte for byte (a build after the edit failed).
 */
export interface AppliedEdits {
  keep(): void;
  undo(): void;
}

/** Like applyStaged, but the originals stay until the caller keeps or undoes the edits. */
export function applyStagedUndoable(edits: readonly StagedEdit[]): AppliedEdits {
  return applyStagedNow(edits);
}

function applyStagedNow(edits: readonly StagedEdit[]): AppliedEdits {
  const done: { edit: StagedEdit; backup: string; createdDirs: string[]; targetCreated: boolean }[] = [];
  const undo = (): void => {
    for (const { edit, backup, createdDirs, targetCreated } of done.reverse()) {
      if (targetCreated) attempt(() => rmSync(edit.target, { force: true }));
      attempt(() => renameSync(backup, edit.source));
      for (const dir of createdDirs.reverse()) attempt(() => rmdirSync(dir));
    }
    done.length = 0;
  };
  try {
    for (const edit of edits) {
      const now = statSync(edit.source);
      if (now.size !== edit.readState.size || now.mtimeMs !== edit.readState.mtimeMs) {
        throw new ApplyError(`${edit.source} changed while the edit was being planned; nothing was written`);
      }
      const backup = `${edit.staged}.original`;
      linkSync(edit.source, backup);
      const createdDirs: string[] = [];
      const entry = { edit, backup, createdDirs, targetCreated: false };
      done.push(entry);
      if (edit.target !== edit.source) {
        createdDirs.push(...makeDirs(path.dirname(edit.target)));
        // A link, not a rename: it fails when the target exists, so a page that appeared meanwhile is never replaced.
        try {
          linkSync(edit.staged, edit.target);
        } catch (error) {
          throw (error as NodeJS.ErrnoException).code === 'EEXIST' ? new ApplyError(`${edit.target} appeared while the edit was being planned; nothing was written`) : error;
        }
        entry.targetCreated = true;
        rmSync(edit.staged);
        rmSync(edit.source);
      } else {
        renameSync(edit.staged, edit.target);
      }
    }
  } catch (error) {
    undo();
    discardStaged(edits);
    throw error;
  }
  return {
    keep: () => {
      for (const { backup } of done) rmSync(backup, { force: true });
      done.length = 0;
    },
    undo,
  };
}

/** A step of the undo: one that fails must not stop the others. */
function attempt(step: () => void): void {
  try {
    step();
  } catch {
    // the undo goes on with the next file
  }
}

/** Creates a folder and its missing parents, returning the ones it created (outermost first). */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; path.dirname(current) !== current && statSync(current, { throwIfNoEntry: false }) === undefined; current = path.dirname(current)) {
    missing.unshift(current);
  }
  if (missing.length) mkdirSync(dir, { recursive: true });
  return missing;
}
