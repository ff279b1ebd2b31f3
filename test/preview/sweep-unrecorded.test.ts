import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ACTIONS_BOT, gitFor } from '../../src/git/git-runner.js';
import { sweepPreviews } from '../../src/preview/preview-cleanup.js';
import type { PreviewRecord } from '../../src/preview/preview-record.js';
import { previewSlug } from '../../src/preview/preview-slug.js';
import { openPreviewStore } from '../../src/preview/preview-store.js';
import { previewSettingsFrom, previewSitesFrom } from '../../src/preview/preview-target.js';
import { changeRecords } from '../../src/preview/record-branch.js';
import { git, makeRemote } from '../actions/harness.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';

const recordOf = (branch: string): PreviewRecord => ({
  branch,
  kind: 'preview',
  slug: previewSlug(branch),
  url: `https://dev.example.org/previews/${previewSlug(branch)}/`,
  commit: 'a'.repeat(40),
  deployed_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  run_url: null,
  bucket: 'site-bucket',
  prefix: `previews/${previewSlug(branch)}/`,
});

describe('the sweep and preview folders no record vouches for (s3rver, bare remote)', () => {
  it('keeps them through the grace period, then removes them, within the max-deletes guard, and names each; recorded ones and the dev site stay', async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const remote = await makeRemote({ 'README.md': 'site\n' });
    onTestFinished(remote.remove);
    const jobGit = gitFor((await remote.clone('job')).dir, { env: process.env, identity: ACTIONS_BOT });
    const recorded = 'claude/recorded';
    // A record file that no longer parses still vouches for the folder of its name.
    await changeRecords(jobGit, 'origin', { put: [recordOf(recorded)], message: 'record' });
    const editor = await remote.clone('editor', { ref: 'handoff/previews' });
    await editor.write({ 'broken-one.json': '{ not json' });
    await editor.commitAndPush('A broken record', 'handoff/previews');

    const keys = [
      'index.html',
      'previews/stray.html',
      `previews/${previewSlug(recorded)}/index.html`,
      'previews/broken-one/index.html',
      'previews/orphan--0123456789/index.html',
      'previews/orphan--0123456789/css/site.css',
      'previews/big-orphan/a.html',
      'previews/big-orphan/b.html',
      'previews/big-orphan/c.html',
      'previews/big-orphan/d.html',
    ];
    const direct = new S3Client({ region: 'us-east-1', endpoint: s3.directEndpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
    for (const key of keys) await direct.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
    const listed = async () => ((await direct.send(new (await import('@aws-sdk/client-s3')).ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((item) => item.Key).sort();
    onTestFinished(() => direct.destroy());

    const resolved = previewSettingsFrom(
      { environments: { dev: { bucket: s3.bucket, base_url: 'https://dev.example.org/' } }, previews: { unrecorded_grace_hours: 6, max_deletes: 3 } },
      { requireRoleArn: false },
    );
    expect(resolved.ok).toBe(true);
    const settings = resolved.ok ? resolved.value : (undefined as never);
    const { store, folders, close } = openPreviewStore(settings, { endpointOverride: s3.endpoint, credentials: { ...TEST_CREDENTIALS } });
    onTestFinished(close);
    const deps = { git: jobGit, remote: 'origin', store, folders };

    // Within the grace period (a deploy may still be about to record itself): nothing goes.
    const early = await sweepPreviews(settings, new Date(Date.now() + 5 * 60 * 60 * 1000), deps);
    expect(early.unrecorded).toEqual([]);
    expect(await listed()).toEqual([...keys].sort());

    // Past it: the unrecorded folders go, each named with what was removed; one too big for the guard is refused and stays.
    const later = await sweepPreviews(settings, new Date(Date.now() + 7 * 60 * 60 * 1000), deps);
    expect(later.removals).toEqual([]);
    const byPrefix = Object.fromEntries(later.unrecorded.map(({ folder, removal }) => [folder.prefix, { objects: folder.objects, removal }]));
    expect(byPrefix).toEqual({
      'previews/orphan--0123456789/': { objects: 2, removal: { prefix: 'previews/orphan--0123456789/', found: 2, deleted: 2, errors: [] } },
      'previews/big-orphan/': { objects: 4, removal: { prefix: 'previews/big-orphan/', found: 4, deleted: 0, refused: { count: 4, limit: 3 }, errors: [] } },
    });
    expect(later.problems.join('\n')).toContain('broken-one.json');
    expect(await listed()).toEqual(keys.filter((key) => !key.startsWith('previews/orphan--')).sort());
    // The records were not touched.
    expect(await git(remote.bare, 'ls-tree', '--name-only', 'handoff/previews')).toBe(['broken-one.json', `${previewSlug(recorded)}.json`].sort().join('\n'));
  });

  it("with the sites: form sweeps each site's previews folder against that site's records only, and a stale preview of one site leaves the other's", async ({ onTestFinished }) => {
    const s3 = await startS3Server();
    onTestFinished(s3.stop);
    const remote = await makeRemote({ 'README.md': 'site\n' });
    onTestFinished(remote.remove);
    const jobGit = gitFor((await remote.clone('job')).dir, { env: process.env, identity: ACTIONS_BOT });
    const dev = (name: string) => ({ path: `sites/${name}`, environments: { dev: { bucket: s3.bucket, base_url: `https://dev.example.org/${name}/`, key_prefix: name } } });
    const resolved = previewSitesFrom({ sites: { blog: dev('blog'), docs: dev('docs') }, previews: { unrecorded_grace_hours: 6, max_age_days: 7 } }, { requireRoleArn: false });
    expect(resolved.ok).toBe(true);
    const [blog, docs] = resolved.ok ? resolved.value : (undefined as never);
    const slug = previewSlug('claude/both');
    // Both sites' previews of one branch: blog's record is old, docs' is fresh; a folder of the same name under docs has its own record.
    const old = { ...recordOf('claude/both'), site: 'blog', prefix: `blog/previews/${slug}/`, deployed_at: '2020-01-01T00:00:00Z' };
    const fresh = { ...recordOf('claude/both'), site: 'docs', prefix: `docs/previews/${slug}/` };
    await changeRecords(jobGit, 'origin', { put: [old, fresh], message: 'records' });
    const keys = [`blog/previews/${slug}/index.html`, `docs/previews/${slug}/index.html`, 'docs/previews/orphan/index.html', 'blog/index.html', 'docs/index.html'];
    const direct = new S3Client({ region: 'us-east-1', endpoint: s3.directEndpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
    onTestFinished(() => direct.destroy());
    for (const key of keys) await direct.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
    const listed = async () => ((await direct.send(new (await import('@aws-sdk/client-s3')).ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((item) => item.Key).sort();
    const later = new Date(Date.now() + 7 * 60 * 60 * 1000);
    const sweepOf = async (site: typeof blog) => {
      const { store, folders, close } = openPreviewStore(site!, { endpointOverride: s3.endpoint, credentials: { ...TEST_CREDENTIALS } });
      onTestFinished(close);
      return sweepPreviews(site!, later, { git: jobGit, remote: 'origin', store, folders });
    };
    const blogSweep = await sweepOf(blog);
    const docsSweep = await sweepOf(docs);
    expect(blogSweep.removals.map((entry) => [entry.site, entry.removal.prefix, entry.recordRemoved])).toEqual([['blog', `blog/previews/${slug}/`, true]]);
    expect(blogSweep.unrecorded).toEqual([]);
    expect(docsSweep.removals).toEqual([]);
    expect(docsSweep.unrecorded.map(({ folder }) => folder.prefix)).toEqual(['docs/previews/orphan/']);
    expect(await listed()).toEqual(['blog/index.html', 'docs/index.html', `docs/previews/${slug}/index.html`]);
    expect(await git(remote.bare, 'ls-tree', '-r', '--name-only', 'handoff/previews')).toBe(`docs/${slug}.json`);
  });

  it('sweeps no folder at all while the remote has no record branch', async ({ onTestFinished }) => {
    const remote = await makeRemote({ 'README.md': 'site\n' });
    onTestFinished(remote.remove);
    const jobGit = gitFor((await remote.clone('job')).dir, { env: process.env, identity: ACTIONS_BOT });
    const resolved = previewSettingsFrom({ environments: { dev: { bucket: 'site-bucket', base_url: 'https://dev.example.org/' } } }, { requireRoleArn: false });
    const settings = resolved.ok ? resolved.value : (undefined as never);
    const untouchable = { list: () => Promise.reject(new Error('listed')), deleteBatch: () => Promise.reject(new Error('deleted')) } as never;
    const folders = { foldersUnder: () => Promise.reject(new Error('listed folders')) };
    expect(await sweepPreviews(settings, new Date('2100-01-01T00:00:00Z'), { git: jobGit, remote: 'origin', store: untouchable, folders })).toEqual({ stale: [], removals: [], unrecorded: [], problems: [] });
  });
});
