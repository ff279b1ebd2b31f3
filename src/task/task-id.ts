import type { TaskType } from '../primitives/task-types.js';

/** `YYYY-MM-DD-HHMM`, the guide's timestamp, in UTC so every worker and agent agree. */
export function formatTimestamp(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`;
}

export const BRIEF_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})-([a-z0-9-]+)$/;

export type IdCheck = { ok: true; brief: string } | { ok: false; expected: string; hint?: string };

/** Checks `YYYY-MM-DD-HHMM-<type>-<brief>` and that the type in it is the task's type. */
export function checkTaskId(id: string, type: TaskType | undefined): IdCheck {
  const shape = 'YYYY-MM-DD-HHMM-<type>-<brief> (brief: lowercase letters, digits, dashes)';
  const match = ID_PATTERN.exec(id);
  if (!match) return { ok: false, expected: `an id of the form ${shape}` };
  const [, year, month, day, hour, minute, rest = ''] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)));
  if (
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59
  ) {
    return { ok: false, expected: `an id starting with a real date and time (${shape})` };
  }
  if (type) {
    if (!rest.startsWith(`${type}-`)) {
      return {
        ok: false,
        expected: `an id whose type part is "${type}" (${shape})`,
        hint: `e.g. ${year}-${month}-${day}-${hour}${minute}-${type}-${rest.split('-').pop() || 'brief'}`,
      };
    }
    const brief = rest.slice(type.length + 1);
    if (!BRIEF_PATTERN.test(brief)) return { ok: false, expected: `an id ending in a brief (${shape})` };
    return { ok: true, brief };
  }
  return { ok: true, brief: rest };
}

/** The task id a result is filed under when the task file's own id cannot be trusted (it did not validate). */
export function idFromFileName(fileName: string): string {
  return fileName.replace(/\.md$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120) || 'unnamed-task';
}
