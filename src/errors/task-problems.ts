import { formatProblem, type Problem } from '../validation/problem.js';
import { actionFor, type ClassifiedError } from './categories.js';

/** How many problems the one-line message carries; `handoff validate` lists them all. */
const MESSAGE_PROBLEMS = 3;

/**
 * Classifies a task file that failed validation: a file without front matter is
 * missing-frontmatter, anything else invalid-task. Both are the agent's to fix: it wrote the file.
 */
export function classifyTaskProblems(problems: readonly Problem[]): ClassifiedError {
  const first = problems[0];
  const noFrontMatter = problems.some(
    (problem) => problem.field === '(front matter)' && /front matter block|empty file|empty front matter/.test(problem.expected + problem.found),
  );
  const category = noFrontMatter ? 'missing-frontmatter' : 'invalid-task';
  const shown = problems.slice(0, MESSAGE_PROBLEMS);
  const rest = problems.length - shown.length;
  const more = rest > 0 ? `; and ${rest} more problem${rest > 1 ? 's' : ''}` : '';
  const where = first ? [first.file, first.line].filter((part) => part !== undefined).join(':') : 'the task file';
  return {
    category,
    action: actionFor(category),
    message: first ? `${shown.map(formatProblem).join('; ')}${more}` : 'the task file is not valid',
    ...(first ? { file: first.file } : {}),
    ...(first?.line !== undefined ? { line: first.line } : {}),
    ...(first?.column !== undefined ? { column: first.column } : {}),
    next_step: noFrontMatter
      ? `Add the YAML front matter to ${where} (start from a template: handoff new hugo-build …), then write a new task file.`
      : `Fix ${first?.field ?? 'the task'} in ${where} as the message says (handoff validate shows every problem), then write a new task file.`,
  };
}
