export const id = 124;
export const ids = [124];
export const modules = {

/***/ 6124:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   frontMatterFault: () => (/* binding */ frontMatterFault),
/* harmony export */   locateFrontMatterFaults: () => (/* binding */ locateFrontMatterFaults)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9827);
/* harmony import */ var _content_edit_field_edits_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7693);




/** hugo's words for front matter it could not read (0.111 and current). */
const FRONT_MATTER_FAULT = /failed to unmarshal (?:YAML|TOML|JSON)|unmarshal failed|looking for end \w+ front matter delimiter|pageMetaSource .*: \[\d+:\d+\] /i;
const CONTENT_FILE = /\.(?:md|markdown|mdown|html?|org|adoc|asciidoc|pandoc|rst)$/i;
/**
 * The exact line and column of a front matter fault: hugo 0.111 names the line its YAML library
 * gave up on (`a.md:1:1` for a fault on line 3), so the front matter is parsed here with the
 * parsers the content editor uses, whose positions are the fault's. Undefined when they find none.
 */
function frontMatterFault(text) {
    const file = (0,_content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__/* .splitContent */ .sV)(text);
    if (!file.format)
        return undefined;
    const parsed = (0,_content_edit_field_edits_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFront */ .P8)(file.format, file.front, file.eol);
    if (parsed.ok || parsed.line === undefined)
        return undefined;
    const first = (0,_content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__/* .frontFirstLine */ .sd)(file);
    // A quote left open is reported where the parser ran out of text; the fault is the opening quote.
    if (/Missing closing ["']?quote/i.test(parsed.message)) {
        const open = unclosedQuote(file.front);
        if (open)
            return { line: first + open.line - 1, column: open.column };
    }
    // toml-eslint-parser counts columns from 0, the yaml parser from 1.
    const column = parsed.column === undefined ? undefined : parsed.column + (file.format === 'toml' ? 1 : 0);
    return { line: first + parsed.line - 1, ...(column !== undefined ? { column } : {}) };
}
/** The first line whose value opens a quote it does not close (1-based line and column in `front`). */
function unclosedQuote(front) {
    const lines = front.split(/\r?\n/);
    for (const [index, line] of lines.entries()) {
        const value = /^\s*(?:-\s+)?[^:#]+:\s*(["'])/.exec(line) ?? /^\s*-\s+(["'])/.exec(line);
        const quote = value?.[1];
        if (!quote || !value)
            continue;
        const start = value.index + value[0].length - 1;
        const rest = line.slice(start + 1);
        const closed = quote === '"' ? /(?:^|[^\\])"/.test(rest) || rest.startsWith('"') : rest.replace(/''/g, '').includes("'");
        if (!closed)
            return { line: index + 1, column: start + 1 };
    }
    return undefined;
}
/** Replaces hugo's line and column with the exact ones for each front matter error that names a content file. */
async function locateFrontMatterFaults(messages, pathsFrom) {
    for (const message of messages) {
        if (message.file === undefined || !CONTENT_FILE.test(message.file) || !FRONT_MATTER_FAULT.test(message.message))
            continue;
        const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(pathsFrom, message.file)).catch(() => undefined);
        const decoded = bytes ? (0,_content_edit_content_file_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeContent */ .KU)(bytes) : undefined;
        const fault = decoded?.ok ? frontMatterFault(decoded.text) : undefined;
        if (!fault)
            continue;
        message.line = fault.line;
        if (fault.column !== undefined)
            message.column = fault.column;
        else
            delete message.column;
    }
}
//# sourceMappingURL=front-matter-fault.js.map

/***/ })

};
