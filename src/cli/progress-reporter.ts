import { type MonotonicClock, monotonicClock } from '../clock.js';
import type { DeployProgress } from '../deploy/deploy.js';

export interface ProgressReporterOptions {
  /** A terminal gets one line redrawn in place; a log gets a line now and then. */
  interactive: boolean;
  write: (text: string) => void;
  /** Milliseconds, monotonic. */
  now?: MonotonicClock;
  /** In a log, the least time between two lines (default 2 s). */
  logIntervalMs?: number;
}

/**
 * Shows deploy progress: a bar redrawn in place on a terminal, and in CI logs a line at most every
 * couple of seconds (plus the first and last), so a long upload is visibly alive without flooding
 * the log.
 */
export function createProgressReporter(options: ProgressReporterOptions): { report: (progress: DeployProgress) => void; finish: () => void } {
  const now = options.now ?? monotonicClock;
  const interval = options.logIntervalMs ?? 2000;
  let lastLogged = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    report(progress) {
      const line = describe(progress);
      const done = progress.filesDone >= progress.filesTotal;
      if (options.interactive) {
        options.write(`\r\u001b[2K${bar(progress.filesDone, progress.filesTotal)} ${line}`);
        drawn = true;
        return;
      }
      const time = now();
      if (done || progress.filesDone === 0 || time - lastLogged >= interval) {
        lastLogged = time;
        options.write(`${line}\n`);
      }
    },
    finish() {
      if (drawn) options.write('\n');
      drawn = false;
    },
  };
}

function describe(progress: DeployProgress): string {
  const verb = progress.phase === 'scan' ? 'hashing' : progress.phase === 'delete' ? 'deleting' : 'uploading';
  const percent = progress.filesTotal > 0 ? Math.floor((progress.filesDone / progress.filesTotal) * 100) : 100;
  const bytes = progress.bytesTotal > 0 ? `, ${megabytes(progress.bytesDone)}/${megabytes(progress.bytesTotal)} MB` : '';
  return `${verb} ${progress.filesDone}/${progress.filesTotal} files (${percent}%${bytes})`;
}

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
