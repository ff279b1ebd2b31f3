import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { treeDigest } from '../../src/files/tree-digest.js';
import { buildHugoSite, type HugoBuildDeps, type HugoBuildOptions } from '../../src/hugo/build.js';
import { defaultRunDependencies, runTask } from '../../src/worker/run-task.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';
import { makeTempRepo } from '../helpers/temp-repo.js';

const ID = '2026-01-19-1430-hugo-build-dev';
const TASK = `---\nid: ${ID}\ntype: hugo-build\nenvironment: dev\ndescription: Build the site\ncreated: 2026-01-19T14:30:00Z\nparams:\n  site_path: site\n---\n`;
const BUILT = { 'index.html': '<p>home</p>', 'a/index.html': '<p>a</p>', 'css/site.css': 'p{}' };

// A build's output is walked once (bench/README.md, run-overhead): the walk that measures it for
// tree_digest also gives file_count.
describe('the output of a hugo build', () => {
  it('is counted and digested in one walk', async () => {
    const repo = await makeTempRepo({ 'handoff.yml': 'site_path: site\n', 'site/hugo.toml': 'title = "Site"\n', [`tasks/pending/${ID}.md`]: TASK }, { git: false });
    onTestFinished(repo.remove);
    let digestOfWhatWasCounted = '';
    const buildSite = async (settings: HugoBuildOptions, deps: HugoBuildDeps = {}) => {
      await writeTree(settings.destination, BUILT);
      digestOfWhatWasCounted = await treeDigest(settings.destination);
      expect(deps.countOutput).toBeDefined();
      const fileCount = await deps.countOutput!(settings.destination);
      // Gone after the count: a second walk for the digest would no longer see it.
      await rm(path.join(settings.destination, 'css'), { recursive: true });
      return { outputs: { build_success: true, errors: [], warnings: [], file_count: fileCount, duration_seconds: 0, hugo_version: null, output_dir: settings.destination }, log: 'built' };
    };

    const outcome = await runTask({ root: repo.root, taskFile: `tasks/pending/${ID}.md`, config: await loadConfig(repo.root) }, { ...defaultRunDependencies, buildSite });

    expect(outcome.result.status).toBe('success');
    expect(outcome.result.outputs.file_count).toBe(3);
    expect(outcome.result.outputs.tree_digest).toBe(digestOfWhatWasCounted);
  });

  it('is counted by the counter the caller gives, when hugo succeeds', async () => {
    const hugo = hugoBinaries()[0]!;
    const temp = await makeTempDir('handoff-output-walk');
    onTestFinished(temp.remove);
    const siteDir = path.join(temp.path, 'site');
    await writeTree(siteDir, { 'hugo.toml': 'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n', 'layouts/index.html': '<p>home</p>\n' });
    const counted: string[] = [];

    const report = await buildHugoSite(
      { siteDir, destination: path.join(temp.path, 'public') },
      {
        hugoBinary: hugo.binary,
        countOutput: async (destination) => {
          counted.push(destination);
          return 41;
        },
      },
    );

    expect(report.outputs.build_success).toBe(true);
    expect(counted).toEqual([path.join(temp.path, 'public')]);
    expect(report.outputs.file_count).toBe(41);
  });
});
