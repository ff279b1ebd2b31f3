import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

const execFileAsync = promisify(execFile);

interface LockPackage {
  version?: string;
  dev?: boolean;
  [key: string]: unknown;
}

/** `npm pack` of this repository (lib/ is built by the global setup), into `destination`. */
export async function packHandoff(destination: string): Promise<string> {
  const { stdout } = await execFileAsync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  return path.join(destination, packed.filename);
}

/**
 * Gives an adopter's repository the package-lock.json `npm i -D <tarball>` would write, with the
 * runtime dependencies at the versions this repository's own lockfile pins, so the install that
 * follows resolves nothing from the registry: the test installs from npm's cache, offline, and
 * exactly the packages a user's install gets. Only the tarball's own runtime dependencies are
 * listed (no devDependency of handoff reaches an adopter).
 */
export async function writeAdopterLockfile(repoRoot: string, tarball: string): Promise<void> {
  const own = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const manifest = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string>; license: string };
  const spec = `file:${path.relative(repoRoot, tarball)}`;
  const packages: Record<string, unknown> = {
    '': { name: path.basename(repoRoot), devDependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      dev: true,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [key, entry] of Object.entries(own.packages)) {
    if (key === '' || entry.dev) continue;
    packages[key] = { ...entry, dev: true };
  }
  await writeFile(path.join(repoRoot, 'package.json'), `${JSON.stringify({ name: path.basename(repoRoot), private: true, devDependencies: { [manifest.name]: spec } }, null, 2)}\n`);
  await writeFile(path.join(repoRoot, 'package-lock.json'), `${JSON.stringify({ name: path.basename(repoRoot), lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}
