import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REAL_SITES, unpackRealSite, type RealSiteName } from './helpers/real-sites.js';

const execFileAsync = promisify(execFile);

describe('the vendored real sites', () => {
  it.each(Object.keys(REAL_SITES) as RealSiteName[])('%s unpacks into a committed git repository with its theme', async (name) => {
    const site = await unpackRealSite(name, { sitePath: 'site' });
    try {
      const themes = { 'hugo-book': 'hugo-book', papermod: 'hugo-PaperMod' }[name];
      expect(existsSync(path.join(site.root, 'site', 'themes', themes, 'theme.toml'))).toBe(true);
      const { stdout } = await execFileAsync('git', ['status', '--porcelain'], { cwd: site.root });
      expect(stdout).toBe('');
    } finally {
      await site.remove();
    }
  });
});
