import type { PreviewRecord } from './preview-record.js';
import type { DeployTarget, PreviewOptions } from './preview-target.js';

/** The record of a finished deploy. Pure: the clock and the run come in as values. */
export function recordOf(settings: PreviewOptions, target: DeployTarget, deployed: { commit: string; deployedAt: Date; runUrl: string | null; fileCount?: number | null; pullRequest?: number | null }): PreviewRecord {
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
    ...(target.site ? { site: target.site } : {}),
    ...(deployed.fileCount !== undefined && deployed.fileCount !== null ? { file_count: deployed.fileCount } : {}),
    ...(deployed.pullRequest ? { pull_request: deployed.pullRequest } : {}),
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
    `| ${markdownText(record.branch)} | \`${record.commit.slice(0, 12)}\` | ${record.deployed_at} |`,
    '',
    `Agents read this with \`handoff preview\` (the branch checked out) or the \`preview_url\` MCP tool.`,
    '',
  ].join('\n');
}

/** A name as table text: git allows characters in branch names that markdown would read as markup. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (character) => `\\${character}`);
}
