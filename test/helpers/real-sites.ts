import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeTempDir } from './temp-site.js';

const execFileAsync = promisify(execFile);

/** The vendored real example sites (test/fixtures/real-sites/README.md names their sources and licenses). */
export const REAL_SITES = {
  /** hugo-book: min_version 0.158.0, content.en / content.he / content.zh, enableGitInfo. */
  'hugo-book': 'hugo-book-example.tar.gz',
  /** PaperMod: min_version 0.146.0, config.yml, en/fr/fa pages in one content folder. */
  papermod: 'papermod-example.tar.gz',
} as const;

export type RealSiteName = keyof typeof REAL_SITES;

const FIXTURES = fileURLToPath(new URL('../fixtures/real-sites/', import.meta.url));

export interface UnpackedSite {
  /** The repository root; the site is at `sitePath` below it. */
  root: string;
  /** The site folder relative to root ('.' when the site is the repository itself). */
  sitePath: string;
  remove(): Promise<void>;
}

/**
 * Unpacks a real site into a fresh folder (under `sitePath` when given, else at the root) and
 * commits it to a new git repository on `main`, as a site owner's repository holds it: hugo-book's
 * enableGitInfo needs the git history, and handoff records the commit it built.
 */
export async function unpackRealSite(name: RealSiteName, options: { sitePath?: string } = {}): Promise<UnpackedSite> {
  const dir = await makeTempDir(`real-site-${name}`);
  const sitePath = options.sitePath ?? '.';
  const target = path.join(dir.path, sitePath);
  await execFileAsync('mkdir', ['-p', target]);
  await execFileAsync('tar', ['-xzf', path.join(FIXTURES, REAL_SITES[name]), '-C', target]);
  const git = (...args: string[]) =>
    execFileAsync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir.path });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', `${name} example site`);
  return { root: dir.path, sitePath, remove: dir.remove };
}
