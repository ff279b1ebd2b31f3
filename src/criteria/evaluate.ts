// Longer than 300 lines on purpose: evaluation and its explanations belong together, since each
// comparison kind (equality, ordering, unknown values) says in its own words why it held or not.
import { formatAst, formatLiteral, kindOf, showTypedValue, showValue } from './format.js';
import { parseToOutcome } from './parse.js';
import type { ComparisonNode, CriterionAst, LiteralValue } from './parse.js';
import type { ComparisonOperator } from './tokenize.js';

export interface CriterionResult {
  expression: string;
  pass: boolean;
  /** The value of each output the expression names, as found (missing ones are null). */
  actual: Record<string, unknown>;
  /** Why it failed, in one line, when pass is false (e.g. "file_count is 42, expected > 100"). */
  reason?: string;
}

type Outputs = Readonly<Record<string, unknown>>;

const MISSING: unique symbol = Symbol('missing');

/**
 * Three-valued, as in SQL or Kleene logic: `unknown` is a comparison that cannot be decided
 * (a missing output, a string where a number belongs). `or` and `and` can still be decided
 * around it, so guards like `x == null or x > 5` work in either order, but `not` cannot flip
 * it, and a criterion passes only when it is definitely true.
 */
type Truth = true | false | 'unknown';

/** `why` explains the truth value it comes with: what held, or what did not and why. */
interface Outcome {
  truth: Truth;
  why: string;
}

type Operand =
  | { kind: 'literal'; value: LiteralValue }
  | { kind: 'labelled'; label: string; value: unknown };

function lookup(outputs: Outputs, name: string): unknown {
  if (!Object.hasOwn(outputs, name)) return MISSING;
  const value = outputs[name];
  return value === undefined ? MISSING : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => record[key] !== undefined);
}

const MAX_EQUALITY_DEPTH = 100;

function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  const left = a ?? null;
  const right = b ?? null;
  if (left === right) return true;
  if (depth > MAX_EQUALITY_DEPTH) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item: unknown, index) => deepEqual(item, right[index], depth + 1))
    );
  }
  if (isRecord(left) && isRecord(right)) {
    const keys = definedKeys(left);
    return (
      keys.length === definedKeys(right).length &&
      keys.every(
        (key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key], depth + 1),
      )
    );
  }
  return false;
}

function describeFound(value: unknown): string {
  return value === MISSING ? 'is missing' : `is ${showValue(value)}`;
}

const FLIPPED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

function expectation(operator: ComparisonOperator, literal: LiteralValue): string {
  if (operator === '==') return formatLiteral(literal);
  if (operator === '!=') return `not ${formatLiteral(literal)}`;
  return `${operator} ${formatLiteral(literal)}`;
}

function facts(operands: readonly Operand[]): string {
  return operands
    .flatMap((operand) =>
      operand.kind === 'labelled' ? [`${operand.label} ${describeFound(operand.value)}`] : [],
    )
    .join(' and ');
}

/** Says why a comparison is false or unknown, as plainly as its shape allows. */
function explainFailure(
  node: ComparisonNode,
  left: Operand,
  right: Operand,
  describe: (operand: Operand & { kind: 'labelled' }, literal: LiteralValue) => string,
): string {
  if (left.kind === 'labelled' && right.kind === 'literal') {
    const expected = expectation(node.operator, right.value);
    return `${left.label} ${describe(left, right.value)}, expected ${expected}`;
  }
  if (left.kind === 'literal' && right.kind === 'labelled') {
    const expected = expectation(FLIPPED[node.operator], left.value);
    return `${right.label} ${describe(right, left.value)}, expected ${expected}`;
  }
  const known = facts([left, right]);
  return known === '' ? `${formatAst(node)} is false` : `${known}, expected ${formatAst(node)}`;
}

function explainSuccess(node: ComparisonNode, left: Operand, right: Operand): string {
  const known = facts([left, right]);
  return known === '' ? `${formatAst(node)} is true` : known;
}

function describeForEquality(operand: Operand & { kind: 'labelled' }, literal: LiteralValue) {
  const { value } = operand;
  if (value === MISSING) return 'is missing';
  const differentKinds =
    value !== null && literal !== null && kindOf(value) !== kindOf(literal);
  return differentKinds ? `is ${showTypedValue(value)}` : describeFound(value);
}

function evaluateEquality(node: ComparisonNode, left: Operand, right: Operand): Outcome {
  const leftMissing = left.value === MISSING;
  const rightMissing = right.value === MISSING;
  let equal: boolean;
  if (leftMissing || rightMissing) {
    const other = leftMissing ? right.value : left.value;
    if (other !== null) {
      return { truth: 'unknown', why: explainFailure(node, left, right, describeForEquality) };
    }
    equal = true;
  } else {
    equal = deepEqual(left.value, right.value);
  }
  const truth = node.operator === '==' ? equal : !equal;
  return truth
    ? { truth, why: explainSuccess(node, left, right) }
    : { truth, why: explainFailure(node, left, right, describeForEquality) };
}

type Orderable = 'number' | 'string';

function orderableKind(value: unknown): Orderable | undefined {
  if (typeof value === 'number') return 'number';
  return typeof value === 'string' ? 'string' : undefined;
}

function compareOrdered(operator: ComparisonOperator, a: number | string, b: number | string) {
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function explainUnorderable(node: ComparisonNode, left: Operand, right: Operand): string {
  const expected =
    (left.kind === 'literal' ? orderableKind(left.value) : undefined) ??
    (right.kind === 'literal' ? orderableKind(right.value) : undefined) ??
    orderableKind(left.value) ??
    orderableKind(right.value);
  const wanted = expected === undefined ? 'a number or a string' : `a ${expected}`;
  for (const operand of [left, right]) {
    if (operand.kind !== 'labelled') continue;
    if (expected !== undefined && orderableKind(operand.value) === expected) continue;
    const found = operand.value === MISSING ? 'missing' : showTypedValue(operand.value);
    const compared = left.kind === 'labelled' && right.kind === 'labelled';
    const context = compared ? ` (in ${formatAst(node)})` : '';
    return `${operand.label} is ${found}, expected ${wanted}${context}`;
  }
  return `${formatAst(node)} compares values that are not both numbers or both strings`;
}

function evaluateOrdering(node: ComparisonNode, left: Operand, right: Operand): Outcome {
  const a = left.value;
  const b = right.value;
  const bothNumbers = typeof a === 'number' && typeof b === 'number';
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothNumbers && !bothStrings) {
    return { truth: 'unknown', why: explainUnorderable(node, left, right) };
  }
  const truth = compareOrdered(node.operator, a, b);
  return truth
    ? { truth, why: explainSuccess(node, left, right) }
    : { truth, why: explainFailure(node, left, right, (operand) => describeFound(operand.value)) };
}

class Evaluator {
  constructor(private readonly outputs: Outputs) {}

  condition(node: CriterionAst): Outcome {
    switch (node.kind) {
      case 'or':
        return this.or(node.operands);
      case 'and':
        return this.and(node.operands);
      case 'not': {
        const inner = this.condition(node.operand);
        if (inner.truth === 'unknown') return inner;
        if (!inner.truth) return { truth: true, why: inner.why };
        return { truth: false, why: `expected ${formatAst(node)}, but ${inner.why}` };
      }
      case 'comparison':
        return this.comparison(node);
      case 'name':
        return this.booleanOutput(node.name);
      case 'literal':
        if (typeof node.value !== 'boolean') {
          return { truth: 'unknown', why: `${formatAst(node)} is not a condition` };
        }
        return { truth: node.value, why: `the literal ${String(node.value)}` };
    }
  }

  private or(operands: readonly CriterionAst[]): Outcome {
    const outcomes = operands.map((operand) => this.condition(operand));
    const held = outcomes.find((outcome) => outcome.truth === true);
    if (held) return held;
    const truth = outcomes.some((outcome) => outcome.truth === 'unknown') ? 'unknown' : false;
    return { truth, why: `no alternative held: ${outcomes.map((o) => o.why).join('; ')}` };
  }

  private and(operands: readonly CriterionAst[]): Outcome {
    const outcomes = operands.map((operand) => this.condition(operand));
    const failed =
      outcomes.find((outcome) => outcome.truth === false) ??
      outcomes.find((outcome) => outcome.truth === 'unknown');
    if (failed) return failed;
    return { truth: true, why: outcomes.map((outcome) => outcome.why).join(' and ') };
  }

  private booleanOutput(name: string): Outcome {
    const value = lookup(this.outputs, name);
    if (value === true) return { truth: true, why: `${name} is true` };
    if (value === false) return { truth: false, why: `${name} is false, expected true` };
    const found = value === MISSING ? 'missing' : showTypedValue(value);
    const advice = `compare it instead, like ${name} == ...`;
    const why = `${name} is ${found}, expected a boolean (true or false); ${advice}`;
    return { truth: 'unknown', why };
  }

  private operand(node: CriterionAst): Operand | Outcome {
    if (node.kind === 'literal') return { kind: 'literal', value: node.value };
    if (node.kind === 'name') {
      return { kind: 'labelled', label: node.name, value: lookup(this.outputs, node.name) };
    }
    const outcome = this.condition(node);
    if (outcome.truth === 'unknown') return outcome;
    return { kind: 'labelled', label: `(${formatAst(node)})`, value: outcome.truth };
  }

  private comparison(node: ComparisonNode): Outcome {
    const left = this.operand(node.left);
    if ('truth' in left) return left;
    const right = this.operand(node.right);
    if ('truth' in right) return right;
    return node.operator === '==' || node.operator === '!='
      ? evaluateEquality(node, left, right)
      : evaluateOrdering(node, left, right);
  }
}

function actualValues(names: readonly string[], outputs: Outputs): Record<string, unknown> {
  const actual: Record<string, unknown> = {};
  for (const name of names) {
    const value = lookup(outputs, name);
    Object.defineProperty(actual, name, {
      value: value === MISSING ? null : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return actual;
}

/**
 * Decides one success criterion against a task's outputs. It never throws: a syntax error or a
 * value of the wrong kind is a failed criterion whose reason says what to fix, because the
 * agent reading the result file needs that more than a stack trace.
 */
export function evaluateCriterion(expression: string, outputs: Outputs): CriterionResult {
  const parsed = parseToOutcome(expression);
  if (!parsed.ok) {
    const { column, detail } = parsed.failure;
    return {
      expression,
      pass: false,
      actual: {},
      reason: `syntax error at column ${column}: ${detail}`,
    };
  }
  let outcome: Outcome;
  let actual: Record<string, unknown>;
  try {
    actual = actualValues(parsed.names, outputs);
    outcome = new Evaluator(outputs).condition(parsed.ast);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { expression, pass: false, actual: {}, reason: `could not evaluate: ${message}` };
  }
  if (outcome.truth === true) return { expression, pass: true, actual };
  return { expression, pass: false, actual, reason: outcome.why };
}

/** Decides each criterion on its own, so one bad expression does not hide the others' results. */
export function evaluateCriteria(
  expressions: readonly string[],
  outputs: Outputs,
): CriterionResult[] {
  return expressions.map((expression) => evaluateCriterion(expression, outputs));
}
