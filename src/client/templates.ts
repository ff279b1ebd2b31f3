import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from '../files/path-exists.js';
import { packageRoot } from '../package-root.js';
import { closestMatch } from '../validation/closest-match.js';
import { AgentError } from '../errors/agent-error.js';

/** Templates shipped with handoff, used when the repository has no templates/ of its own. */
const bundledTemplates = (): string => path.join(packageRoot(), 'templates');

export interface FoundTemplate {
  path: string;
  name: string;
  /** How problems name it: `templates/<name>.md`, or `(bundled) templates/<name>.md`. */
  shownAs: string;
}

/** The names of the templates the repository can use: its own templates/, else the bundled ones. */
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

/**
 * A template by name (the repository's own first, then the bundled one) or by path (relative to
 * cwd); an unknown name is refused with the known ones and the closest match.
 */
export async function findTemplate(root: string, cwd: string, name: string): Promise<FoundTemplate> {
  if (name.includes('/') || name.endsWith('.md')) {
    const absolute = path.resolve(cwd, name);
    if (!(await pathExists(absolute))) throw new AgentError('usage', `template ${name}: no such file`);
    return { path: absolute, name: path.basename(name, '.md'), shownAs: path.relative(root, absolute) };
  }
  if (!/^[a-z0-9-]+$/.test(name)) throw new AgentError('usage', `template: expected a name such as hugo-build; found "${name}"`);
  for (const folder of [path.join(root, 'templates'), bundledTemplates()]) {
    const candidate = path.join(folder, `${name}.md`);
    if (await pathExists(candidate)) {
      return { path: candidate, name, shownAs: folder === bundledTemplates() ? `(bundled) templates/${name}.md` : `templates/${name}.md` };
    }
  }
  const known = await listTemplates(root);
  const suggestion = closestMatch(name, known);
  throw new AgentError('usage', `no template "${name}"; expected one of ${known.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
}

/**
 * The placeholders `handoff new` fills by itself (createTask's defaults are typed by this list):
 * the clock, git, handoff.yml, and the brief from the environment. A value given for one wins.
 */
export const AUTOMATIC_PLACEHOLDERS = ['timestamp', 'created', 'requested_by', 'current-git-branch', 'brief', 'site_path', 'base_url'] as const;
export type AutomaticPlaceholder = (typeof AUTOMATIC_PLACEHOLDERS)[number];

export interface TemplateSummary {
  name: string;
  type: string | null;
  /** The environment a template is fixed to; null where the task chooses it. */
  environment: string | null;
  placeholders: string[];
  /** Those handoff fills by itself. */
  filled_automatically: string[];
  /** Those the caller gives (environment and description have options of their own, the rest go in set). */
  to_give: string[];
}

/** Each template with the type and environment it is for and the placeholders it asks for (the MCP list_templates answer). */
export async function describeTemplates(root: string): Promise<TemplateSummary[]> {
  const templates: TemplateSummary[] = [];
  for (const name of await listTemplates(root)) {
    const own = path.join(root, 'templates', `${name}.md`);
    const text = await readFile(own, 'utf8').catch(() => readFile(path.join(bundledTemplates(), `${name}.md`), 'utf8'));
    const field = (key: string): string | null => new RegExp(`^${key}:\\s*"?([^"\\n]*)"?\\s*$`, 'm').exec(text)?.[1] ?? null;
    const environment = field('environment');
    const placeholders = [...new Set([...text.matchAll(/\{([a-z_-]+)\}/g)].map((match) => match[1] ?? ''))];
    const automatic = (placeholder: string): boolean => (AUTOMATIC_PLACEHOLDERS as readonly string[]).includes(placeholder);
    templates.push({
      name,
      type: field('type'),
      environment: environment?.includes('{') ? null : environment,
      placeholders,
      filled_automatically: placeholders.filter(automatic),
      to_give: placeholders.filter((placeholder) => !automatic(placeholder)),
    });
  }
  return templates;
}
