// Longer than 300 lines on purpose: one recursive-descent parser for the criteria grammar, whose
// precedence levels and error wording (what was expected, what was found, at which column) read
// best together; split across files, each level would import the others back.
import {
  COMPARISON_OPERATORS,
  CriterionParseFailure,
  MAX_EXPRESSION_LENGTH,
  tokenize,
} from './tokenize.js';
import type { ComparisonOperator, Token } from './tokenize.js';

export type { ComparisonOperator } from './tokenize.js';

/** A value a criterion can spell out: what JSON has, minus objects. */
export type LiteralValue = null | boolean | number | string | LiteralValue[];

/** Every node records the 1-based column where its text starts, for error messages. */
export interface OrNode {
  kind: 'or';
  operands: CriterionAst[];
  column: number;
}

export interface AndNode {
  kind: 'and';
  operands: CriterionAst[];
  column: number;
}

export interface NotNode {
  kind: 'not';
  operand: CriterionAst;
  column: number;
}

export interface ComparisonNode {
  kind: 'comparison';
  operator: ComparisonOperator;
  left: CriterionAst;
  right: CriterionAst;
  column: number;
}

/** An output looked up by name (only as an own property of the outputs object). */
export interface NameNode {
  kind: 'name';
  name: string;
  column: number;
}

export interface LiteralNode {
  kind: 'literal';
  value: LiteralValue;
  column: number;
}

export type CriterionAst = OrNode | AndNode | NotNode | ComparisonNode | NameNode | LiteralNode;

export interface CriterionSyntaxError {
  message: string;
  /** 1-based column in the expression */
  column: number;
  expression: string;
}

export type ParseCriterionResult =
  | { ok: true; ast: CriterionAst; names: string[] }
  | { ok: false; error: CriterionSyntaxError };

type ParseOutcome =
  | { ok: true; ast: CriterionAst; names: string[] }
  | { ok: false; failure: CriterionParseFailure };

const ORDERING_OPERATORS: readonly ComparisonOperator[] = ['<', '<=', '>', '>='];

function isComparisonOperator(token: Token): token is Token & { text: ComparisonOperator } {
  return (
    token.kind === 'operator' && (COMPARISON_OPERATORS as readonly string[]).includes(token.text)
  );
}

function isOr(token: Token): boolean {
  return (token.kind === 'keyword' && token.text === 'or') || token.text === '||';
}

function isAnd(token: Token): boolean {
  return (token.kind === 'keyword' && token.text === 'and') || token.text === '&&';
}

function isNot(token: Token): boolean {
  return (token.kind === 'keyword' && token.text === 'not') || token.text === '!';
}

function truncate(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** Names a token the way an error message says what was found. */
function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'number':
      return `number ${token.text}`;
    case 'string':
      return `string ${truncate(token.text)}`;
    case 'name':
      return `name '${truncate(token.text)}'`;
    default:
      return `'${token.text}'`;
  }
}

function describeLiteral(value: LiteralValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array ${truncate(JSON.stringify(value))}`;
  if (typeof value === 'string') return `string ${truncate(JSON.stringify(value))}`;
  return `${typeof value} ${String(value)}`;
}

function describeOperand(node: CriterionAst): string {
  if (node.kind === 'literal') return describeLiteral(node.value);
  if (node.kind === 'name') return `name '${node.name}'`;
  return 'a condition';
}

class Parser {
  private position = 0;
  private readonly names: string[] = [];
  /** Whether the last thing parsed was a lone value, so a comparison operator could follow. */
  private lastWasOperand = false;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): { ast: CriterionAst; names: string[] } {
    const first = this.peek();
    if (first.kind === 'end') {
      throw new CriterionParseFailure(1, 'the expression is empty: expected a condition');
    }
    const ast = this.parseOr();
    this.requireCondition(ast);
    const token = this.peek();
    if (token.kind !== 'end') throw this.unexpectedAfterExpression(token, undefined);
    return { ast, names: this.names };
  }

  private peek(): Token {
    return this.tokens[this.position] ?? this.tokens[this.tokens.length - 1]!;
  }

  private previous(): Token | undefined {
    return this.tokens[this.position - 1];
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private parseOr(): CriterionAst {
    const column = this.peek().column;
    const operands = [this.parseAnd()];
    while (isOr(this.peek())) {
      this.advance();
      operands.push(this.parseAnd());
    }
    if (operands.length === 1) return operands[0]!;
    for (const operand of operands) this.requireCondition(operand);
    return { kind: 'or', operands, column };
  }

  private parseAnd(): CriterionAst {
    const column = this.peek().column;
    const operands = [this.parseNot()];
    while (isAnd(this.peek())) {
      this.advance();
      operands.push(this.parseNot());
    }
    if (operands.length === 1) return operands[0]!;
    for (const operand of operands) this.requireCondition(operand);
    return { kind: 'and', operands, column };
  }

  private parseNot(): CriterionAst {
    const token = this.peek();
    if (!isNot(token)) return this.parseComparison();
    this.advance();
    const operand = this.parseNot();
    this.requireCondition(operand);
    return { kind: 'not', operand, column: token.column };
  }

  private parseComparison(): CriterionAst {
    const left = this.parseOperand();
    const operatorToken = this.peek();
    if (!isComparisonOperator(operatorToken)) {
      this.lastWasOperand = true;
      return left;
    }
    this.advance();
    const operator = operatorToken.text;
    const right = this.parseOperand();
    const chained = this.peek();
    if (isComparisonOperator(chained)) {
      throw new CriterionParseFailure(
        chained.column,
        `comparisons cannot be chained: found '${chained.text}'`,
        ` after a '${operator}' comparison (join two comparisons with 'and')`,
      );
    }
    if (ORDERING_OPERATORS.includes(operator)) this.checkOrderingOperands(operator, left, right);
    this.lastWasOperand = false;
    return { kind: 'comparison', operator, left, right, column: left.column };
  }

  private checkOrderingOperands(
    operator: ComparisonOperator,
    left: CriterionAst,
    right: CriterionAst,
  ): void {
    for (const operand of [left, right]) {
      const orderable =
        operand.kind === 'name' ||
        (operand.kind === 'literal' &&
          (typeof operand.value === 'number' || typeof operand.value === 'string'));
      if (!orderable) {
        throw new CriterionParseFailure(
          operand.column,
          `'${operator}' compares numbers or strings, found ${describeOperand(operand)}`,
        );
      }
    }
    if (
      left.kind === 'literal' &&
      right.kind === 'literal' &&
      typeof left.value !== typeof right.value
    ) {
      const compared = `${describeLiteral(left.value)} with ${describeLiteral(right.value)}`;
      throw new CriterionParseFailure(right.column, `'${operator}' cannot compare ${compared}`);
    }
  }

  private parseOperand(): CriterionAst {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
      case 'string':
        this.advance();
        return { kind: 'literal', value: token.value, column: token.column };
      case 'keyword':
        if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
          this.advance();
          const value = token.text === 'null' ? null : token.text === 'true';
          return { kind: 'literal', value, column: token.column };
        }
        break;
      case 'name':
        this.advance();
        if (!this.names.includes(token.text)) this.names.push(token.text);
        return { kind: 'name', name: token.text, column: token.column };
      case 'punctuation':
        if (token.text === '[') return this.parseArray();
        if (token.text === '(') return this.parseGroup();
        break;
      default:
        break;
    }
    if (isNot(token)) {
      throw new CriterionParseFailure(
        token.column,
        `'${token.text}' cannot follow a comparison operator`,
        ' (put the negated condition in parentheses, like x == (not y))',
      );
    }
    throw this.expectedValue(token);
  }

  private expectedValue(token: Token): CriterionParseFailure {
    const previous = this.previous();
    const opensCondition =
      previous === undefined || isAnd(previous) || isOr(previous) || isNot(previous);
    const wanted = opensCondition ? 'a condition' : 'a value';
    const after = previous === undefined ? '' : ` after '${previous.text}'`;
    return new CriterionParseFailure(
      token.column,
      `expected ${wanted}${after}`,
      `, found ${describeToken(token)}`,
    );
  }

  private parseGroup(): CriterionAst {
    const open = this.advance();
    const inner = this.parseOr();
    const close = this.peek();
    if (close.kind === 'punctuation' && close.text === ')') {
      this.advance();
      this.lastWasOperand = true;
      return inner;
    }
    throw this.unexpectedAfterExpression(close, open);
  }

  private unexpectedAfterExpression(token: Token, open: Token | undefined): CriterionParseFailure {
    const closing = open === undefined ? 'end of expression' : "')'";
    const comparison = this.lastWasOperand ? 'a comparison operator, ' : '';
    const expected = `${comparison}'and', 'or' or ${closing}`;
    if (open !== undefined && token.kind === 'end') {
      return new CriterionParseFailure(
        token.column,
        "expected ')'",
        ` to close the '(' at column ${open.column}, found end of expression`,
      );
    }
    if (open === undefined && token.text === ')') {
      return new CriterionParseFailure(token.column, "unexpected ')'", `: no '(' is open`);
    }
    const previous = this.previous();
    const call = token.text === '(' && previous?.kind === 'name';
    const hint = call ? ' (function calls are not supported)' : '';
    return new CriterionParseFailure(
      token.column,
      `unexpected ${describeToken(token)}`,
      `, expected ${expected}${hint}`,
    );
  }

  private parseArray(): CriterionAst {
    const open = this.advance();
    return { kind: 'literal', value: this.parseArrayItems(open), column: open.column };
  }

  private parseArrayItems(open: Token): LiteralValue[] {
    const items: LiteralValue[] = [];
    if (this.peek().text === ']' && this.peek().kind === 'punctuation') {
      this.advance();
      return items;
    }
    for (;;) {
      items.push(this.parseArrayItem());
      const separator = this.peek();
      if (separator.kind === 'punctuation' && separator.text === ']') {
        this.advance();
        return items;
      }
      if (separator.kind === 'punctuation' && separator.text === ',') {
        this.advance();
        continue;
      }
      throw new CriterionParseFailure(
        separator.column,
        "expected ',' or ']'",
        ` in the array opened at column ${open.column}, found ${describeToken(separator)}`,
      );
    }
  }

  private parseArrayItem(): LiteralValue {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string') {
      this.advance();
      return token.value;
    }
    if (token.kind === 'keyword' && ['true', 'false', 'null'].includes(token.text)) {
      this.advance();
      return token.text === 'null' ? null : token.text === 'true';
    }
    if (token.kind === 'punctuation' && token.text === '[') {
      return this.parseArrayItems(this.advance());
    }
    const hint =
      token.kind === 'name' ? ' (arrays may hold only literals, not names of outputs)' : '';
    return this.failArrayItem(token, hint);
  }

  private failArrayItem(token: Token, hint: string): never {
    const previous = this.previous();
    throw new CriterionParseFailure(
      token.column,
      `expected a literal after '${previous?.text ?? '['}'`,
      `, found ${describeToken(token)}${hint}`,
    );
  }

  private requireCondition(node: CriterionAst): void {
    if (node.kind !== 'literal' || typeof node.value === 'boolean') return;
    throw new CriterionParseFailure(
      node.column,
      `${describeLiteral(node.value)} is not a condition`,
      ' (compare it with ==, !=, <, <=, > or >=)',
    );
  }
}

/** Parses and keeps the internal failure, so evaluation can word the message its own way. */
export function parseToOutcome(expression: string): ParseOutcome {
  try {
    if (typeof expression !== 'string') {
      const found = typeof expression;
      throw new CriterionParseFailure(1, `expected the expression as a string, found ${found}`);
    }
    const { length } = expression;
    const limit = MAX_EXPRESSION_LENGTH;
    if (length > limit) {
      throw new CriterionParseFailure(
        limit + 1,
        `expression is ${length} characters, at most ${limit} (it runs past the limit`,
        ')',
      );
    }
    const { ast, names } = new Parser(tokenize(expression)).parse();
    return { ok: true, ast, names };
  } catch (error) {
    if (error instanceof CriterionParseFailure) return { ok: false, failure: error };
    throw error;
  }
}

/**
 * Reads a success criterion into an AST without evaluating it, so a task file can be checked
 * (and its mistakes reported with a column) before any work runs.
 */
export function parseCriterion(expression: string): ParseCriterionResult {
  const outcome = parseToOutcome(expression);
  if (outcome.ok) return outcome;
  return {
    ok: false,
    error: {
      message: outcome.failure.message,
      column: outcome.failure.column,
      expression: String(expression),
    },
  };
}
