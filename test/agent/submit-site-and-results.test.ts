import { cp, readlink, symlink, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRemoteSetup, type RemoteSetup } from './git-fixture.js';

describe('handoff submit and the working tree', () => {
  let setup: RemoteSetup;
  beforeEach(async () => {
    setup = await makeRemoteSetup();
  });
  afterEach(async () => setup.remove());

  const newTask = async (brief: string, env = 'dev'): Promise<{ id: string; path: string }> => {
    const created = await setup.agent.handoff(['new', 'hugo-build', '--env', env, '--description', `Build ${brief}`, '--brief', brief, '--json']);
    expect(created.code, created.stderr).toBe(0);
    return created.json();
  };

  it('reports uncommitted site changes (--json too), and --include-site commits them with the task', async () => {
    await setup.agent.write({ 'site/content/new-page.md': '---\ntitle: New\n---\nNew.\n', 'site/hugo.toml': `${await setup.agent.read('site/hugo.toml')}\n# edited\n` });
    const first = await newTask('report');
    const reported = await setup.agent.handoff(['submit', first.path, '--json']);
    expect(reported.code, reported.stderr).toBe(0);
    expect(reported.json()).toMatchObject({ ok: true, pushed: true, site_changes: ['site/content/new-page.md', 'site/hugo.toml'], site_changes_included: false });
    expect(reported.json().note).toContain('the site has 2 uncommitted change(s) the worker will not see, since it builds the committed tree: site/content/new-page.md, site/hugo.toml. Commit them, or submit the task again with --include-site');
    expect(await setup.git(setup.bare, 'show', '--name-only', '--format=', 'main')).toBe(first.path);

    const text = await setup.agent.handoff(['submit', first.path]);
    expect(text.stderr).toContain('--include-site');

    const second = await newTask('include');
    const included = await setup.agent.handoff(['submit', second.path, '--include-site', '--json']);
    expect(included.code, included.stderr).toBe(0);
    expect(included.json()).toMatchObject({ site_changes: ['site/content/new-page.md', 'site/hugo.toml'], site_changes_included: true });
    expect((await setup.git(setup.bare, 'show', '--name-only', '--format=', 'main')).split('\n').sort()).toEqual([second.path, 'site/content/new-page.md', 'site/hugo.toml'].sort());
    expect(await setup.git(setup.agent.root, 'status', '--porcelain', 'site')).toBe('');
  });

  it('local results the remote also has do not block the push: identical copies and latest links give way', async () => {
    // A local run leaves its result and results/latest link untracked…
    const local = await newTask('local');
    const run = await setup.agent.handoff(['run', local.path, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const resultPath: string = run.json().result_path;
    const latest = 'results/latest/hugo-build-dev.result.md';
    // …and the remote got the same files (the same result recorded elsewhere), plus a newer latest link.
    const other = await setup.clone();
    await mkdir(path.join(other.root, path.dirname(resultPath)), { recursive: true });
    await cp(path.join(setup.agent.root, resultPath), path.join(other.root, resultPath));
    await writeFile(path.join(other.root, 'results/2026-12-31/newer.result.md'), 'newer\n').catch(async () => {
      await mkdir(path.join(other.root, 'results/2026-12-31'), { recursive: true });
      await writeFile(path.join(other.root, 'results/2026-12-31/newer.result.md'), 'newer\n');
    });
    await symlink('../2026-12-31/newer.result.md', path.join(other.root, latest));
    await setup.git(other.root, 'add', '-A');
    await setup.git(other.root, 'commit', '-qm', 'results recorded elsewhere');
    await setup.git(other.root, 'push', '-q', 'origin', 'main');

    const mine = await newTask('mine', 'staging');
    const submitted = await setup.agent.handoff(['submit', mine.path, '--json']);
    expect(submitted.code, submitted.stderr + submitted.stdout).toBe(0);
    expect(submitted.json()).toMatchObject({ ok: true, pushed: true });
    expect(submitted.json().note).toContain(`removed 2 untracked file(s) that origin/main also has (identical copies, or results/latest links it updated): ${resultPath}, ${latest}`);
    expect(await readlink(path.join(setup.agent.root, latest))).toBe('../2026-12-31/newer.result.md');
    expect(await setup.git(setup.agent.root, 'status', '--porcelain', 'results')).toBe('');
    expect(await setup.git(setup.agent.root, 'rev-parse', 'HEAD')).toBe(await setup.git(setup.bare, 'rev-parse', 'main'));
  });

  it('a local result that really differs from the remote one: refused, naming the file and what to do', async () => {
    const resultPath = 'results/2026-12-01/2026-12-01-1200-hugo-build-same.result.md';
    await setup.agent.write({ [resultPath]: 'local run\n' });
    const other = await setup.clone();
    await mkdir(path.join(other.root, 'results/2026-12-01'), { recursive: true });
    await writeFile(path.join(other.root, resultPath), 'remote run\n');
    await setup.git(other.root, 'add', '-A');
    await setup.git(other.root, 'commit', '-qm', 'result recorded elsewhere');
    await setup.git(other.root, 'push', '-q', 'origin', 'main');

    const mine = await newTask('conflict');
    const refused = await setup.agent.handoff(['submit', mine.path, '--json']);
    expect(refused.code).toBe(1);
    const message: string = refused.json().error.message;
    expect(message).toContain(`${mine.id} is committed (`);
    expect(message).toContain(`nothing was pushed: untracked here and different in origin/main: ${resultPath}. git will not overwrite them: move each aside (e.g. mv ${resultPath} ${resultPath}.local) or delete it if it is a local run's copy, then submit again`);
    expect(await setup.agent.read(resultPath)).toBe('local run\n');
  });
});
