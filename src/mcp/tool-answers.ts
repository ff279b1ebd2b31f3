import path from 'node:path';
import * as z from 'zod';
import { AgentError } from '../errors/agent-error.js';
import { SITE_NAME_PATTERN } from '../config/config-schema.js';
import { formatProblem, type Problem } from '../validation/problem.js';

/** What every tool gets: the repository and the environment, read once by `handoff mcp`. */
export interface ToolContext {
  root: string;
  env: NodeJS.ProcessEnv;
}

export interface ToolAnswer {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  isError?: boolean;
}

/** A tool's answer: the JSON the CLI's --json prints for the same command. */
export const answer = (value: unknown): ToolAnswer => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] });

/** A tool error: the message the CLI prints, then each problem as the CLI prints it. */
export const toolError = (message: string, problems: readonly Problem[] = []): ToolAnswer => ({
  content: [{ type: 'text', text: [message, ...problems.map((problem) => `error: ${formatProblem(problem)}`)].join('\n') }],
  isError: true,
});

/** Problems without a message of their own (a task that does not validate): counted, then listed. */
export const problemsError = (problems: readonly Problem[]): ToolAnswer => toolError(`${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);

/** Runs a tool's body; a refusal from the core becomes a tool error with the CLI's message. */
export async function guarded(body: () => Promise<ToolAnswer>): Promise<ToolAnswer> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AgentError) return toolError(error.message, error.problems);
    return toolError(error instanceof Error ? error.message : String(error));
  }
}

/** A path the agent gave (relative to the repository, or absolute), repository-relative with forward slashes. */
export function repositoryPath(root: string, file: string): string {
  return path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
}

export const siteName = z.string().regex(SITE_NAME_PATTERN, 'a site name of handoff.yml');
export const taskId = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a task id: letters, digits, dots, dashes, underscores').describe('The task id, e.g. 2026-01-19-1430-hugo-build-staging');
