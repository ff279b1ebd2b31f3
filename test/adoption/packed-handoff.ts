import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
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

export interface Ran {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** A Node stack frame (`    at fn (file:line:col)`), which no command may print. */
const STACK_FRAME = /^\s+at (?:.+ \()?(?:file:\/\/|node:|\/).+:\d+:\d+\)?$/m;

/**
 * The environment of a user's shell: this test's own npm variables (npm test sets dozens) are
 * dropped, and npm is told to stay offline, so nothing reaches the registry.
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_|^INIT_CWD$|^VITEST|^NODE_OPTIONS$/i.test(key)) env[key] = value;
  return { ...env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

export async function sh(cwd: string, program: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const command = [program, ...args].join(' ');
  try {
    const { stdout, stderr } = await execFileAsync(program, args, { cwd, env: userEnv(extra), maxBuffer: 64 * 1024 * 1024 });
    return { command, code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { command, code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A step the user takes: its exit code is checked, and no stack trace may appear in its output. */
export function expectClean(ran: Ran, code = 0): Ran {
  expect(ran.code, `${ran.command}\n${ran.stdout}\n${ran.stderr}`).toBe(code);
  expect(`${ran.stdout}\n${ran.stderr}`, ran.command).not.toMatch(STACK_FRAME);
  return ran;
}

/** `npm i -D <the packed tarball>`, as the README's `npm i -D hugo-handoff` (offline: see writeAdopterLockfile). */
export async function install(root: string, tarball: string): Promise<Ran> {
  await writeAdopterLockfile(root, tarball);
  return sh(root, 'npm', ['i', '-D', tarball, '--no-audit', '--no-fund', '--loglevel=error']);
}

export const npx = (root: string, args: string[], extra: NodeJS.ProcessEnv = {}) => sh(root, 'npx', ['handoff', ...args], extra);

