import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnHandoff } from '../agent/spawned-cli.js';
import { makeTempRepo, MINIMAL_SITE, PROJECT_ROOT, type TempRepo } from '../helpers/temp-repo.js';
import { startS3Server, TEST_CREDENTIALS } from '../servers/s3-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function repoWithTasks(count: number): Promise<TempRepo> {
  const repo = await makeTempRepo();
  cleanups.push(() => repo.remove());
  for (let index = 0; index < count; index++) {
    const created = await repo.handoff(['new', 'hugo-build', '--env', 'dev', '--description', `Build ${index}`, '--brief', `b${index}`]);
    expect(created.code, created.stderr).toBe(0);
  }
  return repo;
}

/** Runs the real binary with its stdout a pipe whose reader is already gone (`… | head -0`). */
function runWithClosedStdout(repo: TempRepo, args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'handoff.js'), ...args], { cwd: repo.root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('a closed stdout (handoff … | head)', () => {
  it('status, validate, help and new finish quietly with their own exit code, and new still writes its task', async () => {
    const repo = await repoWithTasks(3);
    for (const args of [['status'], ['status', '--json'], ['validate'], ['help'], ['verify', 'nothing-such']]) {
      const run = await runWithClosedStdout(repo, args);
      expect(run.stderr, args.join(' ')).not.toMatch(/EPIPE|at .*\.js:\d+/);
      expect(run.signal).toBeNull();
      expect(run.code, args.join(' ')).toBe(args[0] === 'verify' ? 2 : 0);
    }
    const created = await runWithClosedStdout(repo, ['new', 'hugo-build', '--env', 'staging', '--description', 'Piped', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toBe('');
    const status = await repo.handoff(['status', '--json']);
    expect(status.json().pending.filter((file: string) => file.includes('hugo-build-staging'))).toHaveLength(1);
  });
});

describe('Ctrl-C (SIGINT)', () => {
  it('wait: one line, exit 130', async () => {
    const repo = await repoWithTasks(1);
    const id = (await repo.handoff(['status', '--json'])).json().pending[0].replace(/^.*\/|\.md$/g, '');
    const waiting = spawnHandoff(['wait', id, '--timeout', '5m'], repo.root);
    await waiting.waitForOutput('is pending');
    waiting.child.kill('SIGINT');
    expect(await waiting.exited).toBe(130);
    expect(waiting.stderr().trimEnd().split('\n').at(-1)).toBe('handoff: interrupted (SIGINT)');
    expect(waiting.stderr()).not.toMatch(/at .*\.js:\d+/);
  });

  it('watch: the first stops it at a safe point, one line, exit 130', async () => {
    const repo = await makeTempRepo();
    cleanups.push(() => repo.remove());
    const watching = spawnHandoff(['watch', '--interval', '60s'], repo.root);
    await watching.waitForOutput('Ctrl-C stops');
    await delay(300); // its first look at tasks/pending/ has found nothing
    watching.child.kill('SIGINT');
    expect(await watching.exited).toBe(130);
    expect(watching.stderr()).toContain('SIGINT: stopping after the current task');
    expect(watching.stdout()).toContain('ran 0 tasks');
  });

  it('run during a deploy: one line naming the claimed task, exit 130, and running it again resumes and converges', async () => {
    const s3 = await startS3Server({ bucket: 'site-bucket' });
    cleanups.push(() => s3.stop());
    const files: Record<string, string> = { ...MINIMAL_SITE, 'handoff.yml': 'site_path: site\nenvironments:\n  dev:\n    base_url: http://localhost:1313/\n    bucket: site-bucket\n    upload_concurrency: 2\n' };
    for (let index = 0; index < 300; index++) files[`site/static/files/file-${index}.txt`] = `file ${index}\n`.repeat(50);
    const repo = await makeTempRepo(files);
    cleanups.push(() => repo.remove());
    const env = { ...process.env, AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, HANDOFF_S3_ENDPOINT: s3.endpoint, HANDOFF_SITE_URL: `${s3.directEndpoint}/site-bucket/index.html` };
    const { id, path: taskPath } = (await repo.handoff(['new', 'hugo-deploy-dev', '--description', 'Deploy', '--json'])).json();

    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/handoff.js'), 'run', taskPath], { cwd: repo.root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const deadline = Date.now() + 30_000;
    while (s3.count('PutObject') < 20 && Date.now() < deadline) await delay(10);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const lines = stderr.trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('interrupted'))).toEqual([`handoff: interrupted (SIGINT); tasks/in-progress/${id}.md stays there: handoff run tasks/in-progress/${id}.md resumes it`]);
    expect(s3.count('PutObject')).toBeLessThan(300);

    const resumed = await repo.handoff(['run', `tasks/in-progress/${id}.md`, '--json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json().status).toBe('success');
  });
});

describe('a missing file', () => {
  it('is named first, in one line, exit 2, by every command that takes a path (also with --local-s3)', async () => {
    const repo = await repoWithTasks(0);
    const cases: Array<[string[], string]> = [
      [['run', 'tasks/pending/missing.md', '--local-s3'], 'tasks/pending/missing.md: no such task file'],
      [['run', 'tasks/pending/missing.md'], 'tasks/pending/missing.md: no such task file'],
      [['diff', 'tasks/pending/missing.md'], 'tasks/pending/missing.md: no such task file'],
      [['plan', 'tasks/pending/missing.md'], 'tasks/pending/missing.md: no such task file'],
      [['submit', 'tasks/pending/missing.md'], 'tasks/pending/missing.md: no such task file'],
      [['validate', 'tasks/pending/missing.md'], 'tasks/pending/missing.md: no such file or folder'],
      [['verify', 'results/missing.result.md'], 'results/missing.result.md: no such result file'],
    ];
    for (const [args, message] of cases) {
      const run = await repo.handoff(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toContain(`handoff: ${message}`);
      const json = await repo.handoff([...args, '--json']);
      expect(json.code).toBe(2);
      expect(json.json().error.code).toBe('not-found');
    }
  });
});
