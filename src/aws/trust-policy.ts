/*
 * Whether an IAM role's trust policy lets a GitHub OIDC token assume it, judged the way IAM
 * judges the parts a GitHub trust policy uses: Allow and Deny statements for
 * sts:AssumeRoleWithWebIdentity from the token.actions.githubusercontent.com provider, with
 * String(Not)Equals / String(Not)Like conditions on the token's `sub` and `aud`. Written here
 * because no library evaluates IAM policies offline; anything outside that subset makes the
 * answer `unknown`, never a guess.
 */

export type TrustVerdict = 'admits' | 'refuses' | 'unknown';

export interface GitHubTokenClaims {
  sub: string;
  aud: string;
}

const PROVIDER = 'token.actions.githubusercontent.com';
const ACTION = 'sts:AssumeRoleWithWebIdentity';

type Statement = { Effect?: unknown; Action?: unknown; Principal?: unknown; Condition?: unknown };

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** IAM's `*` and `?` wildcards (StringLike), matched over the whole value. */
function likeMatches(pattern: string, value: string): boolean {
  const source = [...pattern].map((character) => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

function actionCovers(action: unknown): boolean {
  return asList(action).some((entry) => typeof entry === 'string' && (entry === '*' || likeMatches(entry.toLowerCase(), ACTION.toLowerCase())));
}

function principalIsGitHub(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return asList((principal as { Federated?: unknown }).Federated).some((entry) => typeof entry === 'string' && (entry === PROVIDER || entry.endsWith(`:oidc-provider/${PROVIDER}`)));
}

/** true / false, or undefined when the condition uses anything this evaluator does not know. */
function conditionHolds(condition: unknown, claims: GitHubTokenClaims): boolean | undefined {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return undefined;
  let holds = true;
  for (const [operator, block] of Object.entries(condition)) {
    if (typeof block !== 'object' || block === null) return undefined;
    for (const [key, expected] of Object.entries(block)) {
      const claim = key === `${PROVIDER}:sub` ? claims.sub : key === `${PROVIDER}:aud` ? claims.aud : undefined;
      if (claim === undefined) return undefined;
      const values = asList(expected).map(String);
      const any = (match: (value: string) => boolean) => values.some(match);
      let result: boolean;
      if (operator === 'StringEquals') result = any((value) => value === claim);
      else if (operator === 'StringLike') result = any((value) => likeMatches(value, claim));
      else if (operator === 'StringNotEquals') result = !any((value) => value === claim);
      else if (operator === 'StringNotLike') result = !any((value) => likeMatches(value, claim));
      else return undefined;
      holds &&= result;
    }
  }
  return holds;
}

/** The verdict of a trust policy document (parsed JSON) on a token with these claims. */
export function judgeTrustPolicy(document: unknown, claims: GitHubTokenClaims): TrustVerdict {
  if (typeof document !== 'object' || document === null) return 'unknown';
  const statements = asList((document as { Statement?: unknown }).Statement) as Statement[];
  let allowed = false;
  let unknown = false;
  for (const statement of statements) {
    if (!actionCovers(statement.Action) || !principalIsGitHub(statement.Principal)) continue;
    const holds = conditionHolds(statement.Condition, claims);
    if (holds === undefined) unknown = true;
    else if (holds && statement.Effect === 'Deny') return 'refuses';
    else if (holds && statement.Effect === 'Allow') allowed = true;
  }
  if (unknown) return 'unknown';
  return allowed ? 'admits' : 'refuses';
}
