import { markdownQuote, markdownText, markdownUrl } from './markdown-text.js';
import type { ReviewedDeploy } from './review-plans.js';

/** Rows of a list shown at most; the rest are counted. */
const MAX_ROWS = 200;

/**
 * The review job's summary: what the reviewer approves. Every value that an agent or a build
 * could have chosen (task text, object keys) is escaped; links are built only from commit ids.
 */
export function reviewSummary(reviews: readonly ReviewedDeploy[], repository: { serverUrl: string; name: string }): string {
  const lines: string[] = [];
  if (reviews.length === 0) return '## handoff review: no production deploy in this run\n';
  const base = `${repository.serverUrl}/${repository.name}`;
  for (const review of reviews) {
    const { task, report } = review;
    lines.push(`## ⚠️ Production plan: ${markdownText(task.id)}`, '');
    if (review.error || !report?.plan) {
      lines.push(`> [!CAUTION]`, `> No plan could be made against the live bucket: ${markdownText(review.error ?? 'unknown')}. The deploy job will refuse this task; do not approve it.`, '');
      continue;
    }
    const plan = report.plan;
    const commit = review.commit && /^[0-9a-f]{40}$/.test(review.commit) ? review.commit : undefined;
    lines.push(
      `- Commit to deploy: ${commit ? `[\`${commit.slice(0, 12)}\`](${base}/commit/${commit})` : '(unknown)'}`,
      `- Last production deploy: ${review.previousDeploy ? `${markdownText(review.previousDeploy.taskId)}${review.previousDeploy.commit && commit ? `, [compare \`${review.previousDeploy.commit.slice(0, 12)}...${commit.slice(0, 12)}\`](${base}/compare/${review.previousDeploy.commit}...${commit})` : ''}` : '(none recorded)'}`,
      ...(task.type === 'hugo-deploy' && task.promote_from ? [`- Promotes the staging deploy ${markdownText(task.promote_from)}`] : []),
      ...(task.type === 'hugo-deploy' && task.rollback_to ? [`- Rolls back to ${markdownText(task.rollback_to)}`] : []),
      `- Staging preview: ${markdownUrl(task.staging_url, '(none given)')}`,
      `- ${plan.uploads.length} upload${plan.uploads.length === 1 ? '' : 's'} (${plan.bytesToUpload} bytes), ${plan.deletes.length} delete${plan.deletes.length === 1 ? '' : 's'}, ${plan.skipped} unchanged${plan.tooManyDeletes ? `; **refused: ${plan.tooManyDeletes.count} deletes, over the limit of ${plan.tooManyDeletes.limit}**` : ''}`,
      `- Invalidation: ${report.invalidation.paths.length ? report.invalidation.paths.map((p) => markdownText(p)).join(', ') : 'none'} (${markdownText(report.invalidation.reason ?? report.invalidation.status)})`,
      '',
      'Changes being deployed:',
      '',
      ...markdownQuote(task.changes_summary ?? '(none given)'),
      '',
    );
    if (plan.uploads.length > 0) {
      // Which rule (handoff.yml's headers or the site's [deployment] matchers) set which header; blank: handoff's defaults.
      lines.push('| upload | reason | bytes | headers set by a rule |', '| --- | --- | --- | --- |');
      for (const upload of plan.uploads.slice(0, MAX_ROWS)) {
        const rules = Object.entries(upload.rules ?? {}).map(([header, rule]) => markdownText(`${header}: ${rule}`)).join('<br>');
        lines.push(`| ${markdownText(upload.key)} | ${upload.reason} | ${upload.bytes} | ${rules} |`);
      }
      if (plan.uploads.length > MAX_ROWS) lines.push(`| … and ${plan.uploads.length - MAX_ROWS} more | | | |`);
      lines.push('');
    }
    if (plan.deletes.length > 0) {
      lines.push('Deletes:', '');
      for (const key of plan.deletes.slice(0, MAX_ROWS)) lines.push(`- ${markdownText(key)}`);
      if (plan.deletes.length > MAX_ROWS) lines.push(`- … and ${plan.deletes.length - MAX_ROWS} more`);
      lines.push('');
    }
    lines.push('After approval the deploy builds exactly this commit and plans again; its result says what differs should the bucket have changed since.', '');
  }
  return lines.join('\n');
}
