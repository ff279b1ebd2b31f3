import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/** A `handoff` process left running while the test acts, with its output collected as it comes. */
export interface SpawnedCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr (or stdout) contains the text; rejects after the time limit. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function spawnHandoff(args: readonly string[], cwd: string): SpawnedCli {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForOutput(text, timeoutMs = 30_000) {
      const started = Date.now();
      const seen = (): boolean => (typeof text === 'string' ? (err + out).includes(text) : text.test(err + out));
      while (!seen()) {
        if (Date.now() - started > timeoutMs) throw new Error(`no ${String(text)} in the output after ${timeoutMs} ms:\n${err}\n${out}`);
        if (child.exitCode !== null) throw new Error(`handoff exited (${child.exitCode}) before printing ${String(text)}:\n${err}\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
