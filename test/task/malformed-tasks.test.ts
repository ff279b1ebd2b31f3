import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/temp-repo.js';

const ID = '2026-01-19-1430-hugo-build-case';

function task(fields: Record<string, string | undefined> = {}, body = 'Context for people.\n'): string {
  const defaults: Record<string, string | undefined> = {
    id: ID,
    type: 'hugo-build',
    environment: 'staging',
    description: 'Build the site',
    created: '2026-01-19T14:30:00Z',
    requested_by: 'claude-code',
    git_branch: 'main',
    params: '\n  site_path: site\n  base_url: https://staging.example.org/',
    expected_outputs: '[build_success, file_count]',
    success_criteria: '\n  - build_success == true\n  - file_count > 0',
  };
  const merged = { ...defaults, ...fields };
  const lines = Object.entries(merged)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}:${value?.startsWith('\n') ? '' : ' '}${value}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

const productionDeploy = (confirmation?: string): string =>
  task({
    id: '2026-01-19-1430-hugo-deploy-case',
    type: 'hugo-deploy',
    environment: 'production',
    changes_summary: 'New pricing page',
    staging_url: 'https://staging.example.org/',
    confirmation,
    expected_outputs: undefined,
    success_criteria: undefined,
  });

interface Case {
  name: string;
  content: string | Buffer;
  /** The field the problem must name. */
  field: string;
  /** Words the message must contain (expected/found/hint). */
  says?: RegExp;
  fileName?: string;
  setup?: (repo: TempRepo) => Promise<void>;
}

const CASES: Case[] = [
  { name: 'empty file', content: '', field: '(front matter)', says: /empty file/ },
  { name: 'no front matter', content: '# Build the site\n\nPlease build it.\n', field: '(front matter)', says: /opened by a line '---'/ },
  { name: 'unclosed fence', content: `---\nid: ${ID}\ntype: hugo-build\n\nbody with no closing fence\n`, field: '(front matter)', says: /closing the front matter/ },
  { name: 'bad YAML', content: `---\nid: ${ID}\ndescription: "unterminated\ntype: hugo-build\n---\n`, field: '(front matter)', says: /valid YAML/ },
  { name: 'list front matter', content: '---\n- id\n- type\n---\nbody\n', field: '(front matter)', says: /a list/ },
  { name: 'scalar front matter', content: '---\njust a sentence\n---\nbody\n', field: '(front matter)', says: /single string/ },
  { name: 'duplicate keys', content: task({ environment: 'staging\nenvironment: production' }), field: '(front matter)', says: /duplicate key/ },
  { name: 'tab indentation', content: task({ params: '\n\tsite_path: site' }), field: '(front matter)', says: /tab/ },
  {
    name: 'JavaScript front matter is never evaluated',
    content: `---js\n{ id: require('fs').writeFileSync('pwned-js', 'x') }\n---\n`,
    field: '(front matter)',
    says: /plain '---' fence/,
  },
  { name: 'wrong type', content: task({ type: 'hugo-bild' }), field: 'type', says: /did you mean "hugo-build"/ },
  { name: 'wrong environment', content: task({ environment: 'prod' }), field: 'environment', says: /did you mean "production"/ },
  { name: 'missing description', content: task({ description: undefined }), field: 'description', says: /required/ },
  { name: 'misspelt field', content: task({ environment: undefined, enviroment: 'staging' }), field: 'enviroment', says: /did you mean "environment"/ },
  { name: 'unknown param', content: task({ params: '\n  site_path: site\n  minfy: true' }), field: 'params.minfy', says: /did you mean "minify"/ },
  { name: 'param of the wrong type', content: task({ params: '\n  site_path: site\n  minify: "yes"' }), field: 'params.minify', says: /boolean/ },
  { name: 'path escape', content: task({ params: '\n  site_path: ../outside' }), field: 'params.site_path', says: /inside the repository/ },
  { name: 'absolute path', content: task({ params: '\n  site_path: /etc' }), field: 'params.site_path', says: /absolute paths are not allowed/ },
  {
    name: 'symlink leading out of the repository',
    content: task({ params: '\n  site_path: escape' }),
    field: 'params.site_path',
    says: /outside the repository through a symlink/,
    setup: async (repo) => symlink('/tmp', path.join(repo.root, 'escape')),
  },
  { name: 'site folder that does not exist', content: task({ params: '\n  site_path: nosuchsite' }), field: 'params.site_path', says: /not a folder/ },
  { name: 'bad URL scheme', content: task({ params: '\n  site_path: site\n  base_url: ftp://example.org/' }), field: 'params.base_url', says: /http/ },
  { name: 'javascript URL', content: task({ params: '\n  site_path: site\n  base_url: "javascript:alert(1)"' }), field: 'params.base_url', says: /http/ },
    {
    name: 'production without confirmation',
    content: productionDeploy(),
    field: 'confirmation',
    says: /exactly "DEPLOY TO PRODUCTION"/,
    fileName: '2026-01-19-1430-hugo-deploy-case.md',
  },
  {
    name: 'production with a wrong-case confirmation',
    content: productionDeploy('deploy to production'),
    field: 'confirmation',
    says: /"deploy to production"/,
    fileName: '2026-01-19-1430-hugo-deploy-case.md',
  },
  { name: 'shell metacharacters in site_path', content: task({ params: '\n  site_path: "site; touch pwned-path"' }), field: 'params.site_path' },
  { name: 'shell substitution in base_url', content: task({ params: '\n  site_path: site\n  base_url: "https://example.org/$(touch pwned-url)"' }), field: 'params.base_url' },
  { name: 'shell operators in hugo_environment', content: task({ params: '\n  site_path: site\n  hugo_environment: "dev && touch pwned-env"' }), field: 'params.hugo_environment' },
  { name: 'id and file name differ', content: task({ id: '2026-01-19-1430-hugo-build-other' }), field: 'id', says: /file name/ },
  { name: 'id of the wrong form', content: task({ id: 'build-the-site' }), field: 'id', says: /YYYY-MM-DD-HHMM/, fileName: 'build-the-site.md' },
  { name: 'id naming another type', content: task({ id: '2026-01-19-1430-hugo-deploy-case' }), field: 'id', says: /type part is "hugo-build"/, fileName: '2026-01-19-1430-hugo-deploy-case.md' },
  { name: 'id that is a number', content: task({ id: '202601191430' }), field: 'id', says: /string/, fileName: '202601191430.md' },
  { name: 'binary garbage', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10]), field: '(file)', says: /binary data/ },
  { name: 'invalid UTF-8', content: Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]), field: '(file)', says: /not valid UTF-8/ },
  { name: 'a 10 MB file', content: `${task()}\n${'x'.repeat(10 * 1024 * 1024)}`, field: '(file)', says: /at most 256 KiB/ },
  { name: 'criterion with a syntax error', content: task({ success_criteria: '\n  - file_count >' }), field: 'success_criteria[0]', says: /file_count >/ },
  { name: 'criterion naming an unknown output', content: task({ success_criteria: '\n  - file_cout > 100' }), field: 'success_criteria[0]', says: /unknown output "file_cout"/ },
  { name: 'unknown expected output', content: task({ expected_outputs: '[build_success, uploaded_files]' }), field: 'expected_outputs[1]', says: /uploaded_files/ },
  { name: 'created that is not a time', content: task({ created: 'yesterday' }), field: 'created', says: /ISO 8601/ },
  { name: 'site repository that is not owner/name', content: task({ params: '\n  site_path: site\n  site_repository: "https://github.com/acme/site"' }), field: 'params.site_repository', says: /owner\/name/ },
  { name: 'site_ref without a site repository', content: task({ params: '\n  site_path: site\n  site_ref: main' }), field: 'params.site_ref', says: /together with site_repository/ },
  { name: 'params that are a list', content: task({ params: '\n  - site' }), field: 'params', says: /mapping/ },
];

describe('malformed task files', () => {
  describe('handoff validate', () => {
    let repo: TempRepo;
    beforeAll(async () => {
      repo = await makeTempRepo();
    });
    afterAll(async () => repo.remove());

    it.each(CASES)('$name: names the file and the field, and changes nothing', async (testCase) => {
      const fileName = testCase.fileName ?? `${ID}.md`;
      const relative = `tasks/pending/${testCase.name.replace(/\W+/g, '-')}/${fileName}`;
      await repo.write({ [relative]: '' });
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(repo.root, relative), testCase.content);
      await testCase.setup?.(repo);
      const before = await repo.snapshot();

      const run = await repo.handoff(['validate', '--json', relative]);
      expect(run.code, run.stderr).toBe(1);
      const output = run.json();
      expect(output.ok).toBe(false);
      const problems = output.files[0].problems as Array<Record<string, unknown>>;
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((problem) => problem.file === relative)).toBe(true);
      const problem = problems.find((candidate) => candidate.field === testCase.field);
      expect(problem, JSON.stringify(problems, null, 1)).toBeDefined();
      if (testCase.says) expect(`${problem?.expected} ${problem?.found} ${problem?.hint ?? ''}`).toMatch(testCase.says);

      const human = await repo.handoff(['validate', relative]);
      expect(human.code).toBe(1);
      expect(human.stderr).toContain(relative);
      expect(human.stderr).toContain(testCase.field);

      expect(await repo.snapshot()).toEqual(before);
    });
  });

  describe('handoff run', () => {
    it.each(CASES)('$name: a failed result, the task in failed/, nothing else touched', async (testCase) => {
      const repo = await makeTempRepo();
      try {
        const fileName = testCase.fileName ?? `${ID}.md`;
        const relative = `tasks/pending/${fileName}`;
        const { writeFile } = await import('node:fs/promises');
        await writeFile(path.join(repo.root, relative), testCase.content);
        await testCase.setup?.(repo);
        const before = await repo.snapshot();

        const run = await repo.handoff(['run', '--json', relative]);
        expect(run.code, run.stderr).toBe(1);
        const output = run.json();
        expect(output.status).toBe('failed');
        expect(['invalid-task', 'missing-frontmatter']).toContain(output.error.category);
        expect(output.error.action).toBe('auto-fix');
        expect(output.error.message).toContain(fileName);
        expect(output.error.message).toContain(testCase.field);

        const after = await repo.snapshot();
        const added = [...after.keys()].filter((key) => !before.has(key)).sort();
        const removed = [...before.keys()].filter((key) => !after.has(key));
        expect(removed).toEqual([relative]);
        expect(added).toEqual([output.result_path, `tasks/failed/${fileName}`].sort());
        for (const [key, value] of before) if (key !== relative) expect(after.get(key), key).toBe(value);
        for (const leftover of ['pwned-js', 'pwned-path', 'pwned-url', 'pwned-env']) expect(after.has(leftover)).toBe(false);
        expect(await repo.read(`tasks/failed/${fileName}`).catch(() => '')).toBe(
          Buffer.isBuffer(testCase.content) ? testCase.content.toString('utf8') : testCase.content,
        );
      } finally {
        await repo.remove();
      }
    });
  });
});
