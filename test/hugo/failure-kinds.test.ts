import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHugoSite, type HugoBuildReport } from '../../src/hugo/build.js';
import { defaultRunDependencies, runTask } from '../../src/worker/run-task.js';
import { loadConfig } from '../../src/config/load-config.js';
import { LOG_TAIL_LINES } from '../../src/result/render-result.js';
import { hugoBinaries, isCurrentHugo, type HugoUnderTest } from '../helpers/hugo-binaries.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

type OnFinished = (cleanup: () => Promise<void>) => void;

/** A repository whose site lives in site/, so every path the agent reads must start with site/. */
const REPO_FILES: Record<string, string> = {
  'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "T"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
  'site/layouts/_default/single.html': '<html><body>{{ .Content }}</body></html>\n',
  'site/layouts/_default/list.html': '<html><body>{{ .Content }}</body></html>\n',
  'site/content/posts/a.md': '---\ntitle: "A"\n---\nHello\n',
};

async function repoWith(onTestFinished: OnFinished, files: Record<string, string> = {}) {
  const temp = await makeTempDir('handoff-failure-kinds');
  onTestFinished(temp.remove);
  await writeTree(temp.path, { ...REPO_FILES, ...files });
  return { root: temp.path, siteDir: path.join(temp.path, 'site'), destination: path.join(temp.path, 'out') };
}

/** A goroutine dump as long as a real hugo's: many goroutines, two lines per frame. */
function goroutineDump(goroutines: number): string {
  const lines = ['goroutine 87 [running]:'];
  lines.push('github.com/gohugoio/hugo/hugolib.(*pageState).renderResources.func1()', '\t/build/hugo/hugolib/page.go:123 +0x56');
  for (let n = 0; n < goroutines; n += 1) {
    lines.push('', `goroutine ${100 + n} [chan receive]:`, 'github.com/gohugoio/hugo/hugolib.(*HugoSites).render(0xc000a1c000)', '\t/build/hugo/hugolib/hugo_sites_build.go:312 +0x1a5');
  }
  lines.push('main.main()', '\t/build/hugo/main.go:23 +0x56');
  return lines.join('\n');
}

/**
 * A hugo that behaves like the real one until it fails in a way hugo prints no ERROR line for:
 * `version` and the build's first lines come from the real binary under test.
 */
async function fakeHugo(dir: string, hugo: HugoUnderTest, failure: string): Promise<string> {
  const file = path.join(dir, 'hugo');
  await writeFile(
    file,
    [
      '#!/bin/bash',
      `if [ "$1" = version ]; then exec '${hugo.binary}' version; fi`,
      failure,
    ].join('\n'),
  );
  await chmod(file, 0o755);
  return file;
}

const HEADER = `echo "Start building sites … "; "$(dirname "$0")/real-hugo" version`;

function crashShapes(siteDir: string) {
  const dumpFile = path.join(path.dirname(siteDir), 'dump.txt');
  return {
    dumpFile,
    shapes: {
      'a panic naming a content file, with a 3,000-goroutine dump': [
        HEADER,
        `cat >&2 <<'EOF'`,
        'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
        `\tpanic: failed to render pages: render of "page" failed: "${siteDir}/content/posts/a.md:4:1": runtime error: invalid memory address or nil pointer dereference`,
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x1a2b3c4]',
        '',
        'EOF',
        `cat '${dumpFile}' >&2`,
        'exit 2',
      ].join('\n'),
      'a panic naming no file': [HEADER, `echo 'panic: runtime error: index out of range [3] with length 3' >&2`, `echo >&2`, `cat '${dumpFile}' >&2`, 'exit 2'].join('\n'),
      'a Go runtime fatal error': [HEADER, `echo 'fatal error: concurrent map writes' >&2`, `echo >&2`, `cat '${dumpFile}' >&2`, 'exit 2'].join('\n'),
      'killed by a signal': [HEADER, 'kill -KILL $$'].join('\n'),
      'a hang past the timeout (with a child holding the output open)': [HEADER, 'sleep 6', 'exit 0'].join('\n'),
      'no output at all': 'exit 1',
    },
  };
}

describe.each(hugoBinaries().map((hugo) => [hugo.version, hugo] as const))('the hugo worker with hugo %s', (_version, hugo) => {
  const current = isCurrentHugo(hugo);

  it('names files from the repository root when the site is in a subfolder (broken ref, missing partial)', async ({ onTestFinished }) => {
    const repo = await repoWith(onTestFinished, {
      'site/content/posts/b.md': '---\ntitle: B\n---\nSee {{< ref "missing" >}}.\n',
    });
    const ref = await buildHugoSite({ siteDir: repo.siteDir, destination: repo.destination, pathsFrom: repo.root }, { hugoBinary: hugo.binary });
    expect(ref.error).toMatchObject({ category: 'broken-internal-link', file: 'site/content/posts/b.md', line: 4 });
    expect(ref.error?.next_step).toContain('in site/content/posts/b.md:4');
    expect(ref.outputs.errors[0]?.message).toContain('"site/content/posts/b.md:4:');

    const partialRepo = await repoWith(onTestFinished, { 'site/layouts/_default/single.html': '<html>{{ partial "nav.html" . }}{{ .Content }}</html>\n' });
    const partial = await buildHugoSite({ siteDir: partialRepo.siteDir, destination: partialRepo.destination, pathsFrom: partialRepo.root }, { hugoBinary: hugo.binary });
    expect(partial.error).toMatchObject({ category: 'template-not-found', action: 'auto-fix', file: 'site/layouts/_default/single.html' });
    expect(partial.error?.next_step).toMatch(/^Create site\/layouts\/partials\/nav\.html or fix the partial name used in site\/layouts\/_default\/single\.html:1/);
  });

  it('reads a warning (a broken ref with refLinksErrorLevel WARNING) with its file and line, and the build succeeds', async ({ onTestFinished }) => {
    const repo = await repoWith(onTestFinished, {
      'site/hugo.toml': `${REPO_FILES['site/hugo.toml']}refLinksErrorLevel = "WARNING"\n`,
      'site/content/posts/b.md': '---\ntitle: B\n---\nSee {{< ref "missing" >}}.\n',
    });
    const report = await buildHugoSite({ siteDir: repo.siteDir, destination: repo.destination, pathsFrom: repo.root }, { hugoBinary: hugo.binary });
    expect(report.error).toBeUndefined();
    expect(report.outputs.build_success).toBe(true);
    expect(report.outputs.warnings).toEqual([expect.objectContaining({ file: 'site/content/posts/b.md', line: 4 })]);
    expect(report.outputs.warnings[0]?.message).toContain('REF_NOT_FOUND: Ref "missing"');
  });

  it('classifies bad YAML front matter in the form this hugo prints it', async ({ onTestFinished }) => {
    const repo = await repoWith(onTestFinished, { 'site/content/posts/a.md': '---\ntitle: "A"\ndate: "2024" x\n---\nHello\n' });
    const report = await buildHugoSite({ siteDir: repo.siteDir, destination: repo.destination, pathsFrom: repo.root }, { hugoBinary: hugo.binary });
    expect(report.error).toMatchObject({ category: 'markdown-or-template-syntax', action: 'auto-fix', file: 'site/content/posts/a.md' });
    if (current) {
      expect(report.error?.message).toMatch(/failed to create page from pageMetaSource .*"site\/content\/posts\/a\.md:3:\d+": \[2:\d+\] value is not allowed in this context/);
      expect(report.error?.next_step).toMatch(/^Fix the front matter in site\/content\/posts\/a\.md:3 \(\[2:\d+\] value is not allowed/);
    } else {
      expect(report.error?.message).toContain('failed to unmarshal YAML');
      expect(report.error?.next_step).toMatch(/^Fix the YAML front matter in site\/content\/posts\/a\.md:\d/);
    }
  });

  it('classifies a template parse error and a missing shortcode with repository paths', async ({ onTestFinished }) => {
    const parse = await repoWith(onTestFinished, { 'site/layouts/_default/single.html': '<html>{{ if .Title }}\n{{ .Content }}\n</html>\n' });
    const parsed = await buildHugoSite({ siteDir: parse.siteDir, destination: parse.destination, pathsFrom: parse.root }, { hugoBinary: hugo.binary });
    expect(parsed.error).toMatchObject({ category: 'markdown-or-template-syntax', file: 'site/layouts/_default/single.html' });

    const shortcode = await repoWith(onTestFinished, { 'site/content/posts/a.md': '---\ntitle: A\n---\n{{< nosuch >}}\n' });
    const missing = await buildHugoSite({ siteDir: shortcode.siteDir, destination: shortcode.destination, pathsFrom: shortcode.root }, { hugoBinary: hugo.binary });
    expect(missing.error).toMatchObject({ category: 'template-not-found', file: 'site/content/posts/a.md' });
    expect(missing.error?.next_step).toContain('Create site/layouts/shortcodes/nosuch.html');
  });

  it('a partial that calls itself: hugo 0.111 really crashes (Go runtime fatal error), current hugo reports an error', async ({ onTestFinished }) => {
    const repo = await repoWith(onTestFinished, {
      'site/layouts/_default/single.html': '<html>{{ partial "loop.html" . }}</html>\n',
      'site/layouts/_default/list.html': '<html>{{ partial "loop.html" . }}</html>\n',
      'site/layouts/partials/loop.html': '{{ partial "loop.html" . }}\n',
    });
    // hugo 0.111 runs under a 2 GB address-space limit, so its runaway stack fails ("fatal error:
    // out of memory") instead of taking the machine's memory first; current hugo stops the
    // recursion itself (and needs more address space than that to start). The crash takes ~2 s
    // quiet and over 8 s on a loaded machine, so the bound is a minute for both.
    const limited = path.join(repo.root, 'hugo-limited');
    await writeFile(limited, `#!/bin/bash\n${current ? '' : 'ulimit -v 2000000\n'}exec '${hugo.binary}' "$@"\n`, { mode: 0o755 });
    const report = await buildHugoSite({ siteDir: repo.siteDir, destination: repo.destination, pathsFrom: repo.root, timeoutSeconds: 60 }, { hugoBinary: limited });
    expect(report.outputs.build_success).toBe(false);
    if (current) {
      expect(report.error).toMatchObject({ category: 'markdown-or-template-syntax', file: 'site/layouts/partials/loop.html', line: 1 });
      expect(report.error?.message).toContain('maximum template call stack size exceeded');
    } else {
      expect(report.error).toMatchObject({ category: 'hugo-crash', action: 'escalate' });
      expect(report.error?.message).toMatch(/^fatal error: (out of memory|stack overflow)/);
      const tail = report.log.split('\n').slice(-LOG_TAIL_LINES);
      expect(tail.some((line) => /^fatal error: (out of memory|stack overflow)/.test(line))).toBe(true);
      expect(tail.at(-1)).toMatch(/^… \d+ more lines of the goroutine dump omitted …$/);
    }
  }, 90_000);

  describe('when hugo fails without an ERROR line', () => {
    async function crash(onTestFinished: OnFinished, shape: string, timeoutSeconds = 60) {
      const repo = await repoWith(onTestFinished);
      const { dumpFile, shapes } = crashShapes(repo.siteDir);
      await writeFile(dumpFile, goroutineDump(3000));
      const binary = await fakeHugo(repo.root, hugo, shapes[shape as keyof typeof shapes]);
      await writeFile(path.join(repo.root, 'real-hugo'), `#!/bin/bash\nexec '${hugo.binary}' "$@"\n`, { mode: 0o755 });
      const report = await buildHugoSite({ siteDir: repo.siteDir, destination: repo.destination, pathsFrom: repo.root, timeoutSeconds }, { hugoBinary: binary });
      return { repo, report };
    }

    function tail(report: HugoBuildReport): string[] {
      return report.log.split('\n').slice(-LOG_TAIL_LINES);
    }

    it('a panic: hugo-crash with the panic line, the content file it names, and the log tail keeps the panic', async ({ onTestFinished }) => {
      const { report } = await crash(onTestFinished, 'a panic naming a content file, with a 3,000-goroutine dump');
      expect(report.outputs.build_success).toBe(false);
      expect(report.outputs.hugo_version).toBe(hugo.version);
      expect(report.error).toMatchObject({
        category: 'hugo-crash',
        action: 'escalate',
        message: 'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
        file: 'site/content/posts/a.md',
        line: 4,
      });
      expect(report.error?.next_step).toMatch(/^Escalate: hugo crashed \(panic: runtime error: invalid memory address .*\) while working on site\/content\/posts\/a\.md:4\. .*undo or simplify this task's change to site\/content\/posts\/a\.md/);
      const kept = tail(report);
      expect(kept[0]).toBe('Start building sites … ');
      expect(kept).toContain('panic: runtime error: invalid memory address or nil pointer dereference [recovered]');
      expect(kept.some((line) => line.includes('[signal SIGSEGV'))).toBe(true);
      expect(kept).toContain('goroutine 87 [running]:');
      expect(kept.at(-1)).toMatch(/^… \d+ more lines of the goroutine dump omitted …$/);
      expect(kept).not.toContain('main.main()');
    });

    it('a panic that names no file: hugo-crash, the panic line as the message, no file', async ({ onTestFinished }) => {
      const { report } = await crash(onTestFinished, 'a panic naming no file');
      expect(report.error).toMatchObject({ category: 'hugo-crash', message: 'panic: runtime error: index out of range [3] with length 3' });
      expect(report.error?.file).toBeUndefined();
      expect(report.error?.next_step).toContain('without naming a site file');
      expect(tail(report)).toContain('panic: runtime error: index out of range [3] with length 3');
    });

    it('a Go runtime fatal error counts as a crash too', async ({ onTestFinished }) => {
      const { report } = await crash(onTestFinished, 'a Go runtime fatal error');
      expect(report.error).toMatchObject({ category: 'hugo-crash', message: 'fatal error: concurrent map writes' });
      expect(tail(report)).toContain('fatal error: concurrent map writes');
    });

    it('killed by a signal: hugo-crash naming the signal', async ({ onTestFinished }) => {
      const { report } = await crash(onTestFinished, 'killed by a signal');
      expect(report.error).toMatchObject({ category: 'hugo-crash', message: 'hugo was killed by SIGKILL before it finished' });
      expect(report.error?.next_step).toContain('ran out of memory');
    });

    it('a hang: stopped at the timeout (and its leftover child does not hold the worker)', async ({ onTestFinished }) => {
      const started = performance.now();
      const { report } = await crash(onTestFinished, 'a hang past the timeout (with a child holding the output open)', 1);
      expect(performance.now() - started).toBeLessThan(5500);
      expect(report.error).toMatchObject({ category: 'hugo-crash', message: 'hugo did not finish within 1 s and was stopped' });
      expect(report.outputs.build_success).toBe(false);
    });

    it('no output and a failure exit: hugo-crash saying so', async ({ onTestFinished }) => {
      const { report } = await crash(onTestFinished, 'no output at all');
      expect(report.error).toMatchObject({ category: 'hugo-crash', message: 'hugo exited with code 1 and printed nothing' });
      expect(report.error?.next_step).toContain('hugo --source site');
    });
  });
});

describe('a hugo that prints gigabytes', () => {
  it.for([
    ['1 GiB of lines', `yes 'WARN  the same warning, again and again' | head -c 1073741824`],
    ['1 GiB without a line break', `head -c 1073741824 /dev/zero | tr '\\0' x`],
  ] as const)('%s: the worker streams it in bounded memory and reports the build', { timeout: 120_000 }, async ([, command], { onTestFinished }) => {
    const repo = await repoWith(onTestFinished);
    const hugo = hugoBinaries()[0]!;
    const binary = await fakeHugo(repo.root, hugo, `${command}\nexit 1`);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let lines = 0;
    const report = await buildHugoSite({ siteDir: repo.siteDir, destination: repo.destination, pathsFrom: repo.root }, { hugoBinary: binary, onLine: () => (lines += 1) });
    clearInterval(sampler);
    expect(lines).toBeGreaterThan(0);
    expect(report.outputs.build_success).toBe(false);
    expect(report.error?.category).toBeDefined();
    expect(report.log.length).toBeLessThan(16 * 1024 * 1024);
    expect(peak - baseline).toBeLessThan(256 * 1024 * 1024);
  });
});

describe('handoff run with a crashing hugo', () => {
  it.for(['a panic naming a content file, with a 3,000-goroutine dump', 'killed by a signal', 'a hang past the timeout (with a child holding the output open)', 'no output at all'])(
    '%s: a failed result with the crash, the task in tasks/failed/, nothing left in in-progress/',
    async (shape, { onTestFinished }) => {
      const repo = await repoWith(onTestFinished);
      const hugo = hugoBinaries()[0]!;
      const { dumpFile, shapes } = crashShapes(repo.siteDir);
      await writeFile(dumpFile, goroutineDump(3000));
      await writeFile(path.join(repo.root, 'real-hugo'), `#!/bin/bash\nexec '${hugo.binary}' "$@"\n`, { mode: 0o755 });
      const binary = await fakeHugo(repo.root, hugo, shapes[shape as keyof typeof shapes]);
      const id = '2026-12-01-1200-hugo-build-crash';
      await writeTree(repo.root, {
        'tasks/in-progress/.gitkeep': '',
        [`tasks/pending/${id}.md`]: [
          '---',
          `id: ${id}`,
          'type: hugo-build',
          'environment: dev',
          'description: Build the site',
          'created: 2026-12-01T12:00:00Z',
          'requested_by: test',
          'git_branch: main',
          'params:',
          '  site_path: site',
          'success_criteria:',
          '  - build_success == true',
          '---',
          '',
        ].join('\n'),
      });
      const outcome = await runTask({ root: repo.root, taskFile: `tasks/pending/${id}.md`, config: await loadConfig(repo.root) }, {
        ...defaultRunDependencies,
        buildSite: (settings, deps) => buildHugoSite({ ...settings, timeoutSeconds: 1 }, { ...deps, hugoBinary: binary }),
      });
      expect(outcome.exitCode).toBe(1);
      expect(outcome.result.error).toMatchObject({ category: 'hugo-crash', action: 'escalate' });
      expect(await readdir(path.join(repo.root, 'tasks/in-progress'))).toEqual(['.gitkeep']);
      expect(await readdir(path.join(repo.root, 'tasks/failed'))).toEqual([`${id}.md`]);
      const result = await readFile(path.join(repo.root, outcome.resultPath), 'utf8');
      expect(result).toContain('category: hugo-crash');
      if (shape.startsWith('a panic')) {
        expect(result).toContain('file: site/content/posts/a.md');
        expect(result.slice(result.indexOf('## Log'))).toContain('panic: runtime error: invalid memory address or nil pointer dereference [recovered]');
      }
    },
  );
});
