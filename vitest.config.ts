import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most test files wait on child processes (hugo, git, the bundled actions) and local servers,
    // not on their own CPU: vitest's default of one worker fewer than the cores left a 2-core CI
    // machine running them one at a time. One more worker than cores: the whole suite took 545 s
    // with 3 workers against 791 s with 1 on this 2-core machine (same tree, same sitting).
    maxWorkers: Math.max(2, availableParallelism() + 1),
  },
});
