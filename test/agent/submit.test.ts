import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRemoteSetup, type RemoteSetup } from './git-fixture.js';

describe('handoff submit', () => {
  let setup: RemoteSetup;
  beforeEach(async () => {
    setup = await makeRemoteSetup();
  });
  afterEach(async () => setup.remove());

  const newTask = async (brief: string, extra: string[] = []): Promise<{ id: string; path: string }> => {
    const created = await setup.agent.handoff(['new', 'hugo-build', '--env', 'staging', '--description', `Build ${brief}`, '--brief', brief, '--json', ...extra]);
    expect(created.code, created.stderr).toBe(0);
    return created.json();
  };

  it('commits only the task file (other staged changes stay staged), pushes it and prints the id', async () => {
    const { id, path: taskPath } = await newTask('promo');
    await setup.agent.write({ 'site/content/draft.md': '---\ntitle: Draft\n---\nNot ready.\n' });
    await setup.git(setup.agent.root, 'add', 'site/content/draft.md');

    const submitted = await setup.agent.handoff(['submit', taskPath, '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const output = submitted.json();
    expect(output).toMatchObject({ ok: true, id, path: taskPath, pushed: true, remote: 'origin/main' });
    expect(output.commit).toMatch(/^[0-9a-f]{40}$/);

    expect(await setup.git(setup.bare, 'rev-parse', 'main')).toBe(output.commit);
    expect(await setup.git(setup.bare, 'show', '--name-only', '--format=%s', 'main')).toBe(`handoff: submit ${id} (hugo-build, staging)\n\n${taskPath}`);
    expect(await setup.git(setup.agent.root, 'diff', '--cached', '--name-only')).toBe('site/content/draft.md');

    const plain = await setup.agent.handoff(['submit', taskPath]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(`${id}\n`);
    expect(plain.stderr).toContain('already committed');
  });

  it('refuses a task that does not validate, with its problems, and commits nothing', async () => {
    const { path: taskPath } = await newTask('broken');
    const text = await setup.agent.read(taskPath);
    await setup.agent.write({ [taskPath]: text.replace('environment: "staging"', 'environment: "prod"') });
    const head = await setup.git(setup.agent.root, 'rev-parse', 'HEAD');
    const refused = await setup.agent.handoff(['submit', taskPath]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('environment: expected one of dev, staging, production; found "prod"');
    expect(refused.stderr).toContain('does not validate');
    const json = await setup.agent.handoff(['submit', taskPath, '--json']);
    expect(json.json()).toMatchObject({ ok: false, error: { code: 'refused' }, problems: [{ field: 'environment' }] });
    expect(await setup.git(setup.agent.root, 'rev-parse', 'HEAD')).toBe(head);
    const misuse = await setup.agent.handoff(['submit', 'site/hugo.toml']);
    expect(misuse.code).toBe(2);
  });

  it('rebases onto a remote that moved and pushes; --no-push only commits', async () => {
    const other = await setup.clone();
    const theirs = await other.handoff(['new', 'hugo-build', '--env', 'dev', '--description', 'Theirs', '--brief', 'theirs', '--json']);
    expect((await other.handoff(['submit', theirs.json().path])).code).toBe(0);

    const { id, path: taskPath } = await newTask('mine');
    const local = await setup.agent.handoff(['submit', taskPath, '--no-push', '--json']);
    expect(local.json()).toMatchObject({ ok: true, id, pushed: false });
    expect(await setup.git(setup.bare, 'log', '--format=%s', 'main')).not.toContain(id);

    // Uncommitted edits survive the rebase (autostash) and stay out of every commit.
    const about = await setup.agent.read('site/content/about.md');
    await setup.agent.write({ 'site/content/about.md': `${about}\nWork in progress.\n` });
    const pushed = await setup.agent.handoff(['submit', taskPath, '--json']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const subjects = await setup.git(setup.bare, 'log', '--format=%s', 'main');
    expect(subjects.split('\n').slice(0, 2)).toEqual([`handoff: submit ${id} (hugo-build, staging)`, `handoff: submit ${theirs.json().id} (hugo-build, dev)`]);
    expect(await setup.git(setup.agent.root, 'status', '--short', '--branch', '--untracked-files=no')).toBe('## main...origin/main\n M site/content/about.md');
    expect(await setup.git(setup.bare, 'show', 'main:site/content/about.md')).toBe(about.trim());
  });

  it('shows the production warning and needs the typed confirmation', async () => {
    const created = await setup.agent.handoff([
      'new', 'hugo-deploy-production', '--description', 'Release', '--set', 'changes_summary=New pricing page',
      '--set', 'staging_url=https://staging.example.org/pricing/', '--set', 'confirmation=DEPLOY TO PRODUCTION', '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const taskPath = created.json().path;
    const head = await setup.git(setup.agent.root, 'rev-parse', 'HEAD');

    const unconfirmed = await setup.agent.handoff(['submit', taskPath]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain(`--confirm "DEPLOY TO PRODUCTION"`);
    const wrong = await setup.agent.handoff(['submit', taskPath, '--confirm', 'deploy to production']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('expected exactly "DEPLOY TO PRODUCTION"');
    expect(await setup.git(setup.agent.root, 'rev-parse', 'HEAD')).toBe(head);

    const confirmed = await setup.agent.handoff(['submit', taskPath, '--confirm', 'DEPLOY TO PRODUCTION']);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stderr).toContain('⚠️ PRODUCTION DEPLOYMENT WARNING');
    expect(confirmed.stderr).toContain('- New pricing page');
    expect(confirmed.stderr).toContain('Staging preview: https://staging.example.org/pricing/');
    expect(confirmed.stderr).toContain('This will update the customer-facing site at https://www.example.org/');
  });
});
