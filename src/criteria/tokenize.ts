export const MAX_EXPRESSION_LENGTH = 500;

const KEYWORDS = ['and', 'or', 'not', 'true', 'false', 'null'] as const;
type Keyword = (typeof KEYWORDS)[number];

export const COMPARISON_OPERATORS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export type Token =
  | { kind: 'number'; text: string; value: number; column: number }
  | { kind: 'string'; text: string; value: string; column: number }
  | { kind: 'name'; text: string; column: number }
  | { kind: 'keyword'; text: Keyword; column: number }
  | { kind: 'operator'; text: ComparisonOperator | '&&' | '||' | '!'; column: number }
  | { kind: 'punctuation'; text: '(' | ')' | '[' | ']' | ','; column: number }
  | { kind: 'end'; text: ''; column: number };

/**
 * A syntax error found while reading an expression. `before` and `after` surround the
 * "at column N" of the full message, so the same words can also be shown after a leading
 * "syntax error at column N: " without naming the column twice.
 */
export class CriterionParseFailure extends Error {
  readonly detail: string;

  constructor(
    readonly column: number,
    before: string,
    after = '',
  ) {
    super(`${before} at column ${column}${after}`);
    this.name = 'CriterionParseFailure';
    this.detail = `${before}${after}`;
  }
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const NUMBER_RUN = /[-A-Za-z0-9_.]+/y;
const WHITESPACE = /[ \t\r\n]+/y;

const TWO_CHARACTER_OPERATORS = ['==', '!=', '<=', '>=', '&&', '||'] as const;

/** Operators from other languages that people (and agents) write by habit. */
const MISTAKEN_OPERATORS: ReadonlyArray<readonly [string, string]> = [
  ['===', '=='],
  ['!==', '!='],
  ['<>', '!='],
  ['=>', '>='],
  ['=<', '<='],
  ['=', '=='],
  ['&', '&&'],
  ['|', '||'],
  ['≥', '>='],
  ['≤', '<='],
  ['≠', '!='],
];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};

function isKeyword(text: string): text is Keyword {
  return (KEYWORDS as readonly string[]).includes(text);
}

/** Shows one character inside quotes, escaping anything invisible. */
function showCharacter(character: string): string {
  const visible = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character);
  if (visible) return `'${character}'`;
  const code = character.codePointAt(0) ?? 0;
  return `'\\u${code.toString(16).padStart(4, '0')}'`;
}

function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

function unexpectedCharacterHint(character: string, next: string | undefined): string {
  if (character === ';') return " (join conditions with 'and' or 'or')";
  if (character === '.') {
    return next !== undefined && /[0-9]/.test(next)
      ? ' (write numbers with a leading digit, like 0.5)'
      : ' (outputs are named by plain names; property access with \'.\' is not supported)';
  }
  if (character === '-') return " ('-' may only start a negative number, like -1)";
  if ('“”‘’'.includes(character)) return ' (use straight quotes: " or \')';
  if (character === '`') return ' (strings use " or \' quotes)';
  if (character === '{') return ' (object literals are not supported; only [] arrays of literals)';
  return '';
}

function readString(expression: string, start: number): { token: Token; end: number } {
  const quote = expression[start] as '"' | "'";
  const column = start + 1;
  let value = '';
  let index = start + 1;
  const unterminated = () =>
    new CriterionParseFailure(
      column,
      'unterminated string',
      `: no closing ${quote} before the end of the expression`,
    );
  for (;;) {
    const character = expression[index];
    if (character === undefined) throw unterminated();
    if (character === quote) break;
    if (character !== '\\') {
      value += character;
      index += 1;
      continue;
    }
    const escaped = expression[index + 1];
    if (escaped === undefined) throw unterminated();
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      index += 2;
      continue;
    }
    if (escaped === 'u') {
      const hex = expression.slice(index + 2, index + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
        throw new CriterionParseFailure(
          index + 1,
          "invalid escape '\\u' in string",
          ', expected four hex digits, like \\u00e9',
        );
      }
      value += String.fromCharCode(Number.parseInt(hex, 16));
      index += 6;
      continue;
    }
    throw new CriterionParseFailure(
      index + 1,
      `unknown escape '\\${escaped}' in string`,
      ' (to write a backslash, use \\\\)',
    );
  }
  const end = index + 1;
  return { token: { kind: 'string', text: expression.slice(start, end), value, column }, end };
}

/**
 * Splits an expression into tokens, ending with an `end` token whose column is just past the
 * last character. Throws CriterionParseFailure on anything that cannot start a token.
 */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const whitespace = matchAt(WHITESPACE, expression, index);
    if (whitespace !== undefined) {
      index += whitespace.length;
      continue;
    }
    const column = index + 1;
    const character = expression[index] ?? '';
    const next = expression[index + 1];

    const name = matchAt(NAME, expression, index);
    if (name !== undefined) {
      if (isKeyword(name)) {
        tokens.push({ kind: 'keyword', text: name, column });
      } else {
        const lower = name.toLowerCase();
        if (isKeyword(lower)) {
          throw new CriterionParseFailure(
            column,
            `'${name}' is not a keyword`,
            ` (did you mean '${lower}'? keywords are lowercase)`,
          );
        }
        tokens.push({ kind: 'name', text: name, column });
      }
      index += name.length;
      continue;
    }

    const number = matchAt(NUMBER, expression, index);
    if (number !== undefined) {
      const following = expression[index + number.length];
      if (following !== undefined && /[A-Za-z0-9_.]/.test(following)) {
        const run = matchAt(NUMBER_RUN, expression, index) ?? number;
        throw new CriterionParseFailure(
          column,
          `malformed number '${run}'`,
          ' (write plain decimal digits, like 100000, -3 or 0.5)',
        );
      }
      tokens.push({ kind: 'number', text: number, value: Number(number), column });
      index += number.length;
      continue;
    }

    if (character === '"' || character === "'") {
      const { token, end } = readString(expression, index);
      tokens.push(token);
      index = end;
      continue;
    }

    const mistaken = MISTAKEN_OPERATORS.find(([wrong]) => expression.startsWith(wrong, index));
    const two = TWO_CHARACTER_OPERATORS.find((operator) => expression.startsWith(operator, index));
    if (mistaken !== undefined && (two === undefined || mistaken[0].length > two.length)) {
      const [wrong, meant] = mistaken;
      throw new CriterionParseFailure(
        column,
        `'${wrong}' is not an operator (did you mean '${meant}'?)`,
      );
    }
    if (two !== undefined) {
      tokens.push({ kind: 'operator', text: two, column });
      index += 2;
      continue;
    }
    if (character === '<' || character === '>' || character === '!') {
      tokens.push({ kind: 'operator', text: character, column });
      index += 1;
      continue;
    }
    if (
      character === '(' ||
      character === ')' ||
      character === '[' ||
      character === ']' ||
      character === ','
    ) {
      tokens.push({ kind: 'punctuation', text: character, column });
      index += 1;
      continue;
    }

    const codePoint = String.fromCodePoint(expression.codePointAt(index) ?? 0);
    throw new CriterionParseFailure(
      column,
      `unexpected character ${showCharacter(codePoint)}`,
      unexpectedCharacterHint(codePoint, next),
    );
  }
  tokens.push({ kind: 'end', text: '', column: expression.length + 1 });
  return tokens;
}
