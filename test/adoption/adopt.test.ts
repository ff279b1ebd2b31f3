import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeTempDir } from '../helpers/temp-site.js';
import { expectClean, install, npx, packHandoff, sh, userEnv, type Ran } from './packed-handoff.js';

const execFileAsync = promisify(execFile);
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const PACKAGE_NAME = (JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string }).name;

/** A fresh git repository holding the fixture Hugo site (theme under themes/, two languages). */
async function adopterRepository(parent: string, name: string, configFile: 'hugo.toml' | 'config.toml', siteFolder: string): Promise<string> {
  const root = path.join(parent, name);
  const site = path.join(root, siteFolder);
  await cp(path.join(FIXTURES, 'adopter-site'), site, { recursive: true });
  await cp(path.join(FIXTURES, 'adopter-site-configs', configFile), path.join(site, configFile));
  await writeFile(path.join(root, '.gitignore'), 'public/\nresources/\nnode_modules/\n');
  const git = (...args: string[]) => execFileAsync('git', ['-c', 'user.name=Site Owner', '-c', 'user.email=owner@example.org', ...args], { cwd: root });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'My Hugo site');
  return root;
}

/** The site's own file count, built by hugo directly, to compare with what handoff reports. */
async function hugoFileCount(site: string, scratch: string): Promise<number> {
  const out = path.join(scratch, `hugo-${path.basename(path.dirname(site))}-${Date.now()}`);
  await execFileAsync('hugo', ['--source', site, '--destination', out, '--quiet', '--noBuildLock', '--environment', 'dev', '--baseURL', 'http://localhost:1313/', '--minify']);
  const { stdout } = await execFileAsync('find', [out, '-type', 'f']);
  return stdout.trim().split('\n').length;
}

const CLAUDE = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'claude');

/** Claude Code's environment for a test: its own home, no updater, no telemetry, no network wanted. */
function claudeEnv(home: string): NodeJS.ProcessEnv {
  return { HOME: home, DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', DISABLE_ERROR_REPORTING: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' };
}

/**
 * `claude mcp list` in the repository. A project's .mcp.json servers start only once the user
 * approved them (Claude Code asks on first start); the approval is given here in the user's own
 * settings, as `enabledMcpjsonServers`, since there is no one to answer the question.
 */
async function claudeMcpList(root: string, scratchDir: string): Promise<Ran> {
  const home = path.join(scratchDir, `claude-home-${path.basename(root)}`);
  await mkdir(path.join(home, '.claude'), { recursive: true });
  await writeFile(path.join(home, '.claude', 'settings.json'), `${JSON.stringify({ enabledMcpjsonServers: ['handoff'] }, null, 2)}\n`);
  return expectClean(await sh(root, CLAUDE, ['mcp', 'list'], claudeEnv(home)));
}

describe(`${PACKAGE_NAME} installed from its packed tarball into a user's Hugo repository`, () => {
  let scratch: { path: string; remove(): Promise<void> };
  let tarball: string;

  beforeAll(async () => {
    scratch = await makeTempDir('handoff-adopt');
    tarball = await packHandoff(scratch.path);
  }, 120_000);
  afterAll(async () => {
    await scratch?.remove();
  });

  it('the tarball carries what runs at run time, and s3rver is a runtime dependency', async () => {
    const { stdout } = await execFileAsync('tar', ['-tzf', tarball]);
    const files = stdout.split('\n');
    for (const file of ['package/bin/handoff.js', 'package/lib/bundle/index.js', 'package/lib/local-s3/s3rver-process.js', 'package/templates/hugo-build.md', 'package/docs/agent-guide.md', 'package/docs/claude-md-section.md', 'package/.github/workflows/tasks.yml', 'package/actions/run/dist/index.js']) {
      expect(files, file).toContain(file);
    }
    const manifest = JSON.parse((await execFileAsync('tar', ['-xzOf', tarball, 'package/package.json'])).stdout) as { name: string; bin: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest.name).toBe('hugo-handoff');
    expect(manifest.bin).toEqual({ handoff: 'bin/handoff.js' });
    expect(Object.keys(manifest.dependencies)).toContain('@20minutes/s3rver');
  });

  it.each([
    { name: 'root-hugo-toml', configFile: 'hugo.toml' as const, siteFolder: '.' },
    { name: 'subfolder-config-toml', configFile: 'config.toml' as const, siteFolder: 'website' },
  ])('the whole local loop with the shipped defaults: $configFile in $siteFolder', async ({ name, configFile, siteFolder }) => {
    const root = await adopterRepository(scratch.path, name, configFile, siteFolder);
    expectClean(await install(root, tarball));
    expect(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).devDependencies).toHaveProperty(PACKAGE_NAME);

    const init = expectClean(await npx(root, ['init', '--json']));
    expect(JSON.parse(init.stdout).site_path).toBe(siteFolder);

    const build = JSON.parse(expectClean(await npx(root, ['new', 'hugo-build', '--env', 'dev', '--description', 'First build', '--json'])).stdout);
    const built = JSON.parse(expectClean(await npx(root, ['run', build.path, '--json'])).stdout);
    expect(built).toMatchObject({ ok: true, verdict: 'pass', error: null });
    const buildResult = await readFile(path.join(root, built.result_path), 'utf8');
    expect(buildResult).toMatch(/hugo_version: 0\.\d+\.\d+/);
    const fileCount = await hugoFileCount(path.join(root, siteFolder), scratch.path);
    expect(buildResult).toContain(`file_count: ${fileCount}`);

    const deploy = JSON.parse(expectClean(await npx(root, ['new', 'hugo-deploy-dev', '--description', 'First local deploy', '--brief', 'first', '--json'])).stdout);
    const deployed = expectClean(await npx(root, ['run', deploy.path, '--local-s3', '--json']));
    expect(deployed.stderr).toContain('uses the local default bucket handoff-local-dev');
    const first = JSON.parse(deployed.stdout);
    expect(first).toMatchObject({ ok: true, verdict: 'pass' });
    expect(first.summary).toMatch(new RegExp(`^uploaded ${fileCount}, skipped 0, deleted 0`));

    const again = JSON.parse(expectClean(await npx(root, ['new', 'hugo-deploy-dev', '--description', 'Second local deploy', '--brief', 'second', '--json'])).stdout);
    const second = JSON.parse(expectClean(await npx(root, ['run', again.path, '--local-s3', '--json'])).stdout);
    expect(second.summary).toMatch(new RegExp(`^uploaded 0, skipped ${fileCount}, deleted 0`));

    expect(JSON.parse(expectClean(await npx(root, ['verify', again.id, '--json'])).stdout)).toMatchObject({ verdict: 'pass' });
    const status = JSON.parse(expectClean(await npx(root, ['status', '--json'])).stdout);
    expect(status.completed).toHaveLength(3);
    expect(status.recent_results).toHaveLength(3);

    // The MCP server as .mcp.json starts it.
    const mcp = JSON.parse(await readFile(path.join(root, '.mcp.json'), 'utf8')).mcpServers.handoff as { command: string; args: string[] };
    const client = new Client({ name: 'adoption-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: mcp.command, args: mcp.args, cwd: root, env: userEnv() as Record<string, string>, stderr: 'pipe' }));
    try {
      const tools = (await client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(expect.arrayContaining(['create_task', 'submit_task', 'wait_for_result', 'verify_result']));
    } finally {
      await client.close();
    }

    // Claude Code itself: `claude mcp list` starts the server .mcp.json names and reports it connected.
    const listed = await claudeMcpList(root, scratch.path);
    expect(listed.stdout).toMatch(/^handoff: npx handoff mcp - ✔ Connected$/m);

    // Nothing handoff keeps for itself is left for git to commit.
    const { stdout: untracked } = await execFileAsync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root });
    expect(untracked).not.toMatch(/\.handoff\//);
  }, 300_000);

  it('runs every command of the README\'s adoption section as written, in order', async () => {
    const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const commands = adoptionCommands(readme);
    expect(commands.map((words) => words.slice(0, 3).join(' '))).toEqual(['npm i -D', 'npx handoff init', 'npx handoff new', 'npx handoff run', 'claude mcp add']);
    const root = await adopterRepository(scratch.path, 'readme', 'hugo.toml', '.');
    const home = path.join(scratch.path, 'claude-home-readme');
    await mkdir(home, { recursive: true });
    let id = '';
    for (const words of commands) {
      const [program = '', ...args] = words.map((word) => word.replaceAll('<id>', id));
      let ran: Ran;
      if (program === 'npm') {
        // The one substitution: the package is not on the registry from here, so its packed tarball
        // stands in for the name (same command, offline).
        expect(args).toEqual(['i', '-D', PACKAGE_NAME]);
        ran = await install(root, tarball);
      } else if (program === 'claude') {
        ran = await sh(root, CLAUDE, args, claudeEnv(home));
      } else {
        expect(program).toBe('npx');
        ran = await sh(root, 'npx', args);
      }
      expectClean(ran);
      const created = /^tasks\/pending\/(\S+)\.md$/m.exec(ran.stdout);
      if (created?.[1]) id = created[1];
    }
    expect(id).toMatch(/hugo-deploy/);
    expect(await readFile(path.join(root, '.github/workflows/tasks.yml'), 'utf8')).toMatch(/uses: \.\/actions\/run$/m);
    const listed = expectClean(await sh(root, CLAUDE, ['mcp', 'list'], claudeEnv(home)));
    expect(listed.stdout).toMatch(/^handoff: npx handoff mcp - ✔ Connected$/m);
    expect(listed.stdout).not.toMatch(/Conflicting scopes/);
  }, 300_000);
});

/** The commands in the shell blocks of the README's "Adopt it in your Hugo repository" section, as words. */
function adoptionCommands(readme: string): string[][] {
  const start = readme.indexOf('## Adopt it in your Hugo repository');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const commands: string[][] = [];
  let inShell = false;
  for (const raw of section.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) inShell = !inShell && line === '```sh';
    else if (inShell && line && !line.startsWith('#')) {
      commands.push([...line.replace(/\s+#.*$/, '').matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((match) => match[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2')));
    }
  }
  return commands;
}

