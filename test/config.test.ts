import { expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';

it('reads per-environment settings', () => {
  const loaded = parseConfig('site_path: site\nenvironments:\n  staging:\n    base_url: https://staging.example.org/\n    bucket: b\n');
  expect(loaded.ok && loaded.config.environments?.staging?.bucket).toBe('b');
});

it('names the line and suggests the known key for a typo', () => {
  const loaded = parseConfig('environments:\n  staging:\n    buckt: b\n');
  expect(loaded.ok).toBe(false);
  if (!loaded.ok) expect(loaded.problems[0]).toMatchObject({ file: 'handoff.yml', line: 3, field: 'environments.staging.buckt', hint: 'did you mean "bucket"?' });
});

it('names an unknown environment', () => {
  const loaded = parseConfig('environments:\n  prod:\n    bucket: b\n');
  expect(loaded.ok).toBe(false);
  if (!loaded.ok) expect(loaded.problems[0]).toMatchObject({ field: 'environments.prod', hint: 'did you mean "production"?' });
});

it('refuses site URLs and endpoints that are not absolute http(s) URLs, at their line', () => {
  const loaded = parseConfig(
    'environments:\n  staging:\n    base_url: https://staging.example.org/\n    site_url: "ftp://staging.example.org/"\n    s3_endpoint: ""\n',
  );
  expect(loaded.ok).toBe(false);
  if (!loaded.ok) expect(loaded.problems[0]).toMatchObject({ file: 'handoff.yml', line: 4, field: 'environments.staging.site_url', expected: 'an http:// or https:// URL', found: '"ftp://staging.example.org/"' });
  const perSite = parseConfig('sites:\n  blog:\n    path: b\n    environments:\n      production:\n        base_url: "https://user:secret@example.org/"\n        s3_endpoint: minio:9000\n');
  expect(perSite.ok).toBe(false);
  if (!perSite.ok) {
    expect(perSite.problems.map((problem) => [problem.field, problem.line, problem.expected])).toEqual([
      ['sites.blog.environments.production.base_url', 6, 'an http:// or https:// URL without credentials in it'],
      ['sites.blog.environments.production.s3_endpoint', 7, 'an http:// or https:// URL'],
    ]);
  }
  expect(parseConfig('environments:\n  dev:\n    base_url: http://localhost:1313/\n    s3_endpoint: ""\n').ok).toBe(true);
});
