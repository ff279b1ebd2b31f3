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
