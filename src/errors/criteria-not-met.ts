import type { CriterionResult } from '../criteria/index.js';
import { actionFor, type ClassifiedError } from './categories.js';

/**
 * The tool reported no error, yet a success criterion does not hold: the build or deploy did
 * something other than what the task asked for (a site that lost pages, a live check that
 * answered 404). Only the user can say whether the criterion or the site is wrong, so it
 * escalates, naming each failed criterion with its actual and expected value.
 */
export function criteriaNotMet(failed: readonly CriterionResult[], missing: readonly string[]): ClassifiedError {
  const described = failed.map((criterion) => `\`${criterion.expression}\` failed: ${criterion.reason ?? `actual ${JSON.stringify(criterion.actual)}`}`);
  if (missing.length) described.push(`expected outputs missing: ${missing.join(', ')}`);
  const first = failed[0];
  return {
    category: 'criteria-not-met',
    action: actionFor('criteria-not-met'),
    message: described.join('; '),
    next_step: `Escalate: the tool ran without error but ${failed.length === 1 ? 'a success criterion was' : `${failed.length} success criteria were`} not met (${first ? `\`${first.expression}\`: ${first.reason ?? 'false'}` : ''}). Tell the user the criterion, its actual and its expected value, and ask whether the site or the criterion is wrong.`,
  };
}
