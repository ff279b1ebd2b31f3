import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeRemoteSetup } from './git-fixture.js';

/**
 * The `handoff …` (or `npx handoff …`) lines inside the fenced code blocks of a markdown file
 * (indented fences too), a line ending in `\` joined with the next, without the `npx `.
 */
function commandLines(markdown: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  let pending = '';
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inFence = !inFence;
      continue;
    }
    if (!inFence) continue;
    const joined = `${pending}${line}`;
    if (joined.endsWith('\\')) {
      pending = `${joined.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    const command = joined.replace(/^npx /, '');
    if (command.startsWith('handoff ')) lines.push(command);
  }
  return lines;
}

/** Splits a command line into words as a POSIX shell would for these simple lines (quotes only). */
function words(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)) found.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  return found;
}

/**
 * Commands that cannot run without GitHub: `preview` reads what the dev-deploy workflow records.
 * They are still checked to parse.
 */
const NEEDS_GITHUB = new Set(['preview']);

describe.each(['README.md', 'docs/agent-guide.md', 'docs/claude-md-section.md'])('the commands in %s', (doc) => {
  it('each parses (--help), and the whole sequence runs for real twice in a row, in a repository with a remote', async () => {
    const lines = commandLines(await readFile(path.join(PROJECT_ROOT, doc), 'utf8'));
    expect(lines.length).toBeGreaterThan(3);
    const setup = await makeRemoteSetup();
    try {
      // <id> is the task the example just made: a production one where the line confirms it, else the newest other one.
      const ids = { production: '', other: '' };
      for (let round = 1; round <= 2; round++) {
        for (const line of lines) {
          const args = words(line).slice(1);
          if (round === 1) {
            const help = await setup.agent.handoff([...args.map((arg) => arg.replaceAll('<id>', 'x')), '--help']);
            expect(help.code, `${line}\n${help.stderr}`).toBe(0);
            expect(help.stdout).toContain('usage: handoff');
          }
          if (NEEDS_GITHUB.has(args[0] ?? '')) continue;
          if (args[0] === 'watch' && !args.includes('--once')) continue; // runs until stopped
          const id = args.includes('--confirm') ? ids.production : ids.other;
          if (args[0] === 'wait') {
            // A worker on this machine runs the task waited for, so the wait ends.
            const ran = await setup.agent.handoff(['run', `tasks/pending/${id}.md`]);
            expect(ran.code, ran.stderr).toBe(0);
          }
          const run = await setup.agent.handoff([...args.map((arg) => arg.replaceAll('<id>', id)), '--json']);
          expect(run.code, `round ${round}: ${line}\n${run.stdout}\n${run.stderr}`).toBe(0);
          if (args[0] === 'new') ids[run.json().environment === 'production' ? 'production' : 'other'] = run.json().id;
        }
      }
    } finally {
      await setup.remove();
    }
  }, 240_000);
});
