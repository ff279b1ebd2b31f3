import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempRepo } from '../helpers/temp-repo.js';
import { makeRemoteSetup } from './git-fixture.js';
import { spawnHandoff } from './spawned-cli.js';

describe('handoff watch', () => {
  it('--once --push in a worker clone: picks up pushed tasks, runs them one by one, pushes only their results and moves', async () => {
    const setup = await makeRemoteSetup();
    try {
      const ids: string[] = [];
      for (const env of ['staging', 'dev']) {
        const created = await setup.agent.handoff(['new', 'hugo-build', '--env', env, '--description', `Build ${env}`, '--json']);
        ids.push(created.json().id);
        expect((await setup.agent.handoff(['submit', created.json().path])).code).toBe(0);
      }
      const worker = await setup.clone();
      // A worker clone that is behind the remote: watch must fast-forward to see the new tasks.
      await setup.git(worker.root, 'reset', '-q', '--hard', 'HEAD~2');
      await setup.git(worker.root, 'branch', '-q', '--set-upstream-to=origin/main');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(worker.root, 'notes.txt'), 'not for any commit\n');

      const watched = await worker.handoff(['watch', '--once', '--push', '--json']);
      expect(watched.code, watched.stderr).toBe(0);
      const output = watched.json();
      expect(output.runs.map((run: { task_id: string }) => run.task_id).sort()).toEqual([...ids].sort());
      expect(output.runs.every((run: { status: string; pushed_commit: string | null }) => run.status === 'success' && run.pushed_commit)).toBe(true);

      const tree = await setup.git(setup.bare, 'ls-tree', '-r', '--name-only', 'main');
      for (const id of ids) {
        expect(tree).toContain(`tasks/completed/${id}.md`);
        expect(tree).not.toContain(`tasks/pending/${id}.md`);
        expect(tree).toMatch(new RegExp(`results/\\d{4}-\\d{2}-\\d{2}/${id}\\.result\\.md`));
      }
      expect(tree).not.toContain('notes.txt');
      expect((await setup.git(worker.root, 'status', '--porcelain')).split('\n').filter((line) => !line.includes('.handoff/'))).toEqual(['?? notes.txt']);

      for (const id of ids) {
        const waited = await setup.agent.handoff(['wait', id, '--timeout', '10s', '--json']);
        expect(waited.code, waited.stderr).toBe(0);
        expect(waited.json()).toMatchObject({ verdict: 'pass', source: 'remote' });
      }
    } finally {
      await setup.remove();
    }
  });

  it('stops cleanly on SIGTERM: the running task finishes with its result, the next one stays pending, nothing is half-moved', async () => {
    const repo = await makeTempRepo();
    try {
      const paths: string[] = [];
      for (const brief of ['first', 'second']) {
        const created = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', brief, '--brief', brief, '--json']);
        paths.push(created.json().path);
      }
      // The first task asks for more files than the minimal site has, so it fails on its criterion.
      await repo.write({ [paths[0] ?? '']: (await repo.read(paths[0] ?? '')).replace('file_count >= min_file_count', 'file_count > 100') });
      const watcher = spawnHandoff(['watch', '--interval', '200ms'], repo.root);
      await watcher.waitForOutput('handoff: running tasks/in-progress/');
      watcher.child.kill('SIGTERM');
      const code = await watcher.exited;
      expect(watcher.stderr()).toContain('SIGTERM: stopping after the current task');
      expect(code).toBe(143); // stopped by SIGTERM (the first task failed its criterion: 'ran 1 task: 0 passed, 1 failed')
      expect(watcher.stdout()).toContain('ran 1 task: 0 passed, 1 failed');
      const folder = async (state: string) => (await readdir(path.join(repo.root, 'tasks', state))).filter((name) => name.endsWith('.md'));
      expect(await folder('in-progress')).toEqual([]);
      expect(await folder('failed')).toEqual([path.basename(paths[0] ?? '')]);
      expect(await folder('pending')).toEqual([path.basename(paths[1] ?? '')]);
      const status = await repo.handoff(['status', '--json']);
      expect(status.json().recent_results).toHaveLength(1);
    } finally {
      await repo.remove();
    }
  });
});
