import type { TaskResult } from '../../src/result/task-result.js';

/** A successful staging hugo-deploy's result (site_path site), with the fields a test states. */
export function successfulResult(id: string, fields: Partial<TaskResult> & { site?: string; outputs?: Record<string, unknown> }): TaskResult {
  return {
    task_id: id,
    type: 'hugo-deploy',
    environment: 'staging',
    status: 'success',
    started_at: '2026-03-01T10:00:00Z',
    finished_at: '2026-03-01T10:01:00Z',
    duration_seconds: 60,
    task_file: `tasks/completed/${id}.md`,
    expected_outputs: [],
    missing_outputs: [],
    criteria: [],
    error: null,
    run_url: null,
    commit: null,
    handoff_version: 'test',
    ...fields,
    outputs: { site_path: 'site', ...fields.outputs },
  } as TaskResult;
}
