import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getStaticTOMLValue, parseTOML, type AST } from 'toml-eslint-parser';
import { LineCounter, parseDocument } from 'yaml';
import type { SiteDeploymentRules, SitePathGlob } from '../deploy/deploy.js';
import type { HeaderRule } from '../deploy/headers.js';
import { loadHugoPatterns, type HugoPatterns } from '../deploy/hugo-patterns.js';
import { closestMatch } from '../validation/closest-match.js';
import { describeValue, type Problem } from '../validation/problem.js';
import { locateField } from '../validation/source-location.js';
import { HUGO_CONFIG_FILES } from './site-config.js';

/** The keys of a `[[deployment.matchers]]` entry, as hugo's Matcher has them (read case-insensitively). */
const MATCHER_KEYS = ['pattern', 'cacheControl', 'contentEncoding', 'contentType', 'gzip', 'force'] as const;
/** The config dir's files that hold the `deployment` section itself rather than the root keys. */
const DEPLOYMENT_FILES = ['deployment.toml', 'deployment.yaml', 'deployment.yml', 'deployment.json'];

export type SiteDeploymentRead = { ok: true; rules: SiteDeploymentRules | undefined } | { ok: false; problems: Problem[] };

/** One config file that states a `deployment` section, and how to find a line in it. */
interface DeploymentLayer {
  /** Relative to the repository. */
  file: string;
  section: Record<string, unknown>;
  /** The line of a key or value at a path inside the section (actual key spellings), or of its nearest ancestor. */
  lineOf: (sectionPath: readonly (string | number)[]) => number | undefined;
}

/**
 * Reads what a Hugo site's `[deployment]` settings ask of a deploy, from every file Hugo reads
 * them from: the site's config file (hugo.toml … config.json, the first found, as Hugo takes it),
 * then `config/_default/` and `config/<environment>/` (their hugo.* or config.* under the
 * `deployment` key, and deployment.toml/yaml/json holding the section itself). A later file's
 * `matchers` or `targets` replaces an earlier one's, as Hugo's merge replaces a list.
 *
 * Every matcher and the first target's include and exclude are checked here, before anything is
 * built, so a bad one is refused with its file, line and key: an unknown key, a pattern Go would
 * not compile (or that this engine would read differently, see hugo-patterns.ts), a
 * contentEncoding other than gzip. The rest of the section (targets' URLs and CDN ids, maxDeletes,
 * order, workers) is Hugo's business and not read: where a deploy goes comes from handoff.yml.
 */
export async function readSiteDeployment(root: string, sitePath: string, hugoEnvironment: string): Promise<SiteDeploymentRead> {
  const siteDir = path.resolve(root, sitePath);
  const candidates: { file: string; holdsSection: boolean }[] = HUGO_CONFIG_FILES.map((name) => ({ file: path.join(siteDir, name), holdsSection: false }));
  // An environment name is a plain word (HUGO_ENVIRONMENT_NAME), so the folder stays inside config/.
  for (const folder of ['_default', ...(/^[A-Za-z0-9_-]+$/.test(hugoEnvironment) && hugoEnvironment !== '_default' ? [hugoEnvironment] : [])]) {
    for (const name of HUGO_CONFIG_FILES) candidates.push({ file: path.join(siteDir, 'config', folder, name), holdsSection: false });
    for (const name of DEPLOYMENT_FILES) candidates.push({ file: path.join(siteDir, 'config', folder, name), holdsSection: true });
  }
  // A few dozen small reads at once, most of them of files that do not exist.
  const texts = await Promise.all(candidates.map((candidate) => readFile(candidate.file, 'utf8').catch(() => undefined)));
  // Hugo reads the first of its config file names at the site's root and ignores the others.
  const rootConfig = texts.findIndex((text, index) => index < HUGO_CONFIG_FILES.length && text !== undefined);
  const layers: DeploymentLayer[] = [];
  const problems: Problem[] = [];
  candidates.forEach((candidate, index) => {
    const text = texts[index];
    if (text === undefined || (index < HUGO_CONFIG_FILES.length && index !== rootConfig)) return;
    // Most sites have no [deployment]: their config is not parsed a second time for it.
    if (!candidate.holdsSection && !/deployment/i.test(text)) return;
    const relative = path.relative(root, candidate.file).split(path.sep).join('/');
    const layer = deploymentLayer(relative, text, candidate.holdsSection);
    if (layer === undefined) return;
    if ('problem' in layer) problems.push(layer.problem);
    else layers.push(layer);
  });
  if (problems.length > 0) return { ok: false, problems };
  const matchersLayer = layers.findLast((layer) => keyIn(layer.section, 'matchers') !== undefined);
  const targetsLayer = layers.findLast((layer) => keyIn(layer.section, 'targets') !== undefined);
  if (!matchersLayer && !targetsLayer) return { ok: true, rules: undefined };

  const patterns = await loadHugoPatterns();
  const rules: SiteDeploymentRules = { matchers: [] };
  if (matchersLayer) rules.matchers = readMatchers(matchersLayer, patterns, problems);
  if (targetsLayer) Object.assign(rules, readFirstTarget(targetsLayer, patterns, problems));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rules };
}

/**
 * The file's deployment section with a line finder; undefined when it states none or does not
 * parse (hugo then fails the build and names the fault itself, classified as any config error).
 */
function deploymentLayer(file: string, text: string, holdsSection: boolean): DeploymentLayer | { problem: Problem } | undefined {
  let data: unknown;
  let lineAt: (filePath: readonly (string | number)[]) => number | undefined;
  if (file.endsWith('.toml')) {
    let ast: AST.TOMLProgram;
    try {
      ast = parseTOML(text);
    } catch {
      return undefined;
    }
    data = getStaticTOMLValue(ast);
    const lines = tomlLines(ast);
    lineAt = (filePath) => nearestLine(lines, filePath);
  } else {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter });
    if (doc.errors.length > 0) return undefined;
    data = doc.toJS();
    lineAt = (filePath) => locateField(doc, lineCounter, filePath, 'key')?.line;
  }
  if (!isTable(data)) return undefined;
  const sectionKey = holdsSection ? undefined : keyIn(data, 'deployment');
  const section = holdsSection ? data : sectionKey === undefined ? undefined : data[sectionKey];
  if (section === undefined) return undefined;
  const prefix = sectionKey === undefined ? [] : [sectionKey];
  if (!isTable(section)) return { problem: { file, ...lineOpt(lineAt(prefix)), field: 'deployment', expected: 'a table of deployment settings', found: describeValue(section) } };
  return { file, section, lineOf: (sectionPath) => lineAt([...prefix, ...sectionPath]) };
}

function readMatchers(layer: DeploymentLayer, patterns: HugoPatterns, problems: Problem[]): HeaderRule[] {
  const key = keyIn(layer.section, 'matchers')!;
  const list = layer.section[key];
  const problem = (at: readonly (string | number)[], expected: string, found: string, hint?: string) =>
    problems.push({ file: layer.file, ...lineOpt(layer.lineOf(at)), field: fieldName(at), expected, found, ...(hint ? { hint } : {}) });
  if (!Array.isArray(list)) {
    problem([key], 'a list of matchers ([[deployment.matchers]])', describeValue(list));
    return [];
  }
  const rules: HeaderRule[] = [];
  list.forEach((entry, index) => {
    const at = [key, index];
    if (!isTable(entry)) {
      problem(at, 'a matcher table (pattern, cacheControl, contentEncoding, contentType, gzip, force)', describeValue(entry));
      return;
    }
    const before = problems.length;
    const rule: HeaderRule = { syntax: 'go-regexp', pattern: '' };
    for (const [name, value] of Object.entries(entry)) {
      const known = MATCHER_KEYS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      const valueAt = [...at, name];
      if (!known) {
        const suggestion = closestMatch(name, MATCHER_KEYS);
        problem(valueAt, `one of the matcher keys: ${MATCHER_KEYS.join(', ')}`, `an unknown key "${name}"`, suggestion ? `did you mean "${suggestion}"?` : undefined);
        continue;
      }
      if (known === 'gzip' || known === 'force') {
        if (typeof value !== 'boolean') problem(valueAt, 'true or false', describeValue(value));
        else rule[known] = value;
        continue;
      }
      if (typeof value !== 'string') {
        problem(valueAt, 'a string', describeValue(value));
        continue;
      }
      if (known === 'pattern') {
        const compiled = patterns.regexp(value);
        if (compiled.ok) rule.pattern = value;
        else problem(valueAt, compiled.expected, compiled.found);
      } else if (known === 'contentEncoding') {
        // hugo deploy sends this header as written over the file as it is; handoff can only produce gzip.
        if (value === 'gzip') rule.gzip = true;
        else if (value !== '') problem(valueAt, "gzip (handoff compresses the file and sets Content-Encoding: gzip; it produces no other encoding), or no contentEncoding", describeValue(value));
      } else if (/[\u0000-\u001f\u007f]/.test(value)) {
        problem(valueAt, 'a header value on one line, without control characters', describeValue(value));
      } else if (value !== '') {
        // An empty value is Go's zero value: hugo deploy then sends no such header, and handoff its default.
        rule[known] = value;
      }
    }
    if (keyIn(entry, 'pattern') === undefined) problem(at, "a pattern (a Go regular expression matched against the path, such as '^.+\\.css$')", 'no pattern');
    if (problems.length > before) return;
    rule.source = `${layer.file}${lineSuffix(layer.lineOf(at))} ${fieldName(at)} '${rule.pattern}'`;
    rules.push(rule);
  });
  return rules;
}

function readFirstTarget(layer: DeploymentLayer, patterns: HugoPatterns, problems: Problem[]): { include?: SitePathGlob; exclude?: SitePathGlob } {
  const key = keyIn(layer.section, 'targets')!;
  const list = layer.section[key];
  const first = Array.isArray(list) ? list[0] : undefined;
  if (!isTable(first)) return {};
  const out: { include?: SitePathGlob; exclude?: SitePathGlob } = {};
  for (const which of ['include', 'exclude'] as const) {
    const name = keyIn(first, which);
    if (name === undefined) continue;
    const value = first[name];
    const at = [key, 0, name];
    const line = layer.lineOf(at);
    if (typeof value !== 'string') {
      problems.push({ file: layer.file, ...lineOpt(line), field: fieldName(at), expected: 'a glob string', found: describeValue(value) });
      continue;
    }
    if (value === '') continue;
    const compiled = patterns.glob(value);
    if (!compiled.ok) problems.push({ file: layer.file, ...lineOpt(line), field: fieldName(at), expected: compiled.expected, found: compiled.found });
    else out[which] = { glob: value, source: `${layer.file}${lineSuffix(line)} ${fieldName(at)} '${value}'` };
  }
  return out;
}

/** `deployment.matchers[1].pattern`: how hugo's docs name the key. */
function fieldName(sectionPath: readonly (string | number)[]): string {
  return sectionPath.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : `${name}.${part}`), 'deployment');
}

function lineOpt(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function lineSuffix(line: number | undefined): string {
  return line === undefined ? '' : `:${line}`;
}

/** The key of `table` equal to `lowerCaseKey` ignoring case, as Hugo reads config keys. */
function keyIn(table: Record<string, unknown>, lowerCaseKey: string): string | undefined {
  return Object.keys(table).find((candidate) => candidate.toLowerCase() === lowerCaseKey);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lines of a TOML file's keys and tables, by their path (keys lower-cased, array entries by index). */
function tomlLines(ast: AST.TOMLProgram): Map<string, number> {
  const lines = new Map<string, number>();
  const record = (at: readonly (string | number)[], line: number) => {
    const id = pathId(at);
    if (!lines.has(id)) lines.set(id, line);
  };
  const visitValue = (at: readonly (string | number)[], node: AST.TOMLContentNode) => {
    if (node.type === 'TOMLInlineTable') for (const pair of node.body) visitPair(at, pair);
    else if (node.type === 'TOMLArray') node.elements.forEach((element, index) => (record([...at, index], element.loc.start.line), visitValue([...at, index], element)));
  };
  const visitPair = (base: readonly (string | number)[], pair: AST.TOMLKeyValue) => {
    const at = [...base, ...pair.key.keys.map((key) => (key.type === 'TOMLBare' ? key.name : key.value))];
    record(at, pair.loc.start.line);
    visitValue(at, pair.value);
  };
  for (const node of ast.body[0]?.body ?? []) {
    if (node.type === 'TOMLKeyValue') visitPair([], node);
    else {
      record(node.resolvedKey, node.loc.start.line);
      for (const pair of node.body) visitPair(node.resolvedKey, pair);
    }
  }
  return lines;
}

function nearestLine(lines: Map<string, number>, at: readonly (string | number)[]): number | undefined {
  for (let length = at.length; length > 0; length--) {
    const line = lines.get(pathId(at.slice(0, length)));
    if (line !== undefined) return line;
  }
  return undefined;
}

function pathId(at: readonly (string | number)[]): string {
  return JSON.stringify(at.map((part) => (typeof part === 'string' ? part.toLowerCase() : part)));
}
