import path from 'node:path';
import { findLocation, stripAnsi, type HugoMessage, type SourceLocation } from '../errors/hugo-message.js';

export interface ParsedHugoOutput {
  errors: HugoMessage[];
  warnings: HugoMessage[];
}

export interface ParseHugoOutputOptions {
  /**
   * The site's source directory as passed to `hugo --source`. Hugo prints absolute paths; the
   * agent edits files relative to the site, so paths under this directory are made relative.
   */
  siteDir?: string;
}

const LEVEL_LINE = /^(ERROR|WARN(?:ING)?)(?::)?(?:\s+\d{4}\/\d{2}\/\d{2}\s+\d{2}:\d{2}:\d{2})?\s+(.*)$/;
const ERROR_PREFIX_LINE = /^Error:\s*(.*)$/i;
const LOGGED_SUMMARY = /^logged \d+ error\(s\)$/i;
/** Wrappers hugo puts in front of the real cause; they differ between copies of one error. */
const WRAPPERS = [
  /^error:\s*/i,
  /^error building site:\s*/i,
  /^render:\s*/i,
  /^failed to render pages:\s*/i,
  /^render of "[^"]*" failed:\s*/i,
  /^add site dependencies:\s*/i,
  /^load resources:\s*/i,
  /^loading templates:\s*/i,
  // hugo 0.12x+: `error building site: assemble: failed to create page from pageMetaSource …`
  /^assemble:\s*/i,
];

/**
 * Turns hugo's console output into the errors and warnings the result file reports.
 *
 * Hugo 0.111 prints per-page errors on stdout as `ERROR <date> <time> …` (the same template
 * error once per page that hit it) and a summary `Error: Error building site: …` on stderr that
 * often repeats one of them, while some errors (bad front matter, template parse errors) appear
 * only on stderr. Both streams are read and copies of one error are kept once, so the agent sees
 * each problem once with the file and line it has to change. Newer hugo drops the date; both
 * forms are accepted.
 */
export function parseHugoOutput(
  stdout: string,
  stderr: string,
  options: ParseHugoOutputOptions = {},
): ParsedHugoOutput {
  const errors = new Map<string, HugoMessage>();
  const warnings = new Map<string, HugoMessage>();
  let loggedSummary: HugoMessage | undefined;

  for (const rawLine of [...splitLines(stdout), ...splitLines(stderr)]) {
    const line = stripAnsi(rawLine).trim();
    if (!line) continue;
    const level = LEVEL_LINE.exec(line);
    const errorLine = level ? undefined : ERROR_PREFIX_LINE.exec(line);
    const kind = level ? (level[1] === 'ERROR' ? 'error' : 'warning') : errorLine ? 'error' : undefined;
    if (!kind) continue;
    const text = stripWrappers(level?.[2] ?? errorLine?.[1] ?? '');
    if (!text) continue;
    const message = toMessage(text, options.siteDir);
    if (kind === 'error' && LOGGED_SUMMARY.test(message.message)) {
      loggedSummary ??= message;
      continue;
    }
    const target = kind === 'error' ? errors : warnings;
    const key = dedupeKey(message);
    if (!target.has(key)) target.set(key, message);
  }

  if (errors.size === 0 && loggedSummary) errors.set('', loggedSummary);
  return { errors: [...errors.values()], warnings: [...warnings.values()] };
}

/**
 * Current hugo blames the base template for a parse error in the template it applies:
 * `"layouts/_default/baseof.html:6:1": apply base template failed: template: list.html:6: unexpected EOF`.
 */
const BASE_TEMPLATE_FAULT = /apply base template failed: template: ([^\s:"]+):(\d+)(?::(\d+))?:/;

function toMessage(text: string, siteDir: string | undefined): HugoMessage {
  const message = relativizeText(text, siteDir);
  const result: HugoMessage = { message };
  const location = faultLocation(message);
  if (location) {
    result.file = location.file;
    result.line = location.line;
    if (location.column !== undefined) result.column = location.column;
  }
  return result;
}

/** Where the fault is: findLocation's, but the applied template rather than its base (see BASE_TEMPLATE_FAULT). */
function faultLocation(message: string): Omit<SourceLocation, 'end'> | undefined {
  const location = findLocation(message);
  const base = BASE_TEMPLATE_FAULT.exec(message);
  if (!location || !base?.[1] || !base[2]) return location;
  // The applied template sits beside its base in the same layouts folder; the build resolves it otherwise.
  const folder = path.posix.dirname(location.file);
  const fault: Omit<SourceLocation, 'end'> = { file: folder === '.' ? base[1] : `${folder}/${base[1]}`, line: Number(base[2]) };
  if (base[3]) fault.column = Number(base[3]);
  return fault;
}

/** Copies of one error differ only in wrappers before the blamed place, so compare from there. */
function dedupeKey(message: HugoMessage): string {
  const location = findLocation(message.message);
  const core = location ? message.message.slice(location.end) : message.message;
  return JSON.stringify([message.file ?? '', message.line ?? 0, message.column ?? 0, core.trim()]);
}

function stripWrappers(text: string): string {
  let current = text.trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const wrapper of WRAPPERS) {
      const next = current.replace(wrapper, '');
      if (next !== current) {
        current = next;
        changed = true;
      }
    }
  }
  return current;
}

/** Absolute paths under `siteDir` in hugo's text, made relative to it. */
export function relativizeText(text: string, siteDir: string | undefined): string {
  if (!siteDir) return text;
  const root = path.resolve(siteDir);
  const prefixes = new Set([root + path.sep, root.replace(/\\/g, '/') + '/']);
  let result = text;
  for (const prefix of prefixes) result = result.split(prefix).join('');
  return result;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}
