import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/result/read-result.js';
import { renderResult } from '../../src/result/render-result.js';
import type { TaskResult } from '../../src/result/task-result.js';
import { writeResult } from '../../src/result/write-result.js';
import { HANDOFF_VERSION } from '../../src/version.js';
import { makeTempDir } from '../helpers/temp-site.js';

const base: TaskResult = {
  task_id: '2026-01-19-1430-hugo-build-staging',
  type: 'hugo-build',
  environment: 'staging',
  status: 'failed',
  started_at: '2026-01-19T14:30:00.000Z',
  finished_at: '2026-01-19T14:30:02.500Z',
  duration_seconds: 2.5,
  task_file: 'tasks/failed/2026-01-19-1430-hugo-build-staging.md',
  outputs: { build_success: false, errors: [{ message: 'REF_NOT_FOUND', file: 'content/a.md', line: 12 }], warnings: [], file_count: 0 },
  expected_outputs: ['build_success'],
  missing_outputs: [],
  criteria: [{ expression: 'build_success == true', pass: false, actual: { build_success: false }, reason: 'build_success is false, expected true' }],
  error: {
    category: 'broken-internal-link',
    action: 'auto-fix',
    message: 'REF_NOT_FOUND: Ref "missing" | pipes',
    file: 'content/a.md',
    line: 12,
    next_step: 'Fix the ref.',
  },
  run_url: null,
  commit: null,
  handoff_version: HANDOFF_VERSION,
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('result files', () => {
  it('render and read back to the same data', async () => {
    const dir = await makeTempDir('handoff-result');
    cleanups.push(dir.remove);
    const written = await writeResult(dir.path, base, 'line 1\n```\nline 3\n');
    expect(written).toBe('results/2026-01-19/2026-01-19-1430-hugo-build-staging.result.md');
    const read = await readResultFile(path.join(dir.path, written), written);
    expect(read.ok && read.result).toEqual(base);
  });

  it('shows the criteria, the error with its next step and a log tail that cannot close its fence early', () => {
    const text = renderResult(base, 'first\n```\nlast\n');
    expect(text).toContain('# ❌ hugo-build staging: failed');
    expect(text).toContain('| `build_success == true` | build_success = false | **fail**: build_success is false, expected true |');
    expect(text).toContain('**broken-internal-link** (auto-fix) in `content/a.md:12`: REF_NOT_FOUND: Ref "missing" | pipes');
    expect(text).toContain('Next step: Fix the ref.');
    expect(text).toContain('````text\nfirst\n```\nlast\n````');
    expect(text).not.toContain('&a1');
  });

  it('points results/latest at the newest result of a kind, relative, and never at an older one', async () => {
    const dir = await makeTempDir('handoff-latest');
    cleanups.push(dir.remove);
    const newer = { ...base, task_id: '2026-01-20-0900-hugo-build-staging', finished_at: '2026-01-20T09:00:00.000Z' };
    await writeResult(dir.path, newer, '');
    await writeResult(dir.path, base, '');
    const link = path.join(dir.path, 'results/latest/hugo-build-staging.result.md');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('../2026-01-20/2026-01-20-0900-hugo-build-staging.result.md');
    expect(await readFile(link, 'utf8')).toContain('task_id: 2026-01-20-0900-hugo-build-staging');
  });

  it('reports a result file that lacks what verify needs', async () => {
    const dir = await makeTempDir('handoff-bad-result');
    cleanups.push(dir.remove);
    const file = path.join(dir.path, 'x.result.md');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '---\ntask_id: x\nstatus: maybe\n---\n');
    const read = await readResultFile(file, 'x.result.md');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((problem) => problem.field)).toEqual(['type', 'environment', 'outputs', 'status']);
  });
});
