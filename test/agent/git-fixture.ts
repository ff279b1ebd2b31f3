import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempRepo, PROJECT_ROOT, type TempRepo } from '../helpers/temp-repo.js';
import { makeTempDir } from '../helpers/temp-site.js';

const execFileAsync = promisify(execFile);

export interface Clone {
  root: string;
  handoff: TempRepo['handoff'];
}

export interface RemoteSetup {
  /** The bare repository standing in for GitHub. */
  bare: string;
  /** The agent's clone (made by makeTempRepo, pushed to the bare remote, main tracking origin/main). */
  agent: TempRepo;
  git(cwd: string, ...args: string[]): Promise<string>;
  /** Another clone of the remote (a worker, another agent), with an identity configured. */
  clone(): Promise<Clone>;
  remove(): Promise<void>;
}

/**
 * An orchestration repository with the example site in site/ (126 files, so the shipped
 * templates' criteria hold), pushed to a bare remote in a temp folder: real git end to end.
 */
export async function makeRemoteSetup(): Promise<RemoteSetup> {
  const agent = await makeTempRepo({}, { git: false });
  await cp(path.join(PROJECT_ROOT, 'examples', 'site'), path.join(agent.root, 'site'), { recursive: true, filter: (source) => !source.includes(`${path.sep}public`) });
  const bareDir = await makeTempDir('handoff-bare');
  const cleanups: Array<() => Promise<void>> = [agent.remove, bareDir.remove];
  const git = async (cwd: string, ...args: string[]): Promise<string> => (await execFileAsync('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
  await git(bareDir.path, 'init', '-q', '--bare', '-b', 'main');
  await git(agent.root, 'init', '-q', '-b', 'main');
  await identify(git, agent.root);
  await git(agent.root, 'add', '-A');
  await git(agent.root, 'commit', '-qm', 'initial');
  await git(agent.root, 'remote', 'add', 'origin', bareDir.path);
  await git(agent.root, 'push', '-q', '-u', 'origin', 'main');
  return {
    bare: bareDir.path,
    agent,
    git,
    async clone() {
      const dir = await makeTempDir('handoff-clone');
      cleanups.push(dir.remove);
      const root = path.join(dir.path, 'repo');
      await git(dir.path, 'clone', '-q', bareDir.path, root);
      await identify(git, root);
      return { root, handoff: (args, options = {}) => agent.handoff(args, { ...options, cwd: options.cwd ?? root }) };
    },
    async remove() {
      await Promise.all(cleanups.map((cleanup) => cleanup()));
    },
  };
}

async function identify(git: (cwd: string, ...args: string[]) => Promise<string>, root: string): Promise<void> {
  await git(root, 'config', 'user.name', 'Test Agent');
  await git(root, 'config', 'user.email', 'agent@example.org');
}
