import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { HugoBuildOptions } from '../../src/hugo/build.js';
import { defaultRunDependencies, runTask } from '../../src/worker/run-task.js';
import { runClaimedTask } from '../../src/workflow/run-claimed-task.js';
import { makeTempRepo } from '../helpers/temp-repo.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const ID = '2026-01-19-1430-hugo-build-blog';
const CONFIG = 'sites:\n  blog:\n    path: site\n    repository: acme/blog\n    environments:\n      staging:\n        base_url: https://staging.example.org/\n';
const TASK = `---\nid: ${ID}\ntype: hugo-build\nenvironment: staging\nsite: blog\ndescription: Build the blog\ncreated: 2026-01-19T14:30:00Z\nparams:\n  site_path: site\n---\n`;

async function files(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) found.push(...(await files(root, child)));
    else found.push(child);
  }
  return found.sort();
}

describe('running a task whose site is in another repository', () => {
  it('builds in the site checkout; the task, handoff.yml and result stay in the orchestration checkout', async () => {
    const repo = await makeTempRepo({ 'handoff.yml': CONFIG, [`tasks/in-progress/${ID}.md`]: TASK }, { git: false });
    onTestFinished(repo.remove);
    const siteCheckout = await makeTempDir('handoff-site-checkout');
    onTestFinished(siteCheckout.remove);
    await writeTree(siteCheckout.path, { 'site/hugo.toml': 'title = "Blog"\n' });
    const before = await files(siteCheckout.path);

    const builds: HugoBuildOptions[] = [];
    const outcome = await runClaimedTask(
      { repoRoot: repo.root, taskFile: `tasks/in-progress/${ID}.md`, config: await loadConfig(repo.root), siteRoot: siteCheckout.path },
      {
        ...defaultRunDependencies,
        buildSite: async (settings) => {
          builds.push(settings);
          return { outputs: { build_success: true, errors: [], warnings: [], file_count: 1, duration_seconds: 0, hugo_version: null, output_dir: settings.destination }, log: 'built' };
        },
      },
    );

    expect(outcome.result.status).toBe('success');
    expect(builds.map((build) => build.siteDir)).toEqual([path.join(siteCheckout.path, 'site')]);
    expect(builds[0]?.destination).toBe(path.join(siteCheckout.path, '.handoff', 'build', ID));
    expect(outcome.result.outputs.output_dir).toBe(path.posix.join('.handoff', 'build', ID));
    expect(await repo.read(outcome.resultPath)).toContain(`task_id: ${ID}`);
    expect(await repo.read(`tasks/completed/${ID}.md`)).toBe(TASK);
    expect(await files(siteCheckout.path)).toEqual(before);
    const left = await files(repo.root);
    expect(left).toContain(outcome.resultPath);
    expect(left.filter((file) => file.startsWith('tasks/') && file.endsWith(`${ID}.md`))).toEqual([`tasks/completed/${ID}.md`]);
  });

  it('without a site checkout, refuses to build a site of another repository here', async () => {
    const repo = await makeTempRepo({ 'handoff.yml': CONFIG, [`tasks/pending/${ID}.md`]: TASK }, { git: false });
    onTestFinished(repo.remove);
    const outcome = await runTask({ root: repo.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(repo.root) }, {
      ...defaultRunDependencies,
      buildSite: async () => {
        throw new Error('must not build');
      },
    });
    expect(outcome.result.status).toBe('failed');
    expect(outcome.result.error?.message).toContain('site blog is in acme/blog, which is not checked out here');
  });
});
