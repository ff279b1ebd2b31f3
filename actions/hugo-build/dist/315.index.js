export const id = 315;
export const ids = [315];
export const modules = {

/***/ 3315:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pageNamedIn: () => (/* binding */ pageNamedIn),
/* harmony export */   readPageAddresses: () => (/* binding */ readPageAddresses)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9827);
/* harmony import */ var _content_edit_field_edits_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7693);




/** Paths quoted in a panic message (`"/posts/old/"`, `/docs/a/`): what hugo was working on. */
const QUOTED_PATH = /(?:^|[\s"'(\[=])(\/[\w\-.~%/]*[\w\-~%/])/g;
/**
 * The page a panic message points at by one of its addresses: a `url`, an alias, a path ending in
 * its `slug`, or its file's path without extension. Undefined when none, or more than one, fits.
 */
function pageNamedIn(texts, pages) {
    for (const text of texts) {
        const quoted = [...text.matchAll(QUOTED_PATH)].map((match) => trimSlashes((match[1] ?? '').replace(/\/index\.html?$/, ''))).filter(Boolean);
        if (quoted.length === 0)
            continue;
        const fits = pages.filter((page) => {
            const addresses = addressesOf(page);
            const slug = page.slug === undefined ? undefined : trimSlashes(page.slug);
            return quoted.some((address) => addresses.includes(address) || (slug !== undefined && address.split('/').at(-1) === slug));
        });
        if (fits.length === 1)
            return fits[0];
    }
    return undefined;
}
function addressesOf(page) {
    const withoutExtension = page.contentPath.replace(/\.[^./]+$/, '').replace(/(?:^|\/)(?:_?index)$/, '');
    return [page.url, ...(page.aliases ?? []), withoutExtension, page.contentPath].filter((value) => typeof value === 'string').map(trimSlashes).filter(Boolean);
}
function trimSlashes(value) {
    return value.replace(/^\/+|\/+$/g, '');
}
/** Content files per content folder of a site (content/, content.en/, …): only read when hugo crashed. */
const MAX_PAGES = 20_000;
/** Reads the addresses of the site's pages from their front matter, for pageNamedIn. */
async function readPageAddresses(siteDir, pathsFrom) {
    const folders = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(siteDir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory() && /^content(?:\.[\w-]+)?$/.test(entry.name));
    const pages = [];
    for (const folder of folders) {
        const contentDir = node_path__WEBPACK_IMPORTED_MODULE_1__.join(siteDir, folder.name);
        const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(contentDir, { recursive: true, withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            if (pages.length >= MAX_PAGES)
                return pages;
            if (!entry.isFile() || !/\.(?:md|markdown|html?)$/i.test(entry.name))
                continue;
            const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(entry.parentPath, entry.name);
            const page = { file: toPosix(node_path__WEBPACK_IMPORTED_MODULE_1__.relative(pathsFrom, file)), contentPath: toPosix(node_path__WEBPACK_IMPORTED_MODULE_1__.relative(contentDir, file)) };
            Object.assign(page, addressFields(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file).catch(() => undefined)));
            pages.push(page);
        }
    }
    return pages;
}
function addressFields(bytes) {
    const decoded = bytes ? (0,_content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeContent */ .KU)(bytes) : undefined;
    if (!decoded?.ok)
        return {};
    const content = (0,_content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__/* .splitContent */ .sV)(decoded.text);
    if (!content.format)
        return {};
    const parsed = (0,_content_edit_field_edits_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFront */ .P8)(content.format, content.front, content.eol);
    if (!parsed.ok)
        return {};
    const { url, slug, aliases } = parsed.editor.data;
    return {
        ...(typeof url === 'string' ? { url } : {}),
        ...(typeof slug === 'string' ? { slug } : {}),
        ...(Array.isArray(aliases) ? { aliases: aliases.filter((alias) => typeof alias === 'string') } : {}),
    };
}
function toPosix(relative) {
    return relative.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
}
//# sourceMappingURL=panic-page.js.map

/***/ })

};
