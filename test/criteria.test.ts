import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCriteria, evaluateCriterion, parseCriterion } from '../src/criteria/index.js';
import type { CriterionAst } from '../src/criteria/index.js';

type Outputs = Record<string, unknown>;

interface Case {
  expression: string;
  outputs: Outputs;
  pass: boolean;
  reason?: string;
}

const healthyBuild: Outputs = {
  build_success: true,
  errors: [],
  file_count: 143,
  duration_seconds: 12.5,
  hugo_version: '0.128.0',
};

const healthyDeploy: Outputs = {
  deployment_success: true,
  uploaded_files: 143,
  http_status: 200,
  invalidation_id: 'I2J0ABCDEFGHIJ',
};

function check({ expression, outputs, pass, reason }: Case) {
  const result = evaluateCriterion(expression, outputs);
  expect(result.expression).toBe(expression);
  expect(result.pass).toBe(pass);
  if (pass) expect(result.reason).toBeUndefined();
  else expect(result.reason).toBe(reason);
}

describe('the examples from task files', () => {
  const cases: Case[] = [
    { expression: 'build_success == true', outputs: healthyBuild, pass: true },
    {
      expression: 'build_success == true',
      outputs: { build_success: false },
      pass: false,
      reason: 'build_success is false, expected true',
    },
    { expression: 'errors == []', outputs: healthyBuild, pass: true },
    {
      expression: 'errors == []',
      outputs: { errors: [{ message: 'template not found' }] },
      pass: false,
      reason: 'errors is [{"message":"template not found"}] (1 item), expected []',
    },
    { expression: 'file_count > 100', outputs: healthyBuild, pass: true },
    {
      expression: 'file_count > 100',
      outputs: { file_count: 42 },
      pass: false,
      reason: 'file_count is 42, expected > 100',
    },
    {
      expression: 'file_count > 100',
      outputs: { file_count: 100 },
      pass: false,
      reason: 'file_count is 100, expected > 100',
    },
    { expression: 'duration_seconds < 60', outputs: healthyBuild, pass: true },
    {
      expression: 'duration_seconds < 60',
      outputs: { duration_seconds: 61.25 },
      pass: false,
      reason: 'duration_seconds is 61.25, expected < 60',
    },
    { expression: 'http_status == 200', outputs: healthyDeploy, pass: true },
    {
      expression: 'http_status == 200',
      outputs: { http_status: 403 },
      pass: false,
      reason: 'http_status is 403, expected 200',
    },
    { expression: 'invalidation_id != null', outputs: healthyDeploy, pass: true },
    {
      expression: 'invalidation_id != null',
      outputs: { invalidation_id: null },
      pass: false,
      reason: 'invalidation_id is null, expected not null',
    },
    {
      expression: 'invalidation_id != null',
      outputs: {},
      pass: false,
      reason: 'invalidation_id is missing, expected not null',
    },
    {
      expression: 'uploaded_files > 0 and deployment_success == true',
      outputs: healthyDeploy,
      pass: true,
    },
    {
      expression: 'uploaded_files > 0 and deployment_success == true',
      outputs: { uploaded_files: 12, deployment_success: false },
      pass: false,
      reason: 'deployment_success is false, expected true',
    },
    {
      expression: 'uploaded_files > 0 and deployment_success == true',
      outputs: { uploaded_files: 0, deployment_success: false },
      pass: false,
      reason: 'uploaded_files is 0, expected > 0',
    },
    { expression: 'http_status == 200 or http_status == 304', outputs: healthyDeploy, pass: true },
    {
      expression: 'http_status == 200 or http_status == 304',
      outputs: { http_status: 304 },
      pass: true,
    },
    {
      expression: 'http_status == 200 or http_status == 304',
      outputs: { http_status: 500 },
      pass: false,
      reason:
        'no alternative held: http_status is 500, expected 200; http_status is 500, expected 304',
    },
    { expression: 'not (errors != [])', outputs: healthyBuild, pass: true },
    {
      expression: 'not (errors != [])',
      outputs: { errors: ['broken link'] },
      pass: false,
      reason: 'expected not (errors != []), but errors is ["broken link"] (1 item)',
    },
    { expression: 'hugo_version != ""', outputs: healthyBuild, pass: true },
    {
      expression: 'hugo_version != "" ',
      outputs: { hugo_version: '' },
      pass: false,
      reason: 'hugo_version is "", expected not ""',
    },
  ];
  it.each(cases)('$expression with $outputs', (testCase) => check(testCase));
});

describe('operators and precedence', () => {
  const cases: Case[] = [
    { expression: 'a or b and c', outputs: { a: true, b: false, c: false }, pass: true },
    { expression: '(a or b) and c', outputs: { a: true, b: false, c: false }, pass: false, reason: 'c is false, expected true' },
    { expression: 'a || b && c', outputs: { a: true, b: false, c: false }, pass: true },
    { expression: 'a and b or c', outputs: { a: false, b: true, c: true }, pass: true },
    { expression: 'a and (b or c)', outputs: { a: false, b: true, c: true }, pass: false, reason: 'a is false, expected true' },
    { expression: 'not a and b', outputs: { a: false, b: true }, pass: true },
    { expression: 'not (a and b)', outputs: { a: true, b: false }, pass: true },
    { expression: '!a', outputs: { a: false }, pass: true },
    { expression: '!!a', outputs: { a: true }, pass: true },
    { expression: 'not not a', outputs: { a: true }, pass: true },
    { expression: 'not x == 1', outputs: { x: 2 }, pass: true },
    { expression: '!(x == 1)', outputs: { x: 1 }, pass: false, reason: 'expected not (x == 1), but x is 1' },
    { expression: 'not a', outputs: { a: true }, pass: false, reason: 'expected not a, but a is true' },
    { expression: '((x > 1))', outputs: { x: 2 }, pass: true },
    { expression: '(x > 1) == true', outputs: { x: 2 }, pass: true },
    { expression: '(x > 1) == false', outputs: { x: 2 }, pass: false, reason: '(x > 1) is true, expected false' },
    { expression: 'x>1&&y<=2||z>=3', outputs: { x: 0, y: 0, z: 3 }, pass: true },
    { expression: 'a and b and c', outputs: { a: true, b: true, c: false }, pass: false, reason: 'c is false, expected true' },
    { expression: 'true', outputs: {}, pass: true },
    { expression: 'false or ok', outputs: { ok: true }, pass: true },
    { expression: '1 == 1', outputs: {}, pass: true },
    { expression: '1 == 2', outputs: {}, pass: false, reason: '1 == 2 is false' },
    { expression: '100 < file_count', outputs: { file_count: 42 }, pass: false, reason: 'file_count is 42, expected > 100' },
    { expression: 'a >= b', outputs: { a: 3, b: 3 }, pass: true },
    { expression: 'a < b', outputs: { a: 3, b: 2 }, pass: false, reason: 'a is 3 and b is 2, expected a < b' },
    { expression: 'version >= "0.120.0"', outputs: { version: '0.128.0' }, pass: true },
    { expression: 'name < "m"', outputs: { name: 'zeta' }, pass: false, reason: 'name is "zeta", expected < "m"' },
  ];
  it.each(cases)('$expression with $outputs', (testCase) => check(testCase));

  it('builds the AST with and binding tighter than or', () => {
    const parsed = parseCriterion('a or b and c');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const expected: CriterionAst = {
      kind: 'or',
      column: 1,
      operands: [
        { kind: 'name', name: 'a', column: 1 },
        {
          kind: 'and',
          column: 6,
          operands: [
            { kind: 'name', name: 'b', column: 6 },
            { kind: 'name', name: 'c', column: 12 },
          ],
        },
      ],
    };
    expect(parsed.ast).toEqual(expected);
    expect(parsed.names).toEqual(['a', 'b', 'c']);
  });

  it('makes not apply to the whole comparison after it', () => {
    const parsed = parseCriterion('not x == 1');
    expect(parsed.ok && parsed.ast.kind === 'not' && parsed.ast.operand.kind).toBe('comparison');
  });

  it('lists the names an expression uses once each, in order of first use', () => {
    const parsed = parseCriterion('b > 1 and (a == b or not c) and a != null');
    expect(parsed.ok && parsed.names).toEqual(['b', 'a', 'c']);
  });
});

describe('literals', () => {
  const cases: Case[] = [
    { expression: 's == "say \\"hi\\""', outputs: { s: 'say "hi"' }, pass: true },
    { expression: "s == 'it\\'s'", outputs: { s: "it's" }, pass: true },
    { expression: `s == 'say "hi"'`, outputs: { s: 'say "hi"' }, pass: true },
    { expression: 's == "a\\\\b"', outputs: { s: 'a\\b' }, pass: true },
    { expression: 's == "line\\nnext\\ttab"', outputs: { s: 'line\nnext\ttab' }, pass: true },
    { expression: 's == "caf\\u00e9"', outputs: { s: 'café' }, pass: true },
    { expression: 's == "a/b" and t == "a\\/b"', outputs: { s: 'a/b', t: 'a/b' }, pass: true },
    { expression: 's == "and or not == ("', outputs: { s: 'and or not == (' }, pass: true },
    { expression: 's == ""', outputs: { s: '' }, pass: true },
    { expression: "s == ''", outputs: { s: 'x' }, pass: false, reason: 's is "x", expected ""' },
    { expression: 't > -1', outputs: { t: 0 }, pass: true },
    { expression: 't > -1', outputs: { t: -2 }, pass: false, reason: 't is -2, expected > -1' },
    { expression: 't == -0.25', outputs: { t: -0.25 }, pass: true },
    { expression: 't<-0.5', outputs: { t: -0.75 }, pass: true },
    { expression: 't == 1.50', outputs: { t: 1.5 }, pass: true },
    { expression: 't == 1.0', outputs: { t: 1 }, pass: true },
    { expression: 't <= 0.1', outputs: { t: 0.1 }, pass: true },
    { expression: 't == 007', outputs: { t: 7 }, pass: true },
    { expression: 'x == true', outputs: { x: 1 }, pass: false, reason: 'x is a number (1), expected true' },
    { expression: 'x == false', outputs: { x: 0 }, pass: false, reason: 'x is a number (0), expected false' },
  ];
  it.each(cases)('$expression with $outputs', (testCase) => check(testCase));
});

describe('deep equality', () => {
  const cases: Case[] = [
    { expression: 'list == ["a", 1]', outputs: { list: ['a', 1] }, pass: true },
    { expression: 'list == [1, "a"]', outputs: { list: ['a', 1] }, pass: false, reason: 'list is ["a",1] (2 items), expected [1, "a"]' },
    { expression: 'list == ["a"]', outputs: { list: ['a', 'b'] }, pass: false, reason: 'list is ["a","b"] (2 items), expected ["a"]' },
    { expression: 'list == [[1, 2], [true, null]]', outputs: { list: [[1, 2], [true, null]] }, pass: true },
    { expression: 'list == ["1"]', outputs: { list: [1] }, pass: false, reason: 'list is [1] (1 item), expected ["1"]' },
    { expression: 'list != []', outputs: { list: [] }, pass: false, reason: 'list is [], expected not []' },
    { expression: 'errors == []', outputs: { errors: {} }, pass: false, reason: 'errors is an object ({}), expected []' },
    { expression: 'errors == []', outputs: { errors: '' }, pass: false, reason: 'errors is a string (""), expected []' },
    { expression: 'errors == []', outputs: { errors: null }, pass: false, reason: 'errors is null, expected []' },
    { expression: 'a == b', outputs: { a: { x: 1, y: [1, 2] }, b: { y: [1, 2], x: 1 } }, pass: true },
    { expression: 'a == b', outputs: { a: { x: 1 }, b: { x: 1, y: 2 } }, pass: false, reason: 'a is {"x":1} and b is {"x":1,"y":2}, expected a == b' },
    { expression: 'a != b', outputs: { a: [{ m: 'x' }], b: [{ m: 'y' }] }, pass: true },
    { expression: 'a == b', outputs: { a: [{ m: 'x' }], b: [{ m: 'x' }] }, pass: true },
    { expression: 'a == b', outputs: { a: 1, b: '1' }, pass: false, reason: 'a is 1 and b is "1", expected a == b' },
    { expression: 'a == b', outputs: { a: null, b: null }, pass: true },
    { expression: 'http_status == "200"', outputs: { http_status: 200 }, pass: false, reason: 'http_status is a number (200), expected "200"' },
  ];
  it.each(cases)('$expression with $outputs', (testCase) => check(testCase));
});

describe('null and missing outputs', () => {
  const cases: Case[] = [
    { expression: 'x == null', outputs: {}, pass: true },
    { expression: 'x == null', outputs: { x: null }, pass: true },
    { expression: 'x == null', outputs: { x: undefined }, pass: true },
    { expression: 'null == x', outputs: {}, pass: true },
    { expression: 'x == null', outputs: { x: 0 }, pass: false, reason: 'x is 0, expected null' },
    { expression: 'x == null', outputs: { x: [] }, pass: false, reason: 'x is [], expected null' },
    { expression: 'x != null', outputs: { x: '' }, pass: true },
    { expression: 'x != null', outputs: { x: false }, pass: true },
    { expression: 'x == 1', outputs: {}, pass: false, reason: 'x is missing, expected 1' },
    { expression: 'x != 1', outputs: {}, pass: false, reason: 'x is missing, expected not 1' },
    { expression: 'hugo_version != ""', outputs: {}, pass: false, reason: 'hugo_version is missing, expected not ""' },
    { expression: 'errors == []', outputs: {}, pass: false, reason: 'errors is missing, expected []' },
    { expression: 'not (errors != [])', outputs: {}, pass: false, reason: 'errors is missing, expected not []' },
    { expression: 'not (x > 5)', outputs: {}, pass: false, reason: 'x is missing, expected a number' },
    { expression: 'x == null or x > 5', outputs: {}, pass: true },
    { expression: 'x > 5 or x == null', outputs: {}, pass: true },
    { expression: 'x > 5 or x == null', outputs: { x: 7 }, pass: true },
    { expression: 'x > 5 or x == null', outputs: { x: 2 }, pass: false, reason: 'no alternative held: x is 2, expected > 5; x is 2, expected null' },
    { expression: 'x > 5 or y == 1', outputs: { y: 2 }, pass: false, reason: 'no alternative held: x is missing, expected a number; y is 2, expected 1' },
    { expression: 'x > 5 and y == 1', outputs: { y: 2 }, pass: false, reason: 'y is 2, expected 1' },
    { expression: 'x > 5 and y == 1', outputs: { y: 1 }, pass: false, reason: 'x is missing, expected a number' },
    { expression: 'x != null and x != ""', outputs: {}, pass: false, reason: 'x is missing, expected not null' },
    { expression: 'a == b', outputs: { a: null }, pass: true },
    { expression: 'a == b', outputs: { a: 1 }, pass: false, reason: 'a is 1 and b is missing, expected a == b' },
  ];
  it.each(cases)('$expression with $outputs', (testCase) => check(testCase));
});

describe('values of the wrong kind', () => {
  const cases: Case[] = [
    { expression: 'file_count > 100', outputs: {}, pass: false, reason: 'file_count is missing, expected a number' },
    { expression: 'file_count > 100', outputs: { file_count: '12' }, pass: false, reason: 'file_count is a string ("12"), expected a number' },
    { expression: 'file_count > 100', outputs: { file_count: null }, pass: false, reason: 'file_count is null, expected a number' },
    { expression: 'file_count > 100', outputs: { file_count: true }, pass: false, reason: 'file_count is a boolean (true), expected a number' },
    { expression: 'file_count > 100', outputs: { file_count: [1, 2] }, pass: false, reason: 'file_count is an array ([1,2] (2 items)), expected a number' },
    { expression: 'version > "0.1"', outputs: { version: 0.2 }, pass: false, reason: 'version is a number (0.2), expected a string' },
    { expression: 'a < b', outputs: { a: 1, b: '2' }, pass: false, reason: 'b is a string ("2"), expected a number (in a < b)' },
    { expression: 'a < b', outputs: { a: null, b: null }, pass: false, reason: 'a is null, expected a number or a string (in a < b)' },
    { expression: 'build_success', outputs: { build_success: true }, pass: true },
    { expression: 'build_success', outputs: { build_success: false }, pass: false, reason: 'build_success is false, expected true' },
    {
      expression: 'build_success',
      outputs: { build_success: 'yes' },
      pass: false,
      reason: 'build_success is a string ("yes"), expected a boolean (true or false); compare it instead, like build_success == ...',
    },
    {
      expression: 'not build_success',
      outputs: {},
      pass: false,
      reason: 'build_success is missing, expected a boolean (true or false); compare it instead, like build_success == ...',
    },
    { expression: 'a or b', outputs: { a: 1, b: true }, pass: true },
  ];
  it.each(cases)('$expression with $outputs', (testCase) => check(testCase));

  it('shows long values cut to about 80 characters', () => {
    const long = 'x'.repeat(200);
    const result = evaluateCriterion('errors == []', { errors: [{ message: long }] });
    expect(result.reason).toBe(
      `errors is [{"message":"${'x'.repeat(64)}... (1 item), expected []`,
    );
    const stringResult = evaluateCriterion('s == "a"', { s: long });
    expect(stringResult.reason).toBe(`s is "${'x'.repeat(76)}...", expected "a"`);
  });

  it('keeps reasons to one line even for values holding newlines', () => {
    const result = evaluateCriterion('log == ""', { log: 'line 1\nline 2' });
    expect(result.reason).toBe('log is "line 1\\nline 2", expected ""');
  });

  it('describes values JSON cannot hold without throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(evaluateCriterion('x == []', { x: cyclic }).reason).toBe(
      'x is an object ({"name":"loop","self":[circular]}), expected []',
    );
    expect(evaluateCriterion('x > 1', { x: 10n }).reason).toBe(
      'x is a bigint (10n), expected a number',
    );
  });
});

describe('syntax errors', () => {
  const cases: Array<{ expression: string; column: number; message: string }> = [
    { expression: '', column: 1, message: 'the expression is empty: expected a condition at column 1' },
    { expression: '   ', column: 1, message: 'the expression is empty: expected a condition at column 1' },
    { expression: 'a >', column: 4, message: "expected a value after '>' at column 4, found end of expression" },
    { expression: 'file_count > ', column: 14, message: "expected a value after '>' at column 14, found end of expression" },
    { expression: '== 3', column: 1, message: "expected a condition at column 1, found '=='" },
    { expression: 'a = 1', column: 3, message: "'=' is not an operator (did you mean '=='?) at column 3" },
    { expression: 'build_ok = true', column: 10, message: "'=' is not an operator (did you mean '=='?) at column 10" },
    { expression: 'a === 1', column: 3, message: "'===' is not an operator (did you mean '=='?) at column 3" },
    { expression: 'a !== 1', column: 3, message: "'!==' is not an operator (did you mean '!='?) at column 3" },
    { expression: 'a <> 1', column: 3, message: "'<>' is not an operator (did you mean '!='?) at column 3" },
    { expression: 'a => 1', column: 3, message: "'=>' is not an operator (did you mean '>='?) at column 3" },
    { expression: 'a & b', column: 3, message: "'&' is not an operator (did you mean '&&'?) at column 3" },
    { expression: 'a | b', column: 3, message: "'|' is not an operator (did you mean '||'?) at column 3" },
    { expression: 'a ≥ 1', column: 3, message: "'≥' is not an operator (did you mean '>='?) at column 3" },
    {
      expression: 'a < b < c',
      column: 7,
      message: "comparisons cannot be chained: found '<' at column 7 after a '<' comparison (join two comparisons with 'and')",
    },
    {
      expression: 'a == b == c',
      column: 8,
      message: "comparisons cannot be chained: found '==' at column 8 after a '==' comparison (join two comparisons with 'and')",
    },
    {
      expression: 's == "abc',
      column: 6,
      message: 'unterminated string at column 6: no closing " before the end of the expression',
    },
    {
      expression: "s == 'abc\\'",
      column: 6,
      message: "unterminated string at column 6: no closing ' before the end of the expression",
    },
    { expression: 's == "a\\', column: 6, message: 'unterminated string at column 6: no closing " before the end of the expression' },
    { expression: 's == "\\q"', column: 7, message: "unknown escape '\\q' in string at column 7 (to write a backslash, use \\\\)" },
    { expression: 's == "\\u00g1"', column: 7, message: "invalid escape '\\u' in string at column 7, expected four hex digits, like \\u00e9" },
    { expression: '[1,', column: 4, message: "expected a literal after ',' at column 4, found end of expression" },
    { expression: 'a == [1,', column: 9, message: "expected a literal after ',' at column 9, found end of expression" },
    { expression: 'a == [1,]', column: 9, message: "expected a literal after ',' at column 9, found ']'" },
    { expression: 'a == [1 2]', column: 9, message: "expected ',' or ']' at column 9 in the array opened at column 6, found number 2" },
    {
      expression: 'a == [x]',
      column: 7,
      message: "expected a literal after '[' at column 7, found name 'x' (arrays may hold only literals, not names of outputs)",
    },
    { expression: 'a and', column: 6, message: "expected a condition after 'and' at column 6, found end of expression" },
    { expression: 'or a', column: 1, message: "expected a condition at column 1, found 'or'" },
    { expression: 'a or or b', column: 6, message: "expected a condition after 'or' at column 6, found 'or'" },
    { expression: 'not', column: 4, message: "expected a condition after 'not' at column 4, found end of expression" },
    { expression: '()', column: 2, message: "expected a value after '(' at column 2, found ')'" },
    { expression: '(a == 1', column: 8, message: "expected ')' at column 8 to close the '(' at column 1, found end of expression" },
    { expression: '(a == 1 b)', column: 9, message: "unexpected name 'b' at column 9, expected 'and', 'or' or ')'" },
    { expression: 'a == 1)', column: 7, message: "unexpected ')' at column 7: no '(' is open" },
    { expression: '1 == 1 extra', column: 8, message: "unexpected name 'extra' at column 8, expected 'and', 'or' or end of expression" },
    { expression: 'a b', column: 3, message: "unexpected name 'b' at column 3, expected a comparison operator, 'and', 'or' or end of expression" },
    { expression: 'a == $b', column: 6, message: "unexpected character '$' at column 6" },
    { expression: '$', column: 1, message: "unexpected character '$' at column 1" },
    { expression: 'a == 1; b == 2', column: 7, message: "unexpected character ';' at column 7 (join conditions with 'and' or 'or')" },
    { expression: '`whoami` == ""', column: 1, message: "unexpected character '`' at column 1 (strings use \" or ' quotes)" },
    { expression: 'a == “x”', column: 6, message: "unexpected character '“' at column 6 (use straight quotes: \" or ')" },
    { expression: 'a\u0000 == 1', column: 2, message: "unexpected character '\\u0000' at column 2" },
    {
      expression: 'process.exit()',
      column: 8,
      message: "unexpected character '.' at column 8 (outputs are named by plain names; property access with '.' is not supported)",
    },
    {
      expression: 'exit(1)',
      column: 5,
      message: "unexpected '(' at column 5, expected a comparison operator, 'and', 'or' or end of expression (function calls are not supported)",
    },
    {
      expression: 'constructor.constructor("return process")()',
      column: 12,
      message: "unexpected character '.' at column 12 (outputs are named by plain names; property access with '.' is not supported)",
    },
    { expression: 'errors == {}', column: 11, message: "unexpected character '{' at column 11 (object literals are not supported; only [] arrays of literals)" },
    { expression: 'a - 1 > 0', column: 3, message: "unexpected character '-' at column 3 ('-' may only start a negative number, like -1)" },
    { expression: 'x > .5', column: 5, message: "unexpected character '.' at column 5 (write numbers with a leading digit, like 0.5)" },
    { expression: 'x > 1e3', column: 5, message: "malformed number '1e3' at column 5 (write plain decimal digits, like 100000, -3 or 0.5)" },
    { expression: 'x > 1.', column: 5, message: "malformed number '1.' at column 5 (write plain decimal digits, like 100000, -3 or 0.5)" },
    { expression: 'x > 1.2.3', column: 5, message: "malformed number '1.2.3' at column 5 (write plain decimal digits, like 100000, -3 or 0.5)" },
    { expression: 'x == True', column: 6, message: "'True' is not a keyword at column 6 (did you mean 'true'? keywords are lowercase)" },
    { expression: 'a AND b', column: 3, message: "'AND' is not a keyword at column 3 (did you mean 'and'? keywords are lowercase)" },
    { expression: '1', column: 1, message: 'number 1 is not a condition at column 1 (compare it with ==, !=, <, <=, > or >=)' },
    { expression: '"yes"', column: 1, message: 'string "yes" is not a condition at column 1 (compare it with ==, !=, <, <=, > or >=)' },
    { expression: 'null', column: 1, message: 'null is not a condition at column 1 (compare it with ==, !=, <, <=, > or >=)' },
    { expression: '(a == 1) and []', column: 14, message: 'array [] is not a condition at column 14 (compare it with ==, !=, <, <=, > or >=)' },
    { expression: 'not 0', column: 5, message: 'number 0 is not a condition at column 5 (compare it with ==, !=, <, <=, > or >=)' },
    { expression: 'a > null', column: 5, message: "'>' compares numbers or strings, found null at column 5" },
    { expression: 'a <= [1]', column: 6, message: "'<=' compares numbers or strings, found array [1] at column 6" },
    { expression: '(a == 1) < 2', column: 2, message: "'<' compares numbers or strings, found a condition at column 2" },
    { expression: '1 < "2"', column: 5, message: "'<' cannot compare number 1 with string \"2\" at column 5" },
    {
      expression: 'a == not b',
      column: 6,
      message: "'not' cannot follow a comparison operator at column 6 (put the negated condition in parentheses, like x == (not y))",
    },
  ];

  it.each(cases)('$expression', ({ expression, column, message }) => {
    const parsed = parseCriterion(expression);
    expect(parsed).toEqual({ ok: false, error: { message, column, expression } });
    const result = evaluateCriterion(expression, { a: 1, b: 2, x: 3 });
    expect(result.pass).toBe(false);
    expect(result.actual).toEqual({});
    const withoutColumn = message.replace(` at column ${column}`, '');
    expect(result.reason).toBe(`syntax error at column ${column}: ${withoutColumn}`);
  });

  it('puts the column once in the reason of an evaluated criterion', () => {
    expect(evaluateCriterion('file_count > ', {}).reason).toBe(
      "syntax error at column 14: expected a value after '>', found end of expression",
    );
    expect(evaluateCriterion('a = 1', {}).reason).toBe(
      "syntax error at column 3: '=' is not an operator (did you mean '=='?)",
    );
  });

  it('accepts 500 characters and refuses 501', () => {
    const atLimit = `x == "${'a'.repeat(500 - 7)}"`;
    expect(atLimit).toHaveLength(500);
    expect(parseCriterion(atLimit).ok).toBe(true);
    const over = `x == "${'a'.repeat(600)}"`;
    expect(parseCriterion(over)).toEqual({
      ok: false,
      error: {
        message: 'expression is 607 characters, at most 500 (it runs past the limit at column 501)',
        column: 501,
        expression: over,
      },
    });
    expect(evaluateCriterion(over, {}).reason).toBe(
      'syntax error at column 501: expression is 607 characters, at most 500 (it runs past the limit)',
    );
  });

  it('survives deep nesting within the length limit', () => {
    const nested = `${'('.repeat(240)}a == 1${')'.repeat(240)}`;
    expect(evaluateCriterion(nested, { a: 1 }).pass).toBe(true);
    expect(evaluateCriterion('!'.repeat(490) + 'a', { a: true }).pass).toBe(true);
  });
});

describe('looking up outputs', () => {
  it('never reaches the prototype of the outputs object', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const result = evaluateCriterion(`${name} == null`, {});
      expect(result.pass, name).toBe(true);
      expect(Object.getOwnPropertyDescriptor(result.actual, name)?.value, name).toBeNull();
    }
    expect(Object.getPrototypeOf(evaluateCriterion('__proto__ == null', {}).actual)).toBe(
      Object.prototype,
    );
    expect(evaluateCriterion('constructor', {}).reason).toBe(
      'constructor is missing, expected a boolean (true or false); compare it instead, like constructor == ...',
    );
    expect(evaluateCriterion('constructor != null', {}).reason).toBe(
      'constructor is missing, expected not null',
    );
  });

  it('finds __proto__ when it really is an own output', () => {
    const outputs = JSON.parse('{"__proto__": 5}') as Record<string, unknown>;
    const result = evaluateCriterion('__proto__ == 5', outputs);
    expect(result.pass).toBe(true);
    expect(JSON.stringify(result.actual)).toBe('{"__proto__":5}');
  });

  it('reports each named output as found, null when missing', () => {
    const errors = [{ message: 'x' }];
    const result = evaluateCriterion('errors == [] and file_count > 1 and gone == null', {
      errors,
      file_count: 3,
      unrelated: 'not shown',
    });
    expect(result.actual).toEqual({ errors, file_count: 3, gone: null });
    expect(result.actual.errors).toBe(errors);
    expect(Object.keys(result.actual)).toEqual(['errors', 'file_count', 'gone']);
  });

  it('works with outputs that have no prototype', () => {
    const outputs = Object.assign(Object.create(null) as Record<string, unknown>, { ok: true });
    expect(evaluateCriterion('ok and missing == null', outputs).pass).toBe(true);
  });

  it('turns a throwing getter into a failed criterion', () => {
    const outputs = {
      get boom(): unknown {
        throw new Error('getter failed');
      },
    };
    expect(evaluateCriterion('boom == 1', outputs)).toEqual({
      expression: 'boom == 1',
      pass: false,
      actual: {},
      reason: 'could not evaluate: getter failed',
    });
  });
});

describe('evaluateCriteria', () => {
  it('evaluates each criterion on its own, keeping their order', () => {
    const results = evaluateCriteria(
      ['build_success == true', 'file_count > 1000', 'errors = []', 'duration_seconds < 60'],
      healthyBuild,
    );
    expect(results).toEqual([
      { expression: 'build_success == true', pass: true, actual: { build_success: true } },
      {
        expression: 'file_count > 1000',
        pass: false,
        actual: { file_count: 143 },
        reason: 'file_count is 143, expected > 1000',
      },
      {
        expression: 'errors = []',
        pass: false,
        actual: {},
        reason: "syntax error at column 8: '=' is not an operator (did you mean '=='?)",
      },
      { expression: 'duration_seconds < 60', pass: true, actual: { duration_seconds: 12.5 } },
    ]);
  });

  it('returns nothing for no criteria', () => {
    expect(evaluateCriteria([], {})).toEqual([]);
  });
});

describe('the implementation', () => {
  it('runs no code: no eval, Function or expression library in src/criteria', () => {
    const folder = join(import.meta.dirname, '..', 'src', 'criteria');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(folder, file), 'utf8');
      expect(source, file).not.toMatch(/\beval\s*\(|\bFunction\s*\(|new\s+Function\b/);
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      for (const specifier of imports) expect(specifier, file).toMatch(/^\.\/[a-z-]+\.js$/);
    }
  });
});
