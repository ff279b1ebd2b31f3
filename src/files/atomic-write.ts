import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old content or the new, never a half-written
 * file: write a temp file in the same folder, flush it, rename it over the target.
 */
export async function writeFileAtomic(target: string, content: string, options: { exclusive?: boolean } = {}): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempNameFor(target);
  try {
    await writeAndSync(temp, 'w', content);
    // Exclusive: a hard link fails when the target exists, so the check and the write are one
    // step (no window for another writer) and the target appears whole or not at all.
    if (options.exclusive) await link(temp, target).finally(() => rm(temp, { force: true }));
    else await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Points `link` at `target` (a relative path), replacing any previous link in one rename. */
export async function replaceSymlink(target: string, link: string): Promise<void> {
  await mkdir(path.dirname(link), { recursive: true });
  const temp = tempNameFor(link);
  await symlink(target, temp);
  try {
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function writeAndSync(file: string, flags: 'w', content: string): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}
