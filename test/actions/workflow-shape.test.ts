import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pointActionsAt } from '../../src/client/init-repo.js';
import { makeTempDir } from '../helpers/temp-site.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

const execFileAsync = promisify(execFile);

interface Job {
  needs?: string | string[];
  if?: string;
  environment?: unknown;
  permissions?: Record<string, string>;
  strategy?: { matrix?: string };
  steps?: Array<{ uses?: string; with?: Record<string, string>; name?: string }>;
}

interface Workflow {
  on?: Record<string, unknown>;
  jobs: Record<string, Job & { uses?: string; with?: Record<string, string> }>;
}

describe('tasks.yml and the reusable deploy.yml', async () => {
  const workflow = parse(await readFile(path.join(PROJECT_ROOT, '.github/workflows/tasks.yml'), 'utf8')) as Workflow;
  const deployWorkflow = parse(await readFile(path.join(PROJECT_ROOT, '.github/workflows/deploy.yml'), 'utf8')) as Workflow;
  const jobs = { ...workflow.jobs, ...Object.fromEntries(Object.entries(deployWorkflow.jobs).map(([name, job]) => [`deploy.yml:${name}`, job])) };
  // deploy.yml runs handoff's actions from its own repository and commit (checked out to .handoff/handoff-actions).
  const step = (job: string, action: string) => jobs[job]?.steps?.find((candidate) => candidate.uses === `./actions/${action}` || candidate.uses === `./.handoff/handoff-actions/actions/${action}`);

  it('runs build-only tasks with no deployment environment and no id-token', () => {
    expect(jobs.build?.strategy?.matrix).toMatch(/needs\.claim\.outputs\.build-matrix/);
    expect(jobs.build?.environment).toBeUndefined();
    expect(jobs.build?.permissions).toEqual({ contents: 'write' });
    expect(jobs['deploy.yml:deploy']?.strategy?.matrix).toMatch(/inputs\.deploy-matrix/);
    expect(jobs['deploy.yml:deploy']?.permissions?.['id-token']).toBe('write');
  });

  it('holds credentials only in the reusable workflow, which the caller passes the claim job\'s matrix and commit', () => {
    expect(deployWorkflow.on).toHaveProperty('workflow_call');
    const holders = Object.entries(workflow.jobs).filter(([, job]) => job.permissions?.['id-token'] === 'write').map(([name]) => name);
    expect(holders).toEqual(['deploy']);
    expect(workflow.jobs.deploy?.uses).toBe('./.github/workflows/deploy.yml');
    expect(workflow.jobs.deploy?.steps).toBeUndefined();
    expect(workflow.jobs.deploy?.needs).toEqual(['claim', 'build-deploy']);
    expect(workflow.jobs.deploy?.with).toMatchObject({ commit: '${{ needs.claim.outputs.commit }}', 'deploy-matrix': '${{ needs.claim.outputs.deploy-matrix }}' });
    // Every handoff action deploy.yml runs comes from its own repository and commit, none from the site's checkout.
    const uses = Object.values(deployWorkflow.jobs).flatMap((job) => job.steps ?? []).map((candidate) => candidate.uses).filter((uses): uses is string => uses?.startsWith('./') ?? false);
    expect(uses.length).toBeGreaterThan(2);
    expect(uses.filter((uses) => !uses.startsWith('./.handoff/handoff-actions/actions/'))).toEqual([]);
    for (const name of ['review', 'deploy']) {
      const checkout = deployWorkflow.jobs[name]?.steps?.find((candidate) => candidate.name === "Check out handoff's actions");
      expect(checkout?.with).toMatchObject({ repository: '${{ steps.handoff.outputs.repository }}', ref: '${{ steps.handoff.outputs.commit }}', path: '.handoff/handoff-actions' });
    }
  });

  it('plans production against the live bucket before the job that waits for approval, with no write permission', () => {
    const review = jobs['deploy.yml:review'];
    expect(review?.environment).toBeUndefined();
    expect(review?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(review?.steps?.find((candidate) => candidate.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume']).toMatch(/inputs\.plan-role-arn/);
    expect(workflow.jobs.deploy?.with?.['plan-role-arn']).toMatch(/needs\.claim\.outputs\.plan-role-arn/);
    expect(jobs['deploy.yml:deploy']?.needs).toBe('review');
    expect(step('deploy.yml:deploy', 'run')?.with).toMatchObject({
      'reviewed-plans': expect.stringMatching(/needs\.review\.outputs\.plans/),
      'require-reviewed-plan': expect.stringMatching(/production/),
      'environment-config': expect.stringMatching(/matrix\.task\.environment_config/),
      // Read by the job that holds the environment, not handed down by the claim job.
      'handoff-config': '${{ vars.HANDOFF_CONFIG }}',
      'github-environment': '${{ matrix.task.github_environment }}',
    });
  });

  it('runs hugo for deploys only in build-deploy, which holds no id-token, no environment and no AWS step; review and deploy use its artifact', () => {
    const buildDeploy = jobs['build-deploy'];
    expect(buildDeploy?.strategy?.matrix).toMatch(/needs\.claim\.outputs\.deploy-matrix/);
    expect(buildDeploy?.environment).toBeUndefined();
    expect(buildDeploy?.permissions).toEqual({ contents: 'read' });
    expect(buildDeploy?.steps?.some((candidate) => candidate.uses?.startsWith('aws-actions/'))).toBe(false);
    expect(step('build-deploy', 'run')?.with?.['build-to']).toBe('.handoff/prebuilt/${{ matrix.task.id }}');
    const upload = buildDeploy?.steps?.find((candidate) => candidate.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'handoff-build-${{ matrix.task.id }}', path: '.handoff/prebuilt/${{ matrix.task.id }}' });
    expect(buildDeploy?.steps?.some((candidate) => candidate.uses?.startsWith('actions/cache@') && candidate.with?.path?.includes('resources/_gen'))).toBe(true);
    // The jobs that hold an id-token start no hugo and check out no site repository (only handoff's own).
    for (const job of ['deploy.yml:review', 'deploy.yml:deploy']) {
      expect(step(job, 'setup-hugo')).toBeUndefined();
      expect(jobs[job]?.steps?.filter((candidate) => candidate.with?.repository !== undefined).map((candidate) => candidate.with?.repository)).toEqual(['${{ steps.handoff.outputs.repository }}']);
    }
    expect(step('deploy.yml:deploy', 'run')?.with?.prebuilt).toBe('.handoff/prebuilt');
    expect(step('deploy.yml:review', 'review-plan')?.with?.['prebuilt-root']).toBe('.handoff/prebuilt');
    expect(jobs['deploy.yml:review']?.steps?.find((candidate) => candidate.uses?.startsWith('actions/download-artifact@'))?.with?.pattern).toBe('handoff-build-*');
    expect(jobs['deploy.yml:deploy']?.steps?.find((candidate) => candidate.uses?.startsWith('actions/download-artifact@'))?.with?.name).toBe('handoff-build-${{ matrix.task.id }}');
  });

  it('passes both workflow linters: the caller, the reusable workflow (on: workflow_call), and the caller as init --actions writes it', async ({ onTestFinished }) => {
    const folder = await makeTempDir('handoff-lint-caller');
    onTestFinished(folder.remove);
    const pinned = path.join(folder.path, 'tasks.yml');
    await writeFile(pinned, pointActionsAt(await readFile(path.join(PROJECT_ROOT, '.github/workflows/tasks.yml'), 'utf8'), 'acme/handoff@v1'));
    const linted = await execFileAsync(process.execPath, ['scripts/lint-workflows.mjs', '.github/workflows/tasks.yml', '.github/workflows/deploy.yml', pinned], { cwd: PROJECT_ROOT });
    expect(linted.stdout).toContain('3 files, no findings');
    expect(await readFile(pinned, 'utf8')).toMatch(/^    uses: acme\/handoff\/\.github\/workflows\/deploy\.yml@v1$/m);
  });

  it('pins every action of another repository by full commit SHA with its version in a comment', async () => {
    const text = (await readFile(path.join(PROJECT_ROOT, '.github/workflows/tasks.yml'), 'utf8')) + (await readFile(path.join(PROJECT_ROOT, '.github/workflows/deploy.yml'), 'utf8'));
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses: ([^\s]+)(.*)$/gm)].filter((match) => !match[1]!.startsWith('./'));
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.filter((match) => !/@[0-9a-f]{40}$/.test(match[1]!) || !/# v\d/.test(match[2]!)).map((match) => match[0])).toEqual([]);
  });

  it('reads the gates from a repository variable when set, and fails a cancelled run\'s claims', () => {
    expect(step('claim', 'claim')?.with?.['handoff-config']).toBe('${{ vars.HANDOFF_CONFIG }}');
    expect(step('settle', 'sweep')?.with?.['finished-run-cancelled']).toMatch(/contains\(needs\.\*\.result, 'cancelled'\)/);
    expect(jobs.settle?.needs).toEqual(expect.arrayContaining(['claim', 'build', 'deploy']));
  });
});
