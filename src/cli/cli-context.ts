import type { Clock } from '../clock.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathExists } from '../files/path-exists.js';
import { formatProblem, type Problem } from '../validation/problem.js';

/** What every command gets: where the repository is, how to print, and the clock. */
export interface CliContext {
  /** The repository root: --root, else the nearest folder up from cwd with handoff.yml or .git. */
  root: string;
  cwd: string;
  json: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (live progress) or a log (periodic lines). */
  interactive: boolean;
  now: Clock;
  /** The environment variables, read by commands only through here. */
  env: NodeJS.ProcessEnv;
  /** Aborted by the first Ctrl-C for a command that stops at a safe point (watch); see main. */
  stopSignal: AbortSignal;
  /** What the interrupted line says about where the command left things (e.g. the claimed task). */
  noteOnInterrupt: (note: string | undefined) => void;
}

/** A command's arguments as node's parseArgs read them. */
export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** A command's mistake in how it was called: exit code 2, with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A path the command was given that is not there: one line, exit 2, no usage line. */
export class MissingPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingPathError';
  }
}

/** repositoryRelative, and the path must exist (file or folder); else a MissingPathError naming it. */
export async function existingRepositoryPath(context: CliContext, typed: string, missing = 'no such file or folder'): Promise<string> {
  const relative = repositoryRelative(context, typed);
  if (!(await pathExists(path.join(context.root, relative)))) throw new MissingPathError(`${relative}: ${missing}`);
  return relative;
}

export function findRepositoryRoot(start: string): string {
  for (const marker of ['handoff.yml', '.git']) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, marker))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return path.resolve(start);
}

/** Prints a JSON document (stable shapes, documented in the README) on stdout. */
export function printJson(context: CliContext, value: unknown): void {
  context.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export function printProblems(context: CliContext, problems: readonly Problem[]): void {
  for (const problem of problems) context.stderr(`error: ${formatProblem(problem)}\n`);
}

/** Resolves a path the user typed (relative to cwd) and requires it to stay inside the repository. */
export function repositoryRelative(context: CliContext, typed: string): string {
  const absolute = path.resolve(context.cwd, typed);
  const relative = path.relative(context.root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UsageError(`${typed}: expected a path inside the repository ${context.root}`);
  }
  return relative.split(path.sep).join('/');
}
