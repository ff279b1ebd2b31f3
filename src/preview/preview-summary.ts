import type { PreviewRecord } from './preview-record.js';
import type { DeployTarget, PreviewSettings } from './preview-target.js';

/** The record of a finished deploy. Pure: the clock and the run come in as values. */
export function recordOf(settings: PreviewSettings, target: DeployTarget, deployed: { commit: string; deployedAt: Date; runUrl: string | null }): PreviewRecord {
  return {
    branch: target.branch,
    kind: target.kind,
    slug: target.slug,
    url: target.url,
    commit: deployed.commit,
    deployed_at: deployed.deployedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    run_url: deployed.runUrl,
    bucket: settings.bucket,
    prefix: target.prefix,
  };
}

/** The job summary: the URL first, where a person looking at the run sees it. */
export function previewSummary(record: PreviewRecord): string {
  const what = record.kind === 'dev' ? 'Dev site' : 'Preview';
  return [
    `## ${what}: ${record.url}`,
    '',
    '| branch | commit | deployed at |',
    '| --- | --- | --- |',
    `| \`${record.branch}\` | \`${record.commit.slice(0, 12)}\` | ${record.deployed_at} |`,
    '',
    `The agent reads this with \`handoff preview ${record.branch}\` (or the \`preview_url\` MCP tool).`,
    '',
  ].join('\n');
}
