import { expect, it } from 'vitest';
import { closestMatch } from '../src/validation/closest-match.js';

const ENVIRONMENTS = ['dev', 'staging', 'production'];

it.each([
  ['prod', 'production'],
  ['Production', 'production'],
  ['stage', 'staging'],
  ['stagign', 'staging'],
  ['develop', 'dev'],
  ['prdouction', 'production'],
])('suggests %s -> %s', (word, expected) => {
  expect(closestMatch(word, ENVIRONMENTS)).toBe(expected);
});

it.each(['qa', 'test', 'x', 'live'])('suggests nothing for %s', (word) => {
  expect(closestMatch(word, ENVIRONMENTS)).toBeUndefined();
});

it('suggests field names', () => {
  expect(closestMatch('enviroment', ['id', 'type', 'environment', 'description'])).toBe('environment');
  expect(closestMatch('minfy', ['site_path', 'minify', 'build_drafts'])).toBe('minify');
});
