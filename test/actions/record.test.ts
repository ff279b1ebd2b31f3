import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HugoBuildReport } from '../../src/hugo/build.js';
import { defaultRunDependencies, runTask } from '../../src/worker/run-task.js';
import { loadConfig } from '../../src/config/load-config.js';
import { buildTask, makeRemote, orchestrationRepo, remoteFile, remoteFiles, runAction } from './harness.js';

/** A build that succeeded without running hugo: the recorders, not the builds, are under test here. */
const builtOk = async (): Promise<HugoBuildReport> => ({
  outputs: { build_success: true, errors: [], warnings: [], file_count: 12, duration_seconds: 0.1, hugo_version: '0.111.3', output_dir: '/tmp/out' },
  log: 'Total in 100 ms',
});

describe('record action (bundled, run as the runner runs it)', () => {
  it('lands ten recorders pushing to one remote at once: ten results, no task lost or duplicated', async ({ onTestFinished }) => {
    const tasks = Array.from({ length: 10 }, (_, index) => buildTask(`parallel-${index}`, { minute: 10 + index }));
    const claimed = Object.fromEntries(tasks.map(([file, text]) => [file.replace('tasks/pending/', 'tasks/in-progress/'), text]));
    const remote = await makeRemote(orchestrationRepo(undefined, claimed));
    onTestFinished(remote.remove);

    // Ten run jobs, each with its own checkout and its own finished task.
    const jobs = await Promise.all(
      tasks.map(async ([file], index) => {
        const checkout = await remote.clone(`job-${index}`);
        const finished = new Date(Date.UTC(2026, 0, 19, 15, 0, index));
        const outcome = await runTask({ root: checkout.dir, taskFile: file.replace('tasks/pending/', 'tasks/in-progress/'), config: await loadConfig(checkout.dir) }, {
          ...defaultRunDependencies,
          buildSite: builtOk,
          now: () => finished,
        });
        return { checkout, outcome };
      }),
    );

    const records = await Promise.all(
      jobs.map(({ checkout, outcome }, index) =>
        runAction('record', {
          workspace: checkout.dir,
          inputs: { 'result-paths': outcome.resultPath, 'task-file': `tasks/in-progress/${path.posix.basename(outcome.result.task_file)}`, 'run-outcome': 'success' },
          runId: String(500 + index),
        }),
      ),
    );

    for (const record of records) {
      expect(record.code, record.stdout + record.stderr).toBe(0);
      expect(record.outputs.recorded).toBe('1');
    }
    // Someone had to retry: they really raced.
    expect(Math.max(...records.map((record) => Number(record.outputs.attempts)))).toBeGreaterThan(1);

    const ids = tasks.map(([file]) => path.posix.basename(file, '.md')).sort();
    expect(await remoteFiles(remote.bare, 'tasks/completed')).toEqual(['tasks/completed/.gitkeep', ...ids.map((id) => `tasks/completed/${id}.md`)]);
    expect(await remoteFiles(remote.bare, 'tasks/in-progress')).toEqual(['tasks/in-progress/.gitkeep']);
    expect(await remoteFiles(remote.bare, 'tasks/pending')).toEqual(['tasks/pending/.gitkeep']);
    expect(await remoteFiles(remote.bare, 'results/2026-01-19')).toEqual(ids.map((id) => `results/2026-01-19/${id}.result.md`));
    const log = await remote.clone('log').then((clone) => clone.git('log', '--format=%s'));
    expect(log.split('\n').filter((subject) => subject.startsWith('handoff: completed'))).toHaveLength(10);

    // results/latest points at the newest result whatever order the pushes landed in.
    const fresh = await remote.clone('fresh');
    expect(await readlink(path.join(fresh.dir, 'results/latest/hugo-build-staging.result.md'))).toBe('../2026-01-19/2026-01-19-1419-hugo-build-parallel-9.result.md');
  }, 120_000);

  it('records a claimed task whose run left no result as failed, saying so', async ({ onTestFinished }) => {
    const [file, text] = buildTask('died');
    const claimedFile = file.replace('tasks/pending/', 'tasks/in-progress/');
    const remote = await makeRemote(orchestrationRepo(undefined, { [claimedFile]: text }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('job');

    const record = await runAction('record', { workspace: checkout.dir, inputs: { 'task-file': claimedFile, 'run-outcome': 'cancelled' } });

    expect(record.code, record.stderr).toBe(0);
    expect(record.stdout).toMatch(/::warning::2026-01-19-1430-hugo-build-died\.md: the run step left no result/);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain('tasks/failed/2026-01-19-1430-hugo-build-died.md');
    const results = await remoteFiles(remote.bare, 'results');
    const result = await remoteFile(remote.bare, results.find((name) => name.endsWith('died.result.md')) ?? '');
    expect(result).toMatch(/status: failed/);
    expect(result).toMatch(/the run step was cancelled without writing a result/);
    expect(result).toMatch(/type: hugo-build/);
  });

  it('finds the result a run step wrote before dying, when it never said where', async ({ onTestFinished }) => {
    const [file, text] = buildTask('quiet');
    const claimedFile = file.replace('tasks/pending/', 'tasks/in-progress/');
    const remote = await makeRemote(orchestrationRepo(undefined, { [claimedFile]: text }));
    onTestFinished(remote.remove);
    const checkout = await remote.clone('job');
    await runTask({ root: checkout.dir, taskFile: claimedFile, config: await loadConfig(checkout.dir) }, { ...defaultRunDependencies, buildSite: builtOk });

    const record = await runAction('record', { workspace: checkout.dir, inputs: { 'task-file': claimedFile, 'run-outcome': 'failure' } });

    expect(record.code, record.stdout + record.stderr).toBe(0);
    expect(record.stdout).not.toMatch(/left no result/);
    expect(await remoteFiles(remote.bare, 'tasks/completed')).toContain(`tasks/completed/${path.posix.basename(file)}`);
  });

  it('refuses a result path that is not a result file', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo());
    onTestFinished(remote.remove);
    const checkout = await remote.clone('job');

    const record = await runAction('record', { workspace: checkout.dir, inputs: { 'result-paths': '../etc/passwd' } });

    expect(record.code).toBe(1);
    expect(record.stdout).toMatch(/::error::Invalid input 'result-paths': '..\/etc\/passwd'. Expected results\/YYYY-MM-DD\/<id>.result.md/);
  });
});
