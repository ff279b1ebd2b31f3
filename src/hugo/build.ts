import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClassifiedError } from '../errors/categories.js';
import { classifyFailure, classifyHugoErrors, type FailureInput } from '../errors/classify.js';
import { isProgramAvailable } from '../process/find-program.js';
import { ProgramNotFoundError, runProgram, type ProgramRunner } from '../process/run-program.js';
import { parseHugoOutput, stripAnsi, type HugoMessage } from './parse-output.js';

export interface HugoBuildSettings {
  /** Absolute path of the site (hugo --source). */
  siteDir: string;
  /** Absolute path hugo writes to. Emptied before the build so file_count is this build's files only. */
  destination: string;
  baseUrl?: string;
  /** Passed as `hugo --environment`, which selects config/<environment>/. */
  environment?: string;
  minify?: boolean;
  buildDrafts?: boolean;
  buildFuture?: boolean;
  buildExpired?: boolean;
}

/** The result file's `outputs` for a hugo task; field names are the result file's. */
export interface HugoBuildOutputs {
  build_success: boolean;
  errors: HugoMessage[];
  warnings: HugoMessage[];
  file_count: number;
  duration_seconds: number;
  hugo_version: string | null;
  output_dir: string;
}

export interface HugoBuildReport {
  outputs: HugoBuildOutputs;
  /** Set when the build failed: the one error the agent should act on first. */
  error?: ClassifiedError;
  /** Combined stdout and stderr in the order hugo printed them, for the result file's log tail. */
  log: string;
}

export interface HugoBuildDeps {
  run?: ProgramRunner;
  /** Each output line as hugo prints it, for live progress. */
  onLine?: (line: string) => void;
  hugoBinary?: string;
}

/**
 * Runs one hugo build and reports it in the shape the result file needs. Tool failures (hugo
 * missing, a broken template, bad front matter) are reported, never thrown, because each of them
 * is an answer the agent must get in the result file. `--quiet` is never passed: it hides the
 * ERROR lines that say which file to fix.
 */
export async function buildHugoSite(settings: HugoBuildSettings, deps: HugoBuildDeps = {}): Promise<HugoBuildReport> {
  const run = deps.run ?? runProgram;
  const hugo = deps.hugoBinary ?? 'hugo';
  const outputs: HugoBuildOutputs = {
    build_success: false,
    errors: [],
    warnings: [],
    file_count: 0,
    duration_seconds: 0,
    hugo_version: null,
    output_dir: settings.destination,
  };

  const problem = await checkSettings(settings);
  if (problem) return failed(outputs, { source: 'task', message: problem }, '');

  // A runner passed in decides for itself what can start; the real one is checked before anything is touched.
  if (!deps.run && !(await isProgramAvailable(hugo))) {
    return failed(outputs, programFailure(new ProgramNotFoundError(hugo)), '');
  }

  try {
    await emptyDirectory(settings.destination);
  } catch (error) {
    const message = `cannot empty the destination ${settings.destination}: ${errorMessage(error)}`;
    return failed(outputs, { source: 'task', message }, '');
  }

  const logLines: string[] = [];
  const started = performance.now();
  let result;
  try {
    result = await run(hugo, hugoArguments(settings), {
      onLine: (_stream, line) => {
        logLines.push(line);
        deps.onLine?.(line);
      },
    });
  } catch (error) {
    outputs.duration_seconds = roundSeconds(performance.now() - started);
    return failed(outputs, programFailure(error), logLines.join('\n'));
  }
  outputs.duration_seconds = roundSeconds(performance.now() - started);
  // hugo names its version in the build log; asking it separately costs a process start (~35 ms).
  outputs.hugo_version = versionFromBuildLog(result.stdout) ?? (await askVersion(run, hugo));
  const log = logLines.length > 0 ? logLines.join('\n') : joinOutput(result.stdout, result.stderr);

  const parsed = parseHugoOutput(result.stdout, result.stderr, { siteDir: settings.siteDir });
  await locateTemplateFiles([...parsed.errors, ...parsed.warnings], settings.siteDir);
  outputs.errors = parsed.errors;
  outputs.warnings = parsed.warnings;
  if (result.exitCode !== 0 && outputs.errors.length === 0) {
    const lastLine = stripAnsi(result.stderr)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1);
    outputs.errors.push({ message: lastLine ?? `hugo exited with code ${result.exitCode}` });
  }
  outputs.build_success = result.exitCode === 0 && outputs.errors.length === 0;
  if (!outputs.build_success) {
    const report: HugoBuildReport = { outputs, log };
    const error = classifyHugoErrors(outputs.errors);
    if (error) report.error = error;
    return report;
  }

  outputs.file_count = await countFiles(settings.destination);
  return { outputs, log };
}

function versionFromBuildLog(stdout: string): string | null {
  const line = stripAnsi(stdout)
    .split(/\r?\n/)
    .find((candidate) => /^\s*hugo v\d/.test(candidate));
  return line ? parseHugoVersion(line) : null;
}

async function askVersion(run: ProgramRunner, hugo: string): Promise<string | null> {
  try {
    const version = await run(hugo, ['version']);
    return version.exitCode === 0 ? parseHugoVersion(version.stdout) : null;
  } catch {
    return null;
  }
}

/** `hugo v0.111.3+extended linux/amd64 …` -> `0.111.3+extended`; older `v0.80.0/extended` alike. */
export function parseHugoVersion(output: string): string | null {
  const match = /\bv(\d+\.\d+(?:\.\d+)?(?:[-+/][\w.+/-]*)?)/.exec(output);
  if (!match?.[1]) return null;
  return match[1].replace(/\//g, '+').replace(/[-+]?[0-9A-F]{8,}(?=$|\+)/, '');
}

export function hugoArguments(settings: HugoBuildSettings): string[] {
  const args = ['--source', settings.siteDir, '--destination', settings.destination];
  if (settings.baseUrl) args.push('--baseURL', settings.baseUrl);
  if (settings.environment) args.push('--environment', settings.environment);
  if (settings.minify) args.push('--minify');
  if (settings.buildDrafts) args.push('--buildDrafts');
  if (settings.buildFuture) args.push('--buildFuture');
  if (settings.buildExpired) args.push('--buildExpired');
  // --noBuildLock: hugo would otherwise leave .hugo_build.lock in the site folder, an untracked
  // file in the user's repository after every run.
  args.push('--cleanDestinationDir', '--noBuildLock');
  return args;
}

async function checkSettings(settings: HugoBuildSettings): Promise<string | undefined> {
  const { siteDir, destination } = settings;
  if (!path.isAbsolute(siteDir)) return `siteDir must be an absolute path, got "${siteDir}"`;
  if (!path.isAbsolute(destination)) return `destination must be an absolute path, got "${destination}"`;
  const site = path.resolve(siteDir);
  const dest = path.resolve(destination);
  if (dest === path.parse(dest).root) return `refusing to empty the filesystem root as destination`;
  if (site === dest || site.startsWith(dest + path.sep)) {
    return `destination ${dest} contains the site ${site}; emptying it would delete the site`;
  }
  const info = await stat(site).catch(() => undefined);
  if (!info?.isDirectory()) return `site directory not found: ${site}`;
  return undefined;
}

/**
 * Some template errors name the template only relative to a layouts folder
 * (`html/template:_default/single.html:2:12`). The agent needs a path it can open, so such names
 * are resolved against the site's layouts and its themes' layouts when the file is there.
 */
async function locateTemplateFiles(messages: HugoMessage[], siteDir: string): Promise<void> {
  let themes: string[] | undefined;
  for (const message of messages) {
    const file = message.file;
    if (file === undefined || path.isAbsolute(file) || (await isFile(path.join(siteDir, file)))) continue;
    themes ??= await readdir(path.join(siteDir, 'themes')).catch(() => []);
    const candidates = [path.join('layouts', file), ...themes.map((theme) => path.join('themes', theme, 'layouts', file))];
    for (const candidate of candidates) {
      if (await isFile(path.join(siteDir, candidate))) {
        message.file = candidate.split(path.sep).join('/');
        break;
      }
    }
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function emptyDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  await Promise.all(entries.map((entry) => rm(path.join(dir, entry), { recursive: true, force: true })));
}

async function countFiles(dir: string): Promise<number> {
  let count = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile()) count += 1;
    else if (entry.isDirectory()) count += await countFiles(path.join(dir, entry.name));
  }
  return count;
}

function failed(outputs: HugoBuildOutputs, failure: FailureInput, log: string): HugoBuildReport {
  outputs.build_success = false;
  outputs.file_count = 0;
  const error = classifyFailure(failure);
  outputs.errors = [{ message: error.message }];
  return { outputs, error, log };
}

function programFailure(error: unknown): FailureInput {
  if (error instanceof ProgramNotFoundError) return { source: 'program', message: error.message, code: 'ENOENT' };
  return { source: 'program', message: errorMessage(error) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function joinOutput(stdout: string, stderr: string): string {
  return [stdout, stderr].map((text) => text.replace(/\s+$/, '')).filter(Boolean).join('\n');
}

function roundSeconds(milliseconds: number): number {
  return Math.round(milliseconds / 10) / 100;
}
