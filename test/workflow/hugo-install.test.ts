import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hugoVersionLine } from '../../src/client/init-repo.js';
import { DEFAULT_HUGO_VERSION } from '../../src/hugo/required-version.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeTempDir } from '../helpers/temp-site.js';
import { startStaticServer, type TestStaticServer } from '../servers/static-server.js';

const execFileAsync = promisify(execFile);

interface Step {
  name?: string;
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const VERSION = '0.169.0';
const ARCHIVE = `hugo_extended_${VERSION}_linux-amd64.tar.gz`;

/** The steps of the shipped setup-hugo action: the test runs the very scripts the runner runs. */
async function setupHugoSteps(): Promise<Step[]> {
  const action = parse(await readFile(path.join(PROJECT_ROOT, 'actions/setup-hugo/action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] } };
  expect(action.runs.using).toBe('composite');
  return action.runs.steps;
}

async function setupHugoInputs(): Promise<Record<string, { default?: string }>> {
  return (parse(await readFile(path.join(PROJECT_ROOT, 'actions/setup-hugo/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs;
}

/** Literal env values of a step (expressions like `${{ inputs.version }}` are the runner's to fill). */
function literalEnv(step: Step): Record<string, string> {
  return Object.fromEntries(Object.entries(step.env ?? {}).filter(([, value]) => !String(value).includes('${{')));
}

function stepNamed(steps: Step[], name: string): Step {
  const step = steps.find((candidate) => candidate.name === name);
  if (!step?.run) throw new Error(`tasks.yml has no run step named ${name}`);
  return step;
}

/** Runs one `run:` step as the runner does (bash -e, GITHUB_OUTPUT and GITHUB_PATH files). */
async function runStep(step: Step, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function outputsOf(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('the workflow installs a pinned Hugo from its release archive, checksum verified', () => {
  let dir: { path: string; remove(): Promise<void> };
  let release: TestStaticServer;
  let goodChecksums: string;

  beforeAll(async () => {
    dir = await makeTempDir('handoff-hugo-install');
    // A release folder laid out as Hugo's: v<version>/<archive> and v<version>/hugo_<version>_checksums.txt,
    // the archive holding the real hugo binary of this machine.
    const staging = path.join(dir.path, 'staging');
    await mkdir(staging, { recursive: true });
    await copyFile('/usr/bin/hugo', path.join(staging, 'hugo'));
    await writeFile(path.join(staging, 'LICENSE'), 'Apache-2.0\n');
    const releaseDir = path.join(dir.path, 'releases', `v${VERSION}`);
    await mkdir(releaseDir, { recursive: true });
    await execFileAsync('tar', ['-czf', path.join(releaseDir, ARCHIVE), '-C', staging, 'hugo', 'LICENSE']);
    const digest = createHash('sha256').update(await readFile(path.join(releaseDir, ARCHIVE))).digest('hex');
    goodChecksums = `${'0'.repeat(64)}  hugo_${VERSION}_linux-arm64.tar.gz\n${digest}  ${ARCHIVE}\n`;
    release = await startStaticServer(path.join(dir.path, 'releases'));
  }, 120_000);

  afterAll(async () => {
    await release?.stop();
    await dir?.remove();
  });

  async function attempt(name: string, checksums: string, handoffYml = '', extraPath = '') {
    await writeFile(path.join(dir.path, 'releases', `v${VERSION}`, `hugo_${VERSION}_checksums.txt`), checksums);
    const workspace = path.join(dir.path, name);
    await mkdir(workspace, { recursive: true });
    if (handoffYml) await writeFile(path.join(workspace, 'handoff.yml'), handoffYml);
    const files = { output: path.join(workspace, 'github-output'), path: path.join(workspace, 'github-path') };
    await writeFile(files.output, '');
    await writeFile(files.path, '');
    const steps = await setupHugoSteps();
    const toolCache = path.join(dir.path, `tool-cache-${name}`);
    const versionStep = stepNamed(steps, 'Hugo version');
    const resolved = await runStep(versionStep, { ...literalEnv(versionStep), INPUT_VERSION: '', GITHUB_OUTPUT: files.output, RUNNER_TOOL_CACHE: toolCache }, workspace);
    expect(resolved.code, resolved.stderr).toBe(0);
    const outputs = outputsOf(await readFile(files.output, 'utf8'));
    const install = stepNamed(steps, 'Install Hugo');
    expect((await setupHugoInputs())['release-base-url']?.default).toBe('https://github.com/gohugoio/hugo/releases/download');
    const before = release.requests.length;
    const installed = await runStep(install, { HUGO_VERSION: outputs.version ?? '', HUGO_PINNED: outputs.pinned ?? '', HUGO_DIR: outputs.dir ?? '', HUGO_RELEASE_BASE_URL: release.url.replace(/\/$/, ''), GITHUB_PATH: files.path, ...(extraPath ? { PATH: `${extraPath}:${process.env.PATH ?? ''}` } : {}) }, workspace);
    return { outputs, installed, githubPath: (await readFile(files.path, 'utf8')).trim(), requests: release.requests.slice(before) };
  }

  it("installs exactly the version handoff init pins (its line with the comment), else handoff's default", async () => {
    const versionStep = stepNamed(await setupHugoSteps(), 'Hugo version');
    expect(versionStep.env?.HUGO_DEFAULT_VERSION).toBe(DEFAULT_HUGO_VERSION);
    for (const [name, handoffYml, expected] of [
      ['init-pin', `site_path: .\n${hugoVersionLine({ version: '0.158.2', reason: "from themes/book/theme.toml min_version 0.158.2" })}\n`, '0.158.2'],
      ['no-pin', 'site_path: .\n', DEFAULT_HUGO_VERSION],
    ] as const) {
      const workspace = path.join(dir.path, name);
      await mkdir(workspace, { recursive: true });
      await writeFile(path.join(workspace, 'handoff.yml'), handoffYml);
      const output = path.join(workspace, 'github-output');
      await writeFile(output, '');
      const resolved = await runStep(versionStep, { ...literalEnv(versionStep), INPUT_VERSION: '', GITHUB_OUTPUT: output, RUNNER_TOOL_CACHE: path.join(dir.path, 'cache') }, workspace);
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(outputsOf(await readFile(output, 'utf8')).version, name).toBe(expected);
    }
  });

  it('every job that builds installs Hugo through setup-hugo first', async () => {
    const builders: Array<[string, string, string]> = [
      // review and run deploy build-deploy's tree and run no hugo (workflow-shape.test.ts).
      ['tasks.yml', 'build-deploy', './actions/run'],
      ['tasks.yml', 'build', './actions/run'],
      ['dev-deploy-site.yml', 'build', './actions/hugo-build'],
    ];
    for (const [file, job, builder] of builders) {
      const workflow = parse(await readFile(path.join(PROJECT_ROOT, '.github/workflows', file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
      const steps = workflow.jobs[job]?.steps ?? [];
      const setup = steps.findIndex((step) => step.uses === './actions/setup-hugo');
      expect(setup, `${file} ${job}`).toBeGreaterThanOrEqual(0);
      expect(setup, `${file} ${job}`).toBeLessThan(steps.findIndex((step) => step.uses === builder));
      expect(steps.some((step) => /apt-get install[^\n]*hugo/.test(step.run ?? '')), `${file} ${job}`).toBe(false);
    }
  });

  it('the cache step keeps the installed folder under a key naming the version', async () => {
    const steps = await setupHugoSteps();
    const cache = steps.find((step) => step.name === 'Cache Hugo');
    expect(cache?.uses).toMatch(/^actions\/cache@[0-9a-f]{40}$/);
    expect(cache?.with).toMatchObject({ path: '${{ steps.hugo.outputs.dir }}', key: expect.stringContaining('${{ steps.hugo.outputs.version }}') });
    const indexOf = (name: string) => steps.findIndex((step) => step.name === name);
    expect(indexOf('Hugo version')).toBeLessThan(indexOf('Cache Hugo'));
    expect(indexOf('Cache Hugo')).toBeLessThan(indexOf('Install Hugo'));
  });

  it('installs the pinned version after checking its checksum, and a second run uses the cached folder', async () => {
    const first = await attempt('good', goodChecksums);
    expect(first.installed.code, first.installed.stderr + first.installed.stdout).toBe(0);
    expect(first.outputs.version).toBe(VERSION);
    expect(first.requests).toEqual([`/v${VERSION}/${ARCHIVE}`, `/v${VERSION}/hugo_${VERSION}_checksums.txt`]);
    expect(first.githubPath).toBe(first.outputs.dir);
    const { stdout } = await execFileAsync(path.join(first.outputs.dir ?? '', 'hugo'), ['version']);
    expect(stdout).toMatch(/^hugo v\d+\.\d+/);
    expect(first.installed.stdout).toContain(stdout.trim());

    const installStep = stepNamed(await setupHugoSteps(), 'Install Hugo');
    const again = await runStep(installStep, { HUGO_VERSION: VERSION, HUGO_DIR: first.outputs.dir ?? '', HUGO_RELEASE_BASE_URL: release.url.replace(/\/$/, ''), GITHUB_PATH: path.join(dir.path, 'good', 'github-path') }, path.join(dir.path, 'good'));
    expect(again.code, again.stderr).toBe(0);
    expect(release.requests.filter((request) => request.endsWith('.tar.gz'))).toHaveLength(1);
  });

  it('refuses to install an archive whose checksum does not match, or that the checksum file does not list', async () => {
    const wrong = await attempt('wrong', goodChecksums.replace(/^[0-9a-f]{64}(?=  hugo_extended)/m, 'f'.repeat(64)));
    expect(wrong.installed.code).not.toBe(0);
    expect(wrong.installed.stdout).toMatch(/::error title=Hugo checksum::.*not installing it/);
    await expect(execFileAsync(path.join(wrong.outputs.dir ?? '', 'hugo'), ['version'])).rejects.toThrow();
    expect(wrong.githubPath).toBe('');

    const unlisted = await attempt('unlisted', `${'0'.repeat(64)}  hugo_${VERSION}_linux-arm64.tar.gz\n`);
    expect(unlisted.installed.code).not.toBe(0);
    expect(unlisted.installed.stdout).toContain("says 'nothing'");
  });

  it('takes the version from handoff.yml when it pins one; a failed download falls back to the distribution package only where the run would accept it', async () => {
    // A stand-in for sudo records the fallback's apt-get commands instead of running them; the
    // "distribution's hugo" is then this machine's /usr/bin/hugo.
    const bin = path.join(dir.path, 'fake-bin');
    await mkdir(bin, { recursive: true });
    const sudoCalls = path.join(dir.path, 'sudo-calls');
    await writeFile(path.join(bin, 'sudo'), `#!/bin/sh\necho "$@" >> "${sudoCalls}"\n`, { mode: 0o755 });
    const distribution = (await execFileAsync('/usr/bin/hugo', ['version'])).stdout.match(/^hugo v(\d+\.\d+\.\d+)/)?.[1] ?? '';
    expect(distribution).toMatch(/^\d+\.\d+\.\d+$/);
    const hugoDir = path.dirname((await execFileAsync('sh', ['-c', 'command -v hugo'])).stdout.trim());

    // Pinned to another version than the distribution's: refused here, saying why and what to do.
    const pinned = await attempt('pinned', goodChecksums, 'site_path: .\nhugo_version: "0.150.1" # the site needs it\n', bin);
    expect(pinned.outputs.version).toBe('0.150.1');
    expect(pinned.outputs.dir).toMatch(/hugo\/0\.150\.1-extended$/);
    expect(pinned.requests[0]).toBe('/v0.150.1/hugo_extended_0.150.1_linux-amd64.tar.gz'); // not in this release folder: 404
    expect(pinned.installed.stdout).toContain('::warning title=Hugo fallback::could not download Hugo 0.150.1');
    expect(await readFile(sudoCalls, 'utf8')).toBe('apt-get update -qq\napt-get install -y -qq hugo\n');
    expect(pinned.installed.code).not.toBe(0);
    expect(pinned.installed.stdout).toContain(`::error title=Hugo version::could not download Hugo 0.150.1 from ${release.url.replace(/\/$/, '')}, and the distribution's hugo is ${distribution}; 0.150.1 is pinned`);
    expect(pinned.installed.stdout).toContain(`pin hugo_version: "${distribution}" in handoff.yml`);
    expect(pinned.githubPath).toBe('');

    // Pinned to exactly the distribution's version: the fallback is what the run accepts.
    const same = await attempt('pinned-same', goodChecksums, `site_path: .\nhugo_version: "${distribution}"\n`, bin);
    expect(same.installed.code, same.installed.stderr + same.installed.stdout).toBe(0);
    expect(same.installed.stdout).toContain(`using the distribution's hugo ${distribution} instead of ${distribution}`);
    expect(same.githubPath).toBe(hugoDir);

    // No pin (the version step says pinned=false): the distribution's hugo stands in, with a warning.
    const versionStep = stepNamed(await setupHugoSteps(), 'Hugo version');
    const unpinnedDir = path.join(dir.path, 'unpinned');
    await mkdir(unpinnedDir, { recursive: true });
    await writeFile(path.join(unpinnedDir, 'handoff.yml'), 'site_path: .\n');
    await writeFile(path.join(unpinnedDir, 'github-output'), '');
    await writeFile(path.join(unpinnedDir, 'github-path'), '');
    const resolved = await runStep(versionStep, { ...literalEnv(versionStep), INPUT_VERSION: '', GITHUB_OUTPUT: path.join(unpinnedDir, 'github-output'), RUNNER_TOOL_CACHE: path.join(dir.path, 'tool-cache-unpinned') }, unpinnedDir);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(outputsOf(await readFile(path.join(unpinnedDir, 'github-output'), 'utf8')).pinned).toBe('false');
    expect(pinned.outputs.pinned).toBe('true');
    const unpinned = await runStep(stepNamed(await setupHugoSteps(), 'Install Hugo'), {
      HUGO_VERSION: '0.150.1', // as if the default were a release the download cannot reach
      HUGO_PINNED: 'false',
      HUGO_DIR: path.join(dir.path, 'tool-cache-unpinned', 'hugo', '0.150.1-extended'),
      HUGO_RELEASE_BASE_URL: release.url.replace(/\/$/, ''),
      GITHUB_PATH: path.join(unpinnedDir, 'github-path'),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    }, unpinnedDir);
    expect(unpinned.code, unpinned.stderr + unpinned.stdout).toBe(0);
    expect(unpinned.stdout).toContain(`::warning title=Hugo fallback::using the distribution's hugo ${distribution} instead of 0.150.1`);
    expect((await readFile(path.join(unpinnedDir, 'github-path'), 'utf8')).trim()).toBe(hugoDir);
  });
});
