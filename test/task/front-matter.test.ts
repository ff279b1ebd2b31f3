import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/task/front-matter.js';
import { validateTask } from '../../src/task/validate-task.js';

const FILE = 'tasks/pending/2026-01-19-1430-hugo-build-staging.md';
const GOOD = [
  '---',
  'id: 2026-01-19-1430-hugo-build-staging',
  'type: hugo-build',
  'environment: staging',
  'description: Build for staging',
  'created: 2026-01-19T14:30:00Z',
  'params:',
  '  site_path: site',
  '  base_url: https://staging.example.org/',
  '---',
  '',
  'Why: the pricing page changed.',
  '',
].join('\n');

describe('parseFrontMatter', () => {
  it('reads the fields and the body, keeping dates as strings', () => {
    const parsed = parseFrontMatter(GOOD, FILE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.file.data.created).toBe('2026-01-19T14:30:00Z');
    expect(typeof parsed.file.data.created).toBe('string');
    expect(parsed.file.body).toContain('Why: the pricing page changed.');
  });

  it('keeps a bare date a string too', () => {
    const parsed = parseFrontMatter('---\nday: 2026-01-19\n---\n', FILE);
    expect(parsed.ok && parsed.file.data.day).toBe('2026-01-19');
  });

  it('accepts CRLF line endings and a UTF-8 byte order mark, with the same line numbers', () => {
    const crlf = `\uFEFF${GOOD.replace(/\n/g, '\r\n')}`;
    const parsed = parseFrontMatter(crlf, FILE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const validation = validateTask(parsed.file, FILE);
    expect(validation.ok).toBe(true);

    const broken = parseFrontMatter(crlf.replace('environment: staging', 'environment: prod'), FILE);
    if (!broken.ok) throw new Error('expected the front matter to parse');
    const result = validateTask(broken.file, FILE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ field: 'environment', line: 4, column: 14, hint: 'did you mean "production"?' });
  });

  it('ends the front matter at the first closing fence, the body starting on the next line', () => {
    const parsed = parseFrontMatter('---  \na: 1\n---\n\nBody\n---\nmore\n', FILE);
    expect(parsed.ok && parsed.file.data).toEqual({ a: 1 });
    expect(parsed.ok && parsed.file.body).toBe('\nBody\n---\nmore\n');
    const tight = parseFrontMatter('---\na: 1\n---\nBody', FILE);
    expect(tight.ok && tight.file.body).toBe('Body');
    const bad = parseFrontMatter('---\na: 1\nb: [\n---\n', FILE);
    expect(bad.ok ? undefined : bad.problems[0]).toMatchObject({ line: 3, expected: 'valid YAML' });
  });

  it('reads a block of only comments and blank lines as no front matter', () => {
    const parsed = parseFrontMatter('---\n# a note\n\n---\nBody\n', FILE);
    expect(parsed.ok ? undefined : parsed.problems[0]).toMatchObject({ field: '(front matter)', found: 'no front matter' });
  });

  it('gives a fresh result for the same text after a failure (gray-matter caches by input)', () => {
    const bad = '---\na: [\n---\n';
    expect(parseFrontMatter(bad, FILE).ok).toBe(false);
    expect(parseFrontMatter(bad, FILE).ok).toBe(false);
    expect(parseFrontMatter(GOOD, FILE).ok).toBe(true);
    expect(parseFrontMatter(GOOD, FILE).ok).toBe(true);
  });

  it('reports YAML errors with the line and column in the file', () => {
    const parsed = parseFrontMatter('---\nid: a\nparams:\n  site_path: [unclosed\n---\n', FILE);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]?.line).toBeGreaterThanOrEqual(4);
    expect(parsed.problems[0]?.expected).toBe('valid YAML');
  });

  it('does not expand a billion-laughs alias bomb', () => {
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', '---', ''].join('\n');
    const parsed = parseFrontMatter(bomb, FILE);
    expect(parsed.ok).toBe(false);
  });
});

describe('validateTask', () => {
  const validate = (text: string, file = FILE) => {
    const parsed = parseFrontMatter(text, file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return validateTask(parsed.file, file);
  };

  it('accepts the good task and fills default criteria', () => {
    const result = validate(GOOD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.task.type).toBe('hugo-build');
    expect(result.task.success_criteria).toEqual(['build_success == true', 'errors == []']);
  });

  it('reports every problem at once, in file order, each located', () => {
    const result = validate(GOOD.replace('type: hugo-build', 'type: hugo-bulid').replace('environment: staging', 'environment: stage'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => [problem.field, problem.line])).toEqual([
      ['type', 3],
      ['environment', 4],
    ]);
    expect(result.problems[0]?.hint).toBe('did you mean "hugo-build"?');
    expect(result.problems[1]?.hint).toBe('did you mean "staging"?');
  });

  it('requires the exact confirmation, a summary and a staging URL for a production deploy', () => {
    const production = GOOD.replace(/hugo-build-staging/g, 'hugo-deploy-release')
      .replace('type: hugo-build', 'type: hugo-deploy')
      .replace('environment: staging', 'environment: production');
    const file = 'tasks/pending/2026-01-19-1430-hugo-deploy-release.md';
    const missing = validate(production, file);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.map((problem) => problem.field).sort()).toEqual(['changes_summary', 'confirmation', 'staging_url']);

    const confirmed = production.replace(
      'params:',
      'confirmation: DEPLOY TO PRODUCTION\nchanges_summary: New pricing page\nstaging_url: https://staging.example.org/\nparams:',
    );
    expect(validate(confirmed, file).ok).toBe(true);
    expect(validate(confirmed.replace('DEPLOY TO PRODUCTION', '"DEPLOY TO PRODUCTION "'), file).ok).toBe(false);
    expect(validate(confirmed.replace('DEPLOY TO PRODUCTION', 'Deploy to production'), file).ok).toBe(false);
  });

  it('lets a production build through without a confirmation (the guide: builds need no approval)', () => {
    const build = GOOD.replace(/staging/g, 'production');
    expect(validate(build, 'tasks/pending/2026-01-19-1430-hugo-build-production.md').ok).toBe(true);
  });
});
