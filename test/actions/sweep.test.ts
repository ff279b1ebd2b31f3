import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startGitHubApi } from './github-api-server.js';
import { buildTask, makeRemote, orchestrationRepo, productionDeployTask, remoteFile, remoteFiles, runAction } from './harness.js';

const execFileAsync = promisify(execFile);

/** Claims a pending task the way the plan does (a commit moving it, with the run trailer), dated `at`. */
async function claimAt(dir: string, file: string, runId: string, at: string): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at, GIT_AUTHOR_NAME: 'bot', GIT_AUTHOR_EMAIL: 'bot@example.org', GIT_COMMITTER_NAME: 'bot', GIT_COMMITTER_EMAIL: 'bot@example.org' };
  const run = (...args: string[]) => execFileAsync('git', args, { cwd: dir, env });
  await run('mv', file, file.replace('tasks/pending/', 'tasks/in-progress/'));
  await run('commit', '-qm', `handoff: claim 1 task [skip ci]\n\nHandoff-Run: ${runId}`);
  await run('push', '-q', 'origin', 'HEAD:main');
}

describe('sweep action (bundled, run as the runner runs it)', () => {
  it('requeues dead claims, fails dead production ones and those of cancelled runs with a result, and keeps live, young and unknown ones', async ({ onTestFinished }) => {
    const tasks = {
      dead: buildTask('dead', { minute: 1 }),
      alive: buildTask('alive', { minute: 2 }),
      young: buildTask('young', { minute: 3 }),
      lost: buildTask('lost', { minute: 4 }),
      unknown: buildTask('unknown', { minute: 5 }),
      production: productionDeployTask('prod'),
    };
    const remote = await makeRemote(orchestrationRepo(undefined, Object.fromEntries(Object.values(tasks))));
    onTestFinished(remote.remove);
    const admin = await remote.clone('admin');
    const old = new Date(Date.now() - 5 * 3600_000).toISOString();
    await claimAt(admin.dir, tasks.dead[0], '11', old);
    await claimAt(admin.dir, tasks.alive[0], '12', old);
    await claimAt(admin.dir, tasks.production[0], '11', old);
    await claimAt(admin.dir, tasks.young[0], '14', new Date().toISOString());
    await claimAt(admin.dir, tasks.lost[0], '15', old);
    await claimAt(admin.dir, tasks.unknown[0], '16', old);
    const api = await startGitHubApi((method, url) => {
      if (method === 'GET' && url.endsWith('/actions/runs/11')) return { status: 200, body: { status: 'completed', conclusion: 'cancelled' } };
      if (method === 'GET' && url.endsWith('/actions/runs/12')) return { status: 200, body: { status: 'waiting', conclusion: null } };
      if (method === 'GET' && url.endsWith('/actions/runs/15')) return { status: 200, body: { status: 'completed', conclusion: 'failure' } };
      if (method === 'GET' && url.endsWith('/actions/runs/16')) return { status: 502, body: { message: 'Bad Gateway' } };
      return undefined;
    });
    onTestFinished(api.stop);
    const checkout = await remote.clone('sweeper');

    const sweep = await runAction('sweep', { workspace: checkout.dir, eventName: 'schedule', inputs: { 'github-token': 't', 'timeout-minutes': '60' }, env: { GITHUB_API_URL: api.url } });

    expect(sweep.code, sweep.stdout + sweep.stderr).toBe(0);
    expect(sweep.outputs).toMatchObject({ requeued: '1', failed: '2' });
    expect(sweep.stdout).toMatch(/2026-01-19-1405-hugo-build-unknown\.md: keep: .*could not be read from the GitHub API/);
    expect(sweep.stdout).toMatch(/2026-01-19-1401-hugo-build-dead\.md: fail: .*a cancelled task is not run again/);
    expect(sweep.stdout).toMatch(/2026-01-19-1402-hugo-build-alive\.md: keep: claimed \d+ min ago, but its run 12 is still waiting/);
    expect(sweep.stdout).toMatch(/2026-01-19-1403-hugo-build-young\.md: keep: claimed 0 min ago, within the 60 min timeout/);
    expect(await remoteFiles(remote.bare, 'tasks/pending')).toEqual(['tasks/pending/.gitkeep', tasks.lost[0]]);
    expect(await remoteFiles(remote.bare, 'tasks/in-progress')).toEqual([
      'tasks/in-progress/.gitkeep',
      'tasks/in-progress/2026-01-19-1402-hugo-build-alive.md',
      'tasks/in-progress/2026-01-19-1403-hugo-build-young.md',
      'tasks/in-progress/2026-01-19-1405-hugo-build-unknown.md',
    ]);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain('tasks/failed/2026-01-19-1401-hugo-build-dead.md');
    const deadResult = await remoteFile(remote.bare, (await remoteFiles(remote.bare, 'results')).find((file) => file.endsWith('hugo-build-dead.result.md')) ?? '');
    expect(deadResult).toMatch(/status: failed/);
    expect(deadResult).toMatch(/cancelled/);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain('tasks/failed/2026-01-19-1500-hugo-deploy-prod.md');
    const results = await remoteFiles(remote.bare, 'results');
    const result = await remoteFile(remote.bare, results.find((file) => file.endsWith('hugo-deploy-prod.result.md')) ?? '');
    expect(result).toMatch(/by run 11, which is completed \(cancelled\); a production task is never requeued automatically/);
    expect(api.requests.filter((request) => request.startsWith('GET')).sort()).toEqual([
      'GET /repos/acme/handoff-site/actions/runs/11 Bearer t',
      'GET /repos/acme/handoff-site/actions/runs/12 Bearer t',
      'GET /repos/acme/handoff-site/actions/runs/15 Bearer t',
      'GET /repos/acme/handoff-site/actions/runs/16 Bearer t',
    ]);
  });

  it('requeues the claims its own finished run left behind and dispatches the workflow; fails a task claimed too often', async ({ onTestFinished }) => {
    const once = buildTask('once', { minute: 5 });
    const twice = buildTask('twice', { minute: 6 });
    const remote = await makeRemote(orchestrationRepo(undefined, Object.fromEntries([once, twice])));
    onTestFinished(remote.remove);
    const admin = await remote.clone('admin');
    const now = new Date().toISOString();
    await claimAt(admin.dir, twice[0], '20', now);
    // Requeued once already: moved back to pending, then claimed again by run 30.
    await execFileAsync('git', ['mv', twice[0].replace('tasks/pending/', 'tasks/in-progress/'), twice[0]], { cwd: admin.dir });
    await execFileAsync('git', ['-c', 'user.name=bot', '-c', 'user.email=bot@example.org', 'commit', '-qm', 'handoff: sweep: requeue 1 task [skip ci]'], { cwd: admin.dir });
    await claimAt(admin.dir, twice[0], '30', now);
    await claimAt(admin.dir, once[0], '30', now);
    const api = await startGitHubApi((method) => (method === 'POST' ? { status: 204 } : undefined));
    onTestFinished(api.stop);
    const checkout = await remote.clone('final-job');

    const sweep = await runAction('sweep', {
      workspace: checkout.dir,
      inputs: { 'finished-run-id': '30', 'dispatch-workflow': 'tasks.yml', 'github-token': 't', 'update-checkout': 'true' },
      env: { GITHUB_API_URL: api.url },
    });

    expect(sweep.code, sweep.stdout + sweep.stderr).toBe(0);
    expect(sweep.outputs).toMatchObject({ requeued: '1', failed: '1' });
    expect(await remoteFiles(remote.bare, 'tasks/pending')).toEqual(['tasks/pending/.gitkeep', once[0]]);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain(`tasks/failed/${path.posix.basename(twice[0])}`);
    expect(api.requests).toEqual(['POST /repos/acme/handoff-site/actions/workflows/tasks.yml/dispatches Bearer t']);
    expect(api.bodies).toEqual([{ ref: 'main' }]);
    // The checkout moved to the sweep's commit, so a plan step after it sees the requeued task.
    expect(await checkout.git('rev-parse', 'HEAD')).toBe(sweep.outputs.commit);
  });

  it('fails, never requeues, the claims its own cancelled run left behind, and dispatches nothing', async ({ onTestFinished }) => {
    const cancelled = buildTask('cancelled', { minute: 7 });
    const remote = await makeRemote(orchestrationRepo(undefined, Object.fromEntries([cancelled])));
    onTestFinished(remote.remove);
    const admin = await remote.clone('admin');
    await claimAt(admin.dir, cancelled[0], '40', new Date().toISOString());
    const api = await startGitHubApi((method) => (method === 'POST' ? { status: 204 } : undefined));
    onTestFinished(api.stop);
    const checkout = await remote.clone('final-job');

    const sweep = await runAction('sweep', {
      workspace: checkout.dir,
      inputs: { 'finished-run-id': '40', 'finished-run-cancelled': 'true', 'dispatch-workflow': 'tasks.yml', 'github-token': 't' },
      env: { GITHUB_API_URL: api.url },
    });

    expect(sweep.code, sweep.stdout + sweep.stderr).toBe(0);
    expect(sweep.outputs).toMatchObject({ requeued: '0', failed: '1' });
    expect(await remoteFiles(remote.bare, 'tasks/pending')).toEqual(['tasks/pending/.gitkeep']);
    expect(await remoteFiles(remote.bare, 'tasks/failed')).toContain(`tasks/failed/${path.posix.basename(cancelled[0])}`);
    const result = await remoteFile(remote.bare, (await remoteFiles(remote.bare, 'results')).find((file) => file.endsWith('hugo-build-cancelled.result.md')) ?? '');
    expect(result).toMatch(/its run 40 was cancelled before the task was recorded/);
    expect(api.requests).toEqual([]);
  });
});
