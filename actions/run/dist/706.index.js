export const id = 706;
export const ids = [706];
export const modules = {

/***/ 9325:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseContentMounts: () => (/* binding */ parseContentMounts),
/* harmony export */   parseHugoConfig: () => (/* binding */ parseHugoConfig),
/* harmony export */   parsePageList: () => (/* binding */ parsePageList),
/* harmony export */   readHugoSiteView: () => (/* binding */ readHugoSiteView),
/* harmony export */   writesAliasesUnderLanguage: () => (/* binding */ writesAliasesUnderLanguage)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _process_run_program_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3769);
/* harmony import */ var _process_site_code_environment_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(818);
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2444);





/** The first Hugo that puts a translated page's absolute aliases under its language's folder. */
const ALIASES_UNDER_LANGUAGE_SINCE = [0, 155, 0];
/** Whether a hugo version (`0.111.3+extended`) writes aliases under the page's language folder. */
function writesAliasesUnderLanguage(version) {
    const parts = version.split(/[^0-9]+/).filter(Boolean).map(Number);
    for (const [index, since] of ALIASES_UNDER_LANGUAGE_SINCE.entries()) {
        const part = parts[index] ?? 0;
        if (part !== since)
            return part > since;
    }
    return true;
}
const LIST_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * Asks Hugo (0.111 and current alike) for the content folders, languages and every page's
 * permalink. `hugo list` takes no --noBuildLock on 0.111 and may leave a lock file and an empty
 * public/ in the site folder: what it made that was not there before is removed.
 */
const readHugoSiteView = async (siteDir, deps = {}) => {
    const run = deps.run ?? _process_run_program_js__WEBPACK_IMPORTED_MODULE_2__/* .runProgram */ .m;
    const env = deps.env ?? _process_site_code_environment_js__WEBPACK_IMPORTED_MODULE_3__/* .EMPTY_SITE_CODE_ENVIRONMENT */ .i;
    const hugo = deps.hugoBinary ?? 'hugo';
    const common = ['--source', siteDir, ...(deps.environment ? ['--environment', deps.environment] : [])];
    const leftovers = await Promise.all(['.hugo_build.lock', 'public'].map(async (name) => ({ file: node_path__WEBPACK_IMPORTED_MODULE_1__.join(siteDir, name), existed: (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(siteDir, name)).catch(() => undefined)) !== undefined })));
    try {
        const config = await run(hugo, ['config', ...common], { env: { ...env }, timeoutMs: LIST_TIMEOUT_MS, maxOutputBytes: 16 << 20 });
        if (config.exitCode !== 0)
            return { ok: false, message: `hugo config failed: ${firstError(config.stderr, config.stdout)}` };
        const mounts = await run(hugo, ['config', 'mounts', ...common], { env: { ...env }, timeoutMs: LIST_TIMEOUT_MS, maxOutputBytes: 16 << 20 });
        if (mounts.exitCode !== 0)
            return { ok: false, message: `hugo config mounts failed: ${firstError(mounts.stderr, mounts.stdout)}` };
        const list = await run(hugo, ['list', 'all', ...common], { env: { ...env }, timeoutMs: LIST_TIMEOUT_MS, maxOutputBytes: 256 << 20 });
        if (list.exitCode !== 0)
            return { ok: false, message: `hugo list all failed: ${firstError(list.stderr, list.stdout)}` };
        const version = await run(hugo, ['version'], { env: { ...env }, timeoutMs: LIST_TIMEOUT_MS });
        const hugoVersion = (0,_build_js__WEBPACK_IMPORTED_MODULE_4__/* .parseHugoVersion */ .bW)(version.stdout);
        if (!hugoVersion)
            return { ok: false, message: `hugo version printed no version: ${version.stdout.trim().slice(0, 200)}` };
        const settings = parseHugoConfig(config.stdout);
        return {
            ok: true,
            view: {
                contentFolders: parseContentMounts(mounts.stdout),
                defaultLanguage: settings.defaultLanguage,
                languages: settings.languages,
                urlsByFile: parsePageList(list.stdout, settings.baseUrl),
                aliasesUnderLanguage: writesAliasesUnderLanguage(hugoVersion),
            },
        };
    }
    catch (error) {
        return { ok: false, message: `hugo could not be run: ${error instanceof Error ? error.message : String(error)}` };
    }
    finally {
        for (const { file, existed } of leftovers) {
            if (existed)
                continue;
            if (file.endsWith('.hugo_build.lock'))
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(file, { force: true });
            else
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rmdir)(file).catch(() => undefined);
        }
    }
};
function firstError(...outputs) {
    for (const output of outputs) {
        const line = output.split('\n').find((candidate) => /error/i.test(candidate));
        if (line)
            return line.trim().slice(0, 500);
    }
    return (outputs.join('\n').trim().split('\n').pop() ?? '').slice(0, 500);
}
/**
 * The settings handoff needs from `hugo config`'s output, which 0.111 prints as `key = value` or
 * `key: value` with maps as `map[en:map[...] fr:map[...]]`, and current Hugo as TOML tables.
 */
function parseHugoConfig(output) {
    const value = (key) => new RegExp(`^${key}\\s*[:=]\\s*['"]?([^'"\\s]*)`, 'mi').exec(output)?.[1];
    const defaultLanguage = value('defaultcontentlanguage') || 'en';
    const languages = new Set();
    for (const match of output.matchAll(/^\s*\[languages\.([^.\]\s]+)\]\s*$/gm))
        languages.add(match[1].replace(/^['"]|['"]$/g, ''));
    const inline = /^languages\s*[:=]\s*map\[/m.exec(output);
    if (inline) {
        let depth = 1;
        let token = '';
        for (let index = inline.index + inline[0].length; index < output.length && depth > 0; index++) {
            const ch = output[index];
            if (ch === '[') {
                if (depth === 1 && token.endsWith(':map'))
                    languages.add(token.slice(0, -':map'.length).trim());
                depth++;
                token = '';
            }
            else if (ch === ']') {
                depth--;
                token = '';
            }
            else if (depth === 1)
                token = ch === ' ' ? '' : token + ch;
        }
    }
    languages.add(defaultLanguage);
    return { baseUrl: value('baseurl') ?? '/', defaultLanguage, languages: [...languages].sort() };
}
/**
 * The project's content mounts from `hugo config mounts` (a stream of JSON objects, one per
 * module, the project first). 0.111 names a mount's language `lang`; current Hugo puts it in
 * `sites.matrix.languages`.
 */
function parseContentMounts(output) {
    const project = jsonObjects(output).find((module) => module.path === 'project');
    const mounts = Array.isArray(project?.mounts) ? project.mounts : [];
    const folders = [];
    for (const mount of mounts) {
        const target = typeof mount.target === 'string' ? mount.target.replace(/\\/g, '/') : '';
        if (target !== 'content' && !target.startsWith('content/'))
            continue;
        if (typeof mount.source !== 'string')
            continue;
        const matrix = mount.sites?.matrix?.languages;
        const language = typeof mount.lang === 'string' && mount.lang !== '' ? mount.lang : Array.isArray(matrix) && matrix.length === 1 && typeof matrix[0] === 'string' ? matrix[0] : undefined;
        folders.push({ source: node_path__WEBPACK_IMPORTED_MODULE_1__.posix.normalize(mount.source.replace(/\\/g, '/')), target: target.slice('content'.length).replace(/^\//, ''), language });
    }
    return folders.length > 0 ? folders : [{ source: 'content', target: '', language: undefined }];
}
function jsonObjects(output) {
    const objects = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let index = 0; index < output.length; index++) {
        const ch = output[index];
        if (inString) {
            if (ch === '\\')
                index++;
            else if (ch === '"')
                inString = false;
        }
        else if (ch === '"' && depth > 0)
            inString = true;
        else if (ch === '{') {
            if (depth++ === 0)
                start = index;
        }
        else if (ch === '}' && depth > 0 && --depth === 0) {
            try {
                objects.push(JSON.parse(output.slice(start, index + 1)));
            }
            catch {
                // not a module object (a log line with braces): skipped
            }
        }
    }
    return objects;
}
/**
 * Each page's URL path from `hugo list all`'s CSV, found by its header (0.111 has no kind and
 * section columns): the permalink less the baseURL's own path, which is what an alias names.
 * A page served in several sites (languages) has several rows.
 */
function parsePageList(csv, baseUrl) {
    const rows = parseCsv(csv);
    const header = rows.shift() ?? [];
    const pathColumn = header.indexOf('path');
    const permalinkColumn = header.indexOf('permalink');
    const urls = new Map();
    if (pathColumn === -1 || permalinkColumn === -1)
        return urls;
    const basePath = urlPath(baseUrl).replace(/\/?$/, '/');
    for (const row of rows) {
        const file = row[pathColumn]?.replace(/\\/g, '/');
        const permalink = row[permalinkColumn];
        if (!file || !permalink)
            continue;
        let pagePath = urlPath(permalink);
        if (pagePath.startsWith(basePath))
            pagePath = `/${pagePath.slice(basePath.length)}`;
        const list = urls.get(file) ?? [];
        if (!list.includes(pagePath))
            list.push(pagePath);
        urls.set(file, list);
    }
    return urls;
}
function urlPath(url) {
    try {
        return new URL(url, 'http://handoff.invalid').pathname;
    }
    catch {
        return url;
    }
}
/** RFC 4180 CSV (Go's encoding/csv writes it): quoted fields may hold commas, quotes and newlines. */
function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    for (let index = 0; index < text.length; index++) {
        const ch = text[index];
        if (quoted) {
            if (ch === '"' && text[index + 1] === '"') {
                field += '"';
                index++;
            }
            else if (ch === '"')
                quoted = false;
            else
                field += ch;
        }
        else if (ch === '"' && field === '')
            quoted = true;
        else if (ch === ',') {
            row.push(field);
            field = '';
        }
        else if (ch === '\n') {
            row.push(field.replace(/\r$/, ''));
            if (row.length > 1 || row[0] !== '')
                rows.push(row);
            row = [];
            field = '';
        }
        else
            field += ch;
    }
    if (field !== '' || row.length > 0)
        rows.push([...row, field]);
    return rows;
}
//# sourceMappingURL=site-view.js.map

/***/ })

};
