/**
 * Text from a task file (written by an agent) shown in a job summary a reviewer reads before
 * approving production. GitHub renders summaries as markdown with some HTML, so such text must
 * come out as the same characters, never as a link, an image, a mention, a heading or a tag.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_{}[\]()|~!]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([#+-])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.');
}

/** Lines of agent text as a block quote, each line escaped on its own. */
export function markdownQuote(text: string): string[] {
  return text.split(/\r?\n/).map((line) => `> ${markdownText(line)}`);
}

/** A URL an agent gave, shown as text, and only when it is http(s): never a javascript: link. */
export function markdownUrl(url: string | undefined, absent: string): string {
  if (!url) return absent;
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return `(not an http(s) URL: ${markdownText(url)})`;
  return markdownText(url);
}
