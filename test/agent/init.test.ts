import { execFile } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeTempRepo, PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeTempDir } from '../helpers/temp-site.js';
import { pathExists } from '../../src/files/path-exists.js';
import { unpackRealSite } from '../helpers/real-sites.js';

const execFileAsync = promisify(execFile);

async function siteRepository(subfolder: string): Promise<{ root: string; remove(): Promise<void> }> {
  const dir = await makeTempDir('handoff-init');
  await cp(path.join(PROJECT_ROOT, 'examples', 'site'), path.join(dir.path, subfolder), { recursive: true });
  await execFileAsync('git', ['init', '-q', '-b', 'main'], { cwd: dir.path });
  return { root: dir.path, remove: dir.remove };
}

describe('handoff init', () => {
  it('adds handoff to a copy of examples/site, and the result works: new, validate, run', async () => {
    const repo = await siteRepository('.');
    const cli = await makeTempRepo({}, { git: false });
    try {
      const handoff = (args: string[]) => cli.handoff([...args, '--root', repo.root], { cwd: repo.root });
      const first = await handoff(['init', '--json']);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const output = first.json();
      expect(output.site_path).toBe('.');
      const byPath = Object.fromEntries(output.files.map((file: { path: string; action: string }) => [file.path, file.action]));
      for (const file of ['handoff.yml', 'docs/agent-guide.md', 'templates/hugo-build.md', 'templates/hugo-deploy-production.md', 'tasks/pending/.gitkeep', 'tasks/in-progress/.gitkeep', 'tasks/completed/.gitkeep', 'tasks/failed/.gitkeep', 'results/latest/.gitkeep']) {
        expect(byPath[file], file).toBe('created');
      }
      for (const workflowFile of ['.github/workflows/tasks.yml', '.github/workflows/dev-deploy.yml', '.github/workflows/dev-deploy-site.yml', '.github/workflows/deploy.yml']) {
        expect(byPath[workflowFile], workflowFile).toBe('created');
        const workflow = await readFile(path.join(repo.root, workflowFile), 'utf8');
        expect(workflow).toBe(await readFile(path.join(PROJECT_ROOT, workflowFile), 'utf8'));
        for (const action of workflow.matchAll(/uses:\s*\.\/(?:\.handoff\/handoff-actions\/)?actions\/([a-z-]+)/g)) {
          expect(byPath[`actions/${action[1]}/action.yml`], action[1]).toBe('created');
          // A composite action (setup-hugo) is its action.yml alone; the others ship their bundle.
          const bundled = await pathExists(path.join(PROJECT_ROOT, 'actions', action[1] ?? '', 'dist'));
          expect(byPath[`actions/${action[1]}/dist/index.js`], action[1]).toBe(bundled ? 'created' : undefined);
        }
      }
      expect(byPath['actions/preview/action.yml']).toBe('created');
      // deploy.yml's own: the review job's action is vendored too.
      expect(byPath['actions/review-plan/dist/index.js']).toBe('created');
      // Each file is placed once, whichever workflows use it.
      const placed = output.files.map((file: { path: string }) => file.path);
      expect(new Set(placed).size).toBe(placed.length);
      expect(await readFile(path.join(repo.root, 'docs', 'agent-guide.md'), 'utf8')).toBe(await readFile(path.join(PROJECT_ROOT, 'docs', 'agent-guide.md'), 'utf8'));

      const created = await handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'First build', '--json']);
      expect(created.code, created.stderr).toBe(0);
      expect(await readFile(path.join(repo.root, created.json().path), 'utf8')).toContain('site_path: "."');
      expect((await handoff(['validate'])).code).toBe(0);
      const ran = await handoff(['run', created.json().path, '--json']);
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.json().verdict).toBe('pass');

      // handoff.yml is the user's: init merges into it (also with --force), adding only what is missing.
      const mine = 'site_path: .\n# mine\nenvironments:\n  staging:\n    base_url: https://staging.mine.example/ # my staging\n';
      await writeFile(path.join(repo.root, 'handoff.yml'), mine);
      const again = await handoff(['init']);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/updated\s+handoff\.yml\s+\(added requested_by, hugo_version, environments\.dev, environments\.production; your values kept\)/);
      expect(again.stdout).not.toMatch(/^created/m);
      const merged = await readFile(path.join(repo.root, 'handoff.yml'), 'utf8');
      expect(merged.startsWith(mine)).toBe(true);
      expect(merged).toContain('    # bucket: my-site-dev');
      expect((await handoff(['validate'])).code).toBe(0);

      const forced = await handoff(['init', '--force', '--json']);
      expect(forced.json().files.find((file: { path: string }) => file.path === 'handoff.yml')).toMatchObject({ action: 'skipped', note: 'has every key init proposes; your values kept' });
      expect(await readFile(path.join(repo.root, 'handoff.yml'), 'utf8')).toBe(merged);
      expect(forced.json().files.find((file: { path: string }) => file.path === 'templates/hugo-build.md').action).toBe('overwritten');
    } finally {
      await repo.remove();
      await cli.remove();
    }
  });

  it('on a real site (PaperMod, config.yml) proposes production base_url from its baseURL and lists its languages; refuses OWNER/REPO', async () => {
    const site = await unpackRealSite('papermod');
    const cli = await makeTempRepo({}, { git: false });
    try {
      const placeholder = await cli.handoff(['init', '--root', site.root, '--actions', 'OWNER/REPO@v1']);
      expect(placeholder.code).toBe(2);
      expect(placeholder.stderr.split('\n')[0]).toBe('handoff: --actions: expected the repository you take handoff\'s actions from (e.g. your-org/handoff@v1); found the placeholder "OWNER/REPO@v1"');
      expect(await pathExists(path.join(site.root, 'handoff.yml'))).toBe(false);

      const init = await cli.handoff(['init', '--root', site.root, '--json']);
      expect(init.code, init.stderr).toBe(0);
      const config = await readFile(path.join(site.root, 'handoff.yml'), 'utf8');
      expect(config).toContain("    # From the site's config.yml (baseURL).\n    base_url: https://adityatelange.github.io/hugo-PaperMod/\n");
      expect(config).not.toContain('www.example.com');
      expect(config).toContain("# The site's languages (config.yml): en, fr, fa.");
      const created = await cli.handoff(['new', 'hugo-deploy-production', '--root', site.root, '--description', 'Release', '--set', 'changes_summary=x', '--set', 'staging_url=https://staging.example.com/', '--set', 'confirmation=DEPLOY TO PRODUCTION', '--json']);
      expect(created.code, created.stderr).toBe(0);
      expect(await readFile(path.join(site.root, created.json().path), 'utf8')).toContain('base_url: "https://adityatelange.github.io/hugo-PaperMod/"');
    } finally {
      await Promise.all([site.remove(), cli.remove()]);
    }
  });

  it('--actions points the workflow at a published copy of the actions instead of vendoring them', async () => {
    const repo = await siteRepository('.');
    const cli = await makeTempRepo({}, { git: false });
    try {
      const init = await cli.handoff(['init', '--root', repo.root, '--actions', 'acme/handoff@v1', '--json']);
      expect(init.code, init.stdout + init.stderr).toBe(0);
      const workflow = await readFile(path.join(repo.root, '.github/workflows/tasks.yml'), 'utf8');
      expect(workflow).not.toMatch(/uses:\s*\.\/actions\//);
      expect(workflow).toMatch(/uses: acme\/handoff\/actions\/claim@v1/);
      // The jobs with credentials: handoff's reusable workflow at the same ref, not a copy in the site.
      expect(workflow).toMatch(/^    uses: acme\/handoff\/\.github\/workflows\/deploy\.yml@v1$/m);
      expect(workflow).not.toMatch(/uses:\s*\.\/\.github\//);
      expect(await pathExists(path.join(repo.root, '.github/workflows/deploy.yml'))).toBe(false);
      const devDeploy = await readFile(path.join(repo.root, '.github/workflows/dev-deploy.yml'), 'utf8');
      expect(devDeploy).not.toMatch(/uses:\s*\.\/actions\//);
      expect(devDeploy).toMatch(/uses: acme\/handoff\/actions\/preview@v1/);
      // The per-site workflow it calls is the repository's own copy, its actions pointed the same way.
      expect(devDeploy).toContain('uses: ./.github/workflows/dev-deploy-site.yml');
      const siteDeploy = await readFile(path.join(repo.root, '.github/workflows/dev-deploy-site.yml'), 'utf8');
      expect(siteDeploy).not.toMatch(/uses:\s*\.\/actions\//);
      expect(siteDeploy).toMatch(/uses: acme\/handoff\/actions\/hugo-build@v1/);
      expect(init.json().files.some((file: { path: string }) => file.path.startsWith('actions/'))).toBe(false);
      const bad = await cli.handoff(['init', '--root', repo.root, '--actions', 'not a repo']);
      expect(bad.code).toBe(2);
    } finally {
      await Promise.all([repo.remove(), cli.remove()]);
    }
  });

  it('finds a site in a subfolder, and refuses a repository without one', async () => {
    const nested = await siteRepository('website');
    const empty = await makeTempDir('handoff-init-empty');
    const cli = await makeTempRepo({}, { git: false });
    try {
      const init = await cli.handoff(['init', '--root', nested.root, '--json']);
      expect(init.code, init.stderr).toBe(0);
      expect(init.json().site_path).toBe('website');
      expect(await readFile(path.join(nested.root, 'handoff.yml'), 'utf8')).toContain('site_path: website\n');

      const refused = await cli.handoff(['init', '--root', empty.path]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('no Hugo site in');
    } finally {
      await Promise.all([nested.remove(), empty.remove(), cli.remove()]);
    }
  });
});

describe('handoff init wires the agent in', () => {
  it('writes .mcp.json, the CLAUDE.md section and the .gitignore entry once, keeping what the user had', async () => {
    const repo = await siteRepository('site');
    const cli = await makeTempRepo({}, { git: false });
    try {
      await writeFile(path.join(repo.root, 'CLAUDE.md'), '# My project\n\nUse British spelling.');
      await writeFile(path.join(repo.root, '.gitignore'), 'public/\n');
      await writeFile(path.join(repo.root, '.mcp.json'), JSON.stringify({ mcpServers: { other: { command: 'other-server' } } }));
      const handoff = (args: string[]) => cli.handoff([...args, '--root', repo.root, '--json'], { cwd: repo.root });
      const first = await handoff(['init']);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const byPath = Object.fromEntries(first.json().files.map((file: { path: string; action: string }) => [file.path, file.action]));
      expect(byPath).toMatchObject({ '.mcp.json': 'updated', 'CLAUDE.md': 'updated', '.gitignore': 'updated' });

      const mcp = JSON.parse(await readFile(path.join(repo.root, '.mcp.json'), 'utf8'));
      expect(mcp.mcpServers.other).toEqual({ command: 'other-server' });
      expect(mcp.mcpServers.handoff).toEqual({ command: 'npx', args: ['handoff', 'mcp'] });
      const section = await readFile(path.join(PROJECT_ROOT, 'docs', 'claude-md-section.md'), 'utf8');
      const claude = await readFile(path.join(repo.root, 'CLAUDE.md'), 'utf8');
      expect(claude.startsWith('# My project\n\nUse British spelling.\n\n')).toBe(true);
      expect(claude.endsWith(section)).toBe(true);
      expect(await readFile(path.join(repo.root, '.gitignore'), 'utf8')).toMatch(/^public\/\n(#.*\n)?\.handoff\/\n(#.*\n)?node_modules\/\n$/);

      const again = await handoff(['init', '--force']);
      const second = Object.fromEntries(again.json().files.map((file: { path: string; action: string }) => [file.path, file.action]));
      expect(second).toMatchObject({ '.mcp.json': 'overwritten', 'CLAUDE.md': 'skipped', '.gitignore': 'skipped' });
      expect((await readFile(path.join(repo.root, 'CLAUDE.md'), 'utf8')).split(section.split('\n')[0] ?? '').length).toBe(2);
      expect(JSON.parse(await readFile(path.join(repo.root, '.mcp.json'), 'utf8')).mcpServers.other).toEqual({ command: 'other-server' });
    } finally {
      await Promise.all([repo.remove(), cli.remove()]);
    }
  });

  it('creates them in a repository that has none', async () => {
    const repo = await siteRepository('.');
    const cli = await makeTempRepo({}, { git: false });
    try {
      const init = await cli.handoff(['init', '--root', repo.root], { cwd: repo.root });
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/created\s+\.mcp\.json/);
      expect(init.stdout).toMatch(/created\s+CLAUDE\.md/);
      expect(init.stdout).toMatch(/created\s+\.gitignore/);
      expect(await readFile(path.join(repo.root, 'CLAUDE.md'), 'utf8')).toBe(await readFile(path.join(PROJECT_ROOT, 'docs', 'claude-md-section.md'), 'utf8'));
      const ignored = await execFileAsync('git', ['check-ignore', '.handoff/build/x/index.html'], { cwd: repo.root });
      expect(ignored.stdout.trim()).toBe('.handoff/build/x/index.html');
    } finally {
      await Promise.all([repo.remove(), cli.remove()]);
    }
  });
});
