import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { runAction, type ActionRun } from './harness.js';

/**
 * Just enough of GitHub's expression language to run a workflow's own wiring in a test:
 * `${{ … }}` holding context paths (github.ref, steps.<id>.outputs.<name>, env.ACT), quoted
 * literals, `==`, `!=`, `!`, `&&` and `||`. Anything else throws, so a workflow that outgrows this
 * fails its test instead of being half-read.
 */
export function evaluate(expression: string, context: Record<string, unknown>): unknown {
  const orTerms = expression.split('||').map((term) => term.trim());
  if (orTerms.length > 1) return orTerms.some((term) => truthy(evaluate(term, context)));
  const andTerms = expression.split('&&').map((term) => term.trim());
  if (andTerms.length > 1) return andTerms.every((term) => truthy(evaluate(term, context)));
  const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(expression);
  if (comparison) {
    const left = String(operand(comparison[1]!, context) ?? '');
    const right = String(operand(comparison[3]!, context) ?? '');
    return comparison[2] === '==' ? left === right : left !== right;
  }
  if (expression.startsWith('!')) return !truthy(evaluate(expression.slice(1).trim(), context));
  return operand(expression, context);
}

function operand(text: string, context: Record<string, unknown>): unknown {
  const trimmed = text.trim();
  if (/^'[^']*'$/.test(trimmed)) return trimmed.slice(1, -1);
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(trimmed)) throw new Error(`workflow-runner cannot evaluate '${trimmed}'`);
  return trimmed.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), context);
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
}

/** Replaces each `${{ … }}` in a string; a value that is one whole expression keeps its type. */
export function interpolate(value: unknown, context: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\$\{\{(.+)\}\}$/s.exec(value.trim());
  if (whole) return evaluate(whole[1]!.trim(), context);
  return value.replace(/\$\{\{(.+?)\}\}/g, (_match, inner: string) => String(evaluate(inner.trim(), context) ?? ''));
}

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

export interface WorkflowJob {
  if?: string;
  environment?: string | { name: string; url?: string };
  concurrency?: { group: string; 'cancel-in-progress': unknown };
  permissions?: Record<string, string>;
  steps: WorkflowStep[];
}

export async function loadWorkflow(file: string): Promise<{ on: unknown; permissions: unknown; jobs: Record<string, WorkflowJob> }> {
  return parse(await readFile(path.join(PROJECT_ROOT, '.github', 'workflows', file), 'utf8'));
}

export interface JobRun {
  /** Whether the job's `if` let it run. */
  ran: boolean;
  /** Outputs of each step with an id. */
  steps: Record<string, Record<string, string>>;
  /** Every local action run, in order, by step name. */
  actions: { name: string; action: string; run: ActionRun }[];
  /** Third-party steps, with their evaluated inputs (not run here: checkout is the test's clone, OIDC has no local stand-in). */
  external: { uses: string; with: Record<string, unknown> }[];
  /** The job's environment with its URL evaluated after the steps, as GitHub does. */
  environment: { name: string; url?: unknown } | undefined;
  failed: boolean;
}

async function isCompositeAction(name: string): Promise<boolean> {
  const text = await readFile(path.join(PROJECT_ROOT, 'actions', name, 'action.yml'), 'utf8');
  return /^\s*using:\s*['"]?composite/m.test(text);
}

/**
 * Runs one job of a workflow file the way the runner would as far as handoff's actions go: each
 * `uses: ./actions/<name>` step runs its bundle with the step's `with:` evaluated against the
 * earlier steps' outputs and the github context; `if:` is honoured; a failed step stops the job.
 */
export async function runJob(
  job: WorkflowJob,
  options: { workspace: string; github: Record<string, unknown>; env: Record<string, string>; event: unknown; eventName: string },
): Promise<JobRun> {
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const context = () => ({ github: options.github, steps, env: {} as Record<string, string> });
  const result: JobRun = { ran: false, steps: {}, actions: [], external: [], environment: undefined, failed: false };
  if (job.if && !truthy(interpolate(`\${{ ${job.if} }}`, context()))) return result;
  result.ran = true;
  for (const step of job.steps) {
    if (step.if && !truthy(interpolate(step.if.includes('${{') ? step.if : `\${{ ${step.if} }}`, context()))) continue;
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, String(interpolate(value, context()) ?? '')]));
    if (step.uses?.startsWith('./actions/') && (await isCompositeAction(step.uses.slice('./actions/'.length)))) {
      // A composite action's `run:` steps (installing hugo) are the machine's business, as below.
      result.external.push({ uses: step.uses, with: inputs });
    } else if (step.uses?.startsWith('./actions/')) {
      const action = step.uses.slice('./actions/'.length);
      const run = await runAction(action, { workspace: options.workspace, inputs, eventName: options.eventName, event: options.event, env: options.env });
      result.actions.push({ name: step.name ?? action, action, run });
      if (step.id) steps[step.id] = { outputs: run.outputs };
      if (run.code !== 0) {
        result.failed = true;
        break;
      }
    } else if (step.uses) {
      result.external.push({ uses: step.uses, with: inputs });
    }
    // `run:` steps (installing hugo) are the machine's business here: hugo is installed.
  }
  result.steps = Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.outputs]));
  const environment = job.environment;
  if (typeof environment === 'string') result.environment = { name: environment };
  else if (environment) result.environment = { name: environment.name, ...(environment.url ? { url: interpolate(environment.url, context()) } : {}) };
  return result;
}
