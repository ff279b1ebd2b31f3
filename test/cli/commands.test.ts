import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../src/task/task-id.js';
import { makeTempRepo, type TempRepo } from '../helpers/temp-repo.js';

describe('handoff new', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeTempRepo();
  });
  afterAll(async () => repo.remove());

  it('renders a template into tasks/pending with the branch, clock and config filled in', async () => {
    const run = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'Summer promo', '--brief', 'summer-promo', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const output = run.json();
    expect(output).toMatchObject({ ok: true, type: 'hugo-build', environment: 'staging' });
    expect(output.id).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-hugo-build-summer-promo$/);
    expect(output.path).toBe(`tasks/pending/${output.id}.md`);
    const text = await repo.read(output.path);
    expect(text).toContain('git_branch: "main"');
    expect(text).toContain('base_url: "https://staging.example.org/"');
    expect(text).toContain('site_path: "site"');

    // An explicit brief keeps the collision rule. The ids of this minute and the next are both
    // taken, so the second `new` collides whichever minute it runs in.
    const taken = [0, 60_000].map((ahead) => `${formatTimestamp(new Date(Date.now() + ahead))}-hugo-build-summer-promo`);
    await repo.write(Object.fromEntries(taken.map((id) => [`tasks/completed/${id}.md`, text])));
    const again = await repo.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'Summer promo', '--brief', 'summer-promo']);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toContain('already used by');
    await Promise.all(taken.map((id) => rm(path.join(repo.root, `tasks/completed/${id}.md`), { force: true })));
    const validate = await repo.handoff(['validate', '--json']);
    expect(validate.code).toBe(0);
    expect(validate.json().files.length).toBeGreaterThan(0);
  });

  it('refuses an unknown key and an unfilled placeholder, naming them, and writes nothing', async () => {
    const before = await repo.snapshot();
    const unknown = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'x', '--set', 'sitepath=site']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown key "sitepath"');
    const unfilled = await repo.handoff(['new', 'hugo-deploy-production', '--description', 'Release', '--json']);
    expect(unfilled.code).toBe(1);
    expect(unfilled.json().problems.map((problem: { field: string }) => problem.field)).toEqual(['{changes_summary}', '{staging_url}', '{confirmation}']);
    expect(await repo.snapshot()).toEqual(before);
  });

  it('refuses a production task whose confirmation is not exact, and keeps nothing of it', async () => {
    const before = await repo.snapshot();
    const run = await repo.handoff([
      'new', 'hugo-deploy-production', '--description', 'Release', '--set', 'changes_summary=New pricing',
      '--set', 'staging_url=https://staging.example.org/', '--set', 'confirmation=deploy to production', '--json',
    ]);
    expect(run.code).toBe(1);
    expect(run.json().problems[0]).toMatchObject({ field: 'confirmation', found: '"deploy to production"' });
    expect(await repo.snapshot()).toEqual(before);

    const confirmed = await repo.handoff([
      'new', 'hugo-deploy-production', '--description', 'Release', '--set', 'changes_summary=New pricing',
      '--set', 'staging_url=https://staging.example.org/', '--set', 'confirmation=DEPLOY TO PRODUCTION', '--json',
    ]);
    expect(confirmed.code, confirmed.stdout).toBe(0);
    expect(confirmed.json().environment).toBe('production');
  });

  it('uses the templates shipped with handoff when the repository has none', async () => {
    const bare = await makeTempRepo();
    try {
      const { rm } = await import('node:fs/promises');
      await rm(`${bare.root}/templates`, { recursive: true });
      const run = await bare.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'x', '--json']);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.json().path).toMatch(/^tasks\/pending\/.*-hugo-build-dev\.md$/);
    } finally {
      await bare.remove();
    }
  });

  it('gives usage errors exit code 2 with a suggestion', async () => {
    const env = await repo.handoff(['new', 'hugo-build', '--env', 'prod', '--description', 'x']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('did you mean "production"?');
    const template = await repo.handoff(['new', 'hugo-bild', '--json']);
    expect(template.code).toBe(2);
    expect(template.json().error.message).toContain('did you mean "hugo-build"?');
    const wrongEnv = await repo.handoff(['new', 'hugo-deploy-staging', '--env', 'production', '--description', 'x']);
    expect(wrongEnv.code).toBe(2);
    expect(wrongEnv.stderr).toContain('is for staging');
    const command = await repo.handoff(['deploy']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'deploy'");
  });
});

describe('handoff status and verify', () => {
  it('lists tasks by state and the newest results, as JSON', async () => {
    const repo = await makeTempRepo();
    try {
      await repo.write({ 'tasks/pending/2026-01-19-1430-hugo-build-broken.md': 'not a task\n' });
      const run = await repo.handoff(['run', 'tasks/pending/2026-01-19-1430-hugo-build-broken.md', '--json']);
      expect(run.code).toBe(1);
      const status = await repo.handoff(['status', '--json']);
      expect(status.code).toBe(0);
      expect(status.json()).toMatchObject({
        ok: true,
        pending: [],
        in_progress: [],
        completed: [],
        failed: ['tasks/failed/2026-01-19-1430-hugo-build-broken.md'],
        recent_results: [{ task_id: '2026-01-19-1430-hugo-build-broken', status: 'failed', error_category: 'missing-frontmatter' }],
      });
      const verify = await repo.handoff(['verify', '2026-01-19-1430-hugo-build-broken', '--json']);
      expect(verify.code).toBe(1);
      expect(verify.json()).toMatchObject({ ok: false, verdict: 'fail', error: { category: 'missing-frontmatter', action: 'auto-fix' } });
      const missing = await repo.handoff(['verify', '2026-01-19-1431-hugo-build-nothing', '--json']);
      expect(missing.code).toBe(2);
      expect(missing.json().error.code).toBe('not-found');
    } finally {
      await repo.remove();
    }
  });
});
