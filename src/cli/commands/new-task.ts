import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { environmentOf, isMultiSite, siteNamed } from '../../config/sites.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { gitInfoFor } from '../../git/git-info.js';
import { TASK_STATES, taskFolder } from '../../lifecycle/task-folders.js';
import { parseFrontMatter } from '../../task/front-matter.js';
import { loadTask } from '../../task/load-task.js';
import { renderTemplate } from '../../task/render-template.js';
import { BRIEF_PATTERN, formatTimestamp } from '../../task/task-id.js';
import { ENVIRONMENTS, type Environment } from '../../task/task-types.js';
import { closestMatch } from '../../validation/closest-match.js';
import type { Problem } from '../../validation/problem.js';
import { packageRoot } from '../../package-root.js';
import { printJson, printProblems, UsageError, type CliContext } from '../cli-context.js';
import type { ParsedCommand } from '../main.js';
import { pathExists } from '../../files/path-exists.js';

/** Templates shipped with handoff, used when the repository has no templates/ of its own. */
const bundledTemplates = (): string => path.join(packageRoot(), 'templates');

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [templateArgument, ...extra] = parsed.positionals;
  if (!templateArgument || extra.length > 0) throw new UsageError('expected exactly one template name');
  const template = await findTemplate(context, templateArgument);
  const templateText = await readFile(template.path, 'utf8');

  const env = parsed.values.env as string | undefined;
  if (env !== undefined && !(ENVIRONMENTS as readonly string[]).includes(env)) {
    const suggestion = closestMatch(env, ENVIRONMENTS);
    throw new UsageError(`--env: expected one of ${ENVIRONMENTS.join(', ')}; found "${env}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
  }
  const fixedEnvironment = /^environment:\s*"?(dev|staging|production)"?\s*$/m.exec(templateText)?.[1];
  if (env !== undefined && fixedEnvironment !== undefined && env !== fixedEnvironment) {
    throw new UsageError(`template ${template.name} is for ${fixedEnvironment}; found --env ${env} (use the template for ${env}, or leave out --env)`);
  }
  const environment = env ?? fixedEnvironment;
  const given: Record<string, string> = {};
  if (env !== undefined && fixedEnvironment === undefined) given.environment = env;
  if (typeof parsed.values.description === 'string') given.description = parsed.values.description;
  if (typeof parsed.values.brief === 'string') given.brief = parsed.values.brief;
  for (const pair of (parsed.values.set as string[] | undefined) ?? []) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new UsageError(`--set: expected key=value; found "${pair}"`);
    const key = pair.slice(0, separator);
    if (Object.hasOwn(given, key)) throw new UsageError(`--set: ${key} is given twice`);
    given[key] = pair.slice(separator + 1);
  }
  if (given.brief !== undefined && !BRIEF_PATTERN.test(given.brief)) {
    throw new UsageError(`--brief: expected lowercase letters, digits and dashes; found "${given.brief}"`);
  }

  const config = await loadConfig(context.root);
  if (!config.ok) return reportProblems(context, config.problems);
  const siteOption = parsed.values.site as string | undefined;
  const chosen = siteNamed(config.config, siteOption);
  if (!chosen.ok) throw new UsageError(`--site: expected ${chosen.expected}; found ${siteOption === undefined ? 'no --site' : chosen.found}`);
  const site = chosen.site;
  const now = context.now();
  const branch = await gitInfoFor(context.root).currentBranch();
  const defaults: Record<string, string> = {
    timestamp: formatTimestamp(now),
    created: `${now.toISOString().slice(0, 19)}Z`,
    requested_by: config.config.requested_by ?? 'claude-code',
    ...(branch ? { 'current-git-branch': branch } : {}),
    // Two sites' tasks written in the same minute get different ids.
    ...(environment ? { brief: isMultiSite(config.config) ? `${site.name}-${environment}` : environment } : {}),
    ...(site.path ? { site_path: site.path } : {}),
  };
  const baseUrl = environment ? environmentOf(site, environment as Environment)?.base_url : undefined;
  if (baseUrl) defaults.base_url = baseUrl;

  const rendered = renderTemplate(templateText, template.shownAs, { given, defaults });
  if (!rendered.ok) return reportProblems(context, rendered.problems);
  // Templates know nothing of sites: the task names its site when asked to, or when it must.
  const text = siteOption !== undefined || isMultiSite(config.config) ? withSiteField(rendered.text, site.name) : rendered.text;
  const id = idOf(text);
  if (!id) return reportProblems(context, [{ file: template.shownAs, field: 'id', expected: 'the template to produce a task id', found: 'none' }]);

  const relative = path.posix.join(taskFolder('pending'), `${id}.md`);
  for (const state of TASK_STATES) {
    const existing = path.posix.join(taskFolder(state), `${id}.md`);
    if (await pathExists(path.join(context.root, existing))) {
      return reportProblems(context, [{ file: relative, field: 'id', expected: 'an id no other task has', found: `"${id}", already used by ${existing}`, hint: 'pass --brief to tell this task apart' }]);
    }
  }
  const absolute = path.join(context.root, relative);
  try {
    await writeFileAtomic(absolute, text, { exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return reportProblems(context, [{ file: relative, field: 'id', expected: 'an id no other task has', found: `"${id}", written by someone else just now` }]);
    }
    throw error;
  }
  const check = await loadTask(absolute, { repoRoot: context.root, shownAs: relative, config: config.config });
  if (!check.ok) {
    await rm(absolute, { force: true });
    return reportProblems(context, check.problems);
  }
  if (context.json) printJson(context, { ok: true, id, path: relative, type: check.task.type, environment: check.task.environment, ...(check.task.site ? { site: check.task.site } : {}) });
  else context.stdout(`${relative}\n`);
  return 0;
}

function reportProblems(context: CliContext, problems: readonly Problem[]): number {
  if (context.json) printJson(context, { ok: false, problems });
  else printProblems(context, problems);
  return 1;
}

async function findTemplate(context: CliContext, name: string): Promise<{ path: string; name: string; shownAs: string }> {
  if (name.includes('/') || name.endsWith('.md')) {
    const absolute = path.resolve(context.cwd, name);
    if (!(await pathExists(absolute))) throw new UsageError(`template ${name}: no such file`);
    return { path: absolute, name: path.basename(name, '.md'), shownAs: path.relative(context.root, absolute) };
  }
  if (!/^[a-z0-9-]+$/.test(name)) throw new UsageError(`template: expected a name such as hugo-build; found "${name}"`);
  for (const folder of [path.join(context.root, 'templates'), bundledTemplates()]) {
    const candidate = path.join(folder, `${name}.md`);
    if (await pathExists(candidate)) {
      return { path: candidate, name, shownAs: folder === bundledTemplates() ? `(bundled) templates/${name}.md` : `templates/${name}.md` };
    }
  }
  const known = await listTemplates(context.root);
  const suggestion = closestMatch(name, known);
  throw new UsageError(`no template "${name}"; expected one of ${known.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
}

export async function listTemplates(root: string): Promise<string[]> {
  const names = new Set<string>();
  for (const folder of [path.join(root, 'templates'), bundledTemplates()]) {
    try {
      for (const entry of await readdir(folder)) if (entry.endsWith('.md')) names.add(entry.slice(0, -3));
    } catch {
      // A repository without templates/ uses the bundled ones.
    }
  }
  return [...names].sort();
}

function idOf(text: string): string | undefined {
  const parsed = parseFrontMatter(text, 'rendered');
  const id = parsed.ok ? parsed.file.data.id : undefined;
  return typeof id === 'string' && /^[A-Za-z0-9._-]+$/.test(id) ? id : undefined;
}

/** Adds `site: <name>` to a rendered task's front matter, after its environment (or type) line. */
export function withSiteField(text: string, site: string): string {
  const lines = text.split('\n');
  const end = lines.indexOf('---', 1);
  const front = end === -1 ? lines.length : end;
  const after = [/^environment:/, /^type:/].map((pattern) => lines.slice(0, front).findIndex((line) => pattern.test(line))).find((index) => index > 0);
  lines.splice(after !== undefined ? after + 1 : 1, 0, `site: ${site}`);
  return lines.join('\n');
}
