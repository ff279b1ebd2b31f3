import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { environmentOf, siteNamed } from '../../src/config/sites.js';
import { ACTIONS_BOT, gitFor } from '../../src/git/git-runner.js';
import type { GitHubApi } from '../../src/github/github-api.js';
import { productionWarning } from '../../src/github/production-gate.js';
import { parseFrontMatter } from '../../src/task/front-matter.js';
import { validateTask } from '../../src/task/validate-task.js';
import { selectionSummary } from '../../src/workflow/selection-summary.js';
import { selectTasks } from '../../src/workflow/select-tasks.js';
import { DEFAULT_CONFIG, makeRemote, orchestrationRepo, productionDeployTask } from '../actions/harness.js';

/** Production with one required reviewer, as GitHub answers it; the other calls are not made by the plan. */
const protectedProduction: GitHubApi = {
  getEnvironment: async () => ({ found: true, protectionRules: [{ type: 'required_reviewers', reviewers: 1 }], canAdminsBypass: false }),
  getWorkflowRun: async () => undefined,
  dispatchWorkflow: async () => {
    throw new Error('the plan dispatches nothing');
  },
};

describe('the production URL of a task', () => {
  it("is the same in the agent's warning and the reviewer's plan summary, the task's base_url included", async ({ onTestFinished }) => {
    const [taskPath, taskText] = productionDeployTask('pricing');
    const withBaseUrl = taskText.replace('  site_path: "site"\n', '  site_path: "site"\n  base_url: "https://www.example.org/shop/"\n');
    const remote = await makeRemote(orchestrationRepo(DEFAULT_CONFIG));
    onTestFinished(() => remote.remove());
    // The task comes in a push of its own: one that also changes handoff.yml is refused.
    const agent = await remote.clone('agent');
    await agent.write({ [taskPath]: withBaseUrl });
    await agent.commitAndPush('Add a production deploy');
    const clone = await remote.clone('plan');

    const config = await loadConfig(clone.dir);
    const outcome = await selectTasks(
      { repoRoot: clone.dir, config, target: { remote: 'origin', branch: 'main' }, push: undefined, includeWaiting: true, maxTasks: 10, requireRoleArn: true, runId: '7', runUrl: null },
      { git: gitFor(clone.dir, { env: {}, identity: ACTIONS_BOT }), github: protectedProduction, now: () => new Date('2026-01-19T15:01:00Z') },
    );

    const parsed = parseFrontMatter(withBaseUrl, taskPath);
    const validated = parsed.ok ? validateTask(parsed.file, taskPath) : undefined;
    if (!config.ok || !validated?.ok) throw new Error('the fixture task and handoff.yml are valid');
    const site = siteNamed(config.config, validated.task.site);
    expect(site.ok && environmentOf(site.site, 'production')?.base_url).toBe('https://www.example.org/');

    expect(outcome.kind === 'planned' ? { production: outcome.production.map((notice) => notice.productionUrl), refused: outcome.refused } : outcome.kind).toEqual({ production: ['https://www.example.org/shop/'], refused: [] });
    expect(selectionSummary(outcome)).toContain('This will update the customer-facing site at https://www.example.org/shop/');
    expect(productionWarning(validated.task, config.config)).toContain('This will update the customer-facing site at https://www.example.org/shop/');
  });
});
