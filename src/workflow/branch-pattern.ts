/** `main`, or a pattern with `*` (one path segment) and `**` (any), as in the workflow's `branches`. */
export function branchMatches(pattern: string, branch: string): boolean {
  const regex = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(branch);
}
