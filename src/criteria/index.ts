/**
 * Success criteria: small boolean expressions over a task's outputs (`file_count > 100`,
 * `errors == []`), read by a hand-written parser and decided without ever running code, so a
 * task file cannot make the worker execute anything.
 */
export { parseCriterion } from './parse.js';
export type {
  AndNode,
  ComparisonNode,
  ComparisonOperator,
  CriterionAst,
  CriterionSyntaxError,
  LiteralNode,
  LiteralValue,
  NameNode,
  NotNode,
  OrNode,
} from './parse.js';
export { evaluateCriteria, evaluateCriterion } from './evaluate.js';
export type { CriterionResult } from './evaluate.js';
