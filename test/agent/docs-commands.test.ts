import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeRemoteSetup } from './git-fixture.js';

/** The `handoff …` lines inside the fenced code blocks of a markdown file (indented fences too). */
function commandLines(markdown: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) inFence = !inFence;
    else if (inFence && line.startsWith('handoff ')) lines.push(line);
  }
  return lines;
}

/** Splits a command line into words as a POSIX shell would for these simple lines (quotes only). */
function words(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)) found.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  return found;
}

describe.each(['docs/agent-guide.md', 'docs/claude-md-section.md'])('the commands in %s', (doc) => {
  it('each parses (--help), and each runs for real, in order, in a repository with a remote', async () => {
    const lines = commandLines(await readFile(path.join(PROJECT_ROOT, doc), 'utf8'));
    expect(lines.length).toBeGreaterThan(3);
    const setup = await makeRemoteSetup();
    try {
      let id = '';
      for (const line of lines) {
        const args = words(line).slice(1);
        const help = await setup.agent.handoff([...args.map((arg) => arg.replaceAll('<id>', 'x')), '--help']);
        expect(help.code, `${line}\n${help.stderr}`).toBe(0);
        expect(help.stdout).toContain('usage: handoff');

        if (args[0] === 'watch' && !args.includes('--once')) continue; // runs until stopped
        if (args[0] === 'wait') {
          // The worker on this machine runs what was submitted, so the wait ends.
          const watched = await setup.agent.handoff(['watch', '--once']);
          expect(watched.code, watched.stderr).toBe(0);
        }
        const run = await setup.agent.handoff([...args.map((arg) => arg.replaceAll('<id>', id)), '--json']);
        expect(run.code, `${line}\n${run.stdout}\n${run.stderr}`).toBe(0);
        if (args[0] === 'new') id = run.json().id;
      }
    } finally {
      await setup.remove();
    }
  });
});
