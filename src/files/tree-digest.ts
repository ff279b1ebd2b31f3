import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A digest of a built tree that two builds share exactly when they produced the same files:
 * sha256 over `<md5 of the file>  <relative path>\n`, paths with `/` in code-unit order. The
 * same lines `md5sum` prints, so a person can check it by hand. Symlinks are not followed.
 */
export async function treeDigest(root: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) {
        const md5 = createHash('md5').update(await readFile(absolute)).digest('hex');
        lines.push(`${md5}  ${path.relative(root, absolute).split(path.sep).join('/')}\n`);
      }
    }
  };
  await walk(root);
  const byPath = (line: string) => line.slice(34);
  lines.sort((a, b) => (byPath(a) < byPath(b) ? -1 : byPath(a) > byPath(b) ? 1 : 0));
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return `sha256:${hash.digest('hex')}`;
}
