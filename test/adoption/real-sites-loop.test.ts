import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { unpackRealSite, type RealSiteName } from '../helpers/real-sites.js';
import { makeTempDir } from '../helpers/temp-site.js';
import { expectClean, install, npx, packHandoff } from './packed-handoff.js';

const execFileAsync = promisify(execFile);
const [oldHugo, currentHugo] = hugoBinaries();
/** The user's PATH with the current hugo first, as after installing it; and as Debian 12 has it (0.111 on PATH). */
const CURRENT_PATH = { PATH: `${path.dirname(currentHugo!.binary)}:${process.env.PATH ?? ''}` };
const OLD_PATH = { PATH: `${path.dirname(oldHugo!.binary)}:${process.env.PATH ?? ''}` };

/**
 * Per site: the theme whose min_version init reads, the content folder a content edit works in
 * (hugo-book's shortcode pages have no front matter to edit), and a fix the site owner would
 * commit first. PaperMod's example tags one page "HTML" and three "html": hugo renders pages in
 * parallel and the term's title is whichever spelling it met first, so six files differ from one
 * build to the next and a second deploy would upload them again, rightly.
 */
const SITES: Array<{ name: RealSiteName; theme: string; minVersion: string; contentDir: string; files: string; fixes: Array<{ file: string; from: string; to: string }> }> = [
  { name: 'hugo-book', theme: 'hugo-book', minVersion: '0.158.0', contentDir: 'content.en', files: 'docs/getting-started/*.md', fixes: [] },
  { name: 'papermod', theme: 'hugo-PaperMod', minVersion: '0.146.0', contentDir: 'content', files: 'posts/*.md', fixes: [{ file: 'content/posts/audio-video.md', from: '"HTML"]', to: '"html"]' }] },
];

describe('the vendored real sites through the whole local loop, handoff installed from its packed tarball', () => {
  let scratch: { path: string; remove(): Promise<void> };
  let tarball: string;

  beforeAll(async () => {
    scratch = await makeTempDir('handoff-real-sites-loop');
    tarball = await packHandoff(scratch.path);
  }, 120_000);
  afterAll(async () => {
    await scratch?.remove();
  });

  it.for(SITES)('$name: init pins its Hugo, build, deploy twice to a local S3, content-edit dry run, verify, status; hugo 0.111 is refused up front', { timeout: 400_000 }, async ({ name, theme, minVersion, contentDir, files, fixes }, { onTestFinished }) => {
    const site = await unpackRealSite(name);
    onTestFinished(site.remove);
    const root = site.root;
    for (const fix of fixes) {
      const file = path.join(root, fix.file);
      const text = await readFile(file, 'utf8');
      expect(text).toContain(fix.from);
      await writeFile(file, text.replace(fix.from, fix.to));
      await execFileAsync('git', ['-c', 'user.name=Site Owner', '-c', 'user.email=owner@example.org', 'commit', '-qam', `${fix.file}: ${fix.to}`], { cwd: root });
    }
    expectClean(await install(root, tarball));
    const current = currentHugo!.version.replace(/\+.*/, '');

    const init = JSON.parse(expectClean(await npx(root, ['init', '--json'], CURRENT_PATH)).stdout);
    expect(init.hugo_version).toEqual({ version: current, reason: `the hugo on this machine; meets themes/${theme}/theme.toml min_version ${minVersion}` });
    expect(await readFile(path.join(root, 'handoff.yml'), 'utf8')).toContain(`\nhugo_version: ${current}  # the hugo on this machine; meets themes/${theme}/theme.toml min_version ${minVersion}\n`);

    const build = JSON.parse(expectClean(await npx(root, ['new', 'hugo-build', '--env', 'dev', '--description', 'First build', '--json'], CURRENT_PATH)).stdout);
    const built = JSON.parse(expectClean(await npx(root, ['run', build.path, '--json'], CURRENT_PATH)).stdout);
    expect(built).toMatchObject({ ok: true, verdict: 'pass', error: null });
    const buildResult = await readFile(path.join(root, built.result_path), 'utf8');
    expect(buildResult).toContain(`hugo_version: ${currentHugo!.version}`);
    expect(buildResult).toContain(`hugo_version_pinned: ${current}`);
    const fileCount = Number(/file_count: (\d+)/.exec(buildResult)?.[1]);
    expect(fileCount).toBeGreaterThan(20);

    const deploy = JSON.parse(expectClean(await npx(root, ['new', 'hugo-deploy-dev', '--description', 'First local deploy', '--brief', 'first', '--json'], CURRENT_PATH)).stdout);
    const first = JSON.parse(expectClean(await npx(root, ['run', deploy.path, '--local-s3', '--json'], CURRENT_PATH)).stdout);
    expect(first).toMatchObject({ ok: true, verdict: 'pass' });
    expect(first.summary).toMatch(new RegExp(`^uploaded ${fileCount}, skipped 0, deleted 0`));

    const again = JSON.parse(expectClean(await npx(root, ['new', 'hugo-deploy-dev', '--description', 'Second local deploy', '--brief', 'second', '--json'], CURRENT_PATH)).stdout);
    const second = JSON.parse(expectClean(await npx(root, ['run', again.path, '--local-s3', '--json'], CURRENT_PATH)).stdout);
    expect(second.summary).toMatch(new RegExp(`^uploaded 0, skipped ${fileCount}, deleted 0`));

    const edit = JSON.parse(expectClean(await npx(root, ['new', 'content-edit', '--env', 'dev', '--description', 'Mark the pages reviewed', '--brief', 'reviewed', '--set', `files=${files}`, '--set', 'field=params.reviewed', '--set', 'value=yes', '--json'], CURRENT_PATH)).stdout);
    const editFile = path.join(root, edit.path);
    await writeFile(editFile, (await readFile(editFile, 'utf8')).replace(/^( {2}site_path: .*)$/m, `$1\n  content_dir: ${contentDir}`));
    const dryRun = JSON.parse(expectClean(await npx(root, ['run', edit.path, '--json'], CURRENT_PATH)).stdout);
    expect(dryRun).toMatchObject({ ok: true, status: 'success' });
    const editResult = await readFile(path.join(root, dryRun.result_path), 'utf8');
    expect(Number(/files_changed: (\d+)/.exec(editResult)?.[1])).toBeGreaterThan(0);
    expect(editResult).toMatch(/^\s*\+\s+reviewed: "yes"$/m);
    // A dry run writes nothing.
    expect((await execFileAsync('git', ['status', '--porcelain', '--', contentDir], { cwd: root })).stdout).toBe('');

    expect(JSON.parse(expectClean(await npx(root, ['verify', again.id, '--json'], CURRENT_PATH)).stdout)).toMatchObject({ verdict: 'pass' });
    const status = JSON.parse(expectClean(await npx(root, ['status', '--json'], CURRENT_PATH)).stdout);
    // The build and the two deploys; the content-edit dry run stays pending, for --apply with the same id.
    expect(status.completed).toHaveLength(3);
    expect(status.pending).toContain(edit.path);

    // Debian 12's hugo first on PATH: refused before it builds, as a version mismatch, not a template error.
    const old = JSON.parse(expectClean(await npx(root, ['new', 'hugo-build', '--env', 'dev', '--description', 'Build with the old hugo', '--brief', 'old', '--json'], OLD_PATH)).stdout);
    const refused = JSON.parse(expectClean(await npx(root, ['run', old.path, '--json'], OLD_PATH), 1).stdout);
    expect(refused.error).toMatchObject({ category: 'hugo-version', action: 'escalate' });
    expect(refused.error.message).toBe(`hugo ${oldHugo!.version} would build this site, but handoff.yml hugo_version pins ${current} and themes/${theme}/theme.toml min_version needs at least ${minVersion}`);
    expect(refused.error.next_step).toContain(`go install -tags extended github.com/gohugoio/hugo@v${current}`);
  });
});
