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

/** The folder a src/ file belongs to: its first path segment, or the file itself at the top. */
function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash);
}

/**
 * The folder-level graph of a file graph: folder A imports folder B when any file of A imports
 * one of B, with each such file import kept so a loop can be shown by the imports that close it.
 */
export function folderGraph(files: Map<string, string[]>): Map<string, Map<string, string[]>> {
  const folders = new Map<string, Map<string, string[]>>();
  for (const [file, imports] of files) {
    const from = folderOf(file);
    const targets = folders.get(from) ?? new Map<string, string[]>();
    folders.set(from, targets);
    for (const imported of imports) {
      if (!files.has(imported)) continue;
      const to = folderOf(imported);
      if (to === from) continue;
      targets.set(to, [...(targets.get(to) ?? []), `${file} -> ${imported}`]);
    }
  }
  return folders;
}

/**
 * Each folder loop, as the folders in it and every file import that runs between two of them
 * (layers import downwards only, so any of these imports is one to move or turn around).
 */
export function folderLoops(files: Map<string, string[]>): Array<{ folders: string[]; imports: string[] }> {
  const folders = folderGraph(files);
  const asFileGraph = new Map([...folders].map(([folder, targets]) => [folder, [...targets.keys()]]));
  return importCircles(asFileGraph).map((loop) => ({
    folders: loop,
    imports: loop.flatMap((from) => [...(folders.get(from) ?? [])].filter(([to]) => loop.includes(to)).flatMap(([, imports]) => imports)).sort(),
  }));
}

/** The layers src/README.md lists, bottom first: each folder (or top-level file) with its layer's number. */
export function documentedLayers(readme: string): Map<string, number> {
  const section = readme.slice(readme.indexOf('## Layers'));
  const layers = new Map<string, number>();
  for (const [, number, members] of section.matchAll(/^(\d+)\. (.+)$/gm)) {
    for (const [, name] of members!.matchAll(/`([^`]+?)\/?`/g)) layers.set(name!, Number(number));
  }
  return layers;
}

/** Each folder import that does not go down the layers (or names a folder the layers leave out), with the file imports behind it. */
export function importsAgainstLayers(files: Map<string, string[]>, layers: Map<string, number>): string[] {
  const found: string[] = [];
  for (const [from, targets] of folderGraph(files)) {
    if (!layers.has(from)) found.push(`${from} is in no layer of src/README.md`);
    for (const [to, imports] of targets) {
      const [fromLayer, toLayer] = [layers.get(from), layers.get(to)];
      if (fromLayer !== undefined && toLayer !== undefined && toLayer >= fromLayer) {
        found.push(`${from} (layer ${fromLayer}) imports ${to} (layer ${toLayer}): ${imports.join(', ')}`);
      }
    }
  }
  return found.sort();
}

describe('src/ imports', () => {
  it('form no circle', () => {
    expect(importCircles(importGraph(path.join(PROJECT_ROOT, 'src')))).toEqual([]);
  });

  it('form no circle between folders either: the folders are layers (src/README.md lists their order)', () => {
    expect(folderLoops(importGraph(path.join(PROJECT_ROOT, 'src')))).toEqual([]);
  });

  it('go down the layers src/README.md lists', () => {
    const sourceRoot = path.join(PROJECT_ROOT, 'src');
    const layers = documentedLayers(readFileSync(path.join(sourceRoot, 'README.md'), 'utf8'));
    expect(layers.get('primitives')).toBe(1);
    expect(layers.get('cli')).toBe(12);
    expect(importsAgainstLayers(importGraph(sourceRoot), layers)).toEqual([]);
  });

  it('finds an import sideways or up the layers, and a folder no layer names', () => {
    const layers = documentedLayers('# src\n\n## Layers\n\n1. `primitives/` `clock.ts`\n2. `config/` `deploy/`\n3. `worker/`\n');
    const graph = new Map([
      ['config/load.ts', ['primitives/glob.ts', 'deploy/plan.ts']],
      ['deploy/plan.ts', ['clock.ts']],
      ['primitives/glob.ts', ['worker/run.ts']],
      ['worker/run.ts', ['config/load.ts']],
      ['clock.ts', []],
      ['stray/file.ts', ['clock.ts']],
    ]);
    expect(importsAgainstLayers(graph, layers)).toEqual([
      'config (layer 2) imports deploy (layer 2): config/load.ts -> deploy/plan.ts',
      'primitives (layer 1) imports worker (layer 3): primitives/glob.ts -> worker/run.ts',
      'stray is in no layer of src/README.md',
    ]);
  });

  it('finds a folder loop that no file circle shows, and names the imports that close it', () => {
    const graph = new Map([
      ['hugo/build.ts', ['errors/classify.ts', 'process/run.ts']],
      ['errors/classify.ts', ['hugo/parse-output.ts']],
      ['hugo/parse-output.ts', []],
      ['process/run.ts', []],
      ['clock.ts', []],
      ['worker/run.ts', ['hugo/build.ts', 'clock.ts']],
    ]);
    expect(importCircles(graph)).toEqual([]);
    expect(folderLoops(graph)).toEqual([
      { folders: ['errors', 'hugo'], imports: ['errors/classify.ts -> hugo/parse-output.ts', 'hugo/build.ts -> errors/classify.ts'] },
    ]);
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
