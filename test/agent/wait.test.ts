import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempRepo } from '../helpers/temp-repo.js';
import { makeRemoteSetup, type RemoteSetup } from './git-fixture.js';
import { spawnHandoff } from './spawned-cli.js';

describe('handoff wait', () => {
  let setup: RemoteSetup;
  beforeEach(async () => {
    setup = await makeRemoteSetup();
  });
  afterEach(async () => setup.remove());

  it('follows the task on the remote (pending, then in progress) until its result is pushed, without touching the work tree', async () => {
    const created = await setup.agent.handoff(['new', 'hugo-build', '--env', 'staging', '--description', 'Promo', '--brief', 'promo', '--json']);
    const { id, path: taskPath } = created.json();
    expect((await setup.agent.handoff(['submit', taskPath])).code).toBe(0);
    const before = await setup.agent.snapshot();

    const waiting = spawnHandoff(['wait', id, '--timeout', '60s', '--interval', '200ms', '--json'], setup.agent.root);
    await waiting.waitForOutput(`${id} is pending on origin/main`);

    const worker = await setup.clone();
    const inProgress = `tasks/in-progress/${id}.md`;
    await setup.git(worker.root, 'mv', taskPath, inProgress);
    await setup.git(worker.root, 'commit', '-qm', `claim ${id}`);
    await setup.git(worker.root, 'push', '-q', 'origin', 'main');
    await waiting.waitForOutput(`${id} is in progress (claimed by a worker) on origin/main`);

    const ran = await worker.handoff(['run', inProgress]);
    expect(ran.code, ran.stderr).toBe(0);
    await setup.git(worker.root, 'add', '-A');
    await setup.git(worker.root, 'commit', '-qm', `result ${id}`);
    await setup.git(worker.root, 'push', '-q', 'origin', 'main');

    expect(await waiting.exited).toBe(0);
    const output = JSON.parse(waiting.stdout());
    expect(output).toMatchObject({ ok: true, task_id: id, verdict: 'pass', status: 'success', source: 'remote', error: null });
    expect(output.result_path).toMatch(new RegExp(`^results/\\d{4}-\\d{2}-\\d{2}/${id}\\.result\\.md$`));
    expect(output.criteria.every((criterion: { pass: boolean }) => criterion.pass)).toBe(true);
    expect(await setup.agent.snapshot()).toEqual(before);

    const again = await setup.agent.handoff(['wait', id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`✅ pass: ${id} (hugo-build, staging)`);
  });

  it('times out with exit 2 and says where the task is; an unknown id is not found', async () => {
    const created = await setup.agent.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Slow', '--json']);
    const { id, path: taskPath } = created.json();
    await setup.agent.handoff(['submit', taskPath]);
    const timedOut = await setup.agent.handoff(['wait', id, '--timeout', '1s', '--interval', '200ms', '--json']);
    expect(timedOut.code).toBe(2);
    expect(timedOut.json()).toMatchObject({ ok: false, task_id: id, error: { code: 'timeout' } });
    expect(timedOut.json().state).toContain('pending on origin/main');

    const unknown = await setup.agent.handoff(['wait', '2026-01-01-0000-hugo-build-nothing', '--timeout', '5s']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no task 2026-01-01-0000-hugo-build-nothing in tasks/');
    expect((await setup.agent.handoff(['wait', id, '--timeout', 'soon'])).code).toBe(2);
  });
});

describe('handoff wait without a remote', () => {
  it('reads the local result a watcher on this machine wrote, exit 1 for a failed verdict', async () => {
    const repo = await makeTempRepo();
    try {
      const created = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Local', '--json']);
      const { id, path: taskPath } = created.json();
      // The minimal site has far fewer than 100 files: the criterion fails.
      await repo.write({ [taskPath]: (await repo.read(taskPath)).replace('file_count >= min_file_count', 'file_count > 100') });
      expect((await repo.handoff(['run', taskPath])).code).toBe(1);
      const waited = await repo.handoff(['wait', id, '--timeout', '5s', '--json']);
      expect(waited.code).toBe(1);
      expect(waited.json()).toMatchObject({ ok: false, verdict: 'fail', source: 'local', error: { category: 'criteria-not-met', action: 'escalate' } });
    } finally {
      await repo.remove();
    }
  });
});
