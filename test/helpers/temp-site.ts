import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Writes each `relative path -> content` entry under root, creating folders as needed, so a test
 * can describe a whole tiny site (or repository) as one object literal.
 */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  const base = path.resolve(root);
  await Promise.all(
    Object.entries(files).map(async ([relative, content]) => {
      const target = path.resolve(base, relative);
      if (!target.startsWith(base + path.sep)) {
        throw new Error(`writeTree: ${relative} is outside ${root}`);
      }
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }),
  );
}

/**
 * A fresh folder under the OS temp dir, unique per call so tests running in parallel never share
 * one; `remove` deletes it and everything in it.
 */
export async function makeTempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `${prefix.replace(/[^\w.-]/g, '-')}-`));
  return {
    path: dir,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
