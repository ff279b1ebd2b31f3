import type { CriterionAst, LiteralValue } from './parse.js';

const MAX_SHOWN_VALUE_LENGTH = 80;

const ELLIPSIS = '...';

/** Thrown inside serialize once the text is long enough to be cut anyway. */
class LongEnough extends Error {}

function serialize(value: unknown, parts: string[], budget: { left: number }, seen: Set<object>) {
  const push = (text: string) => {
    parts.push(text);
    budget.left -= text.length;
    if (budget.left < 0) throw new LongEnough();
  };
  if (value === null || value === undefined) return push('null');
  switch (typeof value) {
    case 'string':
      return push(JSON.stringify(value));
    case 'number':
      return push(Number.isFinite(value) ? JSON.stringify(value) : String(value));
    case 'boolean':
      return push(String(value));
    case 'bigint':
      return push(`${value}n`);
    case 'function':
      return push('[function]');
    case 'symbol':
      return push(value.toString());
    default:
      break;
  }
  const object = value as object;
  if (object instanceof Date) return push(JSON.stringify(object));
  if (seen.has(object)) return push('[circular]');
  seen.add(object);
  if (Array.isArray(object)) {
    push('[');
    object.forEach((item: unknown, index) => {
      if (index > 0) push(',');
      serialize(item, parts, budget, seen);
    });
    push(']');
  } else {
    push('{');
    let first = true;
    for (const [key, item] of Object.entries(object)) {
      if (item === undefined) continue;
      if (!first) push(',');
      first = false;
      push(`${JSON.stringify(key)}:`);
      serialize(item, parts, budget, seen);
    }
    push('}');
  }
  seen.delete(object);
}

/**
 * Shows a value as compact JSON, cut to about 80 characters, so a reason stays one readable
 * line whatever the output holds (it never throws, even on cycles or bigints).
 */
export function formatValue(value: unknown, max = MAX_SHOWN_VALUE_LENGTH): string {
  const parts: string[] = [];
  try {
    serialize(value, parts, { left: max + 1 }, new Set());
  } catch (error) {
    if (!(error instanceof LongEnough)) throw error;
  }
  const text = parts.join('');
  if (text.length <= max) return text;
  const cut = text.slice(0, max - ELLIPSIS.length);
  return typeof value === 'string' ? `${cut}${ELLIPSIS}"` : `${cut}${ELLIPSIS}`;
}

type ValueKind =
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | 'array'
  | 'object'
  | 'bigint'
  | 'function'
  | 'symbol';

export function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Exclude<ValueKind, 'null' | 'array'>;
}

function itemCount(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) return '';
  return ` (${value.length} ${value.length === 1 ? 'item' : 'items'})`;
}

/** `[1,2] (2 items)`: the value, plus its length when it is a non-empty array. */
export function showValue(value: unknown): string {
  return `${formatValue(value)}${itemCount(value)}`;
}

/** `a string ("12")`: for when the kind of value is the problem, not the value itself. */
export function showTypedValue(value: unknown): string {
  const kind = kindOf(value);
  if (kind === 'null') return 'null';
  const article = kind === 'array' || kind === 'object' ? 'an' : 'a';
  return `${article} ${kind} (${showValue(value)})`;
}

export function formatLiteral(value: LiteralValue): string {
  if (Array.isArray(value)) return `[${value.map(formatLiteral).join(', ')}]`;
  return value === null ? 'null' : JSON.stringify(value);
}

const PRECEDENCE: Readonly<Record<CriterionAst['kind'], number>> = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  name: 5,
  literal: 5,
};

/** Writes an AST back as text in one canonical spelling, so reasons can quote a sub-condition. */
export function formatAst(node: CriterionAst, minimumPrecedence = 0): string {
  let text: string;
  switch (node.kind) {
    case 'or':
      text = node.operands.map((operand) => formatAst(operand, 2)).join(' or ');
      break;
    case 'and':
      text = node.operands.map((operand) => formatAst(operand, 3)).join(' and ');
      break;
    case 'not':
      text = `not ${formatAst(node.operand, node.operand.kind === 'not' ? 3 : 5)}`;
      break;
    case 'comparison':
      text = `${formatAst(node.left, 5)} ${node.operator} ${formatAst(node.right, 5)}`;
      break;
    case 'name':
      text = node.name;
      break;
    case 'literal':
      text = formatLiteral(node.value);
      break;
  }
  return PRECEDENCE[node.kind] < minimumPrecedence ? `(${text})` : text;
}
