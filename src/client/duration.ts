import { AgentError } from '../errors/agent-error.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration as people type it: `30m`, `90s`, `1h`, `500ms`, `1m30s`, or a bare number of
 * seconds. Refuses anything else, naming the option, so a typo never becomes "wait forever".
 */
export function parseDuration(text: string, option: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed) {
    throw new AgentError('usage', `${option}: expected a duration such as 30s, 10m or 1h; found "${text}"`);
  }
  return Math.round(parts.reduce((total, part) => total + Number(part[1]) * (UNITS[part[2] ?? 's'] ?? 1000), 0));
}
