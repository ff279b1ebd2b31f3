import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeTempRepo, MINIMAL_SITE, PROJECT_ROOT, type TempRepo } from '../helpers/temp-repo.js';
import { startS3Server, TEST_CREDENTIALS, type TestS3Server } from '../servers/s3-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const STATIC_FILES = 400;

it('a deploy killed midway (SIGKILL) resumes from tasks/in-progress and converges', async () => {
  const s3: TestS3Server = await startS3Server({ bucket: 'site-bucket' });
  cleanups.push(() => s3.stop());
  const files: Record<string, string> = { ...MINIMAL_SITE, 'handoff.yml': 'site_path: site\nenvironments:\n  dev:\n    base_url: http://localhost:1313/\n    bucket: site-bucket\n    upload_concurrency: 2\n' };
  for (let index = 0; index < STATIC_FILES; index++) files[`site/static/files/file-${index}.txt`] = `file ${index}\n`.repeat(50);
  const repo: TempRepo = await makeTempRepo(files);
  cleanups.push(() => repo.remove());
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    HANDOFF_S3_ENDPOINT: s3.endpoint,
    HANDOFF_SITE_URL: `${s3.directEndpoint}/site-bucket/index.html`,
  };
  const created = await repo.handoff(['new', 'hugo-deploy-dev', '--description', 'Deploy', '--json']);
  const { id, path: taskPath } = created.json();

  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/handoff.js'), 'run', taskPath, '--json'], { cwd: repo.root, env, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Killed as the 40th upload reaches the bucket (a run that ended before it fails the test).
  await Promise.race([
    s3.untilCount('PutObject', 40),
    exited.then((code) => {
      throw new Error(`handoff run exited (${String(code)}) before 40 uploads`);
    }),
  ]);
  child.kill('SIGKILL');
  await exited;
  const putsBeforeKill = s3.count('PutObject');
  expect(putsBeforeKill).toBeGreaterThanOrEqual(40);
  expect(putsBeforeKill).toBeLessThan(STATIC_FILES);
  await expect(repo.read(`tasks/in-progress/${id}.md`)).resolves.toContain(id);

  const resumed = await repo.handoff(['run', `tasks/in-progress/${id}.md`, '--json'], { env });
  expect(resumed.code, resumed.stdout).toBe(0);
  const result = await repo.read(resumed.json().result_path);
  const uploaded = Number(/uploaded_files: (\d+)/.exec(result)?.[1]);
  const skipped = Number(/skipped_files: (\d+)/.exec(result)?.[1]);
  const fileCount = Number(/file_count: (\d+)/.exec(result)?.[1]);
  expect(skipped).toBeGreaterThan(0);
  expect(uploaded + skipped).toBe(fileCount);

  const again = await repo.handoff(['new', 'hugo-deploy-dev', '--description', 'Deploy again', '--brief', 'again', '--json']);
  s3.resetCounts();
  const noop = await repo.handoff(['run', again.json().path, '--json'], { env });
  expect(noop.code, noop.stdout).toBe(0);
  expect(noop.json().summary).toMatch(/^uploaded 0, skipped \d+, deleted 0/);
  expect(s3.count('PutObject')).toBe(0);
});
