import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder handoff is installed in (the one holding its package.json and templates/). Found by
 * walking up from this module, because the module may run from lib/ or from a bundle in lib/bundle/.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`handoff's package folder (with templates/) was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
