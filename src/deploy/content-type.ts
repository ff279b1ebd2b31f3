import path from 'node:path/posix';

/**
 * Content types by file name, shipped with the project rather than read from the machine's mime
 * database, so the same build gets the same headers on every worker (a missing or old
 * /etc/mime.types silently turns .webp or .woff2 into application/octet-stream elsewhere).
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  xsl: 'application/xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  mp4: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  flac: 'audio/flac',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  epub: 'application/epub+zip',
};

/** Whole file names whose type differs from their extension's (Hugo writes feeds as index.xml). */
export const CONTENT_TYPES_BY_NAME: Readonly<Record<string, string>> = {
  'index.xml': 'application/rss+xml; charset=utf-8',
  'sitemap.xml': 'application/xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The Content-Type for a site path (posix, relative); unknown extensions are served as bytes. */
export function contentTypeFor(filePath: string): string {
  const name = path.basename(filePath).toLowerCase();
  const byName = CONTENT_TYPES_BY_NAME[name];
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  if (dot === -1) return DEFAULT_CONTENT_TYPE;
  return CONTENT_TYPES[name.slice(dot + 1)] ?? DEFAULT_CONTENT_TYPE;
}
