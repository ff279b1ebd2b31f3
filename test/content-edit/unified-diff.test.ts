import { formatPatch, structuredPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { diffFile } from '../../src/content-edit/unified-diff.js';

/** The general (Myers) diff from the diff package, formatted as diffFile formats it. */
function generalDiff(before: string, after: string): string {
  return formatPatch(structuredPatch('a/f.md', 'b/f.md', before, after, '', '', { context: 3 })).replace(/^=+\n/, '');
}

const lines = (count: number, change: (index: number) => string | undefined = () => undefined): string =>
  Array.from({ length: count }, (_, index) => change(index) ?? `line ${index} stays`).join('\n');

describe('diffFile', () => {
  const cases: Array<[string, string, string]> = [
    ['one line changed in the middle', `${lines(20)}\n`, `${lines(20, (index) => (index === 10 ? 'changed' : undefined))}\n`],
    ['nearby changes share a hunk, far ones do not', `${lines(40)}\n`, `${lines(40, (index) => ([2, 8, 30].includes(index) ? `new ${index}` : undefined))}\n`],
    ['a run of changed lines', `${lines(12)}\n`, `${lines(12, (index) => (index >= 4 && index <= 6 ? `new ${index}` : undefined))}\n`],
    ['every line changed', `${lines(5)}\n`, `${lines(5, (index) => `new ${index}`)}\n`],
    ['the last line, without a final newline', lines(6), lines(6, (index) => (index === 5 ? 'end' : undefined))],
    ['CRLF lines', `${lines(8).replace(/\n/g, '\r\n')}\r\n`, `${lines(8, (index) => (index === 0 ? 'first' : undefined)).replace(/\n/g, '\r\n')}\r\n`],
  ];
  it.each(cases)('line-for-line edits give the same diff as the general algorithm: %s', (_name, before, after) => {
    const diff = diffFile('f.md', 'f.md', before, after);
    expect(diff.text).toBe(`diff --git a/f.md b/f.md\n${generalDiff(before, after)}`);
  });

  it('added and removed lines go to the general diff; changed lines are numbered in the new file', () => {
    const before = '---\ntitle: a\ndraft: true\n---\nbody\n';
    const after = '---\ntitle: a\ntags: [x]\nweight: 1\n---\nbody\n';
    const diff = diffFile('f.md', 'g.md', before, after);
    expect(diff.text).toBe(`diff --git a/f.md b/g.md\nrename from f.md\nrename to g.md\n${generalDiff(before, after).replace('b/f.md', 'b/g.md')}`);
    expect(diff.lines).toEqual([3, 4]);
    expect(diffFile('f.md', 'f.md', `${lines(20)}\n`, `${lines(20, (index) => (index === 3 || index === 9 ? 'x' : undefined))}\n`).lines).toEqual([4, 10]);
  });
});
