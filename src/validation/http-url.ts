/**
 * What is wrong with a URL that must be a plain absolute http(s) URL (a site's base URL, a staging
 * URL, handoff.yml's site_url), or undefined when nothing is: no credentials, query, fragment,
 * spaces, quotes or control characters, since it ends up in commands' arguments and messages.
 */
export function httpUrlProblem(value: string): string | undefined {
  const expected = 'an http:// or https:// URL';
  if (/[\s"'`<>\\^{}|]/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return `${expected} without spaces, quotes or control characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return expected;
  if (url.username || url.password) return `${expected} without credentials in it`;
  if (url.search || url.hash) return `${expected} without a query or fragment`;
  return undefined;
}
