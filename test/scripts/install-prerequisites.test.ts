import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/install-prerequisites.sh', import.meta.url));
/** The programs the script uses besides apt-get, npm and hugo, which each test fakes. */
const REAL_TOOLS = ['bash', 'node', 'id', 'mktemp', 'grep', 'cat', 'rm', 'sleep', 'find', 'sed', 'head', 'dirname', 'printf', 'chmod', 'touch'];

const LOCK = {
  name: 'demo',
  lockfileVersion: 3,
  packages: {
    '': { name: 'demo' },
    'node_modules/left-pad': { version: '1.3.0', integrity: 'sha512-left' },
    'node_modules/@other/arm-only': { version: '1.0.0', integrity: 'sha512-arm', optional: true },
  },
};

/**
 * A project folder holding a copy of the script, a PATH with only the tools it needs (no hugo),
 * and fakes for apt-get (holding the lock for `lockedCalls` calls, then installing a hugo), npm
 * and bin/handoff.js, each of which records its calls in calls.log.
 */
async function project(onTestFinished: (cleanup: () => Promise<void>) => void, options: { lockedCalls: number; installed: object }) {
  const temp = await makeTempDir('handoff-prereq');
  onTestFinished(temp.remove);
  const root = temp.path;
  const bin = path.join(root, 'fakebin');
  const calls = path.join(root, 'calls.log');
  await mkdir(bin);
  for (const tool of REAL_TOOLS) {
    const found = execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    if (found.startsWith('/')) await symlink(found, path.join(bin, tool));
  }
  await writeTree(root, {
    'package-lock.json': JSON.stringify(LOCK),
    'node_modules/.package-lock.json': JSON.stringify(options.installed),
    'lib/bundle/index.js': '',
    'src/a.ts': '',
    'bin/handoff.js': `console.log('0.0.0-test');\n`,
    'fakebin/apt-get': [
      '#!/bin/bash',
      `echo "apt-get $*" >> ${calls}`,
      `count=$(grep -c '^apt-get' ${calls})`,
      `if [ "$count" -le ${options.lockedCalls} ]; then`,
      '  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2; exit 100',
      'fi',
      `case "$*" in *install*) printf '#!/bin/bash\\necho "hugo v0.0.1 fake"\\n' > ${bin}/hugo; chmod +x ${bin}/hugo;; esac`,
    ].join('\n'),
    'fakebin/npm': `#!/bin/bash\necho "npm $*" >> ${calls}\n`,
  });
  await chmod(path.join(bin, 'apt-get'), 0o755);
  await chmod(path.join(bin, 'npm'), 0o755);
  await mkdir(path.join(root, 'scripts'));
  await copyFile(SCRIPT, path.join(root, 'scripts/install-prerequisites.sh'));
  // lib/ must be newer than src/ for "nothing to rebuild".
  execFileSync(path.join(bin, 'bash'), ['-c', 'sleep 0.01; touch lib/bundle/index.js'], { cwd: root, env: { PATH: '/usr/bin:/bin' } });
  const run = () =>
    spawnSync(path.join(bin, 'bash'), ['scripts/install-prerequisites.sh'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: bin, HOME: root, HANDOFF_APT_LOCK_WAIT_SECONDS: '3', HANDOFF_APT_LOCK_POLL_SECONDS: '0.2' },
    });
  return { run, calls: async () => (await readFile(calls, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean) };
}

const MATCHING = { packages: { 'node_modules/left-pad': { version: '1.3.0', integrity: 'sha512-left' } } };

describe('scripts/install-prerequisites.sh', () => {
  it('waits for another apt process to release its lock, saying so, then installs hugo', async ({ onTestFinished }) => {
    const setup = await project(onTestFinished, { lockedCalls: 2, installed: MATCHING });
    const result = setup.run();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.match(/another apt\/dpkg process holds the lock; waiting/g)).toHaveLength(2);
    expect(result.stderr).toContain('installed hugo v0.0.1 fake');
    const calls = await setup.calls();
    expect(calls.filter((call) => call.startsWith('apt-get'))).toHaveLength(4);
    expect(calls.at(-1)).toMatch(/^apt-get .*install -y -qq hugo$/);
  });

  it('gives up after the bounded wait when the lock is never released, and says what to do', async ({ onTestFinished }) => {
    const setup = await project(onTestFinished, { lockedCalls: 1000, installed: MATCHING });
    const started = Date.now();
    const result = setup.run();
    expect(result.status).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stderr).toContain('still holds the lock after 3s');
    expect(result.stderr).toContain('Could not get lock');
    expect(await setup.calls()).not.toContain('npm ci --no-audit --no-fund --loglevel=error');
  });

  it('skips npm ci when node_modules matches package-lock.json (platform-only optional packages aside)', async ({ onTestFinished }) => {
    const setup = await project(onTestFinished, { lockedCalls: 0, installed: MATCHING });
    const result = setup.run();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('npm packages already match package-lock.json (npm ci skipped)');
    expect((await setup.calls()).filter((call) => call.startsWith('npm'))).toEqual([]);
  });

  it.for([
    ['a different version', { packages: { 'node_modules/left-pad': { version: '1.2.0', integrity: 'sha512-old' } } }],
    ['a package missing', { packages: {} }],
    ['an extra package', { packages: { ...MATCHING.packages, 'node_modules/extra': { version: '1.0.0', integrity: 'sha512-x' } } }],
  ] as const)('runs npm ci when the installed packages differ from the lock file (%s)', async ([, installed], { onTestFinished }) => {
    const setup = await project(onTestFinished, { lockedCalls: 0, installed });
    const result = setup.run();
    expect(result.status, result.stderr).toBe(0);
    expect((await setup.calls()).filter((call) => call.startsWith('npm'))).toEqual(['npm ci --no-audit --no-fund --loglevel=error']);
  });
});
