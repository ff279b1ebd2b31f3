/** The part of a push event the plan needs, read from GITHUB_EVENT_PATH's JSON. */
export interface PushEvent {
  /** The branch head before the push; all zeros when the push created the branch. */
  before: string;
  after: string;
  /** refs/heads/<branch>. */
  ref: string;
  created: boolean;
  deleted: boolean;
  /** A force push: `before` need not be an ancestor of `after`. */
  forced: boolean;
  /** The repository's default branch, the base of a new branch's tasks. */
  defaultBranch: string | undefined;
}

export const ZERO_SHA = /^0+$/;

/** Reads a push event payload; undefined when it is not one (a dispatch or schedule event). */
export function parsePushEvent(payload: unknown): PushEvent | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const event = payload as Record<string, unknown>;
  const { before, after, ref } = event;
  if (typeof before !== 'string' || typeof after !== 'string' || typeof ref !== 'string') return undefined;
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(before) || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(after)) return undefined;
  return {
    before,
    after,
    ref,
    created: event.created === true || ZERO_SHA.test(before),
    deleted: event.deleted === true || ZERO_SHA.test(after),
    forced: event.forced === true,
    defaultBranch: defaultBranchOf(event.repository),
  };
}

/** `main` from `refs/heads/main`; undefined for tags and other refs. */
export function branchOfRef(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

function defaultBranchOf(repository: unknown): string | undefined {
  if (typeof repository !== 'object' || repository === null) return undefined;
  const value = (repository as { default_branch?: unknown }).default_branch;
  return typeof value === 'string' && /^[A-Za-z0-9._/-]+$/.test(value) ? value : undefined;
}
