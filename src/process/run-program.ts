import { spawn } from 'node:child_process';

/** What a finished program left behind. */
export interface ProgramResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunProgramOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with each complete line of stdout or stderr as it arrives (progress on long work). */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
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
    const started = performance.now();
    const child = spawn(program, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const pending = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        chunks[stream].push(chunk);
        if (!options.onLine) return;
        const text = pending[stream] + chunk.toString('utf8');
        const lines = text.split(/\r?\n/);
        pending[stream] = lines.pop() ?? '';
        for (const line of lines) options.onLine(stream, line);
      });
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new ProgramNotFoundError(program, { cause: error }));
      else reject(error);
    });
    child.on('close', (code, signal) => {
      if (options.onLine) {
        for (const stream of ['stdout', 'stderr'] as const) {
          if (pending[stream]) options.onLine(stream, pending[stream]);
        }
      }
      resolve({
        exitCode: code ?? (signal ? 128 + (signalNumbers[signal] ?? 0) : 1),
        stdout: Buffer.concat(chunks.stdout).toString('utf8'),
        stderr: Buffer.concat(chunks.stderr).toString('utf8'),
        durationMs: performance.now() - started,
      });
    });
  });

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
