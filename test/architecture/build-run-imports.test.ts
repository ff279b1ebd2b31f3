import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/*
 * What `handoff run` of a hugo build loads before it can start hugo: every module its command
 * imports statically is compiled and evaluated first. The deploy engine (the AWS SDK), the local
 * S3 server, the MCP server and the content editor's parsers load when a task needs them
 * (import() in task-workers.ts, run-task.ts and hugo/build.ts), never for a build that succeeds
 * (bench/README.md, run-overhead).
 */

const SOURCE_ROOT = path.join(PROJECT_ROOT, 'src');

/** The specifiers a file imports for their values: static imports and re-exports, not `import type` nor import(). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly && ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

/** The src/ files (relative to src/) and packages an entry loads before any of its code runs. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (relative: string): void => {
    if (files.has(relative)) return;
    files.add(relative);
    const full = path.join(SOURCE_ROOT, relative);
    for (const specifier of valueImports(full)) {
      if (specifier.startsWith('.')) visit(path.relative(SOURCE_ROOT, path.resolve(path.dirname(full), specifier.replace(/\.js$/, '.ts'))).split(path.sep).join('/'));
      else if (!specifier.startsWith('node:')) packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('handoff run of a hugo build', () => {
  const { files, packages } = staticClosure('cli/commands/run-task.ts');

  it('reaches the modules a build needs (the walk follows imports)', () => {
    expect(files).toContain('worker/run-task.ts');
    expect(files).toContain('hugo/build.ts');
    expect(files).toContain('files/tree-digest.ts');
    expect([...packages].sort()).toEqual(['toml-eslint-parser', 'yaml', 'zod']);
  });

  it('loads neither the deploy engine, the local S3 server, the MCP server nor the content editor before hugo', () => {
    const loadedOnDemand = [...files].filter(
      (file) =>
        file === 'deploy/deploy.ts' ||
        file === 'worker/deploy-worker.ts' ||
        file.startsWith('local-s3/') ||
        file.startsWith('mcp/') ||
        // the content-edit params schema is part of the task schema; the editor itself is not
        (file.startsWith('content-edit/') && file !== 'content-edit/operations.ts') ||
        file === 'hugo/front-matter-fault.ts' ||
        file === 'hugo/panic-page.ts',
    );
    expect(loadedOnDemand).toEqual([]);
  });
});
