import { describe, expect, it } from 'vitest';
import { AgentError } from '../../src/errors/agent-error.js';
import { parseDuration } from '../../src/client/duration.js';
import { submitTask } from '../../src/client/submit-task.js';
import { loadConfig } from '../../src/config/load-config.js';
import { makeRemoteSetup } from './git-fixture.js';

describe('the typed production confirmation on a terminal', () => {
  it('asks with the warning; only the exact words commit and push', async () => {
    const setup = await makeRemoteSetup();
    try {
      const created = await setup.agent.handoff([
        'new', 'hugo-deploy-production', '--description', 'Release', '--set', 'changes_summary=New pricing page',
        '--set', 'staging_url=https://staging.example.org/pricing/', '--set', 'confirmation=DEPLOY TO PRODUCTION', '--json',
      ]);
      const file = created.json().path;
      const asked: string[] = [];
      const request = { root: setup.agent.root, file, config: await loadConfig(setup.agent.root), push: true, env: process.env };
      const refused = await submitTask({ ...request, ask: async (warning) => (asked.push(warning), 'yes') }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AgentError);
      expect((refused as AgentError).message).toContain('expected exactly "DEPLOY TO PRODUCTION"; found "yes"');
      expect(asked[0]).toMatch(/^⚠️ PRODUCTION DEPLOYMENT WARNING\n\nChanges being deployed:\n- New pricing page\n\nStaging preview: https:\/\/staging\.example\.org\/pricing\/\n\nThis will update the customer-facing site at https:\/\/www\.example\.org\/\n\nType 'DEPLOY TO PRODUCTION' to confirm:$/);

      const outcome = await submitTask({ ...request, ask: async () => 'DEPLOY TO PRODUCTION\n' });
      expect(outcome).toMatchObject({ ok: true, pushed: true, environment: 'production' });
      expect(await setup.git(setup.bare, 'rev-parse', 'main')).toBe(outcome.commit);
    } finally {
      await setup.remove();
    }
  });
});

describe('parseDuration', () => {
  it('reads 30m, 90s, 1h, 1m30s, 500ms and bare seconds; refuses the rest naming the option', () => {
    expect([parseDuration('30m', 'x'), parseDuration('90s', 'x'), parseDuration('1h', 'x'), parseDuration('1m30s', 'x'), parseDuration('500ms', 'x'), parseDuration('2', 'x')]).toEqual([
      1_800_000, 90_000, 3_600_000, 90_000, 500, 2000,
    ]);
    expect(() => parseDuration('soon', '--timeout')).toThrow('--timeout: expected a duration such as 30s, 10m or 1h; found "soon"');
    expect(() => parseDuration('5 m', '--timeout')).toThrow(AgentError);
  });
});
