import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createTask } from '../../src/client/new-task.js';
import { writeRedeployTask } from '../../src/client/redeploy-task.js';
import { taskStamps } from '../../src/client/task-writer.js';
import { writeResult } from '../../src/result/write-result.js';
import { parseFrontMatter } from '../../src/task/front-matter.js';
import { successfulResult } from '../helpers/task-results.js';
import { makeTempRepo, MINIMAL_SITE } from '../helpers/temp-repo.js';

const CONFIG = [
  'site_path: site',
  'requested_by: release-bot',
  'environments:',
  '  staging:',
  '    base_url: https://staging.example.org/',
  '    bucket: staging-bucket',
  '  production:',
  '    base_url: https://www.example.org/',
  '    bucket: production-bucket',
  '',
].join('\n');

const stagingDeploy = (id: string, commit: string, finishedAt: string) =>
  successfulResult(id, { commit, started_at: finishedAt, finished_at: finishedAt, outputs: { url: 'https://staging-result.example.org/?from=result' } });

describe('one task writer for new, promote and rollback', () => {
  it("stamps each command's task alike: the same created format and requested_by, and the front matter in the templates' order", async ({ onTestFinished }) => {
    const repo = await makeTempRepo({ ...MINIMAL_SITE, 'handoff.yml': CONFIG });
    onTestFinished(repo.remove);
    await writeResult(repo.root, stagingDeploy('2026-01-19-1000-hugo-deploy-v1', 'a'.repeat(40), '2026-01-19T10:01:00Z'), '');
    await writeResult(repo.root, stagingDeploy('2026-01-19-1100-hugo-deploy-v2', 'b'.repeat(40), '2026-01-19T11:01:00Z'), '');
    const config = parseConfig(CONFIG);
    // Milliseconds in the clock: none of the writers may let them into the task.
    const now = new Date('2026-01-19T14:30:05.123Z');

    const fresh = await createTask({ root: repo.root, cwd: repo.root, template: 'hugo-deploy-staging', description: 'Deploy the posts', config, now });
    expect(fresh.ok).toBe(true);
    const promote = await writeRedeployTask(repo.root, { kind: 'promote', stagingTaskId: '2026-01-19-1100-hugo-deploy-v2' }, now, config);
    const rollback = await writeRedeployTask(repo.root, { kind: 'rollback', environment: 'staging' }, now, config);
    expect([promote.to, rollback.to]).toEqual(['2026-01-19-1100-hugo-deploy-v2', '2026-01-19-1000-hugo-deploy-v1']);

    const frontOf = async (file: string) => {
      const parsed = parseFrontMatter(await repo.read(file), file);
      if (!parsed.ok) throw new Error(`${file} has no front matter`);
      return parsed.file.data;
    };
    const files = [fresh.ok ? fresh.path : '', promote.file, rollback.file];
    const fronts = await Promise.all(files.map(frontOf));
    const stamps = taskStamps(now, config.ok ? config.config : undefined);
    expect(stamps).toEqual({ timestamp: '2026-01-19-1430', created: '2026-01-19T14:30:05Z', requested_by: 'release-bot' });
    for (const [index, front] of fronts.entries()) {
      expect(front.created, files[index]).toBe(stamps.created);
      expect(front.requested_by, files[index]).toBe(stamps.requested_by);
      expect(String(front.id).startsWith(`${stamps.timestamp}-hugo-deploy-`), files[index]).toBe(true);
    }
    const shared = ['id', 'type', 'environment', 'description', 'created', 'requested_by', 'params'];
    for (const front of fronts) expect(Object.keys(front).filter((key) => shared.includes(key))).toEqual(shared);
    expect(Object.keys(fronts[0]!).slice(0, 6)).toEqual(Object.keys(fronts[1]!).slice(0, 6));
    // The result's URL goes into the production task by the one URL rule: its query is left out.
    expect(fronts[1]!.staging_url).toBe('https://staging-result.example.org/');
  });
});
