import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/task/front-matter.js';
import { renderTemplate } from '../../src/task/render-template.js';
import { validateTask } from '../../src/task/validate-task.js';

const template = (name: string) => readFile(new URL(`../../templates/${name}.md`, import.meta.url), 'utf8');
const defaults = {
  timestamp: '2026-01-19-1430',
  created: '2026-01-19T14:30:00Z',
  requested_by: 'claude-code',
  'current-git-branch': 'main',
  site_path: 'site',
  base_url: 'https://staging.example.org/',
  brief: 'staging',
};

describe('renderTemplate', () => {
  it('renders the hugo-build template into a valid task', async () => {
    const rendered = renderTemplate(await template('hugo-build'), 'hugo-build.md', {
      given: { environment: 'staging', description: 'Build the summer promo' },
      defaults,
    });
    expect(rendered.ok).toBe(true);
    if (!rendered.ok) return;
    expect(rendered.used).toEqual(['base_url', 'brief', 'created', 'current-git-branch', 'description', 'environment', 'requested_by', 'site_path', 'timestamp']);
    const parsed = parseFrontMatter(rendered.text, 'tasks/pending/2026-01-19-1430-hugo-build-staging.md');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const validation = validateTask(parsed.file, 'tasks/pending/2026-01-19-1430-hugo-build-staging.md');
    expect(validation.ok).toBe(true);
    expect(rendered.text).toContain('Build the summer promo');
  });

  it('keeps values with YAML syntax in them as plain strings', async () => {
    const description = 'Fix: "quotes", #hash, key: value\n---\ninjected: true';
    const rendered = renderTemplate(await template('hugo-build'), 'hugo-build.md', { given: { environment: 'dev', description }, defaults });
    if (!rendered.ok) throw new Error(JSON.stringify(rendered.problems));
    const parsed = parseFrontMatter(rendered.text, 'x.md');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.file.data.description).toBe(description);
    expect(parsed.file.data.injected).toBeUndefined();
  });

  it('refuses a placeholder left unfilled, naming it and its line', async () => {
    const rendered = renderTemplate(await template('hugo-deploy-production'), 'hugo-deploy-production.md', {
      given: { description: 'Release' },
      defaults,
    });
    expect(rendered.ok).toBe(false);
    if (rendered.ok) return;
    const fields = rendered.problems.map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['{changes_summary}', '{staging_url}', '{confirmation}']));
    const confirmation = rendered.problems.find((problem) => problem.field === '{confirmation}');
    expect(confirmation).toMatchObject({ line: 11, hint: 'pass --set confirmation=…' });
  });

  it('refuses a given value the template does not use, naming it', async () => {
    const rendered = renderTemplate(await template('hugo-build'), 'hugo-build.md', {
      given: { environment: 'dev', description: 'x', sitepath: 'site' },
      defaults,
    });
    expect(rendered.ok).toBe(false);
    if (rendered.ok) return;
    expect(rendered.problems).toHaveLength(1);
    expect(rendered.problems[0]).toMatchObject({ field: 'sitepath', found: 'an unknown key "sitepath"' });
    expect(rendered.problems[0]?.expected).toContain('site_path');
  });

  it('refuses a bare placeholder in the front matter, which YAML would read as a mapping', () => {
    const rendered = renderTemplate('---\nid: {timestamp}\n---\n', 'custom.md', { given: {}, defaults });
    expect(rendered.ok).toBe(false);
    if (!rendered.ok) expect(rendered.problems[0]).toMatchObject({ field: '{timestamp}', line: 2 });
  });
});
