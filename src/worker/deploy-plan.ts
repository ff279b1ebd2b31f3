import { createHash } from 'node:crypto';
import type { ApprovalConfig } from '../config/config-schema.js';
import type { PlanSummary } from '../deploy/plan.js';
import type { Task } from '../task/validate-task.js';

/** Keys listed in a reviewed plan at most; past this only its digest is compared. */
const MAX_LISTED_KEYS = 2000;

/**
 * The plan a reviewer saw before approving (the preview job computes it against the live bucket
 * with read-only credentials), carried to the deploy job to compare with what it is about to do.
 */
export interface ReviewedPlan {
  task_id: string;
  /** The commit the preview built; the deploy must build the same. */
  commit: string | null;
  uploads: string[];
  deletes: string[];
  /** sha256 over the sorted upload and delete keys: compared when the lists were too long to carry. */
  digest: string;
  /** False when the lists were cut at MAX_LISTED_KEYS. */
  complete: boolean;
  /** The digest of the built tree the plan was made from (treeDigest): the deploy must ship that tree. */
  tree_digest?: string;
}

export function reviewedPlanOf(taskId: string, commit: string | null, plan: PlanSummary, treeDigest?: string): ReviewedPlan {
  const uploads = plan.uploads.map((upload) => upload.key).sort();
  const deletes = [...plan.deletes].sort();
  const digest = createHash('sha256').update(JSON.stringify({ uploads, deletes })).digest('hex');
  const complete = uploads.length + deletes.length <= MAX_LISTED_KEYS;
  return { task_id: taskId, commit, uploads: complete ? uploads : [], deletes: complete ? deletes : [], digest, complete, ...(treeDigest ? { tree_digest: treeDigest } : {}) };
}

/** What differs between the reviewed plan and the one at deploy time, in words; empty when they match. */
export function planDifferences(reviewed: ReviewedPlan, actual: ReviewedPlan): string[] {
  const differences: string[] = [];
  if (reviewed.commit && actual.commit && reviewed.commit !== actual.commit) differences.push(`builds ${actual.commit}, not the reviewed ${reviewed.commit}`);
  if (reviewed.digest === actual.digest) return differences;
  if (!reviewed.complete || !actual.complete) {
    differences.push(`the uploads and deletes differ from the reviewed plan (${actual.uploads.length || '?'} uploads; digest ${actual.digest.slice(0, 12)}, reviewed ${reviewed.digest.slice(0, 12)})`);
    return differences;
  }
  const list = (label: string, keys: string[]) => {
    if (keys.length === 0) return;
    differences.push(`${label}: ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ` and ${keys.length - 20} more` : ''}`);
  };
  const reviewedUploads = new Set(reviewed.uploads);
  const actualUploads = new Set(actual.uploads);
  const reviewedDeletes = new Set(reviewed.deletes);
  const actualDeletes = new Set(actual.deletes);
  list('uploads not in the reviewed plan', actual.uploads.filter((key) => !reviewedUploads.has(key)));
  list('reviewed uploads no longer needed (the bucket already had them)', reviewed.uploads.filter((key) => !actualUploads.has(key)));
  list('deletes not in the reviewed plan', actual.deletes.filter((key) => !reviewedDeletes.has(key)));
  list('reviewed deletes no longer needed', reviewed.deletes.filter((key) => !actualDeletes.has(key)));
  return differences;
}

export type Approval = 'not-needed' | 'ask-user';

/** The defaults of handoff.yml's approval section; each rule in one place. */
export const APPROVAL_DEFAULTS: Required<ApprovalConfig> = {
  max_changed_share: 0.2,
  ask_on_deletes: true,
  ask_on_pages_removed: true,
  ask_on_template_changes: true,
};

/** Template and configuration files of a Hugo site: a change to one can change every page. */
export function isTemplateOrConfig(sitePath: string, file: string): boolean {
  const prefix = sitePath === '.' || sitePath === '' ? '' : `${sitePath.replace(/\/+$/, '')}/`;
  if (!file.startsWith(prefix)) return false;
  const inSite = file.slice(prefix.length);
  return /^(layouts|themes|config|archetypes)\//.test(inSite) || /^(hugo|config)\.(toml|ya?ml|json)$/.test(inSite);
}

/**
 * The guide's "minor changes: deploy and inform; significant: ask" as a rule over the plan.
 * Production always asks (the typed confirmation). Pure.
 */
export function decideApproval(
  task: Task,
  plan: PlanSummary,
  context: { templateChanges: string[] | undefined; previousDeploy: string | undefined },
  config: ApprovalConfig | undefined,
): { approval: Approval; reasons: string[]; changedShare: number } {
  const rules = { ...APPROVAL_DEFAULTS, ...config };
  const total = plan.uploads.length + plan.skipped + plan.deletes.length;
  const changed = plan.uploads.length + plan.deletes.length;
  const changedShare = total === 0 ? 0 : changed / total;
  const reasons: string[] = [];
  if (task.environment === 'production') reasons.push('a production deploy always needs the user\'s typed confirmation');
  if (plan.tooManyDeletes) reasons.push(`it would delete ${plan.tooManyDeletes.count} objects, more than the limit of ${plan.tooManyDeletes.limit}`);
  if (changedShare > rules.max_changed_share) {
    reasons.push(`${Math.round(changedShare * 100)}% of the files change (${changed} of ${total}), more than approval.max_changed_share ${Math.round(rules.max_changed_share * 100)}%`);
  }
  if (rules.ask_on_deletes && plan.deletes.length > 0) reasons.push(`it deletes ${plan.deletes.length} object${plan.deletes.length === 1 ? '' : 's'}`);
  const pages = plan.deletes.filter((key) => key.endsWith('.html'));
  if (rules.ask_on_pages_removed && pages.length > 0) reasons.push(`it removes ${pages.length} page${pages.length === 1 ? '' : 's'}: ${pages.slice(0, 5).join(', ')}${pages.length > 5 ? ', …' : ''}`);
  if (rules.ask_on_template_changes) {
    if (context.templateChanges === undefined) {
      reasons.push(context.previousDeploy ? `cannot tell whether templates or config changed since ${context.previousDeploy}` : `no earlier successful ${task.environment} deploy is recorded to compare templates and config with`);
    } else if (context.templateChanges.length > 0) {
      reasons.push(`templates or config changed since ${context.previousDeploy}: ${context.templateChanges.slice(0, 5).join(', ')}${context.templateChanges.length > 5 ? ', …' : ''}`);
    }
  }
  if (reasons.length > 0) return { approval: 'ask-user', reasons, changedShare };
  return {
    approval: 'not-needed',
    reasons: [`a minor change: ${changed} of ${total} files (${Math.round(changedShare * 100)}%), no deletes, no template or config changes; deploy and tell the user`],
    changedShare,
  };
}
