import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { runAction, type ActionRun } from './harness.js';

/**
 * Just enough of GitHub's expression language to run a workflow's own wiring in a test:
 * context paths (github.ref, steps.<id>.outputs.<name>, needs.<job>.outputs.<name>, env.ACT),
 * quoted literals, parentheses, `==`, `!=`, `!`, and `&&` / `||` with GitHub's value semantics
 * (`a || b` is a when a is truthy, else b), and the status functions `cancelled()` (false: a test
 * never cancels a run) and `always()`. Anything else throws, so a workflow that outgrows this fails
 * its test instead of being half-read.
 */
export function evaluate(expression: string, context: Record<string, unknown>): unknown {
  const tokens = expression.match(/'[^']*'|\|\||&&|==|!=|!|\(|\)|[^\s()!=&|']+/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const orExpression = (): unknown => {
    let value = andExpression();
    while (peek() === '||') {
      next();
      const right = andExpression();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const andExpression = (): unknown => {
    let value = comparison();
    while (peek() === '&&') {
      next();
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const comparison = (): unknown => {
    const left = unary();
    const operator = peek();
    if (operator !== '==' && operator !== '!=') return left;
    next();
    const right = unary();
    const equal = String(left ?? '') === String(right ?? '');
    return operator === '==' ? equal : !equal;
  };
  const unary = (): unknown => {
    const token = next();
    if (token === '!') return !truthy(unary());
    if (token === '(') {
      const value = orExpression();
      if (next() !== ')') throw new Error(`workflow-runner: unbalanced parentheses in '${expression}'`);
      return value;
    }
    if (token === undefined) throw new Error(`workflow-runner: '${expression}' ends early`);
    if ((token === 'cancelled' || token === 'always') && peek() === '(') {
      next();
      if (next() !== ')') throw new Error(`workflow-runner: ${token}() takes no arguments in '${expression}'`);
      return token === 'always';
    }
    return operand(token, context);
  };
  const value = orExpression();
  if (position !== tokens.length) throw new Error(`workflow-runner cannot evaluate '${expression}'`);
  return value;
}

function operand(text: string, context: Record<string, unknown>): unknown {
  const trimmed = text.trim();
  if (/^'[^']*'$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
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
  /** A job that calls a reusable workflow (`./.github/workflows/<file>`), with its inputs. */
  uses?: string;
  with?: Record<string, unknown>;
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown> };
  needs?: string | string[];
  outputs?: Record<string, string>;
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
  /** The job's `outputs:`, evaluated after its steps (what `needs.<job>.outputs` gives later jobs). */
  outputs: Record<string, string>;
  failed: boolean;
}

/**
 * The run's artifact storage: upload-artifact copies a folder in under its name, download-artifact
 * copies it out into the downloading job's workspace, as the runner's artifact service does
 * between jobs on different machines.
 */
export interface ArtifactStore {
  root: string;
}

async function actionInputDefaults(name: string): Promise<Record<string, string>> {
  const metadata = parse(await readFile(path.join(PROJECT_ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: Record<string, { default?: unknown }> };
  return Object.fromEntries(Object.entries(metadata.inputs ?? {}).flatMap(([input, spec]) => (spec.default === undefined ? [] : [[input, String(spec.default)]])));
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
  options: {
    workspace: string;
    github: Record<string, unknown>;
    env: Record<string, string>;
    event: unknown;
    eventName: string;
    /** Earlier jobs this one needs, by id. */
    needs?: Record<string, JobRun>;
    artifacts?: ArtifactStore;
    /** `matrix` (one leg's values) and `inputs` (a called workflow's), for expressions. */
    contexts?: { matrix?: Record<string, unknown>; inputs?: Record<string, unknown> };
  },
): Promise<JobRun> {
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const needs = Object.fromEntries(Object.entries(options.needs ?? {}).map(([id, run]) => [id, { outputs: run.outputs, result: run.failed ? 'failure' : run.ran ? 'success' : 'skipped' }]));
  const context = () => ({ github: options.github, steps, needs, env: {} as Record<string, string>, ...options.contexts });
  const result: JobRun = { ran: false, steps: {}, actions: [], external: [], environment: undefined, outputs: {}, failed: false };
  if (job.if && !truthy(interpolate(job.if.includes('${{') ? job.if : `\${{ ${job.if} }}`, context()))) return result;
  result.ran = true;
  for (const step of job.steps) {
    if (step.if && !truthy(interpolate(step.if.includes('${{') ? step.if : `\${{ ${step.if} }}`, context()))) continue;
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, String(interpolate(value, context()) ?? '')]));
    if (step.uses?.startsWith('./actions/') && (await isCompositeAction(step.uses.slice('./actions/'.length)))) {
      // A composite action's `run:` steps (installing hugo) are the machine's business, as below.
      result.external.push({ uses: step.uses, with: inputs });
    } else if (step.uses?.startsWith('./actions/')) {
      const action = step.uses.slice('./actions/'.length);
      // The runner fills in each input the step leaves out with the action's default, evaluated.
      const defaults = Object.fromEntries(Object.entries(await actionInputDefaults(action)).map(([key, value]) => [key, String(interpolate(value, context()) ?? '')]));
      const run = await runAction(action, { workspace: options.workspace, inputs: { ...defaults, ...inputs }, eventName: options.eventName, event: options.event, env: options.env });
      result.actions.push({ name: step.name ?? action, action, run });
      if (step.id) steps[step.id] = { outputs: run.outputs };
      if (run.code !== 0) {
        result.failed = true;
        break;
      }
    } else if (step.uses) {
      result.external.push({ uses: step.uses, with: inputs });
      const [action] = step.uses.split('@');
      if ((action === 'actions/upload-artifact' || action === 'actions/download-artifact') && !options.artifacts) throw new Error(`workflow-runner: ${step.uses} needs an artifact store`);
      const stored = options.artifacts ? path.join(options.artifacts.root, String(inputs.name)) : '';
      const local = path.resolve(options.workspace, String(inputs.path));
      if (action === 'actions/upload-artifact') await cp(local, stored, { recursive: true });
      if (action === 'actions/download-artifact') await cp(stored, local, { recursive: true });
    }
    // `run:` steps (installing hugo) are the machine's business here: hugo is installed.
  }
  result.steps = Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.outputs]));
  result.outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([name, value]) => [name, String(interpolate(value, context()) ?? '')]));
  const environment = job.environment;
  if (typeof environment === 'string') result.environment = { name: environment };
  else if (environment) result.environment = { name: environment.name, ...(environment.url ? { url: interpolate(environment.url, context()) } : {}) };
  return result;
}

/**
 * The legs of a job's matrix, as `strategy.matrix.<key>: ${{ fromJSON(needs.<job>.outputs.<name>) }}`
 * gives them: one leg per value of the JSON array an earlier job output. The only matrix form the
 * handoff workflows use; anything else throws.
 */
export function matrixLegs(job: WorkflowJob, needs: Record<string, JobRun>): Array<Record<string, unknown>> {
  const entries = Object.entries(job.strategy?.matrix ?? {});
  const [entry, ...more] = entries;
  if (!entry || more.length > 0) throw new Error('workflow-runner: expected a matrix of one key');
  const [key, value] = entry;
  const match = /^\$\{\{\s*fromJSON\(needs\.([\w-]+)\.outputs\.([\w-]+)\)\s*\}\}$/.exec(String(value));
  if (!match) throw new Error(`workflow-runner cannot expand the matrix ${key}: ${String(value)}`);
  const values = JSON.parse(needs[match[1]!]?.outputs[match[2]!] ?? '[]') as unknown[];
  return values.map((item) => ({ [key]: item }));
}
