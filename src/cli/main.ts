import { systemClock } from '../clock.js';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HANDOFF_VERSION } from '../version.js';
import { findRepositoryRoot, MissingPathError, printJson, UsageError, type CliContext, type ParsedCommand } from './cli-context.js';
import { closableWriter, exitOnSignal } from './process-streams.js';

/** A command: its options (node's parseArgs), a one-line summary, and its code, loaded on use. */
export interface CommandSpec {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals: boolean;
  /**
   * The command stops by itself at a safe point on Ctrl-C (context.stopSignal); a second Ctrl-C
   * still exits at once. Every other command exits on the first one.
   */
  stopsAtSafePoint?: true;
  load: () => Promise<{ run: (parsed: ParsedCommand, context: CliContext) => Promise<number> }>;
}

const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMANDS: Record<string, CommandSpec> = {
  new: {
    summary: 'render a template into tasks/pending/<id>.md',
    usage: 'handoff new <template> [--env dev|staging|production] [--site name] [--description "…"] [--brief words] [--set key=value …]',
    options: { env: { type: 'string' }, site: { type: 'string' }, description: { type: 'string' }, brief: { type: 'string' }, set: { type: 'string', multiple: true } },
    allowPositionals: true,
    load: () => import('./commands/new-task.js'),
  },
  run: {
    summary: 'run a task on this machine and write its result file',
    usage: 'handoff run <task-file> [--dry-run | --apply] [--local-s3] [--verify-headers] [--allow-hugo-mismatch]',
    options: { 'dry-run': { type: 'boolean' }, apply: { type: 'boolean' }, 'local-s3': { type: 'boolean' }, 'verify-headers': { type: 'boolean' }, 'allow-hugo-mismatch': { type: 'boolean' } },
    allowPositionals: true,
    load: () => import('./commands/run-task.js'),
  },
  diff: {
    summary: "show the diff a content-edit task would make, writing nothing (the task stays where it is)",
    usage: 'handoff diff <task-file>',
    options: {},
    allowPositionals: true,
    load: () => import('./commands/diff-edit.js'),
  },
  validate: {
    summary: 'check task files (default: tasks/pending/) and print every problem',
    usage: 'handoff validate [paths…]',
    options: {},
    allowPositionals: true,
    load: () => import('./commands/validate-tasks.js'),
  },
  verify: {
    summary: "check a result against its task's success criteria and say what to do next",
    usage: 'handoff verify <task-id | result-file>',
    options: {},
    allowPositionals: true,
    load: () => import('./commands/verify-result.js'),
  },
  status: {
    summary: 'list pending, in-progress, completed and failed tasks and the newest results',
    usage: 'handoff status [--limit N] [--site name]',
    options: { limit: { type: 'string' }, site: { type: 'string' } },
    allowPositionals: false,
    load: () => import('./commands/show-status.js'),
  },
  submit: {
    summary: 'validate a task, commit only that file and push it (production needs the typed confirmation)',
    usage: 'handoff submit <task-file> [--confirm "DEPLOY TO PRODUCTION"] [--no-push] [--include-site]',
    options: { confirm: { type: 'string' }, 'no-push': { type: 'boolean' }, 'include-site': { type: 'boolean' } },
    allowPositionals: true,
    load: () => import('./commands/submit-task.js'),
  },
  wait: {
    summary: "wait for a task's result (fetching the remote), then print the verdict",
    usage: 'handoff wait <task-id> [--timeout 30m] [--interval 15s]',
    options: { timeout: { type: 'string' }, interval: { type: 'string' } },
    allowPositionals: true,
    load: () => import('./commands/wait-for-result.js'),
  },
  cancel: {
    summary: 'cancel a pending task: it moves to tasks/failed/ with a result saying it was cancelled (nothing is deleted)',
    usage: 'handoff cancel <task-id> [--reason "…"]',
    options: { reason: { type: 'string' } },
    allowPositionals: true,
    load: () => import('./commands/cancel-task.js'),
  },
  watch: {
    summary: 'run tasks as they appear in tasks/pending/ on this machine, one at a time, until stopped',
    usage: 'handoff watch [--once] [--interval 5s] [--push]',
    options: { once: { type: 'boolean' }, interval: { type: 'string' }, push: { type: 'boolean' } },
    allowPositionals: false,
    stopsAtSafePoint: true,
    load: () => import('./commands/watch-tasks.js'),
  },
  preview: {
    summary: "a branch's or pull request's dev deploy (the dev-deploy workflow): its URL, the commit deployed, its files and when",
    usage: 'handoff preview [branch | --pr <number>] [--wait 10m] [--interval 10s]',
    options: { wait: { type: 'string' }, interval: { type: 'string' }, pr: { type: 'string' } },
    allowPositionals: true,
    load: () => import('./commands/show-preview.js'),
  },
  mcp: {
    summary: 'serve the agent tools (create, submit, wait, verify, …) over MCP on stdio',
    usage: 'handoff mcp [--root <dir>]',
    options: {},
    allowPositionals: false,
    load: () => import('./commands/serve-mcp.js'),
  },
  plan: {
    summary: 'plan a hugo-deploy against the live bucket (nothing sent) and say whether to ask the user first (approval: not-needed | ask-user)',
    usage: 'handoff plan <task-file>',
    options: {},
    allowPositionals: true,
    load: () => import('./commands/plan-task.js'),
  },
  promote: {
    summary: 'create a production deploy of exactly the commit a successful staging deploy built (typed confirmation)',
    usage: 'handoff promote <staging-task-id> [--confirm "DEPLOY TO PRODUCTION"] [--changes "…"] [--no-push]',
    options: { confirm: { type: 'string' }, changes: { type: 'string' }, 'no-push': { type: 'boolean' } },
    allowPositionals: true,
    load: () => import('./commands/promote-task.js'),
  },
  rollback: {
    summary: 'create a deploy of the commit of the previous successful deploy of an environment (or --to a named one)',
    usage: 'handoff rollback <environment> [--to <task-id>] [--site name] [--confirm "DEPLOY TO PRODUCTION"] [--no-push]',
    options: { to: { type: 'string' }, site: { type: 'string' }, confirm: { type: 'string' }, 'no-push': { type: 'boolean' } },
    allowPositionals: true,
    load: () => import('./commands/rollback-task.js'),
  },
  doctor: {
    summary: "check the repository's GitHub settings the trust model needs (environments, reviewers, deployment branches, variables, OIDC subject), item by item",
    usage: 'handoff doctor [--repo owner/name]   (GITHUB_TOKEN or GH_TOKEN: a token that may read the repository settings)',
    options: { repo: { type: 'string' } },
    allowPositionals: false,
    load: () => import('./commands/doctor.js'),
  },
  init: {
    summary: 'add handoff (workflow, templates, task folders, handoff.yml, agent guide) to a Hugo repository',
    usage: 'handoff init [--force] [--actions owner/repo@ref]',
    options: { force: { type: 'boolean' }, actions: { type: 'string' } },
    allowPositionals: false,
    load: () => import('./commands/init-repo.js'),
  },
};

/** What main takes besides the context's parts: how the process ends on a signal. */
export interface MainOverrides extends Partial<CliContext> {
  exit?: (code: number) => void;
}

/**
 * The one place that turns a command's outcome into an exit code: 0 success, 1 the task, check or
 * verification failed, 2 the command was misused or what it names is not there, 130/143 stopped
 * by SIGINT/SIGTERM.
 */
export async function main(argv: readonly string[], overrides: MainOverrides = {}): Promise<number> {
  const stdout = overrides.stdout ?? closableWriter(process.stdout);
  const stderr = overrides.stderr ?? closableWriter(process.stderr);
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    stdout(`${HANDOFF_VERSION}\n`);
    return 0;
  }
  const spec = COMMANDS[name];
  const wantsJson = rest.includes('--json');
  const fail = (message: string, code: number, kind: 'usage' | 'not-found' | 'internal' = code === 2 ? 'usage' : 'internal'): number => {
    if (wantsJson) printJson({ stdout } as CliContext, { ok: false, error: { code: kind, message } });
    else stderr(`handoff: ${message}\n`);
    return code;
  };
  if (!spec) return fail(`unknown command '${name}'; expected one of: ${Object.keys(COMMANDS).join(', ')} (see handoff help)`, 2);

  let parsed: ParsedCommand;
  try {
    const result = parseArgs({ args: [...rest], options: { ...COMMON_OPTIONS, ...spec.options }, allowPositionals: spec.allowPositionals, strict: true });
    parsed = { values: result.values as ParsedCommand['values'], positionals: result.positionals };
  } catch (error) {
    return fail(`${(error as Error).message.split('\n')[0]}\nusage: ${spec.usage}`, 2);
  }
  if (parsed.values.help) {
    stdout(`usage: ${spec.usage}\n\n${spec.summary}\n`);
    return 0;
  }
  const cwd = overrides.cwd ?? process.cwd();
  const stop = new AbortController();
  let interruptNote: string | undefined;
  const exit = overrides.exit ?? ((code: number) => process.exit(code));
  const removeSignalHandlers = exitOnSignal(stderr, () => interruptNote, exit, spec.stopsAtSafePoint ? stop : undefined);
  const context: CliContext = {
    root: typeof parsed.values.root === 'string' ? path.resolve(cwd, parsed.values.root) : findRepositoryRoot(cwd),
    cwd,
    json: parsed.values.json === true,
    stdout,
    stderr,
    interactive: overrides.interactive ?? Boolean(process.stderr.isTTY),
    now: overrides.now ?? systemClock,
    env: overrides.env ?? process.env,
    stopSignal: stop.signal,
    noteOnInterrupt: (note) => {
      interruptNote = note;
    },
  };
  try {
    const command = await spec.load();
    return await command.run(parsed, context);
  } catch (error) {
    if (error instanceof MissingPathError) return fail(error.message, 2, 'not-found');
    if (error instanceof UsageError) return fail(`${error.message}\nusage: ${spec.usage}`, 2);
    const message = error instanceof Error ? error.message : String(error);
    return fail(`${name} failed: ${message}`, 1);
  } finally {
    removeSignalHandlers();
  }
}

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`);
  return [
    `handoff ${HANDOFF_VERSION}: hand deterministic work (Hugo builds, deploys) to a worker and get a result file back`,
    '',
    'usage: handoff <command> [options]',
    '',
    ...lines,
    '',
    'Every command takes --json (machine-readable output on stdout) and --root <dir> (the repository;',
    'default: the nearest folder up from here with handoff.yml or .git).',
    'Exit codes: 0 success, 1 the task, check or verification failed, 2 the command was misused or what',
    'it names is not there, 130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM.',
    '',
  ].join('\n');
}
