import { open } from 'node:fs/promises';
import type { Problem } from '../validation/problem.js';

/** Task files are a page of YAML and prose; anything larger is a mistake, not a task. */
export const MAX_TASK_FILE_BYTES = 256 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; problems: Problem[] };

/**
 * Reads a task file as UTF-8 text, refusing (with a problem, not an exception) what cannot be a
 * task: a file too large, binary data, invalid UTF-8, or a path that is not a readable file.
 * Only the first MAX_TASK_FILE_BYTES + 1 bytes are read, so a huge file costs nothing.
 */
export async function readTaskFile(absolutePath: string, shownAs: string): Promise<ReadResult> {
  const fail = (expected: string, found: string): ReadResult => ({
    ok: false,
    problems: [{ file: shownAs, field: '(file)', expected, found }],
  });
  let handle;
  try {
    handle = await open(absolutePath, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail('a readable task file', code === 'ENOENT' ? 'no such file' : `an error opening it (${code ?? String(error)})`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return fail('a regular file', stats.isDirectory() ? 'a directory' : 'a special file');
    if (stats.size > MAX_TASK_FILE_BYTES) {
      return fail(`a task file of at most ${MAX_TASK_FILE_BYTES / 1024} KiB`, `${formatBytes(stats.size)}`);
    }
    const buffer = Buffer.alloc(Math.min(stats.size, MAX_TASK_FILE_BYTES + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const nul = bytes.indexOf(0);
    if (nul !== -1) return fail('UTF-8 text', `binary data (a NUL byte at offset ${nul})`);
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return fail('UTF-8 text', 'bytes that are not valid UTF-8');
    }
  } finally {
    await handle.close();
  }
}

function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(size / 1024).toFixed(1)} KiB`;
}
