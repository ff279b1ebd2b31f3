import { execFile } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketContents, directClient } from '../deploy/helpers.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { unpackRealSite, type UnpackedSite } from '../helpers/real-sites.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { writeTree } from '../helpers/temp-site.js';
import { startS3Server, TEST_CREDENTIALS, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';

const execFileAsync = promisify(execFile);
const HANDOFF_BIN = path.join(PROJECT_ROOT, 'bin', 'handoff.js');
const [, currentHugo] = hugoBinaries();

/** hugo-book's own hugo.toml, with the [deployment] section a `hugo deploy` user of it would add. */
const DEPLOYMENT = `
[deployment]
[[deployment.targets]]
name = "book"
URL = "s3://book?region=us-east-1"
# hugo-book writes a source.txt beside every page; this user does not publish them.
exclude = "**.txt"

[[deployment.matchers]]
pattern = "^.+\\\\.(js|css)$"
cacheControl = "max-age=31536000, no-transform, public"
gzip = true

[[deployment.matchers]]
pattern = "^.+\\\\.(png|svg|ico)$"
cacheControl = "max-age=31536000"

[[deployment.matchers]]
pattern = "^.+\\\\.(html|xml)$"
gzip = true
`;

const HANDOFF_YML = `site_path: .
environments:
  dev:
    base_url: http://localhost:1313/
    bucket: book
headers:
  - path: '**/*.html'
    cache_control: 'public, max-age=60'
`;

describe("hugo-book with a hugo deploy user's [deployment] section, deployed by the real CLI to s3rver", () => {
  let site: UnpackedSite;
  let s3: TestS3Server;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    useTestCredentials();
    site = await unpackRealSite('hugo-book');
    s3 = await startS3Server({ bucket: 'book' });
    await cp(path.join(PROJECT_ROOT, 'templates'), path.join(site.root, 'templates'), { recursive: true });
    const config = path.join(site.root, 'hugo.toml');
    await writeFile(config, (await readFile(config, 'utf8')) + DEPLOYMENT);
    await writeTree(site.root, { 'handoff.yml': HANDOFF_YML, 'tasks/pending/.gitkeep': '', 'results/latest/.gitkeep': '' });
    await commit('Deploy with hugo deploy matchers');
    env = {
      ...process.env,
      PATH: `${path.dirname(currentHugo!.binary)}:${process.env.PATH ?? ''}`,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_PROFILE: '',
      HANDOFF_S3_ENDPOINT: s3.endpoint,
      HANDOFF_SITE_URL: `${s3.directEndpoint}/book/index.html`,
    };
  }, 60_000);
  afterAll(async () => {
    await s3?.stop();
    await site?.remove();
  });

  async function commit(message: string): Promise<void> {
    await execFileAsync('git', ['add', '-A'], { cwd: site.root });
    await execFileAsync('git', ['-c', 'user.name=Site Owner', '-c', 'user.email=owner@example.org', 'commit', '-qm', message], { cwd: site.root });
  }

  async function handoff(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [HANDOFF_BIN, ...args], { cwd: site.root, env, maxBuffer: 64 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  /** Creates and runs a deploy task; its --json answer and result file. */
  async function deploy(brief: string, flags: string[] = []): Promise<{ code: number; output: any; result: string }> {
    const created = await handoff(['new', 'hugo-deploy-dev', '--description', `Deploy (${brief})`, '--brief', brief, '--json']);
    expect(created.code, created.stderr + created.stdout).toBe(0);
    const run = await handoff(['run', JSON.parse(created.stdout).path, ...flags, '--json']);
    const output = JSON.parse(run.stdout);
    return { code: run.code, output, result: await readFile(path.join(site.root, output.result_path), 'utf8') };
  }

  const head = (key: string) => directClient(s3).send(new HeadObjectCommand({ Bucket: 'book', Key: key }));

  it('honours the matchers, the target exclude and handoff.yml headers; re-uploads exactly what a changed matcher changes; refuses a bad pattern at its line', { timeout: 300_000 }, async () => {
    const dry = await deploy('dry', ['--dry-run']);
    expect(dry.code, dry.result).toBe(0);
    // The plan says which rule set which header: handoff.yml's rule for Cache-Control, the site's matcher for gzip.
    expect(dry.result).toContain(
      "would upload index.html (new): Cache-Control public, max-age=60 ← handoff.yml headers[0] '**/*.html'; Content-Encoding gzip ← hugo.toml:169 deployment.matchers[2] '^.+\\.(html|xml)$'",
    );
    // (The result keeps the log's tail: pages; the assets' headers are checked on the objects below.)
    expect(dry.result).not.toMatch(/would upload \S+\.txt/);
    expect(Object.keys(await bucketContents(s3))).toEqual([]);

    const first = await deploy('first');
    expect(first.code, first.result).toBe(0);
    expect(first.output).toMatchObject({ ok: true, verdict: 'pass' });
    const keys = Object.keys(await bucketContents(s3)).filter((key) => !key.startsWith('.handoff-manifest'));
    expect(keys.filter((key) => key.endsWith('.txt'))).toEqual([]);
    expect(keys.length).toBeGreaterThan(50);
    expect(first.output.summary).toMatch(new RegExp(`^uploaded ${keys.length}, skipped 0, deleted 0`));

    const page = await head('index.html');
    expect(page).toMatchObject({ CacheControl: 'public, max-age=60', ContentEncoding: 'gzip', ContentType: 'text/html; charset=utf-8' });
    const cssKey = keys.find((key) => key.endsWith('.css'))!;
    expect(await head(cssKey)).toMatchObject({ CacheControl: 'max-age=31536000, no-transform, public', ContentEncoding: 'gzip', ContentType: 'text/css; charset=utf-8' });
    const css = await directClient(s3).send(new GetObjectCommand({ Bucket: 'book', Key: cssKey }));
    // Stored gzipped, it unzips to the very file hugo built (the build folder stays until the next build).
    const outputDir = /output_dir: (\S+)/.exec(first.result)![1]!;
    expect(gunzipSync(Buffer.from(await css.Body!.transformToByteArray()))).toEqual(await readFile(path.join(site.root, outputDir, cssKey)));
    const svgKey = keys.find((key) => key.endsWith('.svg'))!;
    expect(await head(svgKey)).toMatchObject({ CacheControl: 'max-age=31536000', ContentType: 'image/svg+xml' });
    expect((await head(svgKey)).ContentEncoding).toBeUndefined();
    // The live check fetched the gzipped page and got it whole.
    expect(first.result).toContain('http_status: 200');

    const second = await deploy('second');
    expect(second.output.summary).toMatch(new RegExp(`^uploaded 0, skipped ${keys.length}, deleted 0`));

    // One matcher changes: exactly its objects go up again, nothing else.
    const config = path.join(site.root, 'hugo.toml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('cacheControl = "max-age=31536000"\n', 'cacheControl = "max-age=600"\n'));
    await commit('Images: ten minutes');
    const images = keys.filter((key) => /\.(png|svg|ico)$/.test(key)).sort();
    expect(images.length).toBeGreaterThan(1);
    const changed = await deploy('images');
    expect(changed.code, changed.result).toBe(0);
    expect(changed.output.summary).toMatch(new RegExp(`^uploaded ${images.length}, skipped ${keys.length - images.length}, deleted 0`));
    expect((await head(svgKey)).CacheControl).toBe('max-age=600');

    // A pattern Go would not compile: refused at its line before hugo runs, nothing sent to the bucket.
    await writeFile(config, (await readFile(config, 'utf8')).replace('pattern = "^.+\\\\.(html|xml)$"', 'pattern = "(?=html)"'));
    await commit('A lookahead');
    s3.resetCounts();
    const refused = await deploy('refused');
    expect(refused.code).not.toBe(0);
    expect(refused.output.error).toMatchObject({ category: 'markdown-or-template-syntax', action: 'auto-fix', file: 'hugo.toml', line: 170 });
    expect(refused.output.error.message).toContain('hugo.toml:170: deployment.matchers[2].pattern: expected a Go regular expression');
    expect(s3.requests).toHaveLength(0);
  });
});
