import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHugoSite } from '../../src/hugo/build.js';
import { redactorFor, secretValuesIn } from '../../src/process/secret-values.js';
import { siteCodeEnvironment } from '../../src/process/site-code-environment.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { makeTempRepo, MINIMAL_SITE } from '../helpers/temp-repo.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';
import { buildTaskFor, FAKE_SECRETS, filesUnder, leakingSite, leaksIn } from './leaking-site.js';

describe('the site-code environment', () => {
  it('passes PATH, HOME, TMPDIR, locale and TZ, adds the HUGO_* handoff sets, and nothing else', () => {
    const env = siteCodeEnvironment(
      { ...FAKE_SECRETS, PATH: '/usr/bin', HOME: '/home/a', TMPDIR: '/tmp', LANG: 'C.UTF-8', LC_ALL: 'C', TZ: 'UTC', HUGO_PARAMS_X: 'from the job', ACTIONS_CACHE_URL: 'https://cache', AWS_REGION: 'eu-west-1', HANDOFF_CONFIG: 'x' },
      { HUGO_CACHEDIR: '/cache' },
    );
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/a', TMPDIR: '/tmp', LANG: 'C.UTF-8', LC_ALL: 'C', TZ: 'UTC', HUGO_CACHEDIR: '/cache' });
    expect(() => siteCodeEnvironment({}, { AWS_PROFILE: 'x' })).toThrow(/only HUGO_\* variables/);
  });

  it('redaction cuts every known credential value, longest first, from text and nested values', () => {
    const redactor = redactorFor(secretValuesIn({ ...FAKE_SECRETS, MY_API_TOKEN: 'abcdefgh12345678', SHORT_TOKEN: 'true', PATH: '/usr/bin' }));
    expect(redactor.text(`a ${FAKE_SECRETS.GITHUB_TOKEN} b abcdefgh12345678 true /usr/bin`)).toBe('a *** b *** true /usr/bin');
    expect(redactor.value({ list: [FAKE_SECRETS.AWS_SESSION_TOKEN], n: 1, [FAKE_SECRETS.AWS_ACCESS_KEY_ID]: null })).toEqual({ list: ['***'], n: 1, '***': null });
  });
});

describe.each(hugoBinaries())('hugo $version: a site that prints the credentials of handoff\'s environment', (hugo) => {
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${path.dirname(hugo.binary)}${path.delimiter}${process.env.PATH ?? ''}`,
    LANG: 'C.UTF-8',
    ...FAKE_SECRETS,
    // Allowlisted (a locale category), so hugo does see this one: redaction is what keeps it out.
    LC_HANDOFF_PROBE: FAKE_SECRETS.AWS_SECRET_ACCESS_KEY,
  });

  it('handoff run: hugo never sees them (warnf and the page print empty values); the one that reaches hugo is redacted from the result, output and verify --json', async ({ onTestFinished }) => {
    const [taskPath, taskText] = buildTaskFor('site', 'leak-warn');
    const repo = await makeTempRepo({ ...MINIMAL_SITE, ...leakingSite('site', 'warnf'), [taskPath]: taskText });
    onTestFinished(repo.remove);

    const run = await repo.handoff(['run', taskPath, '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const resultPath = run.json().result_path as string;
    const result = await repo.read(resultPath);
    // The warnings made it into the result: the allowlisted LANG is printed, the credentials are empty.
    expect(result).toContain('probe LANG=[C.UTF-8] LC_HANDOFF_PROBE=[***]');
    expect(result).toContain('leak AWS_ACCESS_KEY_ID=[] AWS_SECRET_ACCESS_KEY=[] AWS_SESSION_TOKEN=[] ACTIONS_ID_TOKEN_REQUEST_TOKEN=[] ACTIONS_RUNTIME_TOKEN=[] GITHUB_TOKEN=[] INPUT_GITHUB-TOKEN=[]');
    const page = await repo.read('.handoff/build/2026-01-19-1430-hugo-build-leak-warn/index.html');
    expect(page).toContain('AWS_SECRET_ACCESS_KEY=[] ');
    expect(page).toContain('LANG=[C.UTF-8]');

    const verify = await repo.handoff(['verify', '2026-01-19-1430-hugo-build-leak-warn', '--json'], { env: env() });
    expect(verify.code, verify.stderr).toBe(0);
    const everything = [
      { file: 'run stdout', text: run.stdout },
      { file: 'run stderr', text: run.stderr },
      { file: 'verify --json', text: verify.stdout + verify.stderr },
      // The built tree included: it is what a deploy would publish.
      ...(await filesUnder(repo.root)),
    ];
    expect(leaksIn(everything)).toEqual([]);
  });

  it('the second line: given an environment that does hold them, hugo prints them and the build report (log, errors, warnings) has none, whole or cut short', async ({ onTestFinished }) => {
    const dir = await makeTempDir('leak-direct');
    onTestFinished(dir.remove);
    for (const verb of ['warnf', 'errorf'] as const) {
      await writeTree(dir.path, leakingSite(verb, verb));
      const lines: string[] = [];
      const report = await buildHugoSite(
        { siteDir: path.join(dir.path, verb), destination: path.join(dir.path, `${verb}-public`) },
        { hugoBinary: hugo.binary, env: { ...siteCodeEnvironment(env()), ...FAKE_SECRETS }, redactor: redactorFor(secretValuesIn(env())), onLine: (line) => lines.push(line) },
      );
      const shown = JSON.stringify(report);
      expect(shown).toContain('AWS_SECRET_ACCESS_KEY=[***]');
      const fragments = Object.values(FAKE_SECRETS).map((value) => value.slice(0, 12));
      expect(fragments.filter((fragment) => shown.includes(fragment) || lines.join('\n').includes(fragment))).toEqual([]);
    }
    // hugo did get them: the page it built carries them (the allowlist is what keeps them from hugo).
    expect(await readFile(path.join(dir.path, 'warnf-public/index.html'), 'utf8')).toContain(FAKE_SECRETS.AWS_SECRET_ACCESS_KEY);
  });

  it('handoff run: errorf fails the build naming nothing secret', async ({ onTestFinished }) => {
    const [taskPath, taskText] = buildTaskFor('site', 'leak-error');
    const repo = await makeTempRepo({ ...MINIMAL_SITE, ...leakingSite('site', 'errorf'), [taskPath]: taskText });
    onTestFinished(repo.remove);

    const run = await repo.handoff(['run', taskPath, '--json'], { env: env() });
    expect(run.code).toBe(1);
    const result = await repo.read(run.json().result_path as string);
    expect(result).toContain('leak AWS_ACCESS_KEY_ID=[] AWS_SECRET_ACCESS_KEY=[]');
    const verify = await repo.handoff(['verify', '2026-01-19-1430-hugo-build-leak-error', '--json'], { env: env() });
    expect(verify.json().status).toBe('failed');
    expect(leaksIn([
      { file: 'run stdout', text: run.stdout },
      { file: 'run stderr', text: run.stderr },
      { file: 'verify --json', text: verify.stdout + verify.stderr },
      ...(await filesUnder(repo.root)),
    ])).toEqual([]);
  });
});
