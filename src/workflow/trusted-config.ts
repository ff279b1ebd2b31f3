import type { HandoffConfig } from '../config/config-schema.js';
import { configAtCommit } from '../config/config-at-commit.js';
import { CONFIG_FILE, parseConfig } from '../config/load-config.js';
import type { Git } from '../git/git-runner.js';
import { formatProblem } from '../validation/problem.js';

/**
 * The settings that weaken a gate or redirect a deploy (allow_unprotected, buckets,
 * distributions, roles, allowed site repositories), read from where the pushed commits cannot
 * reach: a repository variable, or handoff.yml as the branch was before the push.
 */
export type TrustedConfig =
  | { ok: true; config: HandoffConfig; source: string }
  | { ok: false; reason: string };

/**
 * Files whose change in the same push as a production task refuses that task: handoff.yml, the
 * workflows, and actions/ (a repository set up without --actions runs the jobs' actions from
 * ./actions/ of the checked-out commit, so they are as much the gate as the workflow file).
 */
export function isGateFile(file: string): boolean {
  return file === CONFIG_FILE || file.startsWith('.github/') || file.startsWith('actions/');
}

/** A repository variable's text (the whole handoff.yml), given to the plan as an input. */
export function trustedConfigFromVariable(text: string, name: string): TrustedConfig {
  const parsed = parseConfig(text);
  if (!parsed.ok) return { ok: false, reason: `the repository variable ${name} is not a valid handoff.yml: ${parsed.problems.map(formatProblem).join('; ')}` };
  return { ok: true, config: parsed.config, source: `the repository variable ${name}` };
}

/** handoff.yml at a commit (read from git's objects: the work tree holds the pushed version), as a trusted source. */
export async function trustedConfigAt(git: Git, commit: string, what: string): Promise<TrustedConfig> {
  const source = `${CONFIG_FILE} at ${commit.slice(0, 12)} (${what})`;
  const loaded = await configAtCommit(git, commit);
  if (!loaded.ok) return { ok: false, reason: `${source} cannot be used: ${loaded.problems.map(formatProblem).join('; ')}` };
  return { ok: true, config: loaded.config, source: loaded.found ? source : `${source}, where it does not exist yet` };
}

/** The gate files (handoff.yml, .github/) changed between two commits. */
export async function gateFilesChangedBetween(git: Git, base: string, head: string): Promise<string[]> {
  const diff = await git(['diff', '--name-only', '--no-renames', '-z', base, head], { allowFailure: true });
  return diff.stdout.split('\0').filter(Boolean).filter(isGateFile).sort();
}

/**
 * The gate files changed by the commit that added a task file: for a task the plan did not
 * see pushed (a dispatch, a schedule, a task left waiting), the commit that brought it.
 */
export async function gateFilesChangedWith(git: Git, head: string, file: string): Promise<string[]> {
  const added = await git(['log', '-1', '--diff-filter=A', '--format=%H', head, '--', file], { allowFailure: true });
  const commit = added.stdout.trim();
  if (!commit) return [];
  const files = await git(['diff-tree', '--no-commit-id', '--name-only', '--no-renames', '-r', '-z', '--root', commit], { allowFailure: true });
  return files.stdout.split('\0').filter(Boolean).filter(isGateFile).sort();
}
