import { readFile } from 'node:fs/promises';
import { parseFrontMatter } from '../task/front-matter.js';
import type { Problem } from '../validation/problem.js';
import type { TaskResult } from './task-result.js';

export type ReadResultFile = { ok: true; result: TaskResult } | { ok: false; problems: Problem[] };

const REQUIRED: ReadonlyArray<keyof TaskResult> = ['task_id', 'type', 'environment', 'status', 'outputs'];

/** Reads a result file back (for verify, status and wait), checking the fields they rely on. */
export async function readResultFile(absolutePath: string, shownAs: string): Promise<ReadResultFile> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problems: [{ file: shownAs, field: '(file)', expected: 'a readable result file', found: code === 'ENOENT' ? 'no such file' : String(code) }] };
  }
  const parsed = parseFrontMatter(text, shownAs);
  if (!parsed.ok) return parsed;
  const data = parsed.file.data as Partial<TaskResult>;
  const problems: Problem[] = REQUIRED.filter((key) => data[key] === undefined).map((key) => ({
    file: shownAs,
    field: key,
    expected: 'a field every result file has',
    found: 'no such field',
  }));
  if (data.status !== undefined && data.status !== 'success' && data.status !== 'failed') {
    problems.push({ file: shownAs, field: 'status', expected: 'success or failed', found: JSON.stringify(data.status) });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    result: {
      expected_outputs: [],
      missing_outputs: [],
      criteria: [],
      error: null,
      run_url: null,
      commit: null,
      ...data,
    } as TaskResult,
  };
}
