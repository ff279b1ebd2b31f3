import type { EnvironmentConfig } from './config-schema.js';

/**
 * Where an environment's site is live, the one precedence every caller uses (the deploy's live
 * check, the run job's deployment URL, the production gate): the machine's override
 * (HANDOFF_SITE_URL, an action's site-url input, `--local-s3`), handoff.yml's site_url, the
 * task's own base_url (the site was built for it), then handoff.yml's base_url.
 */
export function siteUrlOf(environment: EnvironmentConfig | undefined, more: { override?: string | undefined; taskBaseUrl?: string | undefined } = {}): string | undefined {
  return more.override ?? environment?.site_url ?? more.taskBaseUrl ?? environment?.base_url;
}
