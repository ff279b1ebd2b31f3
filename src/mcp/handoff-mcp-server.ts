import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { AgentError } from '../client/agent-error.js';
import { fillContentEditParams, previewContentEdit } from '../client/content-edit-task.js';
import { contentOperationSchema } from '../content-edit/operations.js';
import { agentGit, isGitRepository, remoteBranchFor } from '../branch-sync/git-remote.js';
import { lookUpPreview } from '../client/preview-lookup.js';
import { resultReport } from '../result/result-report.js';
import { submitRedeploy } from '../client/redeploy-task.js';
import { submitTask } from '../client/submit-task.js';
import { committedTaskLocation, fetchRemoteResult, localTaskLocation } from '../client/task-location.js';
import { timeoutMessage, waitForResult } from '../client/wait-for-result.js';
import { listTemplates } from '../cli/commands/new-task.js';
import { SITE_NAME_PATTERN } from '../config/config-schema.js';
import { main } from '../cli/main.js';
import { fetchBranch } from '../git/push-with-retry.js';
import { packageRoot } from '../package-root.js';
import { formatProblem, type Problem } from '../validation/problem.js';
import { HANDOFF_VERSION } from '../version.js';

interface ToolAnswer {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  isError?: boolean;
}

const answer = (value: unknown): ToolAnswer => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] });
const toolError = (message: string, problems: readonly Problem[] = []): ToolAnswer => ({
  content: [{ type: 'text', text: [message, ...problems.map((problem) => `error: ${formatProblem(problem)}`)].join('\n') }],
  isError: true,
});

/**
 * The CLI command, run in this process with its output captured: the tools that mirror `new`,
 * `verify` and `status` go through the very same code, so the agent gets the same answers and
 * the same messages whether it calls the tool or the command.
 */
async function runCommand(root: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--json', '--root', root], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    interactive: false,
    cwd: root,
    env,
  });
  let json: any;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, json, stderr };
}

/** A command's failure as a tool error: its message and problems, as the CLI prints them. */
function commandError(run: { json: any; stderr: string }): ToolAnswer {
  const problems: Problem[] = Array.isArray(run.json?.problems) ? run.json.problems : [];
  const message = typeof run.json?.error?.message === 'string' ? run.json.error.message : run.stderr.trim() || 'failed';
  return toolError(problems.length && !run.json?.error ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : message, problems);
}

async function guarded(body: () => Promise<ToolAnswer>): Promise<ToolAnswer> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AgentError) return toolError(error.message, error.problems);
    return toolError(error instanceof Error ? error.message : String(error));
  }
}

const siteName = z.string().regex(SITE_NAME_PATTERN, 'a site name of handoff.yml');
const taskId = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a task id: letters, digits, dots, dashes, underscores').describe('The task id, e.g. 2026-01-19-1430-hugo-build-staging');

/**
 * The MCP face of handoff: the agent's whole loop (templates, create, submit, status, wait,
 * verify, recent results) as tools with validated inputs, answering with the JSON the CLI's
 * --json prints. Failures are tool errors (isError) carrying the CLI's own message.
 */
export function createHandoffMcpServer(root: string, env: NodeJS.ProcessEnv): McpServer {
  const server = new McpServer({ name: 'handoff', version: HANDOFF_VERSION });

  server.registerTool(
    'list_templates',
    { description: 'List the task templates (the repository\'s templates/, else the ones shipped with handoff), with the type and environment each is for.', inputSchema: {} },
    () =>
      guarded(async () => {
        const templates = [];
        for (const name of await listTemplates(root)) {
          const own = path.join(root, 'templates', `${name}.md`);
          const text = await readFile(own, 'utf8').catch(() => readFile(path.join(packageRoot(), 'templates', `${name}.md`), 'utf8'));
          const field = (key: string): string | null => new RegExp(`^${key}:\\s*"?([^"\\n]*)"?\\s*$`, 'm').exec(text)?.[1] ?? null;
          const environment = field('environment');
          templates.push({ name, type: field('type'), environment: environment?.includes('{') ? null : environment, placeholders: [...new Set([...text.matchAll(/\{([a-z_-]+)\}/g)].map((match) => match[1]))] });
        }
        return answer({ ok: true, templates });
      }),
  );

  server.registerTool(
    'create_task',
    {
      description: 'Render a template into tasks/pending/<id>.md (handoff new). Returns the id and path; refuses unfilled placeholders and invalid tasks with their problems.',
      inputSchema: {
        template: z.string().min(1).describe('Template name, e.g. hugo-build'),
        environment: z.enum(['dev', 'staging', 'production']).optional(),
        site: siteName.optional().describe('The site of handoff.yml (required where it declares several)'),
        description: z.string().min(1).describe('What this task is for, one line'),
        brief: z.string().regex(/^[a-z0-9-]+$/).optional().describe('Short words for the id'),
        set: z.record(z.string(), z.string()).optional().describe('More placeholders, e.g. {"changes_summary": "…"}'),
      },
    },
    ({ template, environment, site, description, brief, set }) =>
      guarded(async () => {
        const args = ['new', template, '--description', description];
        if (environment) args.push('--env', environment);
        if (site) args.push('--site', site);
        if (brief) args.push('--brief', brief);
        for (const [key, value] of Object.entries(set ?? {})) args.push('--set', `${key}=${value}`);
        const run = await runCommand(root, env, args);
        return run.code === 0 ? answer(run.json) : commandError(run);
      }),
  );

  server.registerTool(
    'submit_task',
    {
      description:
        'Validate a task, commit only that file and push it (handoff submit). A production deploy needs confirm set to exactly "DEPLOY TO PRODUCTION", typed by the user after seeing the production warning.',
      inputSchema: {
        path: z.string().min(1).describe('The task file, e.g. tasks/pending/<id>.md'),
        confirm: z.string().optional().describe('The user\'s typed confirmation, for production deploys only'),
        push: z.boolean().optional().describe('Push after committing (default true)'),
        include_site: z.boolean().optional().describe("Commit the site folder's uncommitted changes with the task (the worker builds the committed tree; site_changes lists them)"),
      },
    },
    ({ path: file, confirm, push, include_site: includeSite }) =>
      guarded(async () => {
        const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
        const outcome = await submitTask({ root, file: relative, ...(confirm !== undefined ? { confirm } : {}), push: push !== false, env, includeSite: includeSite === true });
        return answer(outcome);
      }),
  );

  server.registerTool(
    'task_status',
    {
      description: 'Where one task is (pending, in-progress, completed, failed; on the remote and in the work tree) and its result path; without task_id, every task folder and the newest results (handoff status).',
      inputSchema: { task_id: taskId.optional(), site: siteName.optional().describe('Without task_id: only this site\'s tasks and results') },
    },
    ({ task_id: id, site }) =>
      guarded(async () => {
        if (!id) {
          const run = await runCommand(root, env, ['status', ...(site ? ['--site', site] : [])]);
          return run.code === 0 ? answer(run.json) : commandError(run);
        }
        const local = await localTaskLocation(root, id);
        const git = agentGit(root, env);
        const target = (await isGitRepository(git)) ? await remoteBranchFor(git) : undefined;
        let remote: { where: string; states: string[]; result_path: string | null } | null = null;
        if (target) {
          const head = await fetchBranch(git, target);
          const found = await committedTaskLocation(git, head, id);
          remote = { where: `${target.remote}/${target.branch}`, states: found.states, result_path: found.resultPath ?? null };
        }
        if (local.states.length === 0 && !local.resultPath && !remote?.states.length && !remote?.result_path) {
          throw new AgentError('not-found', `no task ${id} in tasks/ or results/ (check the id; handoff status lists the tasks)`);
        }
        return answer({ ok: true, task_id: id, local: { states: local.states, result_path: local.resultPath ?? null }, remote });
      }),
  );

  server.registerTool(
    'wait_for_result',
    {
      description: 'Wait until the task\'s result file exists (fetching the remote; never touching the work tree), then return the verdict: criteria, error category and action, next step (handoff wait).',
      inputSchema: {
        task_id: taskId,
        timeout_seconds: z.number().positive().max(3600).optional().describe('Default 600'),
        interval_seconds: z.number().min(0.1).max(300).optional().describe('Longest pause between looks; default 15'),
      },
    },
    ({ task_id: id, timeout_seconds: timeout, interval_seconds: interval }, extra) =>
      guarded(async () => {
        const outcome = await waitForResult({ root, id, timeoutMs: (timeout ?? 600) * 1000, maxIntervalMs: (interval ?? 15) * 1000, env, signal: extra.signal });
        if (!outcome.found) return toolError(timeoutMessage(id, outcome));
        return answer({ ...resultReport(outcome.result, outcome.resultPath), source: outcome.source, waited_seconds: outcome.waitedSeconds });
      }),
  );

  server.registerTool(
    'verify_result',
    {
      description: 'Judge a task\'s result afresh (handoff verify): each criterion with its actual value, the verdict, and for a failure the error category, auto-fix or escalate, and the next step.',
      inputSchema: { task_id: taskId },
    },
    ({ task_id: id }) =>
      guarded(async () => {
        const run = await runCommand(root, env, ['verify', id]);
        // A failed verdict is an answer, not a tool error: the agent acts on its category.
        if (run.code !== 2 && run.json?.task_id !== undefined) return answer({ ...run.json, source: 'local' });
        // Not pulled yet: the result the workflow pushed is judged from the remote branch.
        if (run.json?.error?.code === 'not-found') {
          const git = agentGit(root, env);
          const target = (await isGitRepository(git)) ? await remoteBranchFor(git) : undefined;
          const remote = await fetchRemoteResult(git, target, id, fetchBranch).catch(() => undefined);
          if (remote?.read.ok) return answer({ ...resultReport(remote.read.result, remote.resultPath), source: 'remote' });
        }
        return commandError(run);
      }),
  );

  server.registerTool(
    'preview_url',
    {
      description:
        "A branch's dev deploy (the dev-deploy workflow, no task file): its URL, the commit deployed, when, and whether that is the local head (handoff preview). Report this URL to the user after pushing to main or claude/*.",
      inputSchema: {
        branch: z.string().min(1).max(255).optional().describe('Default: the checked-out branch'),
        wait_seconds: z.number().min(0).max(3600).optional().describe('Wait up to this long for the deploy of the local head to be recorded; default 0'),
      },
    },
    ({ branch, wait_seconds: wait }, extra) =>
      guarded(async () => answer(await lookUpPreview({ root, env, ...(branch ? { branch } : {}), waitMs: (wait ?? 0) * 1000, signal: extra.signal }))),
  );

  server.registerTool(
    'create_content_edit',
    {
      description:
        'Create a content-edit task (templates/content-edit.md) with its operations: set/remove/rename a front matter field, add_to_list/remove_from_list, replace in the body (literal or regex, with max_replacements), move a page. dry_run defaults to true: preview with dry_run_content_edit, then create it again with dry_run false to submit.',
      inputSchema: {
        description: z.string().min(1).describe('What the edit is for, one line'),
        environment: z.enum(['dev', 'staging', 'production']).optional().describe('Default dev (selects the hugo config for build_after)'),
        brief: z.string().regex(/^[a-z0-9-]+$/).optional().describe('Short words for the id'),
        site_path: z.string().optional().describe("The site folder; default handoff.yml's site_path"),
        files: z.array(z.string().min(1)).min(1).describe('Globs under the content folder, e.g. ["posts/**/*.md"]'),
        operations: z.array(contentOperationSchema).min(1).describe('Applied in order; see the agent guide'),
        dry_run: z.boolean().optional().describe('Default true: report the diff, write nothing'),
        build_after: z.boolean().optional().describe('Build the site after the edit (default true)'),
      },
    },
    ({ description, environment, brief, site_path: sitePath, files, operations, dry_run: dryRun, build_after: buildAfter }) =>
      guarded(async () => {
        const args = ['new', 'content-edit', '--description', description, '--env', environment ?? 'dev', '--set', `files=${files[0]}`, '--set', 'field=title', '--set', 'value=placeholder'];
        if (brief) args.push('--brief', brief);
        if (sitePath) args.push('--set', `site_path=${sitePath}`);
        const run = await runCommand(root, env, args);
        if (run.code !== 0) return commandError(run);
        await fillContentEditParams(root, run.json.path, { files, operations, dry_run: dryRun ?? true, build_after: buildAfter ?? true });
        return answer(run.json);
      }),
  );

  server.registerTool(
    'dry_run_content_edit',
    {
      description: 'Preview a content-edit task: the unified diff, files matched and changed, replacements, per-file changed lines and every error (naming operation and file). Writes nothing and leaves the task where it is.',
      inputSchema: { path: z.string().min(1).describe('The task file, e.g. tasks/pending/<id>.md') },
    },
    ({ path: file }) =>
      guarded(async () => {
        const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
        if (relative.startsWith('..')) throw new AgentError('usage', `${file} is outside the repository`);
        return answer(await previewContentEdit(root, relative));
      }),
  );

  server.registerTool(
    'list_recent_results',
    {
      description: 'The newest results, newest first, with status and error category (handoff status).',
      inputSchema: { limit: z.number().int().min(1).max(100).optional(), site: siteName.optional().describe('Only this site\'s results') },
    },
    ({ limit, site }) =>
      guarded(async () => {
        const run = await runCommand(root, env, ['status', '--limit', String(limit ?? 10), ...(site ? ['--site', site] : [])]);
        return run.code === 0 ? answer({ ok: true, results: run.json.recent_results }) : commandError(run);
      }),
  );

  server.registerTool(
    'plan_deploy',
    {
      description:
        'Plan a hugo-deploy task against the live bucket without changing anything (handoff plan): the uploads with reasons, deletes, invalidation paths, counts and bytes, and approval: not-needed (deploy, then tell the user) or ask-user (ask before submitting), with the reasons.',
      inputSchema: { path: z.string().min(1).describe('The task file, e.g. tasks/pending/<id>.md') },
    },
    ({ path: file }) =>
      guarded(async () => {
        const run = await runCommand(root, env, ['plan', file]);
        return run.code === 0 ? answer(run.json) : commandError(run);
      }),
  );

  server.registerTool(
    'promote_to_production',
    {
      description:
        'Create and submit a production deploy of exactly the commit a successful staging deploy built (handoff promote). Needs confirm set to exactly "DEPLOY TO PRODUCTION", typed by the user after seeing the production warning.',
      inputSchema: {
        staging_task_id: taskId,
        confirm: z.string().optional().describe("The user's typed confirmation"),
        changes_summary: z.string().optional().describe('What is being deployed (default: the staging task\'s changes summary)'),
        push: z.boolean().optional().describe('Push after committing (default true)'),
      },
    },
    ({ staging_task_id: stagingTaskId, confirm, changes_summary: changesSummary, push }) =>
      guarded(async () =>
        answer(
          await submitRedeploy({
            root,
            request: { kind: 'promote', stagingTaskId, ...(changesSummary ? { changesSummary } : {}) },
            now: new Date(),
            ...(confirm !== undefined ? { confirm } : {}),
            push: push !== false,
            env,
          }),
        ),
      ),
  );

  server.registerTool(
    'rollback',
    {
      description:
        'Create and submit a deploy of the commit of the previous successful deploy of an environment, or of the deploy named by to_task_id (handoff rollback). Production needs confirm set to exactly "DEPLOY TO PRODUCTION", typed by the user.',
      inputSchema: {
        environment: z.enum(['dev', 'staging', 'production']),
        to_task_id: taskId.optional(),
        site: siteName.optional().describe('The site of handoff.yml (required where it declares several)'),
        confirm: z.string().optional().describe("The user's typed confirmation, for production"),
        push: z.boolean().optional().describe('Push after committing (default true)'),
      },
    },
    ({ environment, to_task_id: to, site, confirm, push }) =>
      guarded(async () =>
        answer(
          await submitRedeploy({
            root,
            request: { kind: 'rollback', environment, ...(to ? { to } : {}), ...(site ? { site } : {}) },
            now: new Date(),
            ...(confirm !== undefined ? { confirm } : {}),
            push: push !== false,
            env,
          }),
        ),
      ),
  );

  return server;
}
