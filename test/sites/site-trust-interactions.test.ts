import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { findBaseline } from '../../src/result/baseline.js';
import { successfulDeploys } from '../../src/result/find-results.js';
import { writeResult } from '../../src/result/write-result.js';
import { chooseSource } from '../../src/worker/source-choice.js';
import { siteLookupFor } from '../../src/worker/task-workers.js';
import { PRODUCTION_CONFIRMATION } from '../../src/primitives/task-types.js';
import { successfulResult as result } from '../helpers/task-results.js';
import { validTask } from '../helpers/valid-task.js';

// Where sites (#15) meet the baseline (#9) and promote/rollback (#10): each stays within its site.

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'handoff-site-trust-'));
  folders.push(folder);
  return folder;
}

const COMMIT_A = 'a'.repeat(40);
const COMMIT_B = 'b'.repeat(40);

const TWO_SITES = [
  'sites:',
  '  docs:',
  '    path: site',
  '    environments:',
  '      staging: {bucket: shared, key_prefix: docs}',
  '  blog:',
  '    path: site',
  '    environments:',
  '      staging: {bucket: shared, key_prefix: blog}',
  '',
].join('\n');

describe('several sites with the baseline, promote and rollback', () => {
  it('the build baseline is the last good build of the same site, even where two sites build one folder', async () => {
    const root = await tempFolder();
    await writeResult(root, result('2026-03-01-1000-hugo-build-docs', { type: 'hugo-build', site: 'docs', outputs: { file_count: 200 } }), '', { updateLatest: true });
    await writeResult(root, result('2026-03-01-1100-hugo-build-blog', { type: 'hugo-build', site: 'blog', finished_at: '2026-03-01T11:01:00Z', outputs: { file_count: 12 } }), '', { updateLatest: true });

    const docs = await findBaseline(root, { type: 'hugo-build', environment: 'staging', sitePath: 'site', site: 'docs' });
    const blog = await findBaseline(root, { type: 'hugo-build', environment: 'staging', sitePath: 'site', site: 'blog' });
    const none = await findBaseline(root, { type: 'hugo-build', environment: 'staging', sitePath: 'site', site: 'shop' });
    expect(docs?.file_count).toBe(200);
    expect(docs?.path).toMatch(/2026-03-01-1000-hugo-build-docs\.result\.md$/);
    expect(blog?.file_count).toBe(12);
    expect(none).toBeUndefined();
  });

  it('successfulDeploys lists one site’s deploys; a one-site repository’s results have no site', async () => {
    const root = await tempFolder();
    await writeResult(root, result('2026-03-01-1000-hugo-deploy-docs', { site: 'docs' }), '');
    await writeResult(root, result('2026-03-01-1100-hugo-deploy-blog', { site: 'blog', finished_at: '2026-03-01T11:01:00Z' }), '');
    await writeResult(root, result('2026-03-01-1200-hugo-deploy-one', { finished_at: '2026-03-01T12:01:00Z' }), '');
    expect((await successfulDeploys(root, 'staging', 'docs')).map(({ result }) => result.task_id)).toEqual(['2026-03-01-1000-hugo-deploy-docs']);
    expect((await successfulDeploys(root, 'staging', 'blog')).map(({ result }) => result.task_id)).toEqual(['2026-03-01-1100-hugo-deploy-blog']);
    expect((await successfulDeploys(root, 'staging')).map(({ result }) => result.task_id)).toEqual(['2026-03-01-1200-hugo-deploy-one']);
  });

  it('a promote or rollback naming a result of another site is refused; of its own site it builds that commit', () => {
    const promote = validTask({ id: '2026-03-02-0900-hugo-deploy-promote', type: 'hugo-deploy', environment: 'production', promote_from: 'staging-docs', confirmation: PRODUCTION_CONFIRMATION, changes_summary: 'The docs as staged', staging_url: 'https://staging.example.org/', params: { site_path: 'site' } });
    const stagingDocs = { path: 'results/2026-03-01/staging-docs.result.md', result: result('staging-docs', { site: 'docs', commit: COMMIT_A }) };
    const now = new Date('2026-03-01T12:00:00Z');
    const refused = chooseSource(promote, { named: stagingDocs, current: undefined, now, promoteMaxAgeHours: undefined, site: 'blog' });
    expect(refused).toMatchObject({ ok: false, message: 'promote refused, nothing deployed: the staging result staging-docs is of site docs, not of site blog' });
    expect(chooseSource(promote, { named: stagingDocs, current: undefined, now, promoteMaxAgeHours: undefined, site: 'docs' })).toMatchObject({ ok: true, kind: 'commit', commit: COMMIT_A });

    const rollback = validTask({ id: '2026-03-02-0900-hugo-deploy-rollback', type: 'hugo-deploy', environment: 'staging', rollback_to: 'old-blog', params: { site_path: 'site' } });
    const oldBlog = { path: 'results/2026-03-01/old-blog.result.md', result: result('old-blog', { site: 'blog', commit: COMMIT_B }) };
    expect(chooseSource(rollback, { named: oldBlog, current: undefined, now, promoteMaxAgeHours: undefined, site: 'docs' })).toMatchObject({ ok: false, message: 'rollback refused, nothing deployed: old-blog is of site blog, not of site docs' });
    expect(chooseSource(rollback, { named: oldBlog, current: undefined, now, promoteMaxAgeHours: undefined })).toMatchObject({ ok: false, message: 'rollback refused, nothing deployed: old-blog is of site blog, not of no named site' });
    expect(chooseSource(rollback, { named: oldBlog, current: undefined, now, promoteMaxAgeHours: undefined, site: 'blog' })).toMatchObject({ ok: true, kind: 'commit', commit: COMMIT_B });
  });

  it('siteLookupFor: the site, its settings path and the site its results record; an unknown site is a handoff.yml problem', () => {
    const several = parseConfig(TWO_SITES);
    const blog = siteLookupFor(several, 'blog');
    expect(blog).toMatchObject({ ok: true, resultSite: 'blog', site: { name: 'blog', settingsPath: 'sites.blog.environments' } });
    const unknown = siteLookupFor(several, 'shop');
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.problems[0]).toMatchObject({ file: 'handoff.yml', found: '"shop"' });
    const one = siteLookupFor(parseConfig('site_path: site\nenvironments:\n  staging: {bucket: b}\n'), undefined);
    expect(one).toMatchObject({ ok: true, site: { name: 'default', settingsPath: 'environments' } });
    expect(one.ok && 'resultSite' in one).toBe(false);
  });
});
