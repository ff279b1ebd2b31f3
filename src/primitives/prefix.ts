/**
 * Normalises a key prefix to `dir/` form (`site` and `/site/` both become `site/`; empty means the
 * bucket root). Without the trailing slash, listing `site` would also return `site2/...`, and a
 * deploy would delete another site's objects.
 */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`invalid key prefix '${prefix}': empty, '.' or '..' segments are not allowed`);
  }
  return `${trimmed}/`;
}
