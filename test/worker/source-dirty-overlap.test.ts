import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { HugoBuildReport, HugoBuildOptions } from '../../src/hugo/build.js';
import { defaultRunDependencies, runTask } from '../../src/worker/run-task.js';
import { makeTempRepo } from '../helpers/temp-repo.js';

const ID = '2026-01-19-1430-hugo-build-dev';
const TASK = `---\nid: ${ID}\ntype: hugo-build\nenvironment: dev\ndescription: Build the site\ncreated: 2026-01-19T14:30:00Z\nparams:\n  site_path: site\n---\n`;

function built(settings: HugoBuildOptions): HugoBuildReport {
  return { outputs: { build_success: true, errors: [], warnings: [], file_count: 0, duration_seconds: 0, hugo_version: null, output_dir: settings.destination }, log: 'built' };
}

/** A promise and the functions that settle it, so a test decides when git "answers". */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

async function repoWithTask() {
  const repo = await makeTempRepo({ 'handoff.yml': 'site_path: site\n', 'site/hugo.toml': 'title = "Site"\n', [`tasks/pending/${ID}.md`]: TASK }, { git: false });
  onTestFinished(repo.remove);
  return repo;
}

// git status of the site runs while hugo builds (bench/README.md, run-overhead): hugo is not kept
// waiting for it, and its answer is still the result's source_dirty.
describe('source_dirty of a hugo build', () => {
  it('is asked before hugo starts, answered while it builds, and recorded', async () => {
    const repo = await repoWithTask();
    const git = deferred<boolean>();
    const events: string[] = [];
    const outcome = await runTask(
      { root: repo.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(repo.root) },
      {
        ...defaultRunDependencies,
        isSourceDirty: (sitePath) => {
          events.push(`git asked about ${sitePath}`);
          return git.promise;
        },
        buildSite: async (settings) => {
          events.push('hugo started');
          // git answers only once hugo runs: a worker that waited for it first would never get here.
          git.resolve(true);
          await git.promise;
          events.push('hugo finished');
          return built(settings);
        },
      },
    );

    expect(events).toEqual(['git asked about site', 'hugo started', 'hugo finished']);
    expect(outcome.result.status).toBe('success');
    expect(outcome.result.outputs.source_dirty).toBe(true);
  });

  it('a git failure while hugo builds fails the task after the build, without ending the process', async () => {
    const repo = await repoWithTask();
    const git = deferred<boolean>();
    const run = runTask(
      { root: repo.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(repo.root) },
      {
        ...defaultRunDependencies,
        isSourceDirty: () => git.promise,
        buildSite: async (settings) => {
          git.reject(new Error('git status crashed'));
          // Long enough for an unhandled rejection to be reported before the build returns.
          await new Promise((resolve) => setImmediate(resolve));
          return built(settings);
        },
      },
    );

    await expect(run).rejects.toThrow('git status crashed');
  });
});
