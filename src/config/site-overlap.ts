import { normalizePrefix } from '../primitives/prefix.js';

/** The parts of handoff.yml the site rules look at (structural, so the schema can use them in its refinement). */
interface SitesShape {
  site_path?: string | undefined;
  environments?: object | undefined;
  sites?: Record<string, { environments?: Record<string, { bucket?: string | undefined; key_prefix?: string | undefined } | undefined> | undefined }> | undefined;
}

/** A rule about sites that the schema's shape cannot say, at the key it is about. */
export interface SiteConfigIssue {
  path: Array<string>;
  expected: string;
  found: string;
}

/**
 * What is wrong with the sites of a handoff.yml beyond its shape: the one-site form mixed with
 * `sites:`, and two sites whose environments share a bucket with overlapping key prefixes (equal,
 * or one inside the other once both end in "/"): a deploy of one would list, overwrite and delete
 * the other's objects. Pure.
 */
export function siteConfigIssues(config: SitesShape): SiteConfigIssue[] {
  const issues: SiteConfigIssue[] = [];
  if (!config.sites) return issues;
  for (const key of ['site_path', 'environments'] as const) {
    if (config[key] !== undefined) {
      issues.push({
        path: [key],
        expected: `no top-level ${key} once sites: is used (move it into each site: sites.<name>.${key === 'site_path' ? 'path' : 'environments'})`,
        found: `${key} beside sites:`,
      });
    }
  }
  const targets: Array<{ site: string; environment: string; bucket: string; prefix: string }> = [];
  for (const [site, siteConfig] of Object.entries(config.sites)) {
    for (const [environment, settings] of Object.entries(siteConfig.environments ?? {})) {
      if (!settings?.bucket) continue;
      let prefix: string;
      try {
        prefix = normalizePrefix(settings.key_prefix);
      } catch {
        issues.push({
          path: ['sites', site, 'environments', environment, 'key_prefix'],
          expected: 'a key prefix without empty, "." or ".." segments',
          found: JSON.stringify(settings.key_prefix),
        });
        continue;
      }
      for (const other of targets) {
        if (other.site === site || other.bucket !== settings.bucket) continue;
        if (!prefix.startsWith(other.prefix) && !other.prefix.startsWith(prefix)) continue;
        issues.push({
          path: ['sites', site, 'environments', environment, settings.key_prefix !== undefined ? 'key_prefix' : 'bucket'],
          expected: `a bucket + key_prefix no other site deploys into`,
          found: `bucket ${settings.bucket} with prefix "${prefix}", which overlaps sites.${other.site}.environments.${other.environment} (prefix "${other.prefix}")`,
        });
      }
      targets.push({ site, environment, bucket: settings.bucket, prefix });
    }
  }
  return issues;
}
