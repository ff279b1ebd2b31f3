import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../validation/problem.js';
import { problemsFromIssues } from '../validation/zod-problems.js';
import { approvalConfigSchema, configSchema, environmentConfigSchema, previewsConfigSchema, workflowConfigSchema, type HandoffConfig } from './config-schema.js';

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
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: problemsFromIssues(parsed.error.issues, {
        file: CONFIG_FILE,
        doc,
        lineCounter,
        knownKeys: (keyPath) =>
          keyPath.length === 0
            ? Object.keys(configSchema.shape)
            : keyPath[0] === 'workflow'
              ? Object.keys(workflowConfigSchema.shape)
              : keyPath[0] === 'approval'
              ? Object.keys(approvalConfigSchema.shape)
              : keyPath[0] === 'previews'
              ? Object.keys(previewsConfigSchema.shape)
              : keyPath.length === 1
              ? ['dev', 'staging', 'production']
              : Object.keys(environmentConfigSchema.shape),
      }),
    };
  }
  return { ok: true, config: parsed.data, found: true };
}
