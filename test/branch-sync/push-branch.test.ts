import { describe, expect, it } from 'vitest';
import { pushBranch } from '../../src/branch-sync/push-branch.js';
import { gitFor } from '../../src/git/git-runner.js';
import { trackingRef } from '../../src/git/push-with-retry.js';
import { git, makeRemote } from '../actions/harness.js';

describe('pushBranch and the remote-tracking ref', () => {
  it('moves the same tracking ref fetchBranch reads, for a named remote and for one given as a path', async ({ onTestFinished }) => {
    const remote = await makeRemote({ 'README.md': 'site\n' });
    onTestFinished(remote.remove);
    const clone = await remote.clone('agent');
    const repo = gitFor(clone.dir, { env: process.env });
    for (const target of [{ remote: 'origin', branch: 'main' }, { remote: remote.bare, branch: 'main' }]) {
      await clone.write({ 'README.md': `site pushed to ${target.remote}\n` });
      await clone.git('commit', '-qam', `push to ${target.remote}`);
      const pushed = await pushBranch(repo, target);
      expect(await git(remote.bare, 'rev-parse', 'main')).toBe(pushed.commit);
      expect(await clone.git('rev-parse', trackingRef(target))).toBe(pushed.commit);
    }
    expect(trackingRef({ remote: remote.bare, branch: 'main' })).toBe('refs/remotes/handoff-remote/main');
  });
});
