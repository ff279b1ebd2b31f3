import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import path from 'node:path';
import { AgentError } from '../errors/agent-error.js';
import { cancelTask } from '../client/cancel-task.js';
import { createTask } from '../client/new-task.js';
import { runAnswer } from '../client/run-answer.js';
import { validateTasks } from '../client/validate-tasks.js';
import { pathExists } from '../files/path-exists.js';
import { gitInfoFor } from '../git/git-info.js';
import { workTreeDirtiness } from '../hugo/site-changes.js';
import { resolveHandoffSettings } from '../settings/handoff-settings.js';
import { defaultRunDependencies, NotRunnableError, runTask } from '../worker/run-task.js';
import { submitTask } from '../client/submit-task.js';
import { lookUpTask, taskStatus } from '../client/task-status.js';
import { describeTemplates } from '../client/templates.js';
import { verifyRemoteResult, verifyResult } from '../client/verify-result.js';
import { timeoutMessage, waitForResult } from '../client/wait-for-result.js';
import { loadConfig } from '../config/load-config.js';
import { resultReport } from '../result/result-report.js';
import { answer, guarded, problemsError, repositoryPath, siteName, taskId, toolError, type ToolContext } from './tool-answers.js';
import { ENVIRONMENTS } from '../primitives/task-types.js';
import { systemClock } from '../clock.js';

/** The agent's loop over one task: templates, create, submit, status, wait, verify, recent results. */
export function registerTaskTools(server: McpServer, { root, env }: ToolContext): void {
  server.registerTool(
    'list_templates',
    {
      description:
        "List the task templates (the repository's templates/, else the ones shipped with handoff): the type and environment each is for, its placeholders, which of them handoff fills automatically (filled_automatically: clock, git branch, handoff.yml's site_path and base_url, the brief) and which to give (to_give: environment and description are create_task's own parameters, the rest go in its set parameter).",
      inputSchema: {},
    },
    () => guarded(async () => answer({ ok: true, templates: await describeTemplates(root) })),
  );

  server.registerTool(
    'create_task',
    {
      description: 'Render a template into tasks/pending/<id>.md (handoff new). Returns the id and path; refuses unfilled placeholders and invalid tasks with their problems.',
      inputSchema: {
        template: z.string().min(1).describe('Template name, e.g. hugo-build'),
        environment: z.enum(ENVIRONMENTS).optional(),
        site: siteName.optional().describe('The site of handoff.yml (required where it declares several)'),
        description: z.string().min(1).describe('What this task is for, one line'),
        brief: z.string().regex(/^[a-z0-9-]+$/).optional().describe('Short words for the id'),
        set: z.record(z.string(), z.string()).optional().describe('More placeholders, e.g. {"changes_summary": "…"}'),
      },
    },
    ({ template, environment, site, description, brief, set }) =>
      guarded(async () => {
        const outcome = await createTask({
          root,
          cwd: root,
          template,
          description,
          ...(environment ? { environment } : {}),
          ...(site ? { site } : {}),
          ...(brief ? { brief } : {}),
          set: Object.entries(set ?? {}),
          config: await loadConfig(root),
          now: systemClock(),
          via: 'mcp',
        });
        return outcome.ok ? answer(outcome) : problemsError(outcome.problems);
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
        const config = await loadConfig(root);
        const outcome = await submitTask({ root, file: repositoryPath(root, file), config, ...(confirm !== undefined ? { confirm } : {}), push: push !== false, env, includeSite: includeSite === true, via: 'mcp' });
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
        if (id) return answer(await lookUpTask({ root, id, env }));
        return answer(await taskStatus({ root, limit: 10, ...(site ? { site } : {}), config: await loadConfig(root), via: 'mcp' }));
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
        const outcome = await waitForResult({ root, id, timeoutMs: (timeout ?? 600) * 1000, maxIntervalMs: (interval ?? 15) * 1000, env, signal: extra.signal, via: 'mcp' });
        if (!outcome.found) return toolError(timeoutMessage(id, outcome, 'mcp'));
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
        const verification = await verifyResult({ root, target: { id } });
        // A failed verdict is an answer, not a tool error: the agent acts on its category.
        if (verification.kind === 'judged') return answer({ ...verification.report, source: 'local' });
        if (verification.kind === 'unreadable') return problemsError(verification.problems);
        // Not pulled yet: the result the workflow pushed is judged from the remote branch.
        const remote = await verifyRemoteResult({ root, id, env });
        return remote ? answer({ ...remote, source: 'remote' }) : toolError(verification.message);
      }),
  );

  server.registerTool(
    'validate_task',
    {
      description: 'Check task files (handoff validate): every problem of each file at once, with file, line, field, what was expected and what was found. Without path, every file in tasks/pending/.',
      inputSchema: { path: z.string().min(1).optional().describe('A task file or folder, e.g. tasks/pending/<id>.md; default tasks/pending/') },
    },
    ({ path: target }) =>
      guarded(async () => {
        const targets = target ? [repositoryPath(root, target)] : [];
        if (targets[0]?.startsWith('..')) throw new AgentError('usage', `${target}: expected a path inside the repository ${root}`);
        if (targets[0] !== undefined && !(await pathExists(path.join(root, targets[0])))) throw new AgentError('not-found', `${targets[0]}: no such file or folder`);
        return answer(await validateTasks({ root, targets, config: await loadConfig(root) }));
      }),
  );

  server.registerTool(
    'run_task',
    {
      description:
        "Run a task on this machine (handoff run), without GitHub: claims it from tasks/pending/ (or resumes it from tasks/in-progress/), builds (and deploys, with the AWS settings of the server's environment), writes the result file and moves the task; answers with the verdict as verify_result does. The result stays in the work tree (not committed).",
      inputSchema: {
        path: z.string().min(1).describe('The task file, e.g. tasks/pending/<id>.md'),
        dry_run: z.boolean().optional().describe('Plan a deploy without sending anything (default false)'),
      },
    },
    ({ path: file, dry_run: dryRun }) =>
      guarded(async () => {
        const relative = repositoryPath(root, file);
        if (relative.startsWith('..')) throw new AgentError('usage', `${file}: expected a path inside the repository ${root}`);
        const settings = await resolveHandoffSettings(root, env, { dryRun: dryRun === true });
        const git = gitInfoFor(root);
        const outcome = await runTask({ root, taskFile: relative, config: settings.config }, {
          ...defaultRunDependencies,
          deployOverrides: settings.deployOverrides,
          siteCodeEnv: settings.siteCodeEnv,
          redactor: settings.redactor,
          commit: (await git.headCommit()) ?? null,
          isSourceDirty: workTreeDirtiness(git),
        }).catch((error: unknown) => {
          throw error instanceof NotRunnableError ? new AgentError('usage', error.message) : error;
        });
        return answer(runAnswer(outcome));
      }),
  );

  server.registerTool(
    'cancel_task',
    {
      description:
        'Cancel a task still in tasks/pending/ (handoff cancel): it moves to tasks/failed/ with a result saying it was cancelled (nothing is deleted), so wait_for_result ends. A task a worker has claimed cannot be cancelled. If it was submitted, commit and push the move.',
      inputSchema: { task_id: taskId, reason: z.string().optional().describe('Why, for the result file') },
    },
    ({ task_id: id, reason }) => guarded(async () => answer(await cancelTask({ root, id, ...(reason ? { reason } : {}), now: systemClock(), via: 'mcp' }))),
  );

  server.registerTool(
    'list_recent_results',
    {
      description: 'The newest results, newest first, with status and error category (handoff status).',
      inputSchema: { limit: z.number().int().min(1).max(100).optional(), site: siteName.optional().describe('Only this site\'s results') },
    },
    ({ limit, site }) =>
      guarded(async () => {
        const status = await taskStatus({ root, limit: limit ?? 10, ...(site ? { site } : {}), config: await loadConfig(root), via: 'mcp' });
        return answer({ ok: true, results: status.recent_results });
      }),
  );
}
