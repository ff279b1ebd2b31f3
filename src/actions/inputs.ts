import path from 'node:path';
import * as core from '@actions/core';
import { SettingsError } from './job-context.js';

/**
 * Typed readers for action inputs, with messages that name the input and what it takes. Only the
 * settings modules use them: they are the one place that reads inputs.
 */
export function stringInput(name: string, fallback = ''): string {
  return core.getInput(name).trim() || fallback;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  return statedBooleanInput(name) ?? fallback;
}

/** A true/false input, or undefined when it is left empty (the default is someone else's to apply). */
export function statedBooleanInput(name: string): boolean | undefined {
  const value = core.getInput(name).trim();
  if (value === '') return undefined;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new SettingsError(`Invalid input '${name}': '${value}'. Expected true or false.`);
}

export function integerInput(name: string, fallback: number, range: { min: number; max: number }): number {
  return statedIntegerInput(name, range) ?? fallback;
}

/** A whole-number input, or undefined when it is left empty (the default is someone else's to apply). */
export function statedIntegerInput(name: string, range: { min: number; max: number }): number | undefined {
  const value = core.getInput(name).trim();
  if (value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    throw new SettingsError(`Invalid input '${name}': '${value}'. Expected a whole number from ${range.min} to ${range.max}.`);
  }
  return number;
}

/** A path input, resolved against the workspace (relative paths in a workflow mean "in the checkout"). */
export function pathInput(name: string, workspace: string, fallback: string): string {
  return path.resolve(workspace, stringInput(name, fallback));
}
