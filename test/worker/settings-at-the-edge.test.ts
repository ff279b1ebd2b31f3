import { describe, expect, it, onTestFinished } from 'vitest';
import { siteUrlOf } from '../../src/config/site-url.js';
import { deployOverridesFrom } from '../../src/settings/deploy-overrides.js';
import { resolveHandoffSettings } from '../../src/settings/handoff-settings.js';
import { makeTempRepo } from '../helpers/temp-repo.js';

describe('settings resolved at the edge', () => {
  const env = { HANDOFF_S3_ENDPOINT: 'http://127.0.0.1:9000', HANDOFF_CLOUDFRONT_ENDPOINT: 'http://127.0.0.1:9001', HANDOFF_SITE_URL: 'http://127.0.0.1:9002/', AWS_PROFILE: 'x' };

  it('reads the HANDOFF_* overrides; a given value (flag, input) wins, an empty one does not', () => {
    expect(deployOverridesFrom(env)).toEqual({ s3Endpoint: 'http://127.0.0.1:9000', cloudfrontEndpoint: 'http://127.0.0.1:9001', siteUrl: 'http://127.0.0.1:9002/' });
    expect(deployOverridesFrom(env, { s3Endpoint: 'http://minio:9000', siteUrl: '', dryRun: true })).toEqual({
      s3Endpoint: 'http://minio:9000',
      cloudfrontEndpoint: 'http://127.0.0.1:9001',
      siteUrl: 'http://127.0.0.1:9002/',
      dryRun: true,
    });
    expect(deployOverridesFrom({}, { dryRun: false, verifyHeaders: false })).toEqual({});
  });

  it('loads handoff.yml once with the overrides, keeping an invalid one as its problems', async () => {
    const repo = await makeTempRepo({ 'handoff.yml': 'environments:\n  staging:\n    site_url: staging.example.org\n' }, { git: false });
    onTestFinished(repo.remove);
    const settings = await resolveHandoffSettings(repo.root, env, { verifyHeaders: true });
    expect(settings.root).toBe(repo.root);
    expect(settings.deployOverrides).toMatchObject({ s3Endpoint: 'http://127.0.0.1:9000', verifyHeaders: true });
    expect(settings.config.ok).toBe(false);
    if (!settings.config.ok) {
      expect(settings.config.problems[0]).toMatchObject({ file: 'handoff.yml', line: 3, field: 'environments.staging.site_url', expected: 'an http:// or https:// URL' });
    }
  });

  it('puts the site URLs in one order: override, site_url, the task base_url, base_url', () => {
    const environment = { site_url: 'https://live.example.org/', base_url: 'https://base.example.org/' };
    expect(siteUrlOf(environment, { override: 'http://127.0.0.1:1/', taskBaseUrl: 'https://task.example.org/' })).toBe('http://127.0.0.1:1/');
    expect(siteUrlOf(environment, { taskBaseUrl: 'https://task.example.org/' })).toBe('https://live.example.org/');
    expect(siteUrlOf({ base_url: 'https://base.example.org/' }, { taskBaseUrl: 'https://task.example.org/' })).toBe('https://task.example.org/');
    expect(siteUrlOf({ base_url: 'https://base.example.org/' })).toBe('https://base.example.org/');
    expect(siteUrlOf(undefined)).toBeUndefined();
  });
});
