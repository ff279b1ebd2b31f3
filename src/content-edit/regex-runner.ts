import { Worker } from 'node:worker_threads';
import { monotonicClock } from '../clock.js';

export type RegexReplaceOutcome = { ok: true; text: string; count: number } | { ok: false; timedOut: true; budgetSpent: boolean };

/** Runs a regular expression replacement over one text, with a time bound. */
export interface RegexReplacer {
  replace(text: string, pattern: string, flags: string, replacement: string): Promise<RegexReplaceOutcome>;
  close(): Promise<void>;
}

/** How long one regular expression may run over one file. */
export const REGEX_TIME_LIMIT_MS = 2000;
/** How long all the regular expressions of one task may run, over all its files together. */
export const REGEX_TASK_BUDGET_MS = 30_000;

// Plain JavaScript run as a worker from a string, so the action bundles need no extra file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, text, pattern, flags, replacement }) => {
  const groupCount = new RegExp(pattern + '|', flags.replace('g', '')).exec('').length - 1;
  let count = 0;
  const out = text.replace(new RegExp(pattern, flags), (...args) => {
    count++;
    const groups = typeof args[args.length - 1] === 'object' ? args[args.length - 1] : undefined;
    return replacement.replace(/\\$(\\$|&|<([^>]*)>|(\\d{1,2}))/g, (whole, what, name, number) => {
      if (what === '$') return '$';
      if (what === '&') return args[0];
      if (name !== undefined) return groups && name in groups ? (groups[name] ?? '') : whole;
      const index = Number(number);
      if (index >= 1 && index <= groupCount) return args[index] ?? '';
      return whole;
    });
  });
  parentPort.postMessage({ id, text: out, count });
});
`;

/**
 * A regular expression cannot be interrupted on the thread that runs it, and a pathological one
 * (`(a+)+$` over a long line) backtracks for hours. So matching runs on a worker thread; when one
 * file takes longer than the limit the worker is terminated (V8 stops a running regexp for that)
 * and a fresh one takes the next file. Measured here: ~0.04 ms per file of messaging, 100 ms to
 * start a worker; `vm` with a timeout costs ~0.5 ms per call (it starts a watchdog each time).
 */
export function createRegexReplacer(timeLimitMs = REGEX_TIME_LIMIT_MS, taskBudgetMs = REGEX_TASK_BUDGET_MS): RegexReplacer {
  let worker: { thread: Worker; online: Promise<void> } | undefined;
  let nextId = 0;
  // Shared by every file: many files each just under the per-file limit must not add up to hours.
  let spentMs = 0;
  const start = (): { thread: Worker; online: Promise<void> } => {
    const thread = new Worker(WORKER_SOURCE, { eval: true });
    thread.unref();
    // The clock starts when the thread can run the expression: its start-up (100 ms here, seconds
    // on a loaded machine) must not make an innocent file look like catastrophic backtracking.
    const online = new Promise<void>((resolve, reject) => {
      thread.once('online', resolve);
      thread.once('error', reject);
    });
    return { thread, online };
  };
  return {
    async replace(text, pattern, flags, replacement) {
      const remaining = taskBudgetMs - spentMs;
      if (remaining <= 0) return { ok: false, timedOut: true, budgetSpent: true };
      const limit = Math.min(timeLimitMs, remaining);
      const current = (worker ??= start());
      try {
        await current.online;
      } catch (error) {
        worker = undefined;
        throw error;
      }
      const thread = current.thread;
      const id = nextId++;
      const started = monotonicClock();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          worker = undefined;
          void thread.terminate();
          spentMs += monotonicClock() - started;
          resolve({ ok: false, timedOut: true, budgetSpent: limit < timeLimitMs || spentMs >= taskBudgetMs });
        }, limit);
        const onMessage = (message: { id: number; text: string; count: number }): void => {
          if (message.id !== id) return;
          cleanup();
          spentMs += monotonicClock() - started;
          resolve({ ok: true, text: message.text, count: message.count });
        };
        const onError = (error: Error): void => {
          cleanup();
          worker = undefined;
          reject(error);
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          thread.off('message', onMessage);
          thread.off('error', onError);
        };
        thread.on('message', onMessage);
        thread.on('error', onError);
        thread.postMessage({ id, text, pattern, flags, replacement });
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await current.thread.terminate();
    },
  };
}
