import { readFile } from 'node:fs/promises';
import type { LoadedConfig } from '../config/load-config.js';
import { environmentOf, isMultiSite, siteNamed } from '../config/sites.js';
import { gitInfoFor } from '../git/git-info.js';
import { numberedBrief } from '../lifecycle/new-task-file.js';
import { parseFrontMatter } from '../task/front-matter.js';
import { renderTemplate } from '../task/render-template.js';
import { BRIEF_PATTERN } from '../task/task-id.js';
import { ENVIRONMENTS, type Environment } from '../primitives/task-types.js';
import { closestMatch } from '../validation/closest-match.js';
import type { Problem } from '../validation/problem.js';
import { AgentError } from '../errors/agent-error.js';
import { optionName, passOption, passPlaceholder, type AgentInterface } from './agent-interface.js';
import { findTemplate, type AutomaticPlaceholder } from './templates.js';
import { taskStamps, writeTask } from './task-writer.js';

export interface NewTaskRequest {
  root: string;
  /** Where a template given as a path is resolved from. */
  cwd: string;
  /** A template name (templates/<name>.md, else the bundled one) or a path to a template file. */
  template: string;
  /** As the user typed it; checked here against the environments and the template's own. */
  environment?: string;
  site?: string;
  description?: string;
  brief?: string;
  /** More placeholders, in the order given; a key given twice is refused. */
  set?: ReadonlyArray<readonly [string, string]>;
  /** handoff.yml as the edge loaded it: sites, base URLs, requested_by. */
  config: LoadedConfig;
  now: Date;
  /** Which interface asked, so hints name its flags or tool parameters (default cli). */
  via?: AgentInterface;
}

export type NewTaskOutcome =
  | { ok: true; id: string; path: string; type: string; environment: string; site?: string }
  | { ok: false; problems: Problem[] };

/**
 * `handoff new`: renders a template into tasks/pending/<id>.md and validates the task it wrote
 * (an invalid one is removed again). Misuse is an AgentError('usage'); a task that does not
 * render or validate is answered with its problems.
 */
export async function createTask(request: NewTaskRequest): Promise<NewTaskOutcome> {
  const { root } = request;
  const via = request.via ?? 'cli';
  const template = await findTemplate(root, request.cwd, request.template);
  const templateText = await readFile(template.path, 'utf8');

  const env = request.environment;
  if (env !== undefined && !(ENVIRONMENTS as readonly string[]).includes(env)) {
    const suggestion = closestMatch(env, ENVIRONMENTS);
    throw new AgentError('usage', `${optionName(via, 'environment')}: expected one of ${ENVIRONMENTS.join(', ')}; found "${env}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
  }
  const fixedEnvironment = new RegExp(`^environment:\\s*"?(${ENVIRONMENTS.join('|')})"?\\s*$`, 'm').exec(templateText)?.[1];
  if (env !== undefined && fixedEnvironment !== undefined && env !== fixedEnvironment) {
    const option = optionName(via, 'environment');
    throw new AgentError('usage', `template ${template.name} is for ${fixedEnvironment}; found ${option} ${env} (use the template for ${env}, or leave out ${option})`);
  }
  const environment = env ?? fixedEnvironment;
  const given: Record<string, string> = {};
  if (env !== undefined && fixedEnvironment === undefined) given.environment = env;
  if (request.description !== undefined) given.description = request.description;
  if (request.brief !== undefined) given.brief = request.brief;
  for (const [key, value] of request.set ?? []) {
    if (Object.hasOwn(given, key)) throw new AgentError('usage', `${optionName(via, 'set')}: ${key} is given twice`);
    given[key] = value;
  }
  if (given.brief !== undefined && !BRIEF_PATTERN.test(given.brief)) {
    throw new AgentError('usage', `${optionName(via, 'brief')}: expected lowercase letters, digits and dashes; found "${given.brief}"`);
  }

  const config = request.config;
  if (!config.ok) return { ok: false, problems: config.problems };
  const chosen = siteNamed(config.config, request.site);
  if (!chosen.ok) throw new AgentError('usage', `${optionName(via, 'site')}: expected ${chosen.expected}; found ${request.site === undefined ? `no ${optionName(via, 'site')}` : chosen.found}`);
  const site = chosen.site;
  const now = request.now;
  const branch = await gitInfoFor(root).currentBranch();
  const defaults: Partial<Record<AutomaticPlaceholder, string>> = {
    ...taskStamps(now, config.config),
    ...(branch ? { 'current-git-branch': branch } : {}),
    // Two sites' tasks written in the same minute get different ids.
    ...(environment ? { brief: isMultiSite(config.config) ? `${site.name}-${environment}` : environment } : {}),
    ...(site.path ? { site_path: site.path } : {}),
  };
  const baseUrl = environment ? environmentOf(site, environment as Environment)?.base_url : undefined;
  if (baseUrl) defaults.base_url = baseUrl;

  const hintFor = (name: string): string => placeholderHint(via, name, environment);
  const render = (brief: string | undefined) => {
    const rendered = renderTemplate(templateText, template.shownAs, { given, defaults: brief === undefined ? defaults : { ...defaults, brief }, hintFor });
    // Templates know nothing of sites: the task names its site when asked to, or when it must.
    return rendered.ok && (request.site !== undefined || isMultiSite(config.config)) ? { ...rendered, text: withSiteField(rendered.text, site.name) } : rendered;
  };
  const first = render(undefined);
  if (!first.ok) return { ok: false, problems: first.problems };
  if (!idOf(first.text)) return { ok: false, problems: [{ file: template.shownAs, field: 'id', expected: 'the template to produce a task id', found: 'none' }] };

  // A brief handoff chose is numbered when the minute already has that id; one the user chose is theirs.
  const automaticBrief = given.brief === undefined ? defaults.brief : undefined;
  const written = await writeTask(
    root,
    (attempt) => {
      const rendered = attempt === 1 || automaticBrief === undefined ? first : render(numberedBrief(automaticBrief, attempt));
      const text = rendered.ok ? rendered.text : first.text;
      return { id: idOf(text) ?? '', text };
    },
    { distinct: automaticBrief !== undefined, config: config.config },
  );
  if (!written.ok && written.reason === 'invalid') return { ok: false, problems: written.problems };
  if (!written.ok) {
    return { ok: false, problems: [{ file: written.path, field: 'id', expected: 'an id no other task has', found: `"${written.id}", already used by ${written.usedBy}`, hint: `${passOption(via, 'brief', '<other words>')} to tell this task apart` }] };
  }
  const { id, path: relative, task } = written;
  return { ok: true, id, path: relative, type: task.type, environment: task.environment, ...(task.site ? { site: task.site } : {}) };
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

/**
 * What fills an unfilled placeholder, in the asking interface's words: most come from an option
 * of their own; base_url comes from handoff.yml for the chosen environment.
 */
function placeholderHint(via: AgentInterface, name: string, environment: string | undefined): string {
  const environments = ENVIRONMENTS.join('|');
  if (name === 'environment') return passOption(via, 'environment', environments);
  if (name === 'description') return passOption(via, 'description', via === 'cli' ? '"…"' : '…');
  if (name === 'brief') return passOption(via, 'brief', via === 'cli' ? '<words>' : '…');
  if (name === 'base_url') {
    if (environment === undefined) return `${passOption(via, 'environment', environments)}: the base URL comes from handoff.yml's environments.<env>.base_url`;
    return `add environments.${environment}.base_url to handoff.yml, or ${passPlaceholder(via, 'base_url')}`;
  }
  if (name === 'site_path') return `add site_path to handoff.yml, or ${passPlaceholder(via, 'site_path')}`;
  return passPlaceholder(via, name);
}
