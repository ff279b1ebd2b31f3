import { spawn } from 'node:child_process';
import { monotonicClock } from '../clock.js';

/** What a finished program left behind. */
export interface ProgramResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The signal that ended the program, when one did (killed by the OOM killer, by a person, by the timeout). */
  signal?: NodeJS.Signals;
  /** True when the program ran past `timeoutMs` and was killed. */
  timedOut?: boolean;
  /** Bytes of output dropped from the middle of stdout and stderr to stay within `maxOutputBytes`. */
  omittedBytes?: number;
}

export interface RunProgramOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Called with each complete line of stdout or stderr as it arrives (progress on long work). A
   * line longer than LONGEST_LINE characters comes in pieces.
   */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Kill the program (SIGTERM, then SIGKILL) when it runs longer than this. */
  timeoutMs?: number;
  /**
   * Keep at most this many bytes of each stream (its start and its end), so a program that prints
   * gigabytes cannot exhaust the caller's memory.
   */
  maxOutputBytes?: number;
  /** Stops the program (SIGTERM) when aborted: the caller has seen enough of its output. */
  signal?: AbortSignal;
}

/** Thrown when the program is not installed (spawn ENOENT), so callers can classify it. */
export class ProgramNotFoundError extends Error {
  constructor(readonly program: string, options?: { cause?: unknown }) {
    super(`'${program}' was not found on PATH`, options);
    this.name = 'ProgramNotFoundError';
  }
}

/**
 * Runs a program with an argument array, never through a shell, so nothing in task data can be
 * read as shell syntax. Resolves with the exit code whatever it is; rejects only when the program
 * cannot be started.
 */
export type ProgramRunner = (
  program: string,
  args: readonly string[],
  options?: RunProgramOptions,
) => Promise<ProgramResult>;

export const runProgram: ProgramRunner = (program, args, options = {}) =>
  new Promise((resolve, reject) => {
    const started = monotonicClock();
    const child = spawn(program, [...args], {
      cwd: options.cwd,
      // No env given: the child inherits this process's environment (spawn's own default), read by no code here.
      ...(options.env ? { env: options.env } : {}),
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const limit = options.maxOutputBytes ?? Number.POSITIVE_INFINITY;
    const kept = { stdout: new HeadAndTail(limit), stderr: new HeadAndTail(limit) };
    const pending = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        kept[stream].add(chunk);
        if (!options.onLine) return;
        const text = pending[stream] + chunk.toString('utf8');
        const lines = text.split(/\r?\n/);
        pending[stream] = lines.pop() ?? '';
        // A line with no end in sight is handed over in pieces rather than held whole.
        if (pending[stream].length > LONGEST_LINE) {
          lines.push(pending[stream]);
          pending[stream] = '';
        }
        for (const line of lines) options.onLine(stream, line);
      });
    }
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timeout =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            // A program that ignores SIGTERM is not allowed to hold the worker, nor is a child it left
            // behind holding its output open.
            killTimer = setTimeout(() => {
              child.kill('SIGKILL');
              child.stdout.destroy();
              child.stderr.destroy();
            }, KILL_GRACE_MS);
          }, options.timeoutMs);
    const stop = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', stop);
      clearTimeout(timeout);
      clearTimeout(killTimer);
      if (error.code === 'ENOENT') reject(new ProgramNotFoundError(program, { cause: error }));
      else reject(error);
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', stop);
      clearTimeout(timeout);
      clearTimeout(killTimer);
      if (options.onLine) {
        for (const stream of ['stdout', 'stderr'] as const) {
          if (pending[stream]) options.onLine(stream, pending[stream]);
        }
      }
      const result: ProgramResult = {
        exitCode: code ?? (signal ? 128 + (signalNumbers[signal] ?? 0) : 1),
        stdout: kept.stdout.text(),
        stderr: kept.stderr.text(),
        durationMs: monotonicClock() - started,
      };
      if (signal) result.signal = signal;
      if (timedOut) result.timedOut = true;
      const omitted = kept.stdout.omitted + kept.stderr.omitted;
      if (omitted > 0) result.omittedBytes = omitted;
      resolve(result);
    });
  });

const KILL_GRACE_MS = 2000;
/** Held back waiting for its end, a line with none would grow without bound. */
const LONGEST_LINE = 64 * 1024;

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGABRT: 6, SIGBUS: 7, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15,
};

/**
 * The first and last `limit / 2` bytes of a stream: the start says what the program was doing, the
 * end how it stopped. What lies between is counted, not kept.
 */
class HeadAndTail {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  omitted = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const headRoom = Math.ceil(this.limit / 2) - this.headBytes;
    if (headRoom > 0) {
      const taken = chunk.subarray(0, headRoom);
      this.head.push(taken);
      this.headBytes += taken.length;
      chunk = chunk.subarray(taken.length);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailLimit = Math.floor(this.limit / 2);
    while (this.tailBytes > tailLimit && this.tail.length > 0) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - tailLimit;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.omitted += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.omitted += excess;
      }
    }
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return this.omitted > 0 ? `${head}\n… ${this.omitted} bytes of output omitted …\n${tail}` : head + tail;
  }
}
