/**
 * The marker that keeps the workflow's own commits from starting it again. They are pushed with
 * GITHUB_TOKEN, which already starts no workflow; the marker also covers a checkout that pushes
 * with another token (a PAT or an App token would start one).
 */
export const SKIP_MARKER = '[skip ci]';

/** The trailer naming the workflow run that claimed a task: the sweep reads it to tell a live claim from a dead one. */
export const RUN_TRAILER = 'Handoff-Run';

/** `Key: value` lines for the end of a commit message; empty values are left out. */
export function trailerLines(trailers: Readonly<Record<string, string>>): string[] {
  return Object.entries(trailers)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value.replace(/\s+/g, ' ')}`);
}

/** Reads one trailer's value back from a commit message. */
export function readTrailer(message: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}: *(.+)$`, 'm').exec(message)?.[1]?.trim();
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
