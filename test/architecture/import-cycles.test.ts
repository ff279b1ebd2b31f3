import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/*
 * Import circles in src/, found by a small graph walk rather than a tool such as madge: the
 * TypeScript compiler we already depend on lists each file's import specifiers (static, dynamic
 * and type-only: a circle of types is a circle of design too), and a strongly connected component
 * search over them is thirty lines, where madge would add a dependency tree of its own.
 */

/** Each src/ file (repository-relative) with the src/ files it imports. */
export function importGraph(sourceRoot: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const imports = ts
          .preProcessFile(readFileSync(full, 'utf8'), true, true)
          .importedFiles.map((file) => file.fileName)
          .filter((specifier) => specifier.startsWith('.'))
          .map((specifier) => path.relative(sourceRoot, path.resolve(path.dirname(full), specifier.replace(/\.js$/, '.ts'))));
        graph.set(path.relative(sourceRoot, full), imports);
      }
    }
  };
  walk(sourceRoot);
  return graph;
}

/** The circles: strongly connected components (Tarjan) of more than one file, or a file importing itself. */
export function importCircles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) circles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}


describe('src/ imports', () => {
  it('form no circle', () => {
    expect(importCircles(importGraph(path.join(PROJECT_ROOT, 'src')))).toEqual([]);
  });

  it('finds a circle, through a dynamic or a type-only import too', () => {
    const graph = new Map([
      ['cli/main.ts', ['cli/commands/serve.ts']],
      ['cli/commands/serve.ts', ['mcp/server.ts']],
      ['mcp/server.ts', ['cli/main.ts', 'version.ts']],
      ['version.ts', []],
      ['alone.ts', ['alone.ts']],
    ]);
    expect(importCircles(graph)).toEqual([['cli/commands/serve.ts', 'cli/main.ts', 'mcp/server.ts'], ['alone.ts']]);
  });
});
