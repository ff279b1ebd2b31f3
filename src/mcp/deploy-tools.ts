import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { AgentError } from '../errors/agent-error.js';
import { diagnoseRepository } from '../client/doctor.js';
import { githubApiFor } from '../github/github-api.js';
import { resolveGitHubAccess, roleTrustReaderFor } from '../settings/github-access.js';
import { planDeploy } from '../client/plan-deploy.js';
import { lookUpPreview } from '../client/preview-lookup.js';
import { submitRedeploy, type Redeploy } from '../client/redeploy-task.js';
import { loadConfig } from '../config/load-config.js';
import { systemClock } from '../clock.js';
import { resolveHandoffSettings } from '../settings/handoff-settings.js';
import { answer, guarded, problemsError, repositoryPath, siteName, taskId, toolError, type ToolContext } from './tool-answers.js';
import { ENVIRONMENTS } from '../primitives/task-types.js';

/** What reaches a live site: the branch preview, the deploy plan, promote and rollback. */
export function registerDeployTools(server: McpServer, { root, env }: ToolContext): void {
  server.registerTool(
    'preview_url',
    {
      description:
        "A branch's or pull request's dev deploy (the dev-deploy workflow, no task file): its URL, the commit deployed, its file count, when, and whether that is the local head (handoff preview); with several sites, `sites` lists each site's preview. Report these URLs to the user after pushing to main or claude/*.",
      inputSchema: {
        branch: z.string().min(1).max(255).optional().describe('Default: the checked-out branch'),
        pull_request: z.number().int().positive().optional().describe("A pull request's number instead of a branch: its head branch's preview"),
        wait_seconds: z.number().min(0).max(3600).optional().describe('Wait up to this long for the deploy of the local head to be recorded; default 0'),
      },
    },
    ({ branch, pull_request: pullRequest, wait_seconds: wait }, extra) =>
      guarded(async () => {
        if (branch && pullRequest !== undefined) throw new AgentError('usage', 'name a branch or a pull_request, not both');
        return answer(await lookUpPreview({ root, env, ...(branch ? { branch } : {}), ...(pullRequest !== undefined ? { pullRequest } : {}), waitMs: (wait ?? 0) * 1000, signal: extra.signal, via: 'mcp' }));
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
        const relative = repositoryPath(root, file);
        if (relative.startsWith('..')) throw new AgentError('usage', `${file}: expected a path inside the repository ${root}`);
        const settings = await resolveHandoffSettings(root, env, { dryRun: true });
        const outcome = await planDeploy({ root, file: relative, config: settings.config, deployOverrides: settings.deployOverrides, siteCodeEnv: settings.siteCodeEnv, redactor: settings.redactor, env, now: systemClock });
        if (outcome.ok) return answer(outcome);
        return 'problems' in outcome ? problemsError(outcome.problems) : toolError(outcome.error.message);
      }),
  );

  server.registerTool(
    'doctor',
    {
      description:
        "Check the repository's GitHub settings that keep production out of the agent's reach (handoff doctor): the environments, production's required reviewers, deployment branches, the environment variables that say where a gated environment deploys, and the OIDC subject template. Each item: ok | missing | warning | not-checked, with the exact fix; tell the user what is missing (only a repository admin can fix it). Needs GITHUB_TOKEN or GH_TOKEN in the MCP server's environment.",
      inputSchema: { repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name').optional().describe('Default: the origin remote\'s GitHub repository') },
    },
    ({ repository }) =>
      guarded(async () => {
        const access = await resolveGitHubAccess(root, env, { repository, flagName: 'the repository parameter' });
        const loaded = await loadConfig(root);
        return answer(await diagnoseRepository({ config: loaded.ok ? loaded.config : {}, repository: access.repository, api: githubApiFor(access), root: root, ...roleTrustReaderFor(env) }));
      }),
  );

  /** Promote and rollback: the task written and submitted through the production gate. */
  const redeploy = async (request: Redeploy, confirm: string | undefined, push: boolean | undefined) =>
    answer(await submitRedeploy({ root, request, config: await loadConfig(root), now: systemClock(), ...(confirm !== undefined ? { confirm } : {}), push: push !== false, env }));

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
      guarded(() => redeploy({ kind: 'promote', stagingTaskId, ...(changesSummary ? { changesSummary } : {}) }, confirm, push)),
  );

  server.registerTool(
    'rollback',
    {
      description:
        'Create and submit a deploy of the commit of the previous successful deploy of an environment, or of the deploy named by to_task_id (handoff rollback). Production needs confirm set to exactly "DEPLOY TO PRODUCTION", typed by the user.',
      inputSchema: {
        environment: z.enum(ENVIRONMENTS),
        to_task_id: taskId.optional(),
        site: siteName.optional().describe('The site of handoff.yml (required where it declares several)'),
        confirm: z.string().optional().describe("The user's typed confirmation, for production"),
        push: z.boolean().optional().describe('Push after committing (default true)'),
      },
    },
    ({ environment, to_task_id: to, site, confirm, push }) =>
      guarded(() => redeploy({ kind: 'rollback', environment, ...(to ? { to } : {}), ...(site ? { site } : {}) }, confirm, push)),
  );
}
