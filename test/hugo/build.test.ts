import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHugoSite, hugoArguments, parseHugoVersion } from '../../src/hugo/build.js';
import { ProgramNotFoundError, type ProgramRunner } from '../../src/process/run-program.js';
import { hugoBinaries, isCurrentHugo } from '../helpers/hugo-binaries.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

type OnFinished = (cleanup: () => Promise<void>) => void;

const CONFIG = [
  'baseURL = "https://example.org/"',
  'title = "Test"',
  'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]',
  '',
].join('\n');
const LAYOUT = '<html><body>{{ .Content }}</body></html>\n';

/** A minimal site: home + one page, which hugo renders to two index.html files. */
function tinySite(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'hugo.toml': CONFIG,
    'layouts/_default/single.html': LAYOUT,
    'layouts/_default/list.html': LAYOUT,
    'content/a.md': '---\ntitle: "A"\n---\nHello\n',
    ...overrides,
  };
}

/** Each test removes its own folder, so tests can run concurrently. */
async function siteWith(onTestFinished: OnFinished, files: Record<string, string>) {
  const temp = await makeTempDir('handoff-hugo-build');
  onTestFinished(temp.remove);
  const siteDir = path.join(temp.path, 'site');
  const destination = path.join(temp.path, 'public');
  await writeTree(siteDir, files);
  return { siteDir, destination, root: temp.path };
}

describe.each(hugoBinaries().map((hugo) => [hugo.version, hugo] as const))('buildHugoSite with the real hugo %s', (_version, hugo) => {
  const current = isCurrentHugo(hugo);

  it('builds a good site, counting only this build’s files', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    await writeTree(destination, { 'stale/old.html': 'old', 'leftover.txt': 'x' });
    const lines: string[] = [];

    const report = await buildHugoSite({ siteDir, destination }, { onLine: (line) => lines.push(line), hugoBinary: hugo.binary });

    expect(report.error).toBeUndefined();
    expect(report.outputs).toMatchObject({
      build_success: true,
      errors: [],
      warnings: [],
      file_count: 2,
      output_dir: destination,
    });
    expect(report.outputs.hugo_version).toMatch(/^\d+\.\d+(\.\d+)?/);
    expect(report.outputs.duration_seconds).toBeGreaterThan(0);
    expect(Math.round(report.outputs.duration_seconds * 100) / 100).toBe(report.outputs.duration_seconds);
    expect((await readdir(destination)).sort()).toEqual(['a', 'index.html']);
    expect(report.log).toMatch(/Total in \d+ ms/);
    expect(lines.some((line) => /Total in \d+ ms/.test(line))).toBe(true);
    expect(await readdir(siteDir)).not.toContain('.hugo_build.lock');
  });

  it('passes every flag hugo 0.111 knows, and drafts count only with buildDrafts', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, 
      tinySite({ 'content/draft.md': '---\ntitle: "D"\ndraft: true\n---\nDraft\n' }),
    );
    const settings = { siteDir, destination, baseUrl: 'https://staging.example.org/', environment: 'staging', minify: true };

    const without = await buildHugoSite(settings, { hugoBinary: hugo.binary });
    expect(without.outputs).toMatchObject({ build_success: true, file_count: 2 });

    const withDrafts = await buildHugoSite({ ...settings, buildDrafts: true, buildFuture: true, buildExpired: true }, { hugoBinary: hugo.binary });
    expect(withDrafts.outputs).toMatchObject({ build_success: true, file_count: 3 });
  });

  it('reports a template error once, with file and line, however many pages hit it', async ({ onTestFinished }) => {
    const pages = Object.fromEntries(
      [1, 2, 3, 4, 5, 6].map((n) => [`content/p${n}.md`, `---\ntitle: "P${n}"\n---\nHi\n`]),
    );
    const { siteDir, destination } = await siteWith(onTestFinished, 
      tinySite({
        'layouts/_default/single.html': '<html><body>\n{{ .Content }}\n\n\n  {{ .Nope }}\n</body></html>\n',
        ...pages,
      }),
    );

    const report = await buildHugoSite({ siteDir, destination }, { hugoBinary: hugo.binary });

    expect(report.outputs.build_success).toBe(false);
    expect(report.outputs.file_count).toBe(0);
    expect(report.outputs.errors).toHaveLength(1);
    expect(report.outputs.errors[0]).toMatchObject({ file: 'layouts/_default/single.html', line: 5, column: 5 });
    expect(report.error).toMatchObject({
      category: 'markdown-or-template-syntax',
      action: 'auto-fix',
      file: 'layouts/_default/single.html',
      line: 5,
      next_step:
        "Fix the template in layouts/_default/single.html:5 (can't evaluate field Nope in type *hugolib.pageState), then submit a new task with the same params.",
    });
    expect(report.log).toMatch(current ? /ERROR error building site/ : /Error: Error building site/);
  });

  it('reports a broken ref as broken-internal-link at the content file and line', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, 
      tinySite({ 'content/posts/a.md': '---\ntitle: "A"\n---\n\nSee {{< ref "missing" >}}.\n' }),
    );

    const report = await buildHugoSite({ siteDir, destination }, { hugoBinary: hugo.binary });

    expect(report.outputs.build_success).toBe(false);
    expect(report.outputs.errors).toEqual([
      {
        message: '[en] REF_NOT_FOUND: Ref "missing": "content/posts/a.md:5:5": page not found',
        file: 'content/posts/a.md',
        line: 5,
        column: 5,
      },
    ]);
    expect(report.error).toMatchObject({
      category: 'broken-internal-link',
      action: 'auto-fix',
      next_step: 'Fix the ref "missing" in content/posts/a.md:5 (no such page), then submit a new task with the same params.',
    });
  });

  it('reports bad YAML front matter in a content file', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite({ 'content/a.md': '---\ntitle: "A\nfoo: [\n---\nHello\n' }));

    const report = await buildHugoSite({ siteDir, destination }, { hugoBinary: hugo.binary });

    expect(report.outputs.build_success).toBe(false);
    expect(report.outputs.errors).toHaveLength(1);
    // hugo 0.111 blames the end of the front matter (3:1), current hugo the unclosed quote: the
    // line and column are handoff's own parse of the front matter, the quote's, on both.
    expect(report.error).toMatchObject({
      category: 'markdown-or-template-syntax',
      file: 'content/a.md',
      line: 2,
      column: 8,
    });
    expect(report.error?.message).toContain(current ? 'failed to create page from pageMetaSource' : 'failed to unmarshal YAML');
    expect(report.error?.next_step).toMatch(/^Fix the (YAML )?front matter in content\/a\.md:\d/);
  });

  it('resolves a template named only relative to layouts/ to a path the agent can open', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, 
      tinySite({ 'layouts/_default/single.html': '<html><body>\n{{ template "nosuch" . }}\n</body></html>\n' }),
    );

    const report = await buildHugoSite({ siteDir, destination }, { hugoBinary: hugo.binary });

    expect(report.error).toMatchObject({
      category: 'template-not-found',
      file: 'layouts/_default/single.html',
      line: 2,
      column: 12,
    });
  });

  it('reports a missing hugo binary as missing-tool without touching the destination', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    await writeTree(destination, { 'keep.html': 'x' });

    const report = await buildHugoSite({ siteDir, destination }, { hugoBinary: '/nonexistent/hugo' });

    expect(report.outputs).toMatchObject({
      build_success: false,
      errors: [{ message: "'/nonexistent/hugo' was not found on PATH" }],
      file_count: 0,
      hugo_version: null,
    });
    expect(report.error).toMatchObject({
      category: 'missing-tool',
      action: 'escalate',
      next_step: 'Escalate: install hugo on the worker (Debian: sudo apt-get install hugo) and run the task again.',
    });
    expect(await readdir(destination)).toEqual(['keep.html']);
  });

  it('looks a bare hugo up on the PATH its edge passed, and refuses before touching the destination', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    await writeTree(destination, { 'keep.html': 'x' });
    const emptyFolder = path.join(siteDir, 'no-programs-here');
    await writeTree(emptyFolder, { 'README': 'no hugo in this folder' });

    const report = await buildHugoSite({ siteDir, destination }, { env: { PATH: emptyFolder } });

    expect(report.outputs.errors).toEqual([{ message: "'hugo' was not found on PATH" }]);
    expect(report.error?.category).toBe('missing-tool');
    expect(await readdir(destination)).toEqual(['keep.html']);
  });
});

describe('buildHugoSite with a fake runner', () => {
  function fakeRunner(build: { exitCode: number; stdout?: string; stderr?: string }) {
    const calls: Array<{ program: string; args: readonly string[] }> = [];
    const run: ProgramRunner = async (program, args) => {
      calls.push({ program, args });
      if (args[0] === 'version') {
        return { exitCode: 0, stdout: 'hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z\n', stderr: '', durationMs: 5 };
      }
      return { exitCode: build.exitCode, stdout: build.stdout ?? '', stderr: build.stderr ?? '', durationMs: 5 };
    };
    return { run, calls };
  }

  it('reports "\'hugo\' was not found on PATH" when the runner cannot start hugo', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    const run: ProgramRunner = async (program) => {
      throw new ProgramNotFoundError(program);
    };

    const report = await buildHugoSite({ siteDir, destination }, { run });

    expect(report.outputs.errors).toEqual([{ message: "'hugo' was not found on PATH" }]);
    expect(report.error?.category).toBe('missing-tool');
  });

  it('runs hugo with an argument array, never --quiet', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    const { run, calls } = fakeRunner({ exitCode: 0, stdout: 'Total in 3 ms\n' });

    const report = await buildHugoSite(
      { siteDir, destination, baseUrl: 'https://x.example/', environment: 'production', minify: true, buildFuture: true },
      { run, hugoBinary: '/opt/hugo/bin/hugo' },
    );

    expect(calls).toEqual([
      {
        program: '/opt/hugo/bin/hugo',
        args: [
          '--source', siteDir, '--destination', destination, '--baseURL', 'https://x.example/',
          '--environment', 'production', '--minify', '--buildFuture', '--cleanDestinationDir', '--noBuildLock',
        ],
      },
      { program: '/opt/hugo/bin/hugo', args: ['version'] },
    ]);
    expect(report.outputs.hugo_version).toBe('0.111.3+extended');
    expect(report.log).toBe('Total in 3 ms');
    expect(hugoArguments({ siteDir, destination, buildDrafts: true, buildExpired: true })).not.toContain('--quiet');
  });

  it('takes the version from the build log when hugo prints it there, with no second process', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    const { run, calls } = fakeRunner({
      exitCode: 0,
      stdout: 'Start building sites … \nhugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1\nTotal in 3 ms\n',
    });
    const report = await buildHugoSite({ siteDir, destination }, { run });
    expect(calls.map((call) => call.args[0])).toEqual(['--source']);
    expect(report.outputs.hugo_version).toBe('0.111.3+extended');
  });

  it('fails a build that exited non-zero even when hugo printed no ERROR line', async ({ onTestFinished }) => {
    const { siteDir, destination } = await siteWith(onTestFinished, tinySite());
    const { run } = fakeRunner({ exitCode: 2, stderr: 'panic: runtime error: index out of range\n' });

    const report = await buildHugoSite({ siteDir, destination }, { run });

    expect(report.outputs.build_success).toBe(false);
    expect(report.outputs.errors).toEqual([{ message: 'panic: runtime error: index out of range' }]);
    expect(report.error?.category).toBe('hugo-crash');
  });

  it('refuses a destination that would delete the site', async ({ onTestFinished }) => {
    const { siteDir, root } = await siteWith(onTestFinished, tinySite());
    const { run, calls } = fakeRunner({ exitCode: 0 });

    for (const destination of [siteDir, root]) {
      const report = await buildHugoSite({ siteDir, destination }, { run });
      expect(report.outputs.build_success).toBe(false);
      expect(report.error?.category).toBe('invalid-task');
    }
    expect(calls).toEqual([]);
    expect((await stat(path.join(siteDir, 'hugo.toml'))).isFile()).toBe(true);
  });

  it('reports a missing site directory as invalid-task', async ({ onTestFinished }) => {
    const { root } = await siteWith(onTestFinished, {});
    const report = await buildHugoSite({ siteDir: path.join(root, 'nope'), destination: path.join(root, 'out') });
    expect(report.error).toMatchObject({ category: 'invalid-task' });
    expect(report.error?.message).toContain('site directory not found');
  });

  it('creates a missing destination', async ({ onTestFinished }) => {
    const { siteDir, root } = await siteWith(onTestFinished, tinySite());
    const destination = path.join(root, 'deep', 'out');
    const { run } = fakeRunner({ exitCode: 0 });
    await buildHugoSite({ siteDir, destination }, { run });
    expect((await stat(destination)).isDirectory()).toBe(true);
  });
});

describe('parseHugoVersion', () => {
  it.each([
    ['hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1', '0.111.3+extended'],
    ['hugo v0.140.1+extended+withdeploy linux/amd64 BuildDate=unknown VendorInfo=nixpkgs', '0.140.1+extended+withdeploy'],
    ['hugo v0.92.0-B3549403+extended linux/amd64 BuildDate=2022-01-12T08:23:18Z', '0.92.0+extended'],
    ['Hugo Static Site Generator v0.80.0/extended linux/amd64 BuildDate: 2021-07-18T09:31:51Z', '0.80.0+extended'],
    ['hugo v0.125.0 darwin/arm64', '0.125.0'],
    ['something else', null],
  ])('%s', (output, expected) => {
    expect(parseHugoVersion(output)).toBe(expected);
  });
});
