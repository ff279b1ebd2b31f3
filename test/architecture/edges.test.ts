import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/*
 * Settings are read once, at the edges (the CLI, the actions' entry points, the MCP server), and
 * passed down: below them nothing reads process.env or loads handoff.yml. The settings module is
 * the one place the edges call to do both, and config/ is where loading lives.
 */
const SOURCE_ROOT = path.join(PROJECT_ROOT, 'src');
const EDGES = ['cli/', 'actions/', 'mcp/'];
const MAY_LOAD_CONFIG = [...EDGES, 'settings/', 'config/load-config.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

type Read = 'process.env' | 'loadConfig' | 'clock';

/** Each use of `process.env`, each call of `loadConfig` and each read of a clock in code (comments and strings are skipped). */
function settingsReads(file: string): Array<{ file: string; line: number; what: Read }> {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ file: string; line: number; what: Read }> = [];
  const relative = path.relative(SOURCE_ROOT, file);
  const visit = (node: ts.Node): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isIdentifier(node.expression) && node.expression.text === 'process') {
      found.push({ file: relative, line, what: 'process.env' });
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'loadConfig') {
      found.push({ file: relative, line, what: 'loadConfig' });
    }
    // `new Date()` with no argument, `Date.now()`, `performance.now()`: the wall or monotonic clock read directly.
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0) {
      found.push({ file: relative, line, what: 'clock' });
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'now' &&
      ts.isIdentifier(node.expression.expression) &&
      ['Date', 'performance'].includes(node.expression.expression.text)
    ) {
      found.push({ file: relative, line, what: 'clock' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const reads = sourceFiles(SOURCE_ROOT).flatMap(settingsReads);

describe('settings at the edges', () => {
  it('nothing below the edges reads process.env', () => {
    expect(reads.filter((read) => read.what === 'process.env' && !EDGES.some((edge) => read.file.startsWith(edge)))).toEqual([]);
  });

  it('nothing below the edges loads handoff.yml', () => {
    expect(reads.filter((read) => read.what === 'loadConfig' && !MAY_LOAD_CONFIG.some((allowed) => read.file.startsWith(allowed)))).toEqual([]);
  });

  it('every clock is read through the clock module', () => {
    expect(reads.filter((read) => read.what === 'clock' && read.file !== 'clock.ts')).toEqual([]);
    expect(reads.filter((read) => read.what === 'clock' && read.file === 'clock.ts')).toHaveLength(2);
  });

  it('sees the reads it guards against (the edges do read both)', () => {
    expect(reads.some((read) => read.what === 'process.env' && read.file.startsWith('actions/'))).toBe(true);
    expect(reads.some((read) => read.what === 'loadConfig' && read.file.startsWith('cli/'))).toBe(true);
  });
});
