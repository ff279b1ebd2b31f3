import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { parse as parseYaml } from 'yaml';

/**
 * The Hugo release the GitHub workflow installs when handoff.yml pins none (actions/setup-hugo
 * carries the same number; a test holds the two together).
 */
export const DEFAULT_HUGO_VERSION = '0.169.0';

/** One file's text, named by its path relative to the repository. */
export interface NamedText {
  path: string;
  text: string;
}

/**
 * What a site says about the Hugo it needs, as file contents (read by site-version-files.ts):
 * nothing here touches the file system.
 */
export interface SiteVersionFiles {
  /** The site's own config files (hugo.toml, config.yaml, …). */
  siteConfigs: NamedText[];
  /** Each theme's or module's theme.toml and own config (themes/<name>/theme.toml, themes/<name>/hugo.toml). */
  themeFiles: NamedText[];
  /** Files that pin a Hugo for other tools: netlify.toml, .hugo-version, .tool-versions, .mise.toml, mise.toml. */
  pinFiles: NamedText[];
}

/** A Hugo version a file asks for, and where. */
export interface VersionClaim {
  /** x.y.z */
  version: string;
  /** `themes/hugo-book/theme.toml min_version`: the file and key, for the comment and the messages. */
  source: string;
}

export interface HugoVersionNeeds {
  /** Lowest versions the site, its themes and modules accept (min_version, module.hugoVersion.min). */
  minimums: VersionClaim[];
  /** Exact versions other tools were told to install (netlify.toml HUGO_VERSION, .hugo-version, .tool-versions, mise). */
  exact: VersionClaim[];
}

/** The version init pins, and why, in words for handoff.yml's comment. */
export interface HugoPin {
  version: string;
  reason: string;
}

/** Reads every version claim from the files given; a file that does not parse says nothing. */
export function findHugoVersionNeeds(files: SiteVersionFiles): HugoVersionNeeds {
  const minimums: VersionClaim[] = [];
  const exact: VersionClaim[] = [];
  for (const file of files.themeFiles) {
    const data = parseConfig(file);
    const minVersion = normalizeVersion(data?.['min_version']);
    if (minVersion) minimums.push({ version: minVersion, source: `${file.path} min_version` });
    const moduleMin = moduleHugoMinimum(data);
    if (moduleMin) minimums.push({ version: moduleMin, source: `${file.path} module.hugoVersion.min` });
  }
  for (const file of files.siteConfigs) {
    const moduleMin = moduleHugoMinimum(parseConfig(file));
    if (moduleMin) minimums.push({ version: moduleMin, source: `${file.path} module.hugoVersion.min` });
  }
  for (const file of files.pinFiles) {
    const claim = pinFileVersion(file);
    if (claim) exact.push(claim);
  }
  return { minimums, exact };
}

/**
 * The version to pin: an exact version another tool already installs (the highest, when several
 * disagree), else the Hugo of this machine when it meets every minimum (what builds here is then
 * what GitHub installs), else the default release when it does, else the highest minimum.
 */
export function choosePin(needs: HugoVersionNeeds, options: { local?: string | null; defaultVersion?: string } = {}): HugoPin {
  const defaultVersion = options.defaultVersion ?? DEFAULT_HUGO_VERSION;
  const local = normalizeVersion(options.local ?? undefined);
  const highestMinimum = highest(needs.minimums);
  const highestExact = highest(needs.exact);
  const meets = (version: string) => !highestMinimum || compareVersions(version, highestMinimum.version) >= 0;
  const minimumWords = highestMinimum ? `meets ${highestMinimum.source} ${highestMinimum.version}` : 'the site names no Hugo version';
  if (highestExact && meets(highestExact.version)) {
    return { version: highestExact.version, reason: `from ${highestExact.source}${highestMinimum ? `; ${minimumWords}` : ''}` };
  }
  if (local && meets(local)) return { version: local, reason: `the hugo on this machine; ${minimumWords}` };
  if (meets(defaultVersion)) return { version: defaultVersion, reason: `handoff's default; ${minimumWords}` };
  return { version: highestMinimum!.version, reason: `from ${highestMinimum!.source} ${highestMinimum!.version}` };
}

/** The highest claim (the first of equals). */
export function highest(claims: readonly VersionClaim[]): VersionClaim | undefined {
  let best: VersionClaim | undefined;
  for (const claim of claims) if (!best || compareVersions(claim.version, best.version) > 0) best = claim;
  return best;
}

/** `0.158`, `v0.158.0`, `extended_0.158.0`, `0.158.0+extended` -> `0.158.0`; anything else -> undefined. */
export function normalizeVersion(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const match = /^(?:extended_|v)?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+_/][\w.+/-]*)?$/.exec(String(value).trim());
  if (!match) return undefined;
  return `${Number(match[1])}.${Number(match[2])}.${Number(match[3] ?? 0)}`;
}

export function compareVersions(a: string, b: string): number {
  const left = versionNumbers(a);
  const right = versionNumbers(b);
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function versionNumbers(version: string): number[] {
  return (normalizeVersion(version) ?? '0.0.0').split('.').map(Number);
}

function moduleHugoMinimum(data: Record<string, unknown> | undefined): string | undefined {
  return normalizeVersion(caseInsensitive(caseInsensitive(caseInsensitive(data, 'module'), 'hugoVersion'), 'min'));
}

/** Hugo's config keys are case-insensitive (`hugoVersion`, `hugoversion`). */
function caseInsensitive(data: unknown, key: string): unknown {
  if (!isRecord(data)) return undefined;
  const found = Object.keys(data).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : data[found];
}

function pinFileVersion(file: NamedText): VersionClaim | undefined {
  const name = file.path.split('/').at(-1) ?? file.path;
  if (name === '.hugo-version') {
    const version = normalizeVersion(file.text.split(/\r?\n/)[0]);
    return version ? { version, source: file.path } : undefined;
  }
  if (name === '.tool-versions') {
    for (const line of file.text.split(/\r?\n/)) {
      const [tool, first] = line.replace(/#.*/, '').trim().split(/\s+/);
      const version = tool && /^hugo(?:-extended)?$/.test(tool) ? normalizeVersion(first) : undefined;
      if (version) return { version, source: `${file.path} ${tool}` };
    }
    return undefined;
  }
  if (name === 'netlify.toml') {
    const data = parseConfig(file);
    const environment = caseInsensitive(caseInsensitive(data, 'build'), 'environment');
    const version = normalizeVersion(isRecord(environment) ? environment['HUGO_VERSION'] : undefined);
    return version ? { version, source: `${file.path} build.environment.HUGO_VERSION` } : undefined;
  }
  if (name === '.mise.toml' || name === 'mise.toml') {
    const tools = parseConfig(file)?.['tools'];
    if (!isRecord(tools)) return undefined;
    for (const [tool, value] of Object.entries(tools)) {
      if (!/^(?:hugo|hugo-extended|(?:aqua|ubi|asdf|github):.*hugo.*)$/.test(tool)) continue;
      const candidate = Array.isArray(value) ? value[0] : isRecord(value) ? value['version'] : value;
      const version = normalizeVersion(candidate);
      if (version) return { version, source: `${file.path} tools.${tool}` };
    }
  }
  return undefined;
}

/**
 * Each file's parsed data, kept for the file it came from: a site's config is read for its themes
 * (configuredThemes) and again for its module minimum (findHugoVersionNeeds), and TOML is parsed
 * into a full syntax tree first. Keyed by the object, checked by its path and text, so an edited one is parsed again.
 */
const parsedConfigs = new WeakMap<NamedText, { path: string; text: string; data: Record<string, unknown> | undefined }>();

/** A config file's data by its extension; undefined when it does not parse (hugo itself reports that). */
function parseConfig(file: NamedText): Record<string, unknown> | undefined {
  const known = parsedConfigs.get(file);
  if (known && known.text === file.text && known.path === file.path) return known.data;
  const data = parseConfigText(file);
  parsedConfigs.set(file, { path: file.path, text: file.text, data });
  return data;
}

function parseConfigText(file: NamedText): Record<string, unknown> | undefined {
  try {
    let data: unknown;
    if (file.path.endsWith('.toml')) data = getStaticTOMLValue(parseTOML(file.text));
    else if (/\.ya?ml$/.test(file.path)) data = parseYaml(file.text);
    else if (file.path.endsWith('.json')) data = JSON.parse(file.text);
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The themes the site's config names (`theme = "x"` or a list); undefined when it names none. */
export function configuredThemes(siteConfigs: readonly NamedText[]): string[] | undefined {
  for (const file of siteConfigs) {
    const theme = caseInsensitive(parseConfig(file), 'theme');
    if (typeof theme === 'string' && theme) return [theme];
    if (Array.isArray(theme)) return theme.filter((name): name is string => typeof name === 'string' && name !== '');
  }
  return undefined;
}

/** What a build's Hugo must be: handoff.yml's pin and the site's minimums. */
export interface HugoVersionRule {
  /** handoff.yml's hugo_version: the release the GitHub workflow installs. */
  pinned?: VersionClaim;
  minimums: VersionClaim[];
}

export interface HugoVersionMismatch {
  /** One line: which Hugo runs and what the site or the pin asks for. */
  message: string;
  next_step: string;
  /** The version to install. */
  wanted: string;
}

/**
 * Compares the Hugo that would run with the pin and the minimums. Below a theme's minimum is a
 * mismatch; so is another minor release than the pin (what passes here is not what GitHub runs:
 * Hugo changes templates' behaviour between minor releases, its patch releases fix bugs only).
 */
export function hugoVersionMismatch(running: string, rule: HugoVersionRule): HugoVersionMismatch | undefined {
  const version = normalizeVersion(running);
  if (!version) return undefined;
  const minimum = highest(rule.minimums);
  const belowMinimum = minimum && compareVersions(version, minimum.version) < 0 ? minimum : undefined;
  const offPin = rule.pinned && sameMinor(version, rule.pinned.version) ? undefined : rule.pinned;
  if (!belowMinimum && !offPin) return undefined;
  const wanted = offPin?.version ?? belowMinimum?.version ?? version;
  const reasons = [offPin ? `${offPin.source} pins ${offPin.version}` : undefined, belowMinimum ? `${belowMinimum.source} needs at least ${belowMinimum.version}` : undefined].filter(Boolean);
  const install = `install Hugo ${wanted} (extended) and put it first on PATH: \`go install -tags extended github.com/gohugoio/hugo@v${wanted}\`, or hugo_extended_${wanted}_linux-amd64.tar.gz from https://github.com/gohugoio/hugo/releases/tag/v${wanted}`;
  const pinInstead = !belowMinimum && offPin ? `; or, if the site is meant to build with ${version}, pin it: \`hugo_version: ${version}\` in handoff.yml (the workflow then installs ${version} too)` : '';
  return {
    message: `hugo ${running} would build this site, but ${reasons.join(' and ')}`,
    next_step: `Escalate: ${install}${pinInstead}; or build with ${version} anyway: \`handoff run --allow-hugo-mismatch <task file>\` (the result records it). Then run the task again.`,
    wanted,
  };
}

function sameMinor(a: string, b: string): boolean {
  const [aMajor, aMinor] = versionNumbers(a);
  const [bMajor, bMinor] = versionNumbers(b);
  return aMajor === bMajor && aMinor === bMinor;
}
