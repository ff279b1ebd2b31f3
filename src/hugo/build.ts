// Longer than 300 lines on purpose: one hugo run from arguments to report (bounded output,
// timeout, crash and version detection), whose steps share the report being filled in.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyFailure, classifyHugoErrors, type FailureInput } from '../errors/classify.js';
import { isProgramMissing } from '../process/find-program.js';
import { ProgramNotFoundError, runProgram, type ProgramResult, type ProgramRunner } from '../process/run-program.js';
import { NO_SECRETS, type Redactor } from '../process/secret-values.js';
import { EMPTY_SITE_CODE_ENVIRONMENT, type SiteCodeEnvironment } from '../process/site-code-environment.js';
import { HugoBuildLog, type HugoCrash } from './build-log.js';
import type { PageAddress } from './panic-page.js';
import { hugoVersionMismatch, type HugoVersionMismatch, type HugoVersionRule } from './required-version.js';
import { findLocation, stripAnsi, type HugoMessage } from '../errors/hugo-message.js';
import { parseHugoOutput, relativizeText } from './parse-output.js';
import { monotonicClock } from '../clock.js';

export interface HugoBuildOptions {
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
  /**
   * Absolute path that file paths in errors, warnings and next steps are relative to: the
   * repository root, so a path the agent reads works from there when the site is in a subfolder.
   * Defaults to siteDir.
   */
  pathsFrom?: string;
  /** hugo is stopped after this long (default DEFAULT_HUGO_TIMEOUT_SECONDS). */
  timeoutSeconds?: number;
  /**
   * The Hugo the site needs (handoff.yml's pin, its themes' minimums): another one is stopped as
   * soon as it names its version, unless `allowHugoMismatch`.
   */
  hugoVersionRule?: HugoVersionRule;
  /** Build with another Hugo than the rule asks for (the result records the mismatch). */
  allowHugoMismatch?: boolean;
}

/** Long enough for a big site on a slow runner; short enough that a hung hugo does not hold the worker for hours. */
export const DEFAULT_HUGO_TIMEOUT_SECONDS = 1800;
/** hugo's output kept in memory per stream (its start and end); the rest is streamed past. */
const MAX_CAPTURED_OUTPUT_BYTES = 8 * 1024 * 1024;

/** The result file's `outputs` for a hugo task; field names are the result file's. */
export interface HugoBuildOutputs {
  build_success: boolean;
  errors: HugoMessage[];
  warnings: HugoMessage[];
  file_count: number;
  duration_seconds: number;
  hugo_version: string | null;
  /** handoff.yml's hugo_version (what the GitHub workflow installs), when the build was given one. */
  hugo_version_pinned?: string | null;
  /** Why this Hugo is not the one the site needs, when it built anyway (allowHugoMismatch). */
  hugo_version_mismatch?: string | null;
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
  /**
   * The environment hugo runs with (its PATH is where hugo is looked up, so a missing hugo is
   * refused before anything is touched): the allowlisted one the edge built, never the edge's own,
   * since the site's templates can read it. None given: an empty one.
   */
  env?: SiteCodeEnvironment;
  /**
   * Cuts credential values out of hugo's output as it is read, before any message is shortened
   * (a shortened message would keep part of a value that no longer matches).
   */
  redactor?: Redactor;
  /**
   * Counts the files of a successful build (file_count). A worker that walks the output anyway
   * (for its digest) counts them in that walk, so the output is read once. Default: countFiles.
   */
  countOutput?: (destination: string) => Promise<number>;
}

/**
 * Runs one hugo build and reports it in the shape the result file needs. Tool failures (hugo
 * missing, a broken template, bad front matter) are reported, never thrown, because each of them
 * is an answer the agent must get in the result file. `--quiet` is never passed: it hides the
 * ERROR lines that say which file to fix.
 */
export async function buildHugoSite(settings: HugoBuildOptions, deps: HugoBuildDeps = {}): Promise<HugoBuildReport> {
  const run = deps.run ?? runProgram;
  const hugo = deps.hugoBinary ?? 'hugo';
  const env = deps.env ?? EMPTY_SITE_CODE_ENVIRONMENT;
  const redactor = deps.redactor ?? NO_SECRETS;
  const outputs: HugoBuildOutputs = {
    build_success: false,
    errors: [],
    warnings: [],
    file_count: 0,
    duration_seconds: 0,
    hugo_version: null,
    output_dir: settings.destination,
  };
  const rule = settings.hugoVersionRule;
  if (rule) {
    outputs.hugo_version_pinned = rule.pinned?.version ?? null;
    outputs.hugo_version_mismatch = null;
  }

  const problem = await checkSettings(settings);
  if (problem) return failed(outputs, { source: 'task', message: problem }, '');

  // A runner passed in decides for itself what can start; the real one is checked before anything is touched.
  if (!deps.run && (await isProgramMissing(hugo, env.PATH))) {
    return failed(outputs, programFailure(new ProgramNotFoundError(hugo)), '');
  }

  try {
    await emptyDirectory(settings.destination);
  } catch (error) {
    const message = `cannot empty the destination ${settings.destination}: ${errorMessage(error)}`;
    return failed(outputs, { source: 'task', message }, '');
  }

  const buildLog = new HugoBuildLog();
  const started = monotonicClock();
  const timeoutSeconds = settings.timeoutSeconds ?? DEFAULT_HUGO_TIMEOUT_SECONDS;
  const pathsFrom = settings.pathsFrom ?? settings.siteDir;
  const siteFolder = toPosix(path.relative(pathsFrom, settings.siteDir));
  // hugo names its version as it starts building: another Hugo than the site needs is stopped
  // there, before it renders anything, and without a `hugo version` run of its own.
  const stopHugo = new AbortController();
  let refusal: HugoVersionMismatch | undefined;
  let versionSeen = false;
  let result;
  try {
    result = await run(hugo, hugoArguments(settings), {
      env: { ...env },
      timeoutMs: timeoutSeconds * 1000,
      maxOutputBytes: MAX_CAPTURED_OUTPUT_BYTES,
      signal: stopHugo.signal,
      onLine: (_stream, line) => {
        const shown = redactor.text(line);
        buildLog.add(shown);
        deps.onLine?.(shown);
        if (rule && !versionSeen && !settings.allowHugoMismatch) {
          const running = versionLine(line);
          if (running) {
            versionSeen = true;
            refusal = hugoVersionMismatch(running, rule);
            if (refusal) stopHugo.abort();
          }
        }
      },
    });
    result = { ...result, stdout: redactor.text(result.stdout), stderr: redactor.text(result.stderr) };
  } catch (error) {
    outputs.duration_seconds = roundSeconds(monotonicClock() - started);
    return failed(outputs, programFailure(error), buildLog.text());
  }
  outputs.duration_seconds = roundSeconds(monotonicClock() - started);
  // A runner that does not stream lines (tests, other edges) still gets the same log.
  if (buildLog.isEmpty) for (const line of joinOutput(result.stdout, result.stderr).split(/\r?\n/)) if (line) buildLog.add(line);
  const log = buildLog.text();
  // hugo names its version in the build log; asking it separately costs a process start (~35 ms).
  outputs.hugo_version = versionFromBuildLog(result.stdout) ?? (result.timedOut ? null : await askHugoVersion(run, hugo, { ...env }));
  // A Hugo too old for the site often fails before it names its version (a theme's template it
  // cannot parse): the version, asked afterwards, explains that failure better than the template.
  const mismatch = refusal ?? (rule && outputs.hugo_version ? hugoVersionMismatch(outputs.hugo_version, rule) : undefined);
  if (mismatch && settings.allowHugoMismatch) outputs.hugo_version_mismatch = mismatch.message;
  else if (mismatch) {
    outputs.errors = [{ message: mismatch.message }];
    return { outputs, log, error: { category: 'hugo-version', action: actionFor('hugo-version'), message: mismatch.message, next_step: mismatch.next_step } };
  }

  const parsed = parseHugoOutput(result.stdout, result.stderr, { siteDir: pathsFrom });
  await locateTemplateFiles([...parsed.errors, ...parsed.warnings], settings.siteDir, pathsFrom);
  // The content editor's parsers (front matter in YAML, TOML and JSON) load only for a build that
  // failed: a build that succeeds would compile them for nothing (bench/README.md, run-overhead).
  if (parsed.errors.length > 0) await (await import('./front-matter-fault.js')).locateFrontMatterFaults(parsed.errors, pathsFrom);
  outputs.errors = parsed.errors;
  outputs.warnings = parsed.warnings;
  const abnormal = await abnormalEnd(result, buildLog.crash(), timeoutSeconds, pathsFrom, settings.siteDir);
  if (abnormal) outputs.errors.unshift(abnormal.message);
  if (result.exitCode !== 0 && outputs.errors.length === 0) {
    const lastLine = stripAnsi(result.stderr)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1);
    outputs.errors.push({ message: lastLine ?? `hugo exited with code ${result.exitCode}` });
  }
  outputs.build_success = result.exitCode === 0 && outputs.errors.length === 0 && !abnormal;
  if (!outputs.build_success) {
    const report: HugoBuildReport = { outputs, log };
    const error = abnormal ? classifyFailure({ ...abnormal.failure, siteFolder }) : classifyHugoErrors(outputs.errors, { siteFolder, hugoVersion: outputs.hugo_version, warnings: outputs.warnings });
    if (error) report.error = error;
    return report;
  }

  outputs.file_count = await (deps.countOutput ?? countFiles)(settings.destination);
  return { outputs, log };
}

/**
 * A build that ended without hugo saying why in an ERROR line: a Go panic, a signal, the timeout, or
 * a failure exit with nothing printed. Each is reported with the line that explains it.
 */
async function abnormalEnd(
  result: ProgramResult,
  crash: HugoCrash | undefined,
  timeoutSeconds: number,
  pathsFrom: string,
  siteDir: string,
): Promise<{ message: HugoMessage; failure: FailureInput } | undefined> {
  if (result.timedOut && !crash) {
    const message = `hugo did not finish within ${timeoutSeconds} s and was stopped`;
    return { message: { message }, failure: { source: 'hugo', code: 'HUGO_TIMEOUT', message } };
  }
  if (crash) {
    // A Go runtime crash can go on printing its dump for minutes: the timeout ends it, the crash explains it.
    const stopped = result.timedOut ? ` (hugo was still printing its stack dump after ${timeoutSeconds} s and was stopped)` : '';
    const message: HugoMessage = { message: relativizeText(crash.message, pathsFrom) + stopped };
    const texts = [message.message, ...crash.details, ...[...crash.before].reverse()].map((line) => relativizeText(line, pathsFrom));
    // A panic that names no site file may quote a page's address (its url, slug, an alias): that page.
    // Loaded for a crash only: reading pages' front matter takes the content editor's parsers.
    const blamed = (await blamedFile(texts, pathsFrom)) ?? pageFile(await pageNamedByCrash(texts, siteDir, pathsFrom));
    if (blamed) Object.assign(message, blamed);
    const failure: FailureInput = { source: 'hugo', code: 'HUGO_PANIC', message: message.message };
    if (message.file !== undefined) failure.file = message.file;
    if (message.line !== undefined) failure.line = message.line;
    if (message.column !== undefined) failure.column = message.column;
    return { message, failure };
  }
  if (result.signal) {
    const message = `hugo was killed by ${result.signal} before it finished`;
    return { message: { message }, failure: { source: 'hugo', code: 'HUGO_KILLED', message } };
  }
  if (result.exitCode !== 0 && !result.stdout.trim() && !result.stderr.trim()) {
    const message = `hugo exited with code ${result.exitCode} and printed nothing`;
    return { message: { message }, failure: { source: 'hugo', code: 'HUGO_SILENT_EXIT', message } };
  }
  return undefined;
}

/** Folders of a Hugo site whose files a panic may name. */
const SITE_FILE = /(?:^|[\s"'(\[])((?:[\w.-]+\/)*(?:content|layouts|themes|data|i18n|assets|archetypes)\/[^\s"':),\]]+)/g;

/**
 * The site file a crash points at: a `"file:line:col"` in the panic message, or a site file named
 * in it or in the lines hugo printed just before it (nearest first). Only a file that exists counts.
 */
async function blamedFile(texts: readonly string[], pathsFrom: string): Promise<Pick<HugoMessage, 'file' | 'line' | 'column'> | undefined> {
  for (const text of texts) {
    const location = findLocation(text);
    if (location && !path.isAbsolute(location.file) && (await isFile(path.join(pathsFrom, location.file)))) {
      return { file: location.file, line: location.line, ...(location.column !== undefined ? { column: location.column } : {}) };
    }
    for (const match of text.matchAll(SITE_FILE)) {
      const file = match[1]?.replace(/[.,;]+$/, '');
      if (file && (await isFile(path.join(pathsFrom, file)))) return { file };
    }
  }
  return undefined;
}

async function pageNamedByCrash(texts: readonly string[], siteDir: string, pathsFrom: string): Promise<PageAddress | undefined> {
  const { pageNamedIn, readPageAddresses } = await import('./panic-page.js');
  return pageNamedIn(texts, await readPageAddresses(siteDir, pathsFrom));
}

function pageFile(page: PageAddress | undefined): Pick<HugoMessage, 'file'> | undefined {
  return page ? { file: page.file } : undefined;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function versionFromBuildLog(stdout: string): string | null {
  for (const line of stripAnsi(stdout).split(/\r?\n/)) {
    const version = versionLine(line);
    if (version) return version;
  }
  return null;
}

/** The version in hugo's `hugo v0.169.0+extended linux/amd64 …` build line; null for any other line. */
function versionLine(line: string): string | null {
  const plain = stripAnsi(line);
  return /^\s*hugo v\d/.test(plain) ? parseHugoVersion(plain) : null;
}

/** `hugo version`, parsed; null when hugo cannot be run or prints no version. */
export async function askHugoVersion(run: ProgramRunner = runProgram, hugo = 'hugo', env?: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    const version = await run(hugo, ['version'], env ? { env } : {});
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

export function hugoArguments(settings: HugoBuildOptions): string[] {
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

async function checkSettings(settings: HugoBuildOptions): Promise<string | undefined> {
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
async function locateTemplateFiles(messages: HugoMessage[], siteDir: string, pathsFrom: string): Promise<void> {
  let themes: string[] | undefined;
  for (const message of messages) {
    const file = message.file;
    if (file === undefined || path.isAbsolute(file) || (await isFile(path.join(pathsFrom, file)))) continue;
    themes ??= await readdir(path.join(siteDir, 'themes')).catch(() => []);
    // hugo names some files relative to the site itself (content/a.md), some to a layouts folder.
    const candidates = [file, path.join('layouts', file), ...themes.map((theme) => path.join('themes', theme, 'layouts', file))];
    let found: string | undefined;
    for (const candidate of candidates) {
      if (await isFile(path.join(siteDir, candidate))) {
        found = candidate;
        break;
      }
    }
    // Current hugo names a template by its base name (`single.html` for layouts/_default/single.html),
    // or beside a base template it is not beside.
    if (found === undefined) {
      const matches = (await filesUnder(path.join(siteDir, 'layouts'))).filter((candidate) => path.basename(candidate) === path.basename(file));
      if (matches.length === 1) found = path.join('layouts', matches[0]!);
    }
    if (found !== undefined) message.file = toPosix(path.relative(pathsFrom, path.join(siteDir, found)));
  }
}

/** Files under a folder, relative to it; a site's layouts folder holds tens of files, not thousands. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function emptyDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  await Promise.all(entries.map((entry) => rm(path.join(dir, entry), { recursive: true, force: true })));
}

// Synchronous reads, as the deploy's walk: a site has a directory per page, and thousands of
// awaited readdir calls cost several times the reads' own CPU.
export async function countFiles(dir: string): Promise<number> {
  let count = 0;
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // an unreadable folder counts no files, as before
  }
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
