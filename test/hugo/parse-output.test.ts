import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLocation } from '../../src/errors/hugo-message.js';
import { parseHugoOutput } from '../../src/hugo/parse-output.js';

// Recorded from Debian's hugo 0.111.3 building tiny sites at this path (see each test).
const SITE = '/tmp/handoff-fixture/site';
const FIXTURES = fileURLToPath(new URL('../fixtures/hugo-output/', import.meta.url));

async function fixture(name: string): Promise<{ stdout: string; stderr: string }> {
  const [stdout, stderr] = await Promise.all([
    readFile(`${FIXTURES}${name}.stdout.txt`, 'utf8'),
    readFile(`${FIXTURES}${name}.stderr.txt`, 'utf8'),
  ]);
  return { stdout, stderr };
}

async function parseFixture(name: string, siteDir: string | null = SITE) {
  const { stdout, stderr } = await fixture(name);
  return parseHugoOutput(stdout, stderr, siteDir === null ? {} : { siteDir });
}

describe('parseHugoOutput on real hugo 0.111.3 output', () => {
  it('reports a clean build as no errors and no warnings', async () => {
    expect(await parseFixture('good')).toEqual({ errors: [], warnings: [] });
  });

  it('keeps one entry for a template error printed 4 times on stdout and again on stderr', async () => {
    const { stdout, stderr } = await fixture('template-exec-repeated');
    expect(stdout.match(/^ERROR /gm)).toHaveLength(4);
    expect(stderr).toMatch(/^Error: Error building site: failed to render pages: render of "page" failed/);

    const { errors, warnings } = parseHugoOutput(stdout, stderr, { siteDir: SITE });
    expect(warnings).toEqual([]);
    expect(errors).toEqual([
      {
        message:
          '"layouts/_default/single.html:5:5": execute of template failed: template: _default/single.html:5:5: executing "_default/single.html" at <.Nope>: can\'t evaluate field Nope in type *hugolib.pageState',
        file: 'layouts/_default/single.html',
        line: 5,
        column: 5,
      },
    ]);
  });

  it('treats copies that differ only in "render of <kind> failed" as one error', async () => {
    const { stdout } = await fixture('template-exec-list-kinds');
    expect(stdout).toContain('render of "section" failed');
    expect(stdout).toContain('render of "taxonomy" failed');
    const { errors } = await parseFixture('template-exec-list-kinds');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'layouts/_default/list.html', line: 5, column: 5 });
  });

  it('reads a broken ref and drops the "logged 1 error(s)" summary', async () => {
    const { errors } = await parseFixture('ref-not-found');
    expect(errors).toEqual([
      {
        message: '[en] REF_NOT_FOUND: Ref "missing": "content/a.md:12:21": page not found',
        file: 'content/a.md',
        line: 12,
        column: 21,
      },
    ]);
  });

  it('keeps two different broken refs in one file apart', async () => {
    const { errors } = await parseFixture('relref-two-broken');
    expect(errors.map((e) => [e.file, e.line, e.column])).toEqual([
      ['content/posts/b.md', 4, 9],
      ['content/posts/b.md', 5, 5],
    ]);
  });

  it('finds bad YAML front matter, which hugo prints only on stderr', async () => {
    const { stdout } = await fixture('yaml-front-matter');
    expect(stdout).not.toMatch(/ERROR/);
    const { errors } = await parseFixture('yaml-front-matter');
    expect(errors).toEqual([
      {
        message: '"content/a.md:3:1": failed to unmarshal YAML: yaml: line 3: found unexpected end of stream',
        file: 'content/a.md',
        line: 3,
        column: 1,
      },
    ]);
  });

  it('finds bad TOML front matter and an unclosed front matter block', async () => {
    expect((await parseFixture('toml-front-matter')).errors).toEqual([
      expect.objectContaining({ file: 'content/a.md', line: 2, column: 11 }),
    ]);
    expect((await parseFixture('front-matter-unclosed')).errors).toEqual([
      {
        message: '"content/a.md:1:1": EOF looking for end YAML front matter delimiter',
        file: 'content/a.md',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('reads template parse errors from the loading-templates wrapper', async () => {
    expect((await parseFixture('template-parse')).errors).toEqual([
      {
        message: '"layouts/_default/single.html:2:1": parse failed: template: _default/single.html:2: unexpected "}" in operand',
        file: 'layouts/_default/single.html',
        line: 2,
        column: 1,
      },
    ]);
    expect((await parseFixture('template-function-undefined')).errors[0]?.message).toContain(
      'function "nofunc" not defined',
    );
  });

  it('blames the innermost template when a partial fails', async () => {
    const { errors } = await parseFixture('partial-nested-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'layouts/partials/head.html', line: 2, column: 48 });
  });

  it('falls back to the unquoted "html/template:name:line:col:" form', async () => {
    const { errors } = await parseFixture('no-such-template');
    expect(errors).toEqual([
      {
        message: 'execute of template failed: html/template:_default/single.html:2:12: no such template "nosuch"',
        file: '_default/single.html',
        line: 2,
        column: 12,
      },
    ]);
  });

  it('reads shortcode errors with the content file position', async () => {
    expect((await parseFixture('shortcode-not-found')).errors[0]).toMatchObject({
      file: 'content/a.md',
      line: 4,
      column: 7,
    });
    expect((await parseFixture('shortcode-unclosed')).errors[0]?.message).toContain('must be closed or self-closed');
  });

  it('reads WARN lines as warnings, without failing the build', async () => {
    expect(await parseFixture('warnings')).toEqual({
      errors: [],
      warnings: [
        { message: 'custom warning x' },
        {
          message:
            'found no layout file for "HTML" for kind "home": You should create a template file which matches Hugo Layouts Lookup Rules for this combination.',
        },
      ],
    });
  });

  it('strips ANSI colours and terminal control codes (output recorded on a TTY)', async () => {
    const { stdout } = await fixture('ansi-tty');
    expect(stdout).toContain('\u001b[1;31mERROR\u001b[0m');
    const parsed = parseHugoOutput(stdout, '', { siteDir: SITE });
    expect(parsed).toEqual({
      errors: [
        {
          message: '[en] REF_NOT_FOUND: Ref "missing": "content/a.md:12:21": page not found',
          file: 'content/a.md',
          line: 12,
          column: 21,
        },
      ],
      warnings: [{ message: 'custom warning' }],
    });
  });

  it('reads the site config error, whose path hugo prints as given', async () => {
    expect((await parseFixture('config-toml')).errors[0]).toMatchObject({ file: 'hugo.toml', line: 1, column: 32 });
  });

  it('keeps absolute paths when no siteDir is given', async () => {
    const { errors } = await parseFixture('ref-not-found', null);
    expect(errors[0]?.file).toBe(`${SITE}/content/a.md`);
    expect(errors[0]?.message).toContain(`"${SITE}/content/a.md:12:21"`);
  });
});

describe('parseHugoOutput on other shapes', () => {
  it('keeps the "logged N error(s)" summary when it is the only error', () => {
    expect(parseHugoOutput('', 'Error: Error building site: logged 1 error(s)\n').errors).toEqual([
      { message: 'logged 1 error(s)' },
    ]);
  });

  it('accepts newer hugo lines without a date and dedupes them with the stderr summary', () => {
    const stdout = [
      'Start building sites … ',
      'hugo v0.140.1+extended linux/amd64 BuildDate=unknown',
      '',
      'ERROR render of "/site/content/posts/a.md" failed: "/site/layouts/_default/baseof.html:8:11": execute of template failed: template: _default/single.html:8:11: executing "_default/single.html" at <.Nope>: can\'t evaluate field Nope in type page.Page',
      'ERROR render of "/site/content/posts/b.md" failed: "/site/layouts/_default/baseof.html:8:11": execute of template failed: template: _default/single.html:8:11: executing "_default/single.html" at <.Nope>: can\'t evaluate field Nope in type page.Page',
      'WARN  found no layout file for "html" for kind "taxonomy": You should create a template file which matches Hugo Layouts Lookup Rules for this combination.',
      'Total in 20 ms',
    ].join('\n');
    const stderr =
      'Error: error building site: render: failed to render pages: render of "/site/content/posts/a.md" failed: "/site/layouts/_default/baseof.html:8:11": execute of template failed: template: _default/single.html:8:11: executing "_default/single.html" at <.Nope>: can\'t evaluate field Nope in type page.Page\n';
    const { errors, warnings } = parseHugoOutput(stdout, stderr, { siteDir: '/site/' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'layouts/_default/baseof.html', line: 8, column: 11 });
    expect(warnings).toEqual([
      {
        message:
          'found no layout file for "html" for kind "taxonomy": You should create a template file which matches Hugo Layouts Lookup Rules for this combination.',
      },
    ]);
  });

  it('handles CRLF output and Windows paths', () => {
    const stdout =
      'ERROR 2024/01/02 03:04:05 [en] REF_NOT_FOUND: Ref "x": "C:\\site\\content\\a.md:3:7": page not found\r\nTotal in 5 ms\r\n';
    expect(parseHugoOutput(stdout, '').errors).toEqual([
      {
        message: '[en] REF_NOT_FOUND: Ref "x": "C:\\site\\content\\a.md:3:7": page not found',
        file: 'C:\\site\\content\\a.md',
        line: 3,
        column: 7,
      },
    ]);
  });

  it('ignores the banner, the stats table and timing lines', () => {
    const stdout = 'Start building sites … \nhugo v0.111.3+extended linux/amd64\n  Pages | 2\nTotal in 12 ms\n';
    expect(parseHugoOutput(stdout, '')).toEqual({ errors: [], warnings: [] });
  });
});

describe('findLocation', () => {
  it.each([
    ['"/abs/layouts/_default/single.html:5:3": execute of template failed', '/abs/layouts/_default/single.html', 5, 3],
    ['template: _default/single.html:5:3: executing "x" at <.Y>: boom', '_default/single.html', 5, 3],
    ['parse failed: template: _default/single.html:2: unexpected EOF', '_default/single.html', 2, undefined],
    ['nothing here', undefined, undefined, undefined],
  ])('%s', (text, file, line, column) => {
    const location = findLocation(text);
    expect(location?.file).toBe(file);
    expect(location?.line).toBe(line);
    expect(location?.column).toBe(column);
  });
});
