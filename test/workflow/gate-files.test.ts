import { describe, expect, it } from 'vitest';
import { isGateFile } from '../../src/workflow/trusted-config.js';

describe('gate files', () => {
  it('handoff.yml, .github/ and actions/ (run from the checkout without --actions) are gate files; the site and tasks are not', () => {
    expect(['handoff.yml', '.github/workflows/tasks.yml', 'actions/run/dist/index.js', 'actions/run/action.yml'].filter(isGateFile)).toHaveLength(4);
    expect(['site/hugo.toml', 'tasks/pending/x.md', 'site/actions/a.md', 'src/actions/run/main.ts'].filter(isGateFile)).toEqual([]);
  });
});
