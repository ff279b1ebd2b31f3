/**
 * The second line behind the site-code allowlist (site-code-environment.ts): the values of
 * credentials in handoff's own environment, cut out of everything handoff writes or answers
 * (result files, job summaries, progress lines, MCP answers), so a leak that got past the
 * allowlist still does not reach a committed file.
 */

/** Credentials the runner, configure-aws-credentials and the agent's shell are known to hold. */
export const KNOWN_SECRET_VARIABLES: readonly string[] = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'INPUT_GITHUB-TOKEN',
  'INPUT_TOKEN',
  'HANDOFF_GITHUB_TOKEN',
];

/** Other names that say they hold a credential (MY_API_TOKEN, DB_PASSWORD, …). */
const SECRET_NAME = /(?:TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIALS?)$|^INPUT_.*(?:TOKEN|KEY|SECRET|PASSWORD)/i;

/**
 * Shorter values are not redacted: a variable named like a secret that holds `1` or `true` would
 * otherwise turn every digit of a result into stars. Real credentials are far longer.
 */
const SHORTEST_SECRET = 8;

export const REDACTED = '***';

/** The credential values in `env`, longest first (so a value containing another is cut whole). */
export function secretValuesIn(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < SHORTEST_SECRET) continue;
    if (KNOWN_SECRET_VARIABLES.includes(name) || SECRET_NAME.test(name)) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Cuts known secret values out of text and of every string inside a value. */
export interface Redactor {
  text(text: string): string;
  /** A copy of `value` with every string in it (keys included) redacted. */
  value<T>(value: T): T;
}

export function redactorFor(secrets: readonly string[]): Redactor {
  const text = (input: string): string => {
    let output = input;
    for (const secret of secrets) if (output.includes(secret)) output = output.split(secret).join(REDACTED);
    return output;
  };
  const value = <T>(input: T): T => {
    if (typeof input === 'string') return text(input) as T;
    if (Array.isArray(input)) return input.map((item) => value(item)) as T;
    if (input !== null && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [text(key), value(item)])) as T;
    }
    return input;
  };
  return { text, value };
}

/** The redactor of a process that holds no credentials: changes nothing. */
export const NO_SECRETS: Redactor = redactorFor([]);
