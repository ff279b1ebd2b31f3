import { GetObjectCommand } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deploySite, type SiteDeploymentRules } from '../../src/deploy/deploy.js';
import { CACHE_REVALIDATE, type HeaderRule } from '../../src/deploy/headers.js';
import { startS3Server, useTestCredentials, type TestS3Server } from '../servers/s3-server.js';
import { bucketContents, DEFAULT_SITE, directClient, headObject, makeTree, removeTree, settingsFor, writeFiles } from './helpers.js';

let server: TestS3Server;
let dir: string;

beforeAll(() => useTestCredentials());
beforeEach(async () => {
  server = await startS3Server();
  dir = await makeTree({ ...DEFAULT_SITE, 'img/photo.png': 'png bytes', 'drafts/wip.html': '<p>wip</p>' });
});
afterEach(async () => {
  await server.stop();
  await removeTree(dir);
});

const matcher = (pattern: string, rule: Omit<HeaderRule, 'pattern' | 'syntax' | 'source'>, index: number): HeaderRule => ({
  syntax: 'go-regexp',
  pattern,
  ...rule,
  source: `hugo.toml:${10 + index} deployment.matchers[${index}] '${pattern}'`,
});

/** As a hugo deploy user writes them: assets long-cached and gzipped, images long-cached, pages gzipped. */
function siteRules(imageCache = 'max-age=31536000'): SiteDeploymentRules {
  return {
    matchers: [
      matcher('^.+\\.(js|css)$', { cacheControl: 'max-age=31536000, no-transform, public', gzip: true }, 0),
      matcher('^.+\\.(png|jpg|svg)$', { cacheControl: imageCache }, 1),
      matcher('^.+\\.(html|xml)$', { gzip: true }, 2),
    ],
  };
}

async function getObject(key: string) {
  const answer = await directClient(server).send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
  return { body: Buffer.from(await answer.Body!.transformToByteArray()), contentEncoding: answer.ContentEncoding, cacheControl: answer.CacheControl };
}

describe("a deploy honours the site's [deployment] matchers (s3rver)", () => {
  it('stores each file with the headers of the first matching matcher; gzip bodies are gzipped, with Content-Encoding, and unzip to the file', async () => {
    const report = await deploySite(settingsFor(server, dir, { siteDeployment: siteRules() }));
    expect(report.failure).toBeUndefined();
    const js = await getObject('site/js/app.js');
    expect(js.contentEncoding).toBe('gzip');
    expect(js.cacheControl).toBe('max-age=31536000, no-transform, public');
    expect(gunzipSync(js.body).toString()).toBe(DEFAULT_SITE['js/app.js']);
    const page = await getObject('site/about/index.html');
    expect(page.contentEncoding).toBe('gzip');
    // The third matcher sets no Cache-Control: handoff's default stands where hugo deploy would send none.
    expect(page.cacheControl).toBe(CACHE_REVALIDATE);
    expect(gunzipSync(page.body).toString()).toBe(DEFAULT_SITE['about/index.html']);
    const svg = await headObject(server, 'site/img/logo.svg');
    expect(svg.ContentEncoding).toBeUndefined();
    expect(svg.CacheControl).toBe('max-age=31536000');
    expect(svg.ContentType).toBe('image/svg+xml');
    // Which rule set which header, in the plan the report carries.
    expect(report.plan?.uploads.find((upload) => upload.key === 'site/js/app.js')?.rules).toEqual({
      'Cache-Control': "max-age=31536000, no-transform, public ← hugo.toml:10 deployment.matchers[0] '^.+\\.(js|css)$'",
      'Content-Encoding': "gzip ← hugo.toml:10 deployment.matchers[0] '^.+\\.(js|css)$'",
    });
    expect(report.plan?.uploads.find((upload) => upload.key === 'site/index.xml')?.rules).toEqual({ 'Content-Encoding': "gzip ← hugo.toml:12 deployment.matchers[2] '^.+\\.(html|xml)$'" });

    server.resetCounts();
    const again = await deploySite(settingsFor(server, dir, { siteDeployment: siteRules() }));
    expect(again.outputs).toMatchObject({ uploaded_files: 0, skipped_files: 10 });
    expect(server.countByMethod('PUT')).toBe(0);
  });

  it('changing one matcher re-uploads exactly the objects whose headers it changes, and nothing else', async () => {
    await deploySite(settingsFor(server, dir, { siteDeployment: siteRules() }));
    server.resetCounts();
    const report = await deploySite(settingsFor(server, dir, { siteDeployment: siteRules('max-age=600') }));
    expect(report.failure).toBeUndefined();
    expect(report.plan?.uploads.map(({ key, reason }) => `${key} ${reason}`).sort()).toEqual(['site/img/logo.svg headers-changed', 'site/img/photo.png headers-changed']);
    expect(server.requests.filter((request) => request.method === 'PUT' && !request.path.includes('.handoff-manifest')).map((request) => request.path).sort()).toEqual([
      `/${server.bucket}/site/img/logo.svg`,
      `/${server.bucket}/site/img/photo.png`,
    ]);
    expect((await headObject(server, 'site/img/photo.png')).CacheControl).toBe('max-age=600');
    expect((await headObject(server, 'site/css/main.3f2a9c1b.css')).CacheControl).toBe('max-age=31536000, no-transform, public');
  });

  it('handoff.yml rules come first, header by header; the first matching site matcher fills the rest', async () => {
    const handoffRules: HeaderRule[] = [{ pattern: '**/*.html', cacheControl: 'public, max-age=60', source: "handoff.yml headers[0] '**/*.html'" }];
    const report = await deploySite(settingsFor(server, dir, { headerRules: handoffRules, siteDeployment: siteRules() }));
    const page = await getObject('site/posts/hello/index.html');
    expect(page.cacheControl).toBe('public, max-age=60');
    expect(page.contentEncoding).toBe('gzip');
    expect(report.plan?.uploads.find((upload) => upload.key === 'site/posts/hello/index.html')?.rules).toEqual({
      'Cache-Control': "public, max-age=60 ← handoff.yml headers[0] '**/*.html'",
      'Content-Encoding': "gzip ← hugo.toml:12 deployment.matchers[2] '^.+\\.(html|xml)$'",
    });
  });

  it("force uploads the matching files on every deploy, and only those", async () => {
    const rules: SiteDeploymentRules = { matchers: [matcher('^sitemap\\.xml$', { force: true }, 0)] };
    await deploySite(settingsFor(server, dir, { siteDeployment: rules }));
    server.resetCounts();
    const report = await deploySite(settingsFor(server, dir, { siteDeployment: rules }));
    expect(report.plan?.uploads).toEqual([{ key: 'site/sitemap.xml', reason: 'forced', bytes: 9, rules: { force: "uploaded on every deploy ← hugo.toml:10 deployment.matchers[0] '^sitemap\\.xml$'" } }]);
    expect(server.requests.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([`/${server.bucket}/site/sitemap.xml`]);
  });

  it("the first target's include and exclude: other paths are neither uploaded nor deleted", async () => {
    // Objects another tool put there, outside what the target includes, must survive.
    await writeFiles(dir, { 'legacy/old.txt': 'old' });
    await deploySite(settingsFor(server, dir));
    await removeTree(`${dir}/legacy`);
    const target: SiteDeploymentRules = {
      matchers: [],
      include: { glob: '**.{html,xml,css,js}', source: "hugo.toml:5 deployment.targets[0].include '**.{html,xml,css,js}'" },
      exclude: { glob: 'drafts/**', source: "hugo.toml:6 deployment.targets[0].exclude 'drafts/**'" },
    };
    await writeFiles(dir, { 'drafts/wip.html': '<p>changed</p>', 'img/photo.png': 'new png', 'js/app.js': 'console.log(2)' });
    const report = await deploySite(settingsFor(server, dir, { siteDeployment: target }));
    expect(report.failure).toBeUndefined();
    expect(report.plan?.uploads.map((upload) => upload.key)).toEqual(['site/js/app.js']);
    expect(report.plan?.deletes).toEqual([]);
    expect(Object.keys(await bucketContents(server, 'site/legacy/'))).toEqual(['site/legacy/old.txt']);
    expect(report.ignored.map((entry) => `${entry.path} ${entry.reason}`)).toEqual(['drafts/wip.html excluded', 'img/logo.svg excluded', 'img/photo.png excluded']);
  });

  it('a pattern that does not compile fails the deploy in its config phase, before any request', async () => {
    const report = await deploySite(settingsFor(server, dir, { siteDeployment: { matchers: [matcher('(?=x)', { gzip: true }, 0)] } }));
    expect(report.failure).toMatchObject({ phase: 'config', message: expect.stringContaining("hugo.toml:10 deployment.matchers[0] '(?=x)'") });
    expect(server.requests).toHaveLength(0);
  });
});
