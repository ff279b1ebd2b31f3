/**
 * The environment of every program that runs code from the site (hugo, and what hugo itself
 * starts: PostCSS, Pandoc, Asciidoctor): built from an allowlist, never inherited. The site's
 * templates can read variables (`os.Getenv` when the site's config allows it) and print them into
 * warnings, errors and pages, so a credential in this environment would end up in a committed
 * result file. Only what a build needs passes: where programs are, a home and temp folder,
 * locale and time zone. The HUGO_* variables handoff wants are added by handoff itself (`set`),
 * never copied from the caller's environment, which the agent can shape through a workflow file.
 */
export type SiteCodeEnvironment = Readonly<Record<string, string>>;

/** Variables passed through as they are. */
const ALLOWED_VARIABLES = new Set(['PATH', 'HOME', 'TMPDIR', 'LANG', 'LANGUAGE', 'TZ']);
/** Locale categories: LC_ALL, LC_CTYPE, LC_TIME, … */
const ALLOWED_PREFIX = 'LC_';

/**
 * The site-code environment of a caller whose own environment is `env` (read by the edge once),
 * plus the HUGO_* settings handoff sets. A `set` name outside HUGO_* is refused: anything else
 * would be a way around the allowlist.
 */
export function siteCodeEnvironment(env: Readonly<Record<string, string | undefined>>, set: Readonly<Record<string, string>> = {}): SiteCodeEnvironment {
  const allowed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (ALLOWED_VARIABLES.has(name) || name.startsWith(ALLOWED_PREFIX)) allowed[name] = value;
  }
  for (const [name, value] of Object.entries(set)) {
    if (!/^HUGO_[A-Z0-9_]+$/.test(name)) throw new Error(`siteCodeEnvironment: only HUGO_* variables may be set for site code, got ${name}`);
    allowed[name] = value;
  }
  return Object.freeze(allowed);
}

/** The environment given when none was: nothing but the locale, so a caller that forgot cannot leak. */
export const EMPTY_SITE_CODE_ENVIRONMENT: SiteCodeEnvironment = Object.freeze({ LANG: 'C.UTF-8' });
