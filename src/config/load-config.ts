import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../validation/problem.js';
import { FILE_CHECK, problemsFromIssues } from '../validation/zod-problems.js';
import { approvalConfigSchema, configSchema, headerRuleConfigSchema, environmentConfigSchema, environmentsConfigSchema, previewsConfigSchema, siteConfigSchema, workflowConfigSchema, type HandoffConfig } from './config-schema.js';

export const CONFIG_FILE = 'handoff.yml';

export type LoadedConfig = { ok: true; config: HandoffConfig; found: boolean } | { ok: false; problems: Problem[] };

/** Reads the repository's handoff.yml; a repository without one gets an empty config. */
export async function loadConfig(repoRoot: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path.join(repoRoot, CONFIG_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, config: {}, found: false };
    throw error;
  }
  return parseConfig(text);
}

export function parseConfig(text: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const position = yamlError.linePos?.[0];
    return {
      ok: false,
      problems: [{ file: CONFIG_FILE, line: position?.line, column: position?.col, field: '(file)', expected: 'valid YAML', found: yamlError.message.split('\n')[0] ?? '' }],
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(data, FILE_CHECK);
  if (!parsed.success) {
    return {
      ok: false,
      problems: problemsFromIssues(parsed.error.issues, {
        file: CONFIG_FILE,
        doc,
        lineCounter,
        knownKeys: knownConfigKeys,
      }),
    };
  }
  return { ok: true, config: parsed.data, found: true };
}

/** The keys a mapping of handoff.yml accepts, for "did you mean" on an unknown one. */
function knownConfigKeys(keyPath: readonly PropertyKey[]): readonly string[] {
  // sites.<name>.… reads like the top level's one-site form: strip the site to share the rules.
  if (keyPath[0] === 'sites') {
    if (keyPath.length === 1) return [];
    if (keyPath.length === 2) return Object.keys(siteConfigSchema.shape);
    return knownConfigKeys(keyPath.slice(2));
  }
  if (keyPath.length === 0) return Object.keys(configSchema.shape);
  if (keyPath[0] === 'workflow') return Object.keys(workflowConfigSchema.shape);
  if (keyPath[0] === 'approval') return Object.keys(approvalConfigSchema.shape);
  if (keyPath[0] === 'previews') return Object.keys(previewsConfigSchema.shape);
  if (keyPath[0] === 'headers') return Object.keys(headerRuleConfigSchema.shape);
  if (keyPath.length === 1) return Object.keys(environmentsConfigSchema.shape);
  return Object.keys(environmentConfigSchema.shape);
}
