/*
 * What a content edit needs to know of the site, declared here where it is used: hugo/site-view.ts
 * reads it from Hugo itself and passes it in, so the edits do not depend on Hugo's runner (hugo's
 * own fault diagnosis reads front matter with this folder's parsers).
 */

/** A folder Hugo reads pages from (a `content` mount of the project), as the site configures it. */
export interface ContentFolder {
  /** The folder, relative to the site, posix separators (`content`, `content.en`, `content/fr`). */
  source: string;
  /** Where it is mounted inside Hugo's content tree, relative to it ('' for the root). */
  target: string;
  /** The language its pages are in, when the mount (or `languages.X.contentDir`) sets one. */
  language: string | undefined;
}

/** The site as Hugo itself sees it: where pages are, in which languages, and the URL each is served at. */
export interface SiteView {
  contentFolders: ContentFolder[];
  defaultLanguage: string;
  languages: string[];
  /** URL paths (without the baseURL's own path) by page file, relative to the site: `content/post/a.md` -> [`/post/a/`]. */
  urlsByFile: Map<string, string[]>;
  /**
   * Whether this Hugo writes a page's absolute alias under its language's folder (`/fr/` + alias),
   * as Hugo does from 0.155.0; before, an alias is from the site root whatever the language.
   */
  aliasesUnderLanguage: boolean;
}
