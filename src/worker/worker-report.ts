import type { SiteDeploymentRules } from '../deploy/deploy.js';
import { CONFIG_FILE } from '../config/load-config.js';
import { actionFor, type ClassifiedError } from '../errors/categories.js';
import { classifyFailure, type FailureInput } from '../errors/classify.js';
import { formatProblem, type Problem } from '../validation/problem.js';
import type { TreeMeasure } from '../files/tree-digest.js';
import type { AnyTaskOutputs, NoOutputs } from './task-outputs.js';

/** What a worker reports before the criteria are applied: its task type's outputs (task-outputs.ts). */
export interface WorkerReport<Outputs extends AnyTaskOutputs = AnyTaskOutputs> {
  outputs: Outputs;
  error?: ClassifiedError;
  log: string;
  /** What a build found and measured of its output (its tree digest's walk), for the deploy that follows. */
  measuredTree?: TreeMeasure;
  /**
   * A deploy's build: what the site's own `[deployment]` settings ask of the deploy, read from the
   * source that was built (so a promote or rollback deploys with that commit's rules, and a
   * prebuilt tree carries them to the deploy job in its build.json).
   */
  siteDeployment?: SiteDeploymentRules;
}

export function configFailure(message: string, nextStep: string): WorkerReport<NoOutputs> {
  return { outputs: {}, log: message, error: configError(message, nextStep) };
}

/** A setting handoff.yml lacks: the caller's next step names the key, since it knows what the setting is for. */
export function configError(message: string, nextStep: string): ClassifiedError {
  return { category: 'handoff-config', action: actionFor('handoff-config'), message, next_step: nextStep, file: CONFIG_FILE };
}

/** handoff.yml does not parse or fit the schema: the first problem names the key and line. */
export function invalidConfig(problems: readonly Problem[]): WorkerReport<NoOutputs> {
  const message = problems.map(formatProblem).join('; ');
  const first = problems[0];
  const input: FailureInput = { source: 'config', message, file: first?.file ?? CONFIG_FILE };
  if (first?.field) input.field = first.field;
  if (first?.line !== undefined) input.line = first.line;
  if (first?.column !== undefined) input.column = first.column;
  return { outputs: {}, log: message, error: classifyFailure(input) };
}

/** A refusal no tool reported: the message and next step say why and what the user must decide. */
export function escalate(message: string, nextStep: string): ClassifiedError {
  return { category: 'unknown', action: actionFor('unknown'), message, next_step: nextStep };
}

export function seconds(milliseconds: number): number {
  return Math.round(milliseconds / 10) / 100;
}
