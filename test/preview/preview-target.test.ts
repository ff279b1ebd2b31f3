import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { stalePreviews, type PreviewRecord } from '../../src/preview/preview-record.js';
import { deployTargetFor, previewSettingsFrom, type PreviewOptions } from '../../src/preview/preview-target.js';
import { httpUrlProblem } from '../../src/validation/http-url.js';
import { formatProblem } from '../../src/validation/problem.js';

/** handoff.yml with a dev environment (plus `devLines` in it), staging and production. */
const config = (...devLines: string[]) => [
  'environments:',
  '  dev:',
  '    base_url: https://dev.example.com/',
  '    bucket: example-dev',
  '    region: eu-west-1',
  '    role_arn: arn:aws:iam::123456789012:role/handoff-dev',
  ...devLines,
  '  staging:',
  '    bucket: example-staging',
  '    role_arn: arn:aws:iam::123456789012:role/handoff-staging',
  '  production:',
  '    bucket: example-production',
  '    role_arn: arn:aws:iam::123456789012:role/handoff-production',
];
const DEV = config();

function settingsOf(lines: string[], options = { requireRoleArn: true }) {
  const loaded = parseConfig(lines.join('\n'));
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return previewSettingsFrom(loaded.config, options);
}

function resolved(lines: string[]): PreviewOptions {
  const result = settingsOf(lines);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('dev and preview targets from handoff.yml', () => {
  it('checks the dev base_url by the one URL rule (httpUrlProblem), also when handoff.yml was not parsed by the schema', () => {
    const withBaseUrl = (base_url: string) => previewSettingsFrom({ environments: { dev: { bucket: 'example-dev', base_url } } }, { requireRoleArn: false });
    expect(withBaseUrl('https://dev.example.com/?draft=1')).toEqual({
      ok: false,
      message: `handoff.yml: environments.dev.base_url: expected ${httpUrlProblem('https://dev.example.com/?draft=1')}, which dev builds and preview URLs start from; found https://dev.example.com/?draft=1`,
    });
    expect(withBaseUrl('ftp://dev.example.com/')).toMatchObject({ ok: false, message: expect.stringContaining('expected an http:// or https:// URL') });
    expect(withBaseUrl('https://dev.example.com/')).toMatchObject({ ok: true, value: { devBaseUrl: 'https://dev.example.com/' } });
  });

  it("keeps environments.dev.checksum_mode for the removal and the sweep, as a deploy to the dev bucket honours it", () => {
    expect(resolved(DEV).checksumMode).toBeNull();
    expect(resolved(config('    s3_endpoint: http://127.0.0.1:9000', '    checksum_mode: when-supported')).checksumMode).toBe('when-supported');
  });

  it('sends the dev branch to the dev site and claude/** branches to their own folder and URL, with the dev role only', () => {
    const settings = resolved(DEV);
    expect(settings).toMatchObject({ bucket: 'example-dev', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/handoff-dev', previewPrefix: 'previews/', maxAgeDays: 14, unrecordedGraceHours: 24, maxDeletes: 256 });

    const dev = deployTargetFor(settings, 'main', 'main');
    // The dev site sits at the bucket root, previews/ inside it: the dev deploy must keep them.
    expect(dev).toEqual({ ok: true, value: { kind: 'dev', site: null, branch: 'main', slug: null, prefix: '', url: 'https://dev.example.com/', siteUrl: 'https://dev.example.com/', exclude: ['previews/**'] } });

    const preview = deployTargetFor(settings, 'claude/fix-nav', 'main');
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.value.kind).toBe('preview');
    expect(preview.value.prefix).toMatch(/^previews\/claude-fix-nav--[0-9a-f]{10}\/$/);
    expect(preview.value.url).toBe(`https://dev.example.com/${preview.value.prefix}`);
    expect(preview.value.exclude).toEqual([]);

    const other = deployTargetFor(settings, 'feature/x', 'main');
    expect(other).toEqual({ ok: false, message: "branch 'feature/x' gets no preview: handoff.yml previews.branches is claude/**" });
    // Patterns are anchored: a claude/ folder deeper down is not a claude branch.
    expect(deployTargetFor(settings, 'team/claude/x', 'main').ok).toBe(false);
  });

  it('takes previews settings: prefix, URL pattern, branch patterns, age, guard', () => {
    const settings = resolved([
      ...config('    max_deletes: 50'),
      'previews:',
      '  prefix: /branches/',
      '  base_url: https://{slug}.preview.example.com/',
      "  branches: ['claude/**', 'feature-*']",
      '  max_age_days: 3',
    ]);
    expect(settings).toMatchObject({ previewPrefix: 'branches/', maxAgeDays: 3, maxDeletes: 50 });
    const target = deployTargetFor(settings, 'feature-login', 'main');
    expect(target).toMatchObject({ ok: true, value: { prefix: 'branches/feature-login/', url: 'https://feature-login.preview.example.com/' } });
    expect(deployTargetFor(settings, 'x/feature-login', 'main').ok).toBe(false);
    expect(deployTargetFor(settings, 'main', 'main')).toMatchObject({ ok: true, value: { exclude: ['branches/**'] } });
  });

  it('leaves the dev deploy alone when the dev site and the previews sit side by side', () => {
    const settings = resolved([...config('    key_prefix: site'), 'previews:', '  prefix: previews', '  base_url: https://previews.example.com/{slug}/']);
    expect(deployTargetFor(settings, 'main', 'main')).toMatchObject({ ok: true, value: { prefix: 'site/', exclude: [] } });
    // With the dev site under site/, previews/ is not below its URL: the pattern must be given.
    expect(settingsOf(config('    key_prefix: site'))).toEqual({
      ok: false,
      message: "handoff.yml: previews.base_url is not set: previews.prefix 'previews/' lies outside the dev site's 'site/', so their URL cannot be derived from environments.dev.base_url",
    });
  });

  it('refuses settings under which a preview could overwrite the dev site, and says what is missing', () => {
    expect(settingsOf(config('    key_prefix: previews/main'))).toEqual({
      ok: false,
      message: "handoff.yml: environments.dev.key_prefix 'previews/main/' lies inside previews.prefix 'previews/': a preview could overwrite the dev site",
    });
    expect(settingsOf(DEV.filter((line) => !line.includes('handoff-dev')))).toEqual({
      ok: false,
      message: 'handoff.yml: environments.dev.role_arn is not set: the dev deploy assumes the dev role through OIDC (staging and production roles are never used)',
    });
    expect(settingsOf(DEV.filter((line) => !line.includes('handoff-dev')), { requireRoleArn: false }).ok).toBe(true);
    // No dev bucket: dev deploys are simply off (not a failure).
    expect(settingsOf(['environments:', '  dev:', '    base_url: http://localhost:1313/'])).toMatchObject({ ok: false, unconfigured: true });
  });

  it('validates the previews section with the file, line and field', () => {
    const loaded = parseConfig([...DEV, 'previews:', '  prefix: ../escape/', '  base_url: https://dev.example.com/no-slug/', '  max_age_days: 0', '  brnaches: [x]', "  branches: ['claude/{a,b']"].join('\n'));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const lines = loaded.problems.map(formatProblem);
    expect(lines.some((line) => line.startsWith('handoff.yml:14') && line.includes('previews.prefix'))).toBe(true);
    expect(lines.some((line) => line.startsWith('handoff.yml:15') && line.includes('previews.base_url') && line.includes('{slug}'))).toBe(true);
    expect(lines.some((line) => line.startsWith('handoff.yml:16') && line.includes('previews.max_age_days'))).toBe(true);
    expect(lines.some((line) => line.startsWith('handoff.yml:17') && line.includes('did you mean "branches"'))).toBe(true);
    expect(lines.some((line) => line.startsWith('handoff.yml:18') && line.includes('previews.branches[0]') && line.includes("a branch pattern such as 'claude/**'"))).toBe(true);
  });

  it('sweeps previews older than the age limit, never the dev site', () => {
    const record = (branch: string, kind: PreviewRecord['kind'], deployedAt: string): PreviewRecord => ({
      branch,
      kind,
      slug: null,
      url: 'https://dev.example.com/',
      commit: 'a'.repeat(40),
      deployed_at: deployedAt,
      run_url: null,
      bucket: 'example-dev',
      prefix: '',
    });
    const now = new Date('2026-03-15T12:00:00Z');
    const records = [
      record('main', 'dev', '2025-01-01T00:00:00Z'),
      record('claude/old', 'preview', '2026-03-01T11:59:59Z'),
      record('claude/edge', 'preview', '2026-03-01T12:00:00Z'),
      record('claude/new', 'preview', '2026-03-15T11:00:00Z'),
    ];
    expect(stalePreviews(records, now, 14).map((r) => r.branch)).toEqual(['claude/old']);
  });
});
