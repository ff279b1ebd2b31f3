import { rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-site.js';
import { makeRemoteSetup, type RemoteSetup } from './git-fixture.js';

describe('task files reached through a symlink', () => {
  let setup: RemoteSetup;
  let outside: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    setup = await makeRemoteSetup();
    outside = await makeTempDir('handoff-outside');
  });
  afterEach(async () => {
    await setup.remove();
    await outside.remove();
  });

  /** A valid task created by `handoff new`, then moved out of the repository and linked back in. */
  async function linkedTask(brief: string): Promise<{ id: string; path: string }> {
    const created = await setup.agent.handoff(['new', 'hugo-build', '--env', 'dev', '--description', `Build ${brief}`, '--brief', brief, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const task = created.json() as { id: string; path: string };
    const real = path.join(outside.path, `${task.id}.md`);
    await rename(path.join(setup.agent.root, task.path), real);
    await symlink(real, path.join(setup.agent.root, task.path));
    return task;
  }

  /** A valid task whose folder, tasks/pending/, has been moved outside the repository and linked back in. */
  async function taskInLinkedFolder(brief: string): Promise<string> {
    const created = await setup.agent.handoff(['new', 'hugo-build', '--env', 'dev', '--description', `Build ${brief}`, '--brief', brief, '--json']);
    const task = created.json() as { id: string; path: string };
    await rename(path.join(setup.agent.root, 'tasks/pending'), path.join(outside.path, 'pending'));
    await symlink(path.join(outside.path, 'pending'), path.join(setup.agent.root, 'tasks/pending'));
    return task.path;
  }

  it('validate refuses a symlinked task file and one in a symlinked folder, naming each', async () => {
    const linked = await linkedTask('linked');
    const file = await setup.agent.handoff(['validate', linked.path]);
    expect(file.code).toBe(1);
    expect(file.stdout + file.stderr).toContain(`error: ${linked.path}: (file): expected a regular file in the repository (not a symlink, not in a symlinked folder); found a symlink (-> ${outside.path}/`);
    const inFolder = await taskInLinkedFolder('infolder');
    const folder = await setup.agent.handoff(['validate', inFolder]);
    expect(folder.code).toBe(1);
    expect(folder.stdout + folder.stderr).toContain(`error: ${inFolder}: (file): expected a regular file in the repository (not a symlink, not in a symlinked folder); found in the symlinked folder tasks/pending (-> ${outside.path}/pending)`);
  });

  it('submit refuses a symlinked task file and commits nothing', async () => {
    const linked = await linkedTask('submit');
    const head = await setup.git(setup.agent.root, 'rev-parse', 'HEAD');
    const refused = await setup.agent.handoff(['submit', linked.path, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: 'refused' }, problems: [{ file: linked.path, field: '(file)' }] });
    expect(await setup.git(setup.agent.root, 'rev-parse', 'HEAD')).toBe(head);
    expect(await setup.git(setup.agent.root, 'ls-files', '-s', 'tasks/pending')).not.toContain('120000');
  });

  it('run refuses both before claiming them: nothing moves to in-progress, no result', async () => {
    const linked = await linkedTask('run');
    const run = await setup.agent.handoff(['run', linked.path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${linked.path}: (file): expected a regular file in the repository (not a symlink, not in a symlinked folder); found a symlink (-> `);
    const inFolder = await taskInLinkedFolder('runfolder');
    for (const file of [inFolder]) {
      const run = await setup.agent.handoff(['run', file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toContain('not a symlink, not in a symlinked folder');
    }
    expect(await setup.git(setup.agent.root, 'status', '--porcelain', 'tasks/in-progress', 'results')).toBe('');
  });
});
