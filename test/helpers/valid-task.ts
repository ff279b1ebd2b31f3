import { stringify } from 'yaml';
import { parseFrontMatter } from '../../src/task/front-matter.js';
import { validateTask, type Task } from '../../src/task/validate-task.js';
import type { TaskType } from '../../src/primitives/task-types.js';
import { formatProblem } from '../../src/validation/problem.js';

/**
 * A task built as a worker gets one: its front matter written out and read back through the
 * parser and the schema, so a test's task is a valid one (or the test stops, naming why), never
 * an object cast past the types. `description` and `created` are filled in unless given.
 */
export function validTask<T extends TaskType>(front: Record<string, unknown> & { id: string; type: T }, body = ''): Extract<Task, { type: T }> {
  const shownAs = `tasks/pending/${front.id}.md`;
  const text = `---\n${stringify({ description: 'A task of the tests', created: '2026-01-19T15:00:00Z', ...front }, { lineWidth: 0 })}---\n${body}`;
  const parsed = parseFrontMatter(text, shownAs);
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  const validated = validateTask(parsed.file, shownAs);
  if (!validated.ok) throw new Error(`${shownAs} is not a valid task:\n${validated.problems.map(formatProblem).join('\n')}`);
  const task = validated.task;
  if (task.type !== front.type) throw new Error(`${shownAs} validated as a ${task.type} task, not ${front.type}`);
  // Checked just above: the type the schema read is the one asked for.
  return task as Extract<Task, { type: T }>;
}
