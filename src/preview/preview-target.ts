import type { HandoffConfig } from '../config/config-schema.js';
import { CONFIG_FILE } from '../config/load-config.js';
import { compileGlob } from '../primitives/glob.js';
import { bucketRegionOf, maxDeletesOf, type ChecksumMode } from '../deploy/target-defaults.js';
import { normalizePrefix } from '../primitives/prefix.js';
import { siteUrlOf } from '../config/site-url.js';
import { httpUrlProblem } from '../validation/http-url.js';
import { environmentPath, isMultiSite, sitesOf, type Site } from '../config/sites.js';
import { previewSlug } from './preview-slug.js';

export const DEFAULT_PREVIEW_PREFIX = 'previews/';
export const DEFAULT_PREVIEW_BRANCHES: readonly string[] = ['claude/**'];
export const DEFAULT_PREVIEW_MAX_AGE_DAYS = 14;
export const DEFAULT_UNRECORDED_GRACE_HOURS = 24;

/** Where dev deploys and previews go: handoff.yml's environments.dev and previews, resolved. */
export interface PreviewOptions {
  /** The site of handoff.yml's `sites:` form; null with the one-site form (top-level environments). */
  site: string | null;
  /** The site's folder in the repository (its `path`, or the one-site form's site_path, else "."). */
  sitePath: string;
  bucket: string;
  region: string;
  /** The dev environment's own role; null only where no role is needed (act, local S3). */
  roleArn: string | null;
  distributionId: string | null;
  s3Endpoint: string | null;
  forcePathStyle: boolean | null;
  /** environments.dev.checksum_mode: what the removal and the sweep send, as a deploy to the dev bucket does. */
  checksumMode: ChecksumMode | null;
  /** The dev site's key prefix (environments.dev.key_prefix), `dir/` form or empty. */
  devPrefix: string;
  devBaseUrl: string;
  /** The live check of the dev site: site_url, else base_url. */
  devSiteUrl: string;
  /** The folder of all previews, `dir/` form, never empty. */
  previewPrefix: string;
  /** A preview's base URL, `{slug}` still in it. */
  previewBaseUrl: string;
  branches: readonly string[];
  maxAgeDays: number;
  /** How old a folder without a record must be before the sweep removes it. */
  unrecordedGraceHours: number;
  maxDeletes: number;
}

/** `unconfigured`: dev deploys are not set up yet (no dev bucket), which is not a failure. */
export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string; unconfigured?: true };

/**
 * Resolves the dev and preview settings of the one-site form (top-level environments). Pure.
 * With the `sites:` form use previewSitesFrom: each site has its own.
 */
export function previewSettingsFrom(config: HandoffConfig, options: { requireRoleArn: boolean }): Resolved<PreviewOptions> {
  const [site] = sitesOf(config);
  return previewSettingsFor(config, site!, options);
}

/**
 * The dev and preview settings of every site that has a dev environment (environments.dev.bucket),
 * in handoff.yml's order. Sites kept in another repository get none: a push here never changes
 * them. `unconfigured` when no site has a dev bucket; any site whose dev settings are wrong fails
 * the whole resolution, by name. Pure.
 */
export function previewSitesFrom(config: HandoffConfig, options: { requireRoleArn: boolean }): Resolved<PreviewOptions[]> {
  const sites: PreviewOptions[] = [];
  for (const site of sitesOf(config)) {
    if (site.repository !== undefined) continue;
    const resolved = previewSettingsFor(config, site, options);
    if (resolved.ok) sites.push(resolved.value);
    else if (!resolved.unconfigured) return resolved;
  }
  if (sites.length === 0) {
    const where = config.sites ? 'no site of sites: has environments.dev.bucket (in this repository)' : 'environments.dev.bucket is not set';
    return { ok: false, unconfigured: true, message: `${CONFIG_FILE}: ${where}, so dev deploys and previews are off (set it, and role_arn, to turn them on)` };
  }
  return { ok: true, value: sites };
}

/**
 * One site's dev and preview settings. Pure. Where its previews go is decided here and only here:
 * with the one-site form, previews.prefix is a folder of the dev bucket (previews/<slug>/); with
 * the `sites:` form it is a folder of the site's own dev folder (environments.dev.key_prefix +
 * previews.prefix: blog/previews/<slug>/), so two sites sharing a bucket never share a preview
 * folder (their key prefixes do not overlap, which the config schema checks) and a preview's URL
 * follows from the site's own dev base_url. Refuses settings under which a preview could land on
 * the dev site: the dev prefix inside (or equal to) the previews prefix.
 */
export function previewSettingsFor(config: HandoffConfig, site: Site, options: { requireRoleArn: boolean }): Resolved<PreviewOptions> {
  const dev = site.environments.dev;
  const devPath = environmentPath(site, 'dev');
  const previews = config.previews ?? {};
  const missing = (field: string, why: string): Resolved<PreviewOptions> => ({ ok: false, message: `${CONFIG_FILE}: ${devPath}.${field} is not set: ${why}` });
  if (!dev?.bucket) return { ok: false, unconfigured: true, message: `${CONFIG_FILE}: ${devPath}.bucket is not set, so dev deploys and previews are off (set it, and role_arn, to turn them on)` };
  if (!dev.base_url) return missing('base_url', 'expected the dev site URL (http or https), which dev builds and preview URLs start from');
  const baseUrlProblem = httpUrlProblem(dev.base_url);
  if (baseUrlProblem) return { ok: false, message: `${CONFIG_FILE}: ${devPath}.base_url: expected ${baseUrlProblem}, which dev builds and preview URLs start from; found ${dev.base_url}` };
  if (options.requireRoleArn && !dev.role_arn) return missing('role_arn', 'the dev deploy assumes the dev role through OIDC (staging and production roles are never used)');
  let devPrefix: string;
  let previewPrefix: string;
  try {
    devPrefix = normalizePrefix(dev.key_prefix);
    previewPrefix = (site.declared ? devPrefix : '') + normalizePrefix(previews.prefix ?? DEFAULT_PREVIEW_PREFIX);
  } catch (error) {
    return { ok: false, message: `${CONFIG_FILE}: ${(error as Error).message}` };
  }
  if (previewPrefix === '') return { ok: false, message: `${CONFIG_FILE}: previews.prefix: expected a folder such as previews/, found the bucket root` };
  if (devPrefix.startsWith(previewPrefix)) {
    return { ok: false, message: `${CONFIG_FILE}: ${devPath}.key_prefix '${devPrefix}' lies inside previews.prefix '${previewPrefix}': a preview could overwrite the dev site` };
  }
  const devBaseUrl = withSlash(dev.base_url);
  if (previews.base_url && isMultiSite(config) && !previews.base_url.includes('{site}')) {
    return { ok: false, message: `${CONFIG_FILE}: previews.base_url: expected {site} in it with several sites (each site's preview has its own URL), found ${previews.base_url}` };
  }
  // The dev base URL serves the dev prefix; previews inside it are served below it.
  const previewBaseUrl = previews.base_url?.replaceAll('{site}', site.name) ?? (previewPrefix.startsWith(devPrefix) ? `${devBaseUrl}${previewPrefix.slice(devPrefix.length)}{slug}/` : undefined);
  if (!previewBaseUrl) {
    return { ok: false, message: `${CONFIG_FILE}: previews.base_url is not set: previews.prefix '${previewPrefix}' lies outside the dev site's '${devPrefix}', so their URL cannot be derived from ${devPath}.base_url` };
  }
  return {
    ok: true,
    value: {
      site: site.declared ? site.name : null,
      sitePath: site.path ?? '.',
      bucket: dev.bucket,
      region: bucketRegionOf(dev.region),
      roleArn: dev.role_arn ?? null,
      distributionId: dev.distribution_id ?? null,
      s3Endpoint: dev.s3_endpoint ?? null,
      forcePathStyle: dev.s3_force_path_style ?? null,
      checksumMode: dev.checksum_mode ?? null,
      devPrefix,
      devBaseUrl,
      devSiteUrl: siteUrlOf(dev) ?? dev.base_url,
      previewPrefix,
      previewBaseUrl,
      branches: previews.branches ?? DEFAULT_PREVIEW_BRANCHES,
      maxAgeDays: previews.max_age_days ?? DEFAULT_PREVIEW_MAX_AGE_DAYS,
      unrecordedGraceHours: previews.unrecorded_grace_hours ?? DEFAULT_UNRECORDED_GRACE_HOURS,
      maxDeletes: maxDeletesOf(previews.max_deletes, dev.max_deletes),
    },
  };
}

/** What one push deploys: the dev site (the default branch) or a branch's preview. */
export interface DeployTarget {
  kind: 'dev' | 'preview';
  /** The site (`sites:` form), null with the one-site form. */
  site: string | null;
  branch: string;
  /** The preview's folder name; null for the dev site. */
  slug: string | null;
  prefix: string;
  /** Hugo's --baseURL and the URL reported to people and the agent. */
  url: string;
  /** What the live check fetches. */
  siteUrl: string;
  /** Globs (relative to prefix) the deploy neither uploads nor deletes: the previews, when they sit inside the dev site's prefix. */
  exclude: string[];
}

/** Where a push of `branch` deploys, or why it deploys nothing. Pure. */
export function deployTargetFor(settings: PreviewOptions, branch: string, devBranch: string): Resolved<DeployTarget> {
  if (branch === devBranch) {
    const inside = settings.previewPrefix.startsWith(settings.devPrefix);
    return {
      ok: true,
      value: {
        kind: 'dev',
        site: settings.site,
        branch,
        slug: null,
        prefix: settings.devPrefix,
        url: settings.devBaseUrl,
        siteUrl: settings.devSiteUrl,
        exclude: inside ? [`${settings.previewPrefix.slice(settings.devPrefix.length)}**`] : [],
      },
    };
  }
  if (!isPreviewBranch(settings, branch)) {
    return { ok: false, message: `branch '${branch}' gets no preview: ${CONFIG_FILE} previews.branches is ${settings.branches.join(', ')}` };
  }
  const slug = previewSlug(branch);
  const url = settings.previewBaseUrl.replace('{slug}', slug);
  return { ok: true, value: { kind: 'preview', site: settings.site, branch, slug, prefix: previewPrefixOf(settings, branch), url, siteUrl: url, exclude: [] } };
}

/** Whether previews.branches takes the branch. Patterns are anchored at the start of the name. */
export function isPreviewBranch(settings: Pick<PreviewOptions, 'branches'>, branch: string): boolean {
  return settings.branches.some((pattern) => compileGlob(`/${pattern}`)(branch));
}

/** The one folder a branch's preview may write or remove: the previews prefix plus its slug. */
export function previewPrefixOf(settings: Pick<PreviewOptions, 'previewPrefix'>, branch: string): string {
  return `${settings.previewPrefix}${previewSlug(branch)}/`;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
