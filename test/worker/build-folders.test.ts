import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEPT_BUILD_FOLDERS, pruneBuildFolders, removeTree } from '../../src/worker/build-folders.js';
import { ProgramNotFoundError, runProgram, type ProgramRunner } from '../../src/process/run-program.js';
import { makeTempRepo } from '../helpers/temp-repo.js';
import { makeTempDir } from '../helpers/temp-site.js';

/** task-0 … task-<count-1> under `parent`, each a minute newer than the one before. */
async function makeBuildFolders(parent: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const folder = path.join(parent, `task-${index}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'index.html'), 'x');
    const when = new Date(Date.UTC(2026, 0, 1, 0, index));
    await utimes(folder, when, when);
  }
}

describe('build folders under .handoff/build/', () => {
  it('keeps the newest few by modification time and removes the rest', async () => {
    const dir = await makeTempDir('handoff-prune');
    try {
      const parent = path.join(dir.path, '.handoff', 'build');
      await makeBuildFolders(parent, 7);
      await writeFile(path.join(parent, 'stray-file'), 'kept: only folders are pruned');
      const removed = await pruneBuildFolders(dir.path, 3);
      expect(removed.sort()).toEqual(['task-0', 'task-1', 'task-2', 'task-3']);
      expect((await readdir(parent)).sort()).toEqual(['stray-file', 'task-4', 'task-5', 'task-6']);
      expect(await pruneBuildFolders(path.join(dir.path, 'nothing-here'))).toEqual([]);
    } finally {
      await dir.remove();
    }
  });

  it('spares the folder of the task being built, which hugo writes while the others go, however old', async () => {
    const dir = await makeTempDir('handoff-prune-building');
    try {
      const parent = path.join(dir.path, '.handoff', 'build');
      await makeBuildFolders(parent, 5);
      const removed = await pruneBuildFolders(dir.path, 2, 'task-0');
      expect(removed.sort()).toEqual(['task-1', 'task-2']);
      expect((await readdir(parent)).sort()).toEqual(['task-0', 'task-3', 'task-4']);
    } finally {
      await dir.remove();
    }
  });

  it('removes a folder with rm (its path after --), and with fs.rm where rm is missing or fails', async () => {
    const dir = await makeTempDir('handoff-remove-tree');
    try {
      const calls: string[][] = [];
      const recording: ProgramRunner = (program, args, options) => (calls.push([program, ...args]), runProgram(program, args, options));
      const missing: ProgramRunner = (program) => Promise.reject(new ProgramNotFoundError(program));
      const failing: ProgramRunner = (_program, _args, options) => runProgram('false', [], options ?? {});
      for (const [name, runner] of [['-rf-like', recording], ['no-rm', missing], ['rm-failed', failing]] as const) {
        const folder = path.join(dir.path, name);
        await mkdir(path.join(folder, 'a', 'b'), { recursive: true });
        await writeFile(path.join(folder, 'a', 'b', 'index.html'), 'x');
        await removeTree(folder, runner);
        expect(await readdir(dir.path)).not.toContain(name);
      }
      expect(calls).toEqual([['rm', '-rf', '--', path.join(dir.path, '-rf-like')]]);
    } finally {
      await dir.remove();
    }
  });

  it('handoff run keeps at most the last few builds', async () => {
    const repo = await makeTempRepo();
    try {
      for (let index = 0; index < KEPT_BUILD_FOLDERS + 2; index++) {
        const created = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Build', '--brief', `b${index}`, '--json']);
        const ran = await repo.handoff(['run', created.json().path]);
        expect(ran.code, ran.stderr).toBe(0);
      }
      const folders = await readdir(path.join(repo.root, '.handoff', 'build'));
      expect(folders).toHaveLength(KEPT_BUILD_FOLDERS + 1);
      expect(folders.some((name) => name.endsWith(`-b${KEPT_BUILD_FOLDERS + 1}`))).toBe(true);
      expect(folders.some((name) => name.endsWith('-b0'))).toBe(false);
    } finally {
      await repo.remove();
    }
  });
});
