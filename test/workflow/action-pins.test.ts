import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/** The Node 24 releases the workflows use, as issue #9 gives them (version -> full commit SHA). */
const EXPECTED: Record<string, { sha: string; version: string }> = {
  'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  'actions/setup-node': { sha: '249970729cb0ef3589644e2896645e5dc5ba9c38', version: 'v6.5.0' },
  'aws-actions/configure-aws-credentials': { sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c', version: 'v6.2.3' },
};

/** The workflows, and the actions' own action.yml (a composite action calls other actions too). */
async function workflowFiles(): Promise<string[]> {
  const folder = path.join(PROJECT_ROOT, '.github', 'workflows');
  const workflows = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(folder, name));
  const actions = (await readdir(path.join(PROJECT_ROOT, 'actions'))).map((name) => path.join(PROJECT_ROOT, 'actions', name, 'action.yml'));
  return [...workflows, ...actions];
}

describe('third-party actions in the workflows', () => {
  it('are pinned by full commit SHA with the version in a comment, on the Node 24 releases', async () => {
    const seen = new Set<string>();
    for (const file of await workflowFiles()) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)) {
        const [, target = '', rest = ''] = match;
        if (target.startsWith('./')) continue;
        const where = `${path.relative(PROJECT_ROOT, file)}: ${match[0].trim()}`;
        expect(target, where).toMatch(/^[\w.-]+\/[\w.\/-]+@[0-9a-f]{40}$/);
        expect(rest.trim(), where).toMatch(/^# v\d+\.\d+\.\d+$/);
        const [name = ''] = target.split('@');
        const expected = EXPECTED[name];
        if (expected) {
          expect(`${target} ${rest.trim()}`, where).toBe(`${name}@${expected.sha} # ${expected.version}`);
          seen.add(name);
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('the docs show the same pins', async () => {
    for (const doc of ['README.md', 'docs/github-setup.md']) {
      const text = await readFile(path.join(PROJECT_ROOT, doc), 'utf8');
      for (const match of text.matchAll(/uses: ((?:actions|aws-actions)\/[\w-]+)@(\S+)(.*)$/gm)) {
        const expected = EXPECTED[match[1] ?? ''];
        if (expected) expect(`${match[2]}${match[3]}`, `${doc}: ${match[0]}`).toBe(`${expected.sha} # ${expected.version}`);
      }
    }
  });
});
