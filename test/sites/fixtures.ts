import { MINIMAL_SITE } from '../helpers/temp-repo.js';

/** MINIMAL_SITE's Hugo site under another folder, with its own title and one page of its own. */
export function siteFiles(folder: string, title: string, pages = 1): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [file, content] of Object.entries(MINIMAL_SITE)) {
    files[file.replace(/^site\//, `${folder}/`)] = content.replace('title = "Test site"', `title = "${title}"`);
  }
  for (let page = 1; page <= pages; page++) files[`${folder}/content/posts/${title.toLowerCase().replace(/\W+/g, '-')}-${page}.md`] = `---\ntitle: ${title} page ${page}\n---\n${title}, page ${page}.\n`;
  return files;
}

/** A task file's text: the fields handoff new writes, given as front matter lines. */
export function taskText(id: string, lines: readonly string[]): string {
  return ['---', `id: "${id}"`, ...lines, `created: "2026-01-19T16:00:00Z"`, '---', '', 'Context.', ''].join('\n');
}
