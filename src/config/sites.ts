import type { Environment, TaskType } from '../primitives/task-types.js';
import type { HeaderRule } from '../deploy/headers.js';
import type { EnvironmentConfig, EnvironmentsConfig, HandoffConfig, HeaderRuleConfig } from './config-schema.js';

/**
 * The name of the one site of a repository written in the short form (top-level site_path and
 * environments). It never shows in result paths or workflow names: a one-site repository keeps
 * the names it had before handoff knew about sites.
 */
export const DEFAULT_SITE_NAME = 'default';

/** One site a repository deploys, from `sites.<name>` or from the one-site short form. */
export interface Site {
  name: string;
  /** Declared under `sites:`; false for the short form, where each task's params say the source. */
  declared: boolean;
  /** The site's folder (inside `repository` when that is set); the short form's default site_path. */
  path: string | undefined;
  /** owner/name of another repository holding the site. */
  repository: string | undefined;
  ref: string | undefined;
  tokenSecret: string | undefined;
  environments: EnvironmentsConfig;
  /** Where its environments are in handoff.yml: `environments` or `sites.<name>.environments`. */
  settingsPath: string;
  /** handoff.yml's header rules for its deploys (`headers` or `sites.<name>.headers`), each naming where it is written. */
  headerRules?: HeaderRule[];
}

/** Every site of a (valid) handoff.yml, in the order written. */
export function sitesOf(config: HandoffConfig): Site[] {
  if (!config.sites) {
    return [
      {
        name: DEFAULT_SITE_NAME,
        declared: false,
        path: config.site_path,
        repository: undefined,
        ref: undefined,
        tokenSecret: undefined,
        environments: config.environments ?? {},
        settingsPath: 'environments',
        headerRules: headerRulesOf(config.headers, 'headers'),
      },
    ];
  }
  return Object.entries(config.sites).map(([name, site]) => ({
    name,
    declared: true,
    path: site.path,
    repository: site.repository,
    ref: site.ref,
    tokenSecret: site.token_secret,
    environments: site.environments ?? {},
    settingsPath: `sites.${name}.environments`,
    headerRules: headerRulesOf(site.headers, `sites.${name}.headers`),
  }));
}

/** handoff.yml's header rules in the deploy engine's terms, each with its place in handoff.yml. */
function headerRulesOf(rules: readonly HeaderRuleConfig[] | undefined, where: string): HeaderRule[] {
  return (rules ?? []).map((rule, index) => ({
    pattern: rule.path,
    ...(rule.cache_control !== undefined ? { cacheControl: rule.cache_control } : {}),
    ...(rule.content_type !== undefined ? { contentType: rule.content_type } : {}),
    ...(rule.content_encoding === 'gzip' ? { gzip: true } : {}),
    ...(rule.force !== undefined ? { force: rule.force } : {}),
    source: `handoff.yml ${where}[${index}] '${rule.path}'`,
  }));
}

/** More than one site: tasks must name theirs, and results, links and workflow names carry it. */
export function isMultiSite(config: HandoffConfig): boolean {
  return sitesOf(config).length > 1;
}

export type SiteChoice = { ok: true; site: Site } | { ok: false; expected: string; found: string };

/**
 * The site a task (or `handoff new --site`) names; with one site, naming none means that one.
 * An unknown or missing name is refused with the list of known sites.
 */
export function siteNamed(config: HandoffConfig, name: string | undefined): SiteChoice {
  const sites = sitesOf(config);
  const known = sites.map((site) => site.name).join(', ');
  if (name === undefined) {
    const [only, ...more] = sites;
    if (only && more.length === 0) return { ok: true, site: only };
    return { ok: false, expected: `the site this task is for, one of: ${known} (handoff.yml declares several)`, found: 'no site' };
  }
  const site = sites.find((candidate) => candidate.name === name);
  if (site) return { ok: true, site };
  return { ok: false, expected: `a site declared in handoff.yml, one of: ${known}`, found: `"${name}"` };
}

export function environmentOf(site: Site, environment: Environment): EnvironmentConfig | undefined {
  return site.environments[environment];
}

/** `environments.staging` or `sites.blog.environments.staging`: how messages name a site's environment. */
export function environmentPath(site: Site, environment: string): string {
  return `${site.settingsPath}.${environment}`;
}

/** The settings a task of this type cannot run without, as handoff.yml keys, for those not set. */
export function missingDeploySettings(site: Site, environment: Environment, type: TaskType): string[] {
  const settings = environmentOf(site, environment) ?? {};
  const needed: Array<keyof EnvironmentConfig> = type === 'hugo-deploy' ? ['bucket'] : type === 'cloudfront-invalidate' ? ['distribution_id'] : [];
  return needed.filter((key) => !settings[key]).map((key) => `${environmentPath(site, environment)}.${key}`);
}

/** The site a result records, and its results/latest/ links are kept under: only when there are several. */
export function resultSiteOf(config: HandoffConfig, site: Site): string | undefined {
  return isMultiSite(config) ? site.name : undefined;
}

/**
 * The GitHub environment a run job of this site and environment uses: its reviewers, secrets and
 * OIDC subject. Each site's production has its own (`production-<site>`), so one site's reviewers
 * and AWS role never approve or reach another's; dev and staging are shared.
 */
export function githubEnvironmentFor(config: HandoffConfig, site: Site, environment: Environment): string {
  return isMultiSite(config) && environment === 'production' ? `production-${site.name}` : environment;
}

/**
 * The run jobs' concurrency group: one task at a time per site and environment, different sites in
 * parallel. A one-site repository keeps its old group name.
 */
export function concurrencyGroupFor(config: HandoffConfig, site: Site, environment: Environment): string {
  return isMultiSite(config) ? `handoff-deploy-${site.name}-${environment}` : `handoff-deploy-${environment}`;
}
