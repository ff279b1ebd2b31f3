import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { AgentError } from '../errors/agent-error.js';
import { applyContentEditTask, fillContentEditParams, diffContentEdit } from '../client/content-edit-task.js';
import { createTask } from '../client/new-task.js';
import { contentOperationSchema } from '../content-edit/operations.js';
import { loadConfig } from '../config/load-config.js';
import { answer, guarded, problemsError, repositoryPath, type ToolContext } from './tool-answers.js';
import { ENVIRONMENTS } from '../primitives/task-types.js';
import { systemClock } from '../clock.js';

/** Content edits: a task made with structured operations, and its diff before it is submitted. */
export function registerContentEditTools(server: McpServer, { root }: ToolContext): void {
  server.registerTool(
    'create_content_edit',
    {
      description:
        'Create a content-edit task (templates/content-edit.md) with its operations: set/remove/rename a front matter field, add_to_list/remove_from_list, replace in the body (literal or regex, with max_replacements), move a page. dry_run defaults to true: see its diff with dry_run_content_edit, then apply_content_edit on the same path (same id) and submit it.',
      inputSchema: {
        description: z.string().min(1).describe('What the edit is for, one line'),
        environment: z.enum(ENVIRONMENTS).optional().describe('Default dev (selects the hugo config for build_after)'),
        brief: z.string().regex(/^[a-z0-9-]+$/).optional().describe('Short words for the id'),
        site_path: z.string().optional().describe("The site folder; default handoff.yml's site_path"),
        files: z.array(z.string().min(1)).min(1).describe('Globs relative to each content folder of the site, e.g. ["posts/**/*.md"]; "fr:posts/*.md" for one language'),
        operations: z.array(contentOperationSchema).min(1).describe('Applied in order; see the agent guide'),
        dry_run: z.boolean().optional().describe('Default true: report the diff, write nothing'),
        build_after: z.boolean().optional().describe('Build the site after the edit (default true)'),
      },
    },
    ({ description, environment, brief, site_path: sitePath, files, operations, dry_run: dryRun, build_after: buildAfter }) =>
      guarded(async () => {
        // The template's placeholders get stand-ins here; the real params are written just below.
        const set: Array<[string, string]> = [['files', files[0] ?? ''], ['field', 'title'], ['value', 'placeholder']];
        if (sitePath) set.push(['site_path', sitePath]);
        const created = await createTask({
          root,
          cwd: root,
          template: 'content-edit',
          description,
          environment: environment ?? 'dev',
          ...(brief ? { brief } : {}),
          set,
          config: await loadConfig(root),
          now: systemClock(),
          via: 'mcp',
        });
        if (!created.ok) return problemsError(created.problems);
        await fillContentEditParams(root, created.path, { files, operations, dry_run: dryRun ?? true, build_after: buildAfter ?? true });
        return answer(created);
      }),
  );

  server.registerTool(
    'dry_run_content_edit',
    {
      description: 'Dry-run a content-edit task: the unified diff, files matched and changed, replacements, per-file changed lines and every error (naming operation and file). Writes nothing and leaves the task where it is.',
      inputSchema: { path: z.string().min(1).describe('The task file, e.g. tasks/pending/<id>.md') },
    },
    ({ path: file }) =>
      guarded(async () => {
        const relative = repositoryPath(root, file);
        if (relative.startsWith('..')) throw new AgentError('usage', `${file} is outside the repository`);
        return answer(await diffContentEdit(root, relative));
      }),
  );

  server.registerTool(
    'apply_content_edit',
    {
      description: 'After a dry run: turn the same content-edit task in tasks/pending/ into the edit itself (params.dry_run false, same file, same id), ready to submit or run. Writes no page.',
      inputSchema: { path: z.string().min(1).describe('The task file, e.g. tasks/pending/<id>.md') },
    },
    ({ path: file }) =>
      guarded(async () => {
        const relative = repositoryPath(root, file);
        if (relative.startsWith('..')) throw new AgentError('usage', `${file} is outside the repository`);
        return answer(await applyContentEditTask(root, relative));
      }),
  );
}
