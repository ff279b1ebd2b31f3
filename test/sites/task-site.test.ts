import { expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { checkTaskSite, siteRepositoryOf } from '../../src/task/task-site.js';
import { PRODUCTION_CONFIRMATION } from '../../src/primitives/task-types.js';
import type { Task } from '../../src/task/validate-task.js';
import { validTask } from '../helpers/valid-task.js';

const loaded = parseConfig(
  [
    'sites:',
    '  shop:',
    '    repository: acme/shop-site',
    '    ref: main',
    '    path: site',
    '    environments:',
    '      staging: {bucket: shared, key_prefix: shop}',
    '  docs:',
    '    path: sites/docs',
    '',
  ].join('\n'),
);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const config = loaded.config;

const task = (site: string | undefined, params: Record<string, unknown>, type: Task['type'] = 'hugo-deploy', environment: Task['environment'] = 'staging') =>
  validTask({ id: `2026-01-19-1500-${type}-site`, type, environment, ...(site ? { site } : {}), ...(environment === 'production' ? PRODUCTION_FIELDS : {}), params });
const PRODUCTION_FIELDS = { confirmation: PRODUCTION_CONFIRMATION, changes_summary: 'The site as staged', staging_url: 'https://staging.example.org/' };

it("takes a declared site's repository and ref from handoff.yml; a task may pick another ref", () => {
  const ok = checkTaskSite(task('shop', { site_path: 'site' }), config);
  expect(ok).toMatchObject({ ok: true, site: { name: 'shop' } });
  if (!ok.ok) return;
  expect(siteRepositoryOf(task('shop', { site_path: 'site' }), ok.site)).toEqual({ repository: 'acme/shop-site', ref: 'main' });
  // The schema takes site_ref only beside site_repository, so a task picking another ref names the repository too.
  expect(siteRepositoryOf(task('shop', { site_path: 'site', site_repository: 'acme/shop-site', site_ref: 'preview' }), ok.site)).toEqual({ repository: 'acme/shop-site', ref: 'preview' });
  expect(checkTaskSite(task('shop', { site_path: 'site', site_repository: 'acme/shop-site' }), config).ok).toBe(true);
});

it('refuses params that contradict the declared site, and names each missing deploy setting', () => {
  expect(checkTaskSite(task('shop', { site_path: 'site', site_repository: 'evil/elsewhere' }), config)).toEqual({
    ok: false,
    issues: [{ field: ['params', 'site_repository'], expected: '"acme/shop-site" (sites.shop.repository) or nothing', found: '"evil/elsewhere"' }],
  });
  expect(checkTaskSite(task('docs', { site_path: 'sites/docs', site_repository: 'acme/docs', site_ref: 'main' }, 'hugo-build'), config)).toEqual({
    ok: false,
    issues: [
      { field: ['params', 'site_repository'], expected: 'nothing: site docs is in this repository (sites.docs has no repository)', found: '"acme/docs"' },
      { field: ['params', 'site_ref'], expected: 'nothing: site docs is in this repository', found: '"main"' },
    ],
  });
  expect(checkTaskSite(task('docs', { site_path: 'sites/docs' }), config)).toMatchObject({
    ok: false,
    issues: [{ field: ['environment'], found: 'sites.docs.environments.staging.bucket not set' }],
  });
  expect(checkTaskSite(task('shop', { paths: ['/'] }, 'cloudfront-invalidate'), config)).toMatchObject({
    ok: false,
    issues: [{ field: ['environment'], found: 'sites.shop.environments.staging.distribution_id not set' }],
  });
  // A build needs no deploy settings.
  expect(checkTaskSite(task('docs', { site_path: 'sites/docs' }, 'hugo-build', 'production'), config).ok).toBe(true);
});

it('leaves the one-site short form to the task params, as before', () => {
  const short = parseConfig('site_path: site\n');
  if (!short.ok) throw new Error('short form');
  const check = checkTaskSite(task(undefined, { site_path: 'other', site_repository: 'acme/x' }), short.config);
  expect(check).toMatchObject({ ok: true, site: { name: 'default', declared: false } });
  if (check.ok) expect(siteRepositoryOf(task(undefined, { site_path: 'other', site_repository: 'acme/x' }), check.site)).toEqual({ repository: 'acme/x', ref: undefined });
});
