import { formatPatch, structuredPatch } from 'diff';

export interface FileDiff {
  /** The unified diff, git style (`--- a/<old>`, `+++ b/<new>`). */
  text: string;
  /** Lines of the new file that were added or changed; for a pure deletion, the line after it. */
  lines: number[];
}

const CONTEXT = 3;

/** A unified diff of one file (3 lines of context), and the line numbers the agent should look at. */
export function diffFile(oldPath: string, newPath: string, before: string, after: string): FileDiff {
  const header = oldPath === newPath ? '' : `rename from ${oldPath}\nrename to ${newPath}\n`;
  const inPlace = lineForLineDiff(oldPath, newPath, before, after);
  if (inPlace) return { text: `diff --git a/${oldPath} b/${newPath}\n${header}${inPlace.text}`, lines: inPlace.lines };
  const patch = structuredPatch(`a/${oldPath}`, `b/${newPath}`, before, after, '', '', { context: CONTEXT });
  const lines: number[] = [];
  for (const hunk of patch.hunks) {
    let line = hunk.newStart;
    let deletionMarked = false;
    for (const text of hunk.lines) {
      if (text.startsWith('+')) {
        lines.push(line++);
        deletionMarked = true;
      } else if (text.startsWith('-')) {
        if (!deletionMarked) lines.push(line);
        deletionMarked = true;
      } else if (!text.startsWith('\\')) {
        line++;
        deletionMarked = false;
      }
    }
  }
  const text = formatPatch(patch).replace(/^=+\n/, '').replace(/\t\n/g, '\n');
  return { text: `diff --git a/${oldPath} b/${newPath}\n${header}${text.endsWith('\n') ? text : `${text}\n`}`, lines: [...new Set(lines)] };
}

/**
 * The diff when every line stayed a line (same count, same final newline): changed lines are
 * paired in place, which is what a replacement or a changed value does. A general diff (Myers)
 * costs the number of lines times the number of changes, which for a find/replace touching every
 * line of 5,000 long pages was most of the run; this is linear. The output is the same unified
 * diff the general one gives for such a change (checked in test/content-edit/unified-diff.test.ts).
 */
function lineForLineDiff(oldPath: string, newPath: string, before: string, after: string): FileDiff | undefined {
  if (before.endsWith('\n') !== after.endsWith('\n')) return undefined;
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  if (oldLines.length !== newLines.length) return undefined;
  if (before.endsWith('\n')) {
    oldLines.pop();
    newLines.pop();
  }
  const changed: number[] = [];
  for (let index = 0; index < oldLines.length; index++) if (oldLines[index] !== newLines[index]) changed.push(index);
  if (changed.length === 0) return undefined;
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const last = hunks[hunks.length - 1];
    if (last && index - last[1] <= 2 * CONTEXT + 1) last[1] = index;
    else hunks.push([index, index]);
  }
  const out: string[] = [`--- a/${oldPath}`, `+++ b/${newPath}`];
  const noNewline = !before.endsWith('\n');
  for (const [first, last] of hunks) {
    const start = Math.max(0, first - CONTEXT);
    const end = Math.min(oldLines.length - 1, last + CONTEXT);
    out.push(`@@ -${start + 1},${end - start + 1} +${start + 1},${end - start + 1} @@`);
    let index = start;
    while (index <= end) {
      if (oldLines[index] === newLines[index]) {
        out.push(` ${oldLines[index]}`);
        if (noNewline && index === oldLines.length - 1) out.push('\\ No newline at end of file');
        index++;
        continue;
      }
      let runEnd = index;
      while (runEnd + 1 <= end && oldLines[runEnd + 1] !== newLines[runEnd + 1]) runEnd++;
      for (let line = index; line <= runEnd; line++) {
        out.push(`-${oldLines[line]}`);
        if (noNewline && line === oldLines.length - 1) out.push('\\ No newline at end of file');
      }
      for (let line = index; line <= runEnd; line++) {
        out.push(`+${newLines[line]}`);
        if (noNewline && line === newLines.length - 1) out.push('\\ No newline at end of file');
      }
      index = runEnd + 1;
    }
  }
  return { text: `${out.join('\n')}\n`, lines: changed.map((index) => index + 1) };
}
