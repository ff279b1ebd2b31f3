import { expect, it } from 'vitest';
import { createProgressReporter } from '../src/cli/progress-reporter.js';

const step = (filesDone: number) => ({ phase: 'upload' as const, filesDone, filesTotal: 100, bytesDone: filesDone * 1024 * 1024, bytesTotal: 100 * 1024 * 1024 });

it('writes a line now and then to a log: the first, every interval, and the last', () => {
  let clock = 0;
  const lines: string[] = [];
  const reporter = createProgressReporter({ interactive: false, write: (text) => lines.push(text), now: () => clock, logIntervalMs: 1000 });
  for (let done = 0; done <= 100; done++) {
    clock = done * 100;
    reporter.report(step(done));
  }
  reporter.finish();
  expect(lines).toHaveLength(11);
  expect(lines[0]).toBe('uploading 0/100 files (0%, 0.0/100.0 MB)\n');
  expect(lines.at(-1)).toBe('uploading 100/100 files (100%, 100.0/100.0 MB)\n');
});

it('redraws one line on a terminal and ends it once', () => {
  const out: string[] = [];
  const reporter = createProgressReporter({ interactive: true, write: (text) => out.push(text) });
  reporter.report(step(50));
  reporter.report(step(100));
  reporter.finish();
  expect(out[0]).toBe('\r\u001b[2K[############............] uploading 50/100 files (50%, 50.0/100.0 MB)');
  expect(out.at(-1)).toBe('\n');
  expect(out.filter((text) => text.includes('\n'))).toHaveLength(1);
});
