import { DEFAULT_SITE_NAME } from '../config/sites.js';
import { markdownQuote, markdownText, markdownUrl } from './markdown-text.js';
import type { SelectionOutcome, ProductionNotice } from './selection-outcome.js';

/**
 * The claim job's summary. For a production deploy it is what the reviewer reads before approving
 * (the approval page links to the run): the guide's production warning with the changes, the
 * staging preview, the production URL and what is known of the uploads and deletes.
 */
export function selectionSummary(outcome: SelectionOutcome): string {
  if (outcome.kind === 'config-invalid') {
    return ['## handoff claim: handoff.yml is not valid', '', ...outcome.problems.map((problem) => `- ${cell(formatWhere(problem.file, problem.line))}: ${cell(problem.field)}: expected ${cell(problem.expected)}; found ${cell(problem.found)}`), ''].join('\n');
  }
  if (outcome.kind === 'branch-not-listed') {
    return `## handoff claim: nothing to do\n\nBranch \`${outcome.branch}\` is not in workflow.branches of handoff.yml (${outcome.branches.map((branch) => `\`${branch}\``).join(', ')}).\n`;
  }
  const lines: string[] = [];
  lines.push(`## handoff claim: ${outcome.tasks.length} to run, ${outcome.refused.length} refused, ${outcome.skipped.length} skipped`, '');
  if (outcome.source.kind === 'all') lines.push(`Every pending task was considered: ${outcome.source.reason}.`, '');
  lines.push(outcome.gates.ok ? `Gates and deploy targets read from ${outcome.gates.source}.` : `**Gates could not be read from outside this push**: ${outcome.gates.reason}; deploys were refused.`, '');
  const waiting = outcome.considered.filter((item) => !item.pushed).length;
  if (outcome.source.kind !== 'dispatch' && waiting > 0) {
    lines.push(`${waiting} of them were already waiting in tasks/pending/ (left by a cancelled or requeued run).`, '');
  }
  for (const notice of outcome.production) lines.push(...productionWarning(notice));
  if (outcome.tasks.length > 0) {
    lines.push('### Claimed', '', '| task | type | environment | site |', '| --- | --- | --- | --- |');
    for (const task of outcome.tasks) {
      lines.push(`| \`${cell(task.id)}\` | ${task.type} | ${task.environment} | ${task.site === DEFAULT_SITE_NAME ? '' : `${cell(task.site)}: `}${task.site_repository ? `${cell(task.site_repository)}@${cell(task.site_ref || 'default')}` : 'this repository'} |`);
    }
    lines.push('');
  }
  if (outcome.refused.length > 0) {
    lines.push('### Refused (a failed result was committed for each)', '', '| task file | stage | why |', '| --- | --- | --- |');
    for (const refused of outcome.refused) lines.push(`| \`${cell(refused.file)}\` | ${refused.stage} | ${cell(refused.message)} |`);
    lines.push('');
  }
  if (outcome.skipped.length > 0) {
    lines.push('### Skipped', '');
    for (const skipped of outcome.skipped) lines.push(`- \`${cell(skipped.file)}\`: ${cell(skipped.reason)}`);
    lines.push('');
  }
  if (outcome.tasks.length === 0 && outcome.refused.length === 0 && outcome.skipped.length === 0) lines.push('No pending task files in this push.', '');
  return lines.join('\n');
}

function productionWarning(notice: ProductionNotice): string[] {
  const { task } = notice;
  const staging = notice.stagingResult;
  const counts = staging
    ? `not known before approval (this job has no AWS access; only the approved job has). The last staging deploy (\`${staging.path}\`, ${String(staging.finishedAt ?? 'unknown time')}) uploaded ${String(staging.uploaded ?? '?')}, deleted ${String(staging.deleted ?? '?')}, skipped ${String(staging.skipped ?? '?')} files; production differs from staging by at most those changes plus whatever production lacked.`
    : 'not known before approval (this job has no AWS access; only the approved job has), and no staging deploy result is recorded to compare with.';
  const protection =
    notice.protection.kind === 'protected'
      ? `${notice.protection.reviewers} required reviewer(s) on the production environment.`
      : notice.protection.kind === 'allowed-unprotected'
        ? `**No required reviewers**: ${notice.protection.warning}.`
        : '';
  return [
    `### ⚠️ PRODUCTION DEPLOYMENT WARNING: ${markdownText(task.id)}`,
    '',
    '> [!WARNING]',
    `> This will update the customer-facing site at ${markdownUrl(notice.productionUrl, '(no production URL configured)')}`,
    '',
    'Changes being deployed:',
    '',
    ...markdownQuote(task.changes_summary ?? '(none given)'),
    '',
    `- Staging preview: ${markdownUrl(task.staging_url, '(none given)')}`,
    `- Production URL: ${markdownUrl(notice.productionUrl, '(not configured)')}`,
    `- Typed confirmation: ${markdownText(task.confirmation ?? '')} (checked)`,
    `- Requested by: ${markdownText(task.requested_by ?? 'unknown')}${task.git_branch ? ` from branch ${markdownText(task.git_branch)}` : ''}`,
    `- Description: ${markdownText(task.description)}`,
    `- Planned uploads and deletes: ${counts} The exact plan against the live bucket is in the review job's summary.`,
    `- Protection: ${protection}`,
    '',
  ];
}

function formatWhere(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

/** Keeps a value from breaking the table or the markdown around it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}
