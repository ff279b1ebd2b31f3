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
    expect(jobs.review?.needs).toEqual(['plan', 'build-deploy']);
    expect(jobs.review?.environment).toBeUndefined();
    expect(jobs.review?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(jobs.review?.steps?.find((candidate) => candidate.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume']).toMatch(/plan-role-arn/);
    expect(jobs.run?.needs).toEqual(['plan', 'build-deploy', 'review']);
    expect(step('run', 'run')?.with).toMatchObject({
      'reviewed-plans': expect.stringMatching(/needs\.review\.outputs\.plans/),
      'require-reviewed-plan': expect.stringMatching(/production/),
      'environment-config': expect.stringMatching(/matrix\.task\.environment_config/),
    });
  });

  it('runs hugo for deploys only in build-deploy, which holds no id-token, no environment and no AWS step; review and run deploy its artifact', () => {
    const buildDeploy = jobs['build-deploy'];
    expect(buildDeploy?.strategy?.matrix).toMatch(/needs\.plan\.outputs\.deploy-matrix/);
    expect(buildDeploy?.environment).toBeUndefined();
    expect(buildDeploy?.permissions).toEqual({ contents: 'read' });
    expect(buildDeploy?.steps?.some((candidate) => candidate.uses?.startsWith('aws-actions/'))).toBe(false);
    expect(step('build-deploy', 'run')?.with?.['build-to']).toBe('.handoff/prebuilt/${{ matrix.task.id }}');
    const upload = buildDeploy?.steps?.find((candidate) => candidate.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'handoff-build-${{ matrix.task.id }}', path: '.handoff/prebuilt/${{ matrix.task.id }}' });
    expect(buildDeploy?.steps?.some((candidate) => candidate.uses?.startsWith('actions/cache@') && candidate.with?.path?.includes('resources/_gen'))).toBe(true);
    // The jobs that hold an id-token start no hugo and check out no site repository.
    for (const job of ['review', 'run']) {
      expect(step(job, 'setup-hugo')).toBeUndefined();
      expect(jobs[job]?.steps?.some((candidate) => candidate.with?.repository !== undefined)).toBe(false);
    }
    expect(step('run', 'run')?.with?.prebuilt).toBe('.handoff/prebuilt');
    expect(step('review', 'review-plan')?.with?.['prebuilt-root']).toBe('.handoff/prebuilt');
    expect(jobs.review?.steps?.find((candidate) => candidate.uses?.startsWith('actions/download-artifact@'))?.with?.pattern).toBe('handoff-build-*');
    expect(jobs.run?.steps?.find((candidate) => candidate.uses?.startsWith('actions/download-artifact@'))?.with?.name).toBe('handoff-build-${{ matrix.task.id }}');
  });

  it('pins every action of another repository by full commit SHA with its version in a comment', async () => {
    const text = await readFile(path.join(PROJECT_ROOT, '.github/workflows/tasks.yml'), 'utf8');
    const uses = [...text.matchAll(/uses: ([^\s]+)(.*)$/gm)].filter((match) => !match[1]!.startsWith('./'));
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.filter((match) => !/@[0-9a-f]{40}$/.test(match[1]!) || !/# v\d/.test(match[2]!)).map((match) => match[0])).toEqual([]);
  });

  it('reads the gates from a repository variable when set, and fails a cancelled run\'s claims', () => {
    expect(step('plan', 'plan')?.with?.['handoff-config']).toBe('${{ vars.HANDOFF_CONFIG }}');
    expect(step('settle', 'sweep')?.with?.['finished-run-cancelled']).toMatch(/contains\(needs\.\*\.result, 'cancelled'\)/);
    expect(jobs.settle?.needs).toEqual(expect.arrayContaining(['plan', 'build', 'run']));
  });
});
