import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

interface Job {
  needs?: string | string[];
  if?: string;
  environment?: unknown;
  permissions?: Record<string, string>;
  strategy?: { matrix?: string };
  steps?: Array<{ uses?: string; with?: Record<string, string>; name?: string }>;
}

describe('tasks.yml', async () => {
  const workflow = parse(await readFile(path.join(PROJECT_ROOT, '.github/workflows/tasks.yml'), 'utf8')) as { jobs: Record<string, Job> };
  const { jobs } = workflow;
  const step = (job: string, action: string) => jobs[job]?.steps?.find((candidate) => candidate.uses === `./actions/${action}`);

  it('runs build-only tasks with no deployment environment and no id-token', () => {
    expect(jobs.build?.strategy?.matrix).toMatch(/needs\.plan\.outputs\.build-matrix/);
    expect(jobs.build?.environment).toBeUndefined();
    expect(jobs.build?.permissions).toEqual({ contents: 'write' });
    expect(jobs.run?.strategy?.matrix).toMatch(/needs\.plan\.outputs\.deploy-matrix/);
    expect(jobs.run?.permissions?.['id-token']).toBe('write');
  });

  it('plans production against the live bucket before the job that waits for approval, with no write permission', () => {
    expect(jobs.review?.needs).toBe('plan');
    expect(jobs.review?.environment).toBeUndefined();
    expect(jobs.review?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(jobs.review?.steps?.find((candidate) => candidate.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume']).toMatch(/plan-role-arn/);
    expect(jobs.run?.needs).toEqual(['plan', 'review']);
    expect(step('run', 'run')?.with).toMatchObject({
      'reviewed-plans': expect.stringMatching(/needs\.review\.outputs\.plans/),
      'require-reviewed-plan': expect.stringMatching(/production/),
      'environment-config': expect.stringMatching(/matrix\.task\.environment_config/),
    });
  });

  it('reads the gates from a repository variable when set, and fails a cancelled run\'s claims', () => {
    expect(step('plan', 'plan')?.with?.['handoff-config']).toBe('${{ vars.HANDOFF_CONFIG }}');
    expect(step('settle', 'sweep')?.with?.['finished-run-cancelled']).toMatch(/contains\(needs\.\*\.result, 'cancelled'\)/);
    expect(jobs.settle?.needs).toEqual(expect.arrayContaining(['plan', 'build', 'run']));
  });
});
