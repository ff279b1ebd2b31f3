import { formatPatch, structuredPatch } from 'diff';

export interface FileDiff {
  /** The unified diff, git style (`--- a/<old>`, `+++ b/<new>`). */
  text: string;
  /** Lines of the new file that were added or changed; for a pure deletion, the line after it. */
  lines: number[];
}

/** A unified diff of one file (3 lines of context), and the line numbers the agent should look at. */
export function diffFile(oldPath: string, newPath: string, before: string, after: string): FileDiff {
  const patch = structuredPatch(`a/${oldPath}`, `b/${newPath}`, before, after, '', '', { context: 3 });
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
  const header = oldPath === newPath ? '' : `rename from ${oldPath}\nrename to ${newPath}\n`;
  const text = formatPatch(patch).replace(/^=+\n/, '').replace(/\t\n/g, '\n');
  return { text: `diff --git a/${oldPath} b/${newPath}\n${header}${text.endsWith('\n') ? text : `${text}\n`}`, lines: [...new Set(lines)] };
}
