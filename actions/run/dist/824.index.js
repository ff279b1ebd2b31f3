export const id = 824;
export const ids = [824];
export const modules = {

/***/ 1824:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  contentEditWorker: () => (/* binding */ contentEditWorker)
});

// EXTERNAL MODULE: ./lib/clock.js
var lib_clock = __webpack_require__(8398);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/errors/categories.js
var categories = __webpack_require__(4324);
// EXTERNAL MODULE: ./lib/errors/classify.js
var classify = __webpack_require__(4238);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./lib/deploy/glob.js
var deploy_glob = __webpack_require__(8798);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/content-edit/apply-edits.js



/*
 * Staging writes file data, several at once (the caller bounds how many): on a busy disk each
 * write waits on I/O. The apply is renames and links, metadata only, done one by one and
 * synchronously so the undo always knows exactly how far it got.
 */
/**
 * Stages a file's new content next to its source (same folder, so the final rename is atomic).
 * Not flushed to disk one by one: five thousand fsyncs would take most of the run, and what the
 * apply promises is that readers see all old files or all new ones, which the renames give.
 */
function stageEdit(source, target, content, readState) {
    const staged = external_node_path_.join(external_node_path_.dirname(source), `.${external_node_path_.basename(source)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.handoff-edit`);
    (0,external_node_fs_.writeFileSync)(staged, content, { encoding: 'utf8', flag: 'wx' });
    return { source, target, staged, readState };
}
function discardStaged(edits) {
    for (const edit of edits)
        (0,external_node_fs_.rmSync)(edit.staged, { force: true });
}
class ApplyError extends Error {
}
/**
 * Puts every staged file in place, or none: each original is first kept under a hard link, then
 * the staged file is renamed over it; if any step fails (a file changed since it was read, a move
 * target that appeared, a full disk), what was renamed is put back from the links and new files
 * are removed. The links are removed once all are in place.
 */
async function applyStaged(edits) {
    applyStagedNow(edits);
}
function applyStagedNow(edits) {
    const done = [];
    try {
        for (const edit of edits) {
            const now = (0,external_node_fs_.statSync)(edit.source);
            if (now.size !== edit.readState.size || now.mtimeMs !== edit.readState.mtimeMs) {
                throw new ApplyError(`${edit.source} changed while the edit was being planned; nothing was written`);
            }
            const backup = `${edit.staged}.original`;
            (0,external_node_fs_.linkSync)(edit.source, backup);
            const createdDirs = [];
            const entry = { edit, backup, createdDirs, targetCreated: false };
            done.push(entry);
            if (edit.target !== edit.source) {
                createdDirs.push(...makeDirs(external_node_path_.dirname(edit.target)));
                // A link, not a rename: it fails when the target exists, so a page that appeared meanwhile is never replaced.
                try {
                    (0,external_node_fs_.linkSync)(edit.staged, edit.target);
                }
                catch (error) {
                    throw error.code === 'EEXIST' ? new ApplyError(`${edit.target} appeared while the edit was being planned; nothing was written`) : error;
                }
                entry.targetCreated = true;
                (0,external_node_fs_.rmSync)(edit.staged);
                (0,external_node_fs_.rmSync)(edit.source);
            }
            else {
                (0,external_node_fs_.renameSync)(edit.staged, edit.target);
            }
        }
    }
    catch (error) {
        for (const { edit, backup, createdDirs, targetCreated } of done.reverse()) {
            if (targetCreated)
                attempt(() => (0,external_node_fs_.rmSync)(edit.target, { force: true }));
            attempt(() => (0,external_node_fs_.renameSync)(backup, edit.source));
            for (const dir of createdDirs.reverse())
                attempt(() => (0,external_node_fs_.rmdirSync)(dir));
        }
        discardStaged(edits);
        throw error;
    }
    for (const { backup } of done)
        (0,external_node_fs_.rmSync)(backup, { force: true });
}
/** A step of the undo: one that fails must not stop the others. */
function attempt(step) {
    try {
        step();
    }
    catch {
        // the undo goes on with the next file
    }
}
/** Creates a folder and its missing parents, returning the ones it created (outermost first). */
function makeDirs(dir) {
    const missing = [];
    for (let current = dir; external_node_path_.dirname(current) !== current && (0,external_node_fs_.statSync)(current, { throwIfNoEntry: false }) === undefined; current = external_node_path_.dirname(current)) {
        missing.unshift(current);
    }
    if (missing.length)
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    return missing;
}
//# sourceMappingURL=apply-edits.js.map
;// CONCATENATED MODULE: ./lib/content-edit/content-file.js
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Refuses what is not text: a NUL byte means binary; bytes that are not UTF-8 cannot be edited safely. */
function decodeContent(bytes) {
    if (bytes.includes(0))
        return { ok: false, reason: 'a binary file (it holds NUL bytes)' };
    try {
        return { ok: true, text: utf8.decode(bytes) };
    }
    catch {
        return { ok: false, reason: 'a file that is not valid UTF-8 text' };
    }
}
function splitContent(text) {
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    const rest = text.slice(bom.length);
    // The first line's ending: where the front matter is, which is where lines are added.
    const eol = /^[^\n]*\r\n/.test(rest) ? '\r\n' : '\n';
    for (const [fence, format] of [['---', 'yaml'], ['+++', 'toml']]) {
        const opening = new RegExp(`^${content_file_escape(fence)}[ \\t]*(\\r?\\n)`).exec(rest);
        if (!opening)
            continue;
        const closing = new RegExp(`(^|\\n)${content_file_escape(fence)}[ \\t]*(\\r?\\n|$)`, 'g');
        closing.lastIndex = opening[0].length - 1;
        const found = closing.exec(rest);
        if (!found)
            break;
        const frontEnd = found.index + (found[1] ?? '').length;
        return {
            bom,
            format,
            open: opening[0],
            front: rest.slice(opening[0].length, frontEnd),
            close: rest.slice(frontEnd, found.index + found[0].length),
            body: rest.slice(found.index + found[0].length),
            eol,
        };
    }
    if (rest.startsWith('{')) {
        const end = jsonObjectEnd(rest);
        if (end !== undefined) {
            const lineEnd = /^[ \t]*\r?\n/.exec(rest.slice(end));
            const close = lineEnd ? lineEnd[0] : '';
            return { bom, format: 'json', open: '', front: rest.slice(0, end), close, body: rest.slice(end + close.length), eol };
        }
    }
    return { bom, format: undefined, open: '', front: '', close: '', body: rest, eol };
}
function joinContent(file) {
    return file.bom + file.open + file.front + file.close + file.body;
}
/** The 1-based line on which the front matter text starts (after BOM and opening fence). */
function frontFirstLine(file) {
    return file.open ? 2 : 1;
}
/** The end of a JSON object at the start of `text` (Hugo's JSON front matter), by brace depth outside strings. */
function jsonObjectEnd(text) {
    let depth = 0;
    let inString = false;
    for (let index = 0; index < text.length; index++) {
        const ch = text[index];
        if (inString) {
            if (ch === '\\')
                index++;
            else if (ch === '"')
                inString = false;
        }
        else if (ch === '"')
            inString = true;
        else if (ch === '{')
            depth++;
        else if (ch === '}' && --depth === 0)
            return index + 1;
    }
    return undefined;
}
function content_file_escape(text) {
    return text.replace(/[+]/g, '\\+');
}
//# sourceMappingURL=content-file.js.map
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./lib/content-edit/front-matter-editor.js
/** Splices `replacement` over [start, end) of `text`. */
function splice(text, start, end, replacement) {
    return text.slice(0, start) + replacement + text.slice(end);
}
function lineStartOf(text, position) {
    return text.lastIndexOf('\n', position - 1) + 1;
}
/** The position just after the line break that ends the line holding `position - 1` (a range end). */
function lineEndAfter(text, end) {
    if (end > 0 && text[end - 1] === '\n')
        return end;
    const newline = text.indexOf('\n', end);
    return newline === -1 ? text.length : newline + 1;
}
function isPlainMap(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
function unsupported(message) {
    return { ok: false, message };
}
//# sourceMappingURL=front-matter-editor.js.map
// EXTERNAL MODULE: ../../main/node_modules/jsonc-parser/lib/umd/main.js
var main = __webpack_require__(2465);
;// CONCATENATED MODULE: ./lib/content-edit/json-front-matter.js


/**
 * JSON front matter, edited with jsonc-parser (the editor library behind VS Code's settings
 * files): it computes the smallest text edit for a change and keeps the rest of the text as is.
 */
function parseJsonFrontMatter(text, eol) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (thrown) {
        const errors = [];
        (0,main.parseTree)(text, errors);
        const offset = errors[0]?.offset;
        const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
        return { ok: false, message: thrown instanceof Error ? thrown.message : 'invalid JSON', ...(line ? { line } : {}) };
    }
    if (!isPlainMap(data))
        return { ok: false, message: 'front matter that is a JSON object' };
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const formatting = { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol };
    return { ok: true, editor: new JsonEditor(text, data, formatting) };
}
class JsonEditor {
    text;
    data;
    formatting;
    constructor(text, data, formatting) {
        this.text = text;
        this.data = data;
        this.formatting = formatting;
    }
    replaceValue(path, value) {
        return this.modify([...path], value);
    }
    insertField(path, value) {
        return this.modify([...path], value);
    }
    removeField(path) {
        return this.modify([...path], undefined);
    }
    renameField(path, to) {
        const property = (0,main.findNodeAtLocation)((0,main.parseTree)(this.text), [...path])?.parent;
        const key = property?.children?.[0];
        if (!key)
            return unsupported(`a field ${path.join('.')}`);
        return { ok: true, text: splice(this.text, key.offset, key.offset + key.length, JSON.stringify(to)) };
    }
    /** Spliced after the last item, as written, so a one-line list stays on one line. */
    appendItem(path, value) {
        const array = (0,main.findNodeAtLocation)((0,main.parseTree)(this.text), [...path]);
        if (array?.type !== 'array')
            return unsupported(`a list at ${path.join('.')}`);
        const last = array.children?.[array.children.length - 1];
        if (last)
            return { ok: true, text: splice(this.text, last.offset + last.length, last.offset + last.length, `, ${JSON.stringify(value)}`) };
        const close = array.offset + array.length - 1;
        return { ok: true, text: splice(this.text, close, close, JSON.stringify(value)) };
    }
    removeItem(path, index) {
        const array = (0,main.findNodeAtLocation)((0,main.parseTree)(this.text), [...path]);
        const items = array?.type === 'array' ? (array.children ?? []) : [];
        const item = items[index];
        if (!item)
            return unsupported(`an item ${index} in ${path.join('.')}`);
        const next = items[index + 1];
        const previous = items[index - 1];
        if (next)
            return { ok: true, text: splice(this.text, item.offset, next.offset, '') };
        return { ok: true, text: splice(this.text, previous ? previous.offset + previous.length : item.offset, item.offset + item.length, '') };
    }
    modify(path, value) {
        try {
            const edits = (0,main.modify)(this.text, path, value, { formattingOptions: this.formatting });
            return { ok: true, text: (0,main.applyEdits)(this.text, edits) };
        }
        catch (thrown) {
            return unsupported(thrown instanceof Error ? thrown.message : String(thrown));
        }
    }
}
//# sourceMappingURL=json-front-matter.js.map
// EXTERNAL MODULE: ../../main/node_modules/toml-eslint-parser/lib/index.mjs + 3 modules
var lib = __webpack_require__(9427);
;// CONCATENATED MODULE: ./lib/content-edit/toml-front-matter.js


/**
 * TOML (`+++`) front matter, edited by splicing the source ranges toml-eslint-parser reports (a
 * maintained parser that keeps every node's range, made for linting TOML). Fields are found
 * through top-level keys, `[table]` sections, dotted keys and inline tables; new fields are
 * added as dotted keys in the deepest section that exists, which is valid TOML wherever it lands.
 */
function parseTomlFrontMatter(text, eol) {
    let program;
    try {
        program = (0,lib/* parseTOML */.MD)(text);
    }
    catch (thrown) {
        if (thrown instanceof lib/* ParseError */.mB)
            return { ok: false, message: thrown.message, line: thrown.lineNumber, column: thrown.column };
        return { ok: false, message: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    const data = (0,lib/* getStaticTOMLValue */.AY)(program);
    if (!isPlainMap(data))
        return { ok: false, message: 'front matter that is a table of fields' };
    return { ok: true, editor: new TomlEditor(text, program.body[0], data, eol) };
}
class TomlEditor {
    text;
    top;
    data;
    eol;
    constructor(text, top, data, eol) {
        this.text = text;
        this.top = top;
        this.data = data;
        this.eol = eol;
    }
    replaceValue(path, value) {
        const found = this.find(path);
        if (found?.kind !== 'value')
            return unsupported(`${path.join('.')} as a key = value line (a [table] is replaced by editing its fields)`);
        const written = tomlValue(value);
        if (!written.ok)
            return written;
        const [start, end] = found.keyValue.value.range;
        return { ok: true, text: splice(this.text, start, end, written.text) };
    }
    insertField(path, value) {
        const written = tomlValue(value);
        if (!written.ok)
            return written;
        const sections = this.top.body.filter((node) => node.type === 'TOMLTable' && node.kind === 'standard');
        let section;
        for (const table of sections) {
            const key = table.resolvedKey.map(String);
            if (key.length < path.length && key.every((part, index) => part === path[index]) && (!section || key.length > section.resolvedKey.length))
                section = table;
        }
        const rest = path.slice(section ? section.resolvedKey.length : 0);
        const line = `${rest.map(tomlKey).join('.')} = ${written.text}`;
        const entries = section ? section.body : this.top.body.filter((node) => node.type === 'TOMLKeyValue');
        const last = entries[entries.length - 1];
        let at;
        if (last)
            at = lineEndAfter(this.text, last.range[1]);
        else if (section)
            at = lineEndAfter(this.text, section.key.range[1]);
        else
            at = 0;
        const before = at > 0 && this.text[at - 1] !== '\n' ? this.eol : '';
        return { ok: true, text: splice(this.text, at, at, before + line + this.eol) };
    }
    removeField(path) {
        const found = this.find(path);
        if (!found)
            return unsupported(`a field ${path.join('.')}`);
        if (found.kind === 'value' && found.inline)
            return unsupported(`${path.join('.')} outside an inline table { } (an inline table is rewritten only as a whole)`);
        const node = found.kind === 'value' ? found.keyValue : found.table;
        return { ok: true, text: splice(this.text, lineStartOf(this.text, node.range[0]), lineEndAfter(this.text, node.range[1]), '') };
    }
    renameField(path, to) {
        const found = this.find(path);
        if (found?.kind !== 'value')
            return unsupported(`${path.join('.')} as a key = value line`);
        const keys = found.keyValue.key.keys;
        const last = keys[keys.length - 1];
        if (!last)
            return unsupported(`a key at ${path.join('.')}`);
        return { ok: true, text: splice(this.text, last.range[0], last.range[1], tomlKey(to)) };
    }
    appendItem(path, value) {
        const found = this.find(path);
        const array = found?.kind === 'value' ? found.keyValue.value : undefined;
        if (array?.type !== 'TOMLArray')
            return unsupported(`a list at ${path.join('.')}`);
        const written = tomlValue(value);
        if (!written.ok)
            return written;
        const last = array.elements[array.elements.length - 1];
        if (last)
            return { ok: true, text: splice(this.text, last.range[1], last.range[1], `, ${written.text}`) };
        const close = array.range[1] - 1;
        return { ok: true, text: splice(this.text, close, close, written.text) };
    }
    removeItem(path, index) {
        const found = this.find(path);
        const array = found?.kind === 'value' ? found.keyValue.value : undefined;
        if (array?.type !== 'TOMLArray')
            return unsupported(`a list at ${path.join('.')}`);
        const item = array.elements[index];
        if (!item)
            return unsupported(`an item ${index} in ${path.join('.')}`);
        const next = array.elements[index + 1];
        const previous = array.elements[index - 1];
        if (next)
            return { ok: true, text: splice(this.text, item.range[0], next.range[0], '') };
        return { ok: true, text: splice(this.text, previous ? previous.range[1] : item.range[0], item.range[1], '') };
    }
    find(path) {
        for (const node of this.top.body) {
            if (node.type === 'TOMLKeyValue') {
                const hit = findIn(node, [], path, false);
                if (hit)
                    return hit;
                continue;
            }
            if (node.kind !== 'standard')
                continue;
            const tableKey = node.resolvedKey.map(String);
            if (samePath(tableKey, path))
                return { kind: 'table', table: node };
            if (!isPrefix(tableKey, path))
                continue;
            for (const keyValue of node.body) {
                const hit = findIn(keyValue, tableKey, path, false);
                if (hit)
                    return hit;
            }
        }
        return undefined;
    }
}
function findIn(keyValue, prefix, path, inline) {
    const full = [...prefix, ...keyValue.key.keys.map(keyName)];
    if (samePath(full, path))
        return { kind: 'value', keyValue, inline };
    if (keyValue.value.type === 'TOMLInlineTable' && isPrefix(full, path)) {
        for (const inner of keyValue.value.body) {
            const hit = findIn(inner, full, path, true);
            if (hit)
                return hit;
        }
    }
    return undefined;
}
function keyName(key) {
    return key.type === 'TOMLBare' ? key.name : key.value;
}
function samePath(a, b) {
    return a.length === b.length && a.every((part, index) => part === b[index]);
}
function isPrefix(prefix, path) {
    return prefix.length < path.length && prefix.every((part, index) => part === path[index]);
}
function tomlKey(key) {
    return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
/** A value in TOML's inline syntax. JSON's string escapes are all valid in TOML basic strings. */
function tomlValue(value) {
    if (typeof value === 'string')
        return { ok: true, text: JSON.stringify(value) };
    if (typeof value === 'boolean')
        return { ok: true, text: String(value) };
    if (typeof value === 'number') {
        if (!Number.isFinite(value))
            return unsupported('a finite number');
        return { ok: true, text: Number.isInteger(value) ? String(value) : String(value).replace(/^(-?\d+)$/, '$1.0') };
    }
    if (value === null || value === undefined)
        return unsupported('a value TOML can hold (TOML has no null)');
    if (Array.isArray(value)) {
        const items = value.map(tomlValue);
        const bad = items.find((item) => !item.ok);
        if (bad)
            return bad;
        return { ok: true, text: `[${items.map((item) => (item.ok ? item.text : '')).join(', ')}]` };
    }
    if (isPlainMap(value)) {
        const entries = Object.entries(value).map(([key, inner]) => [key, tomlValue(inner)]);
        const bad = entries.find(([, inner]) => !inner.ok);
        if (bad)
            return bad[1];
        return { ok: true, text: entries.length ? `{ ${entries.map(([key, inner]) => `${tomlKey(key)} = ${inner.ok ? inner.text : ''}`).join(', ')} }` : '{}' };
    }
    return unsupported('a string, number, boolean, list or map');
}
//# sourceMappingURL=toml-front-matter.js.map
// EXTERNAL MODULE: ../../main/node_modules/yaml/dist/index.js
var dist = __webpack_require__(3645);
;// CONCATENATED MODULE: ./lib/content-edit/yaml-front-matter.js


/** Front matter has no need for many aliases; a small limit stops an alias bomb. */
const MAX_ALIAS_COUNT = 100;
/**
 * YAML front matter edited by splicing the source ranges the `yaml` parser reports: only the
 * bytes of the field that changes are rewritten, so comments, key order, quoting and line endings
 * elsewhere stay as they were. Inserted lines take the file's line ending and the map's indent.
 */
function parseYamlFrontMatter(text, eol) {
    const doc = (0,dist/* parseDocument */.Tp)(text, { uniqueKeys: true, prettyErrors: true });
    const error = doc.errors[0];
    if (error) {
        const position = error.linePos?.[0];
        const message = (error.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '');
        return { ok: false, message, ...(position ? { line: position.line, column: position.col } : {}) };
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
    }
    catch (thrown) {
        return { ok: false, message: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    if (!isPlainMap(data))
        return { ok: false, message: 'front matter that is a mapping of fields' };
    return { ok: true, editor: new YamlEditor(text, doc, data, eol) };
}
class YamlEditor {
    text;
    doc;
    data;
    eol;
    constructor(text, doc, data, eol) {
        this.text = text;
        this.doc = doc;
        this.data = data;
        this.eol = eol;
    }
    replaceValue(path, value) {
        const pair = this.pairAt(path);
        if (!pair)
            return unsupported(`no field ${path.join('.')}`);
        const node = pair.value;
        const key = pair.key;
        const keyEnd = key.range?.[1] ?? 0;
        if (!node || !node.range)
            return { ok: true, text: splice(this.text, keyEnd, keyEnd + 1, `: ${this.inline(value, undefined)}`) };
        const [start, end] = node.range;
        if ((0,dist/* isScalar */.jn)(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
            return { ok: true, text: splice(this.text, keyEnd, trimEol(this.text, end), `: ${this.inline(value, undefined)}`) };
        }
        if ((0,dist/* isScalar */.jn)(node) || (isCollection(node) && node.flow)) {
            const replacement = start === end ? ` ${this.inline(value, undefined)}` : this.inline(value, (0,dist/* isScalar */.jn)(node) ? node.type : undefined);
            return { ok: true, text: splice(this.text, start, end, replacement) };
        }
        // A block collection replaced: from the colon to the end of its last line.
        return { ok: true, text: splice(this.text, keyEnd, trimEol(this.text, end), `: ${this.inline(value, undefined)}`) };
    }
    insertField(path, value) {
        let depth = path.length - 1;
        while (depth > 0 && !this.mapAt(path.slice(0, depth)))
            depth--;
        const map = depth === 0 ? this.rootMap() : this.mapAt(path.slice(0, depth));
        if (map === undefined && depth > 0)
            return unsupported(`no mapping at ${path.slice(0, depth).join('.')}`);
        let nested = value;
        for (let index = path.length - 1; index > depth; index--)
            nested = { [path[index]]: nested };
        const key = path[depth];
        if (map && map.flow)
            return unsupported(`${path.slice(0, depth).join('.') || 'the front matter'} as a block mapping (a flow mapping { } is not extended)`);
        const block = new dist/* Document */.yo({ [key]: nested }).toString({ lineWidth: 0, indent: 2 }).replace(/\n$/, '');
        if (!map || map.items.length === 0) {
            if (depth > 0)
                return unsupported(`a non-empty mapping at ${path.slice(0, depth).join('.')}`);
            const at = this.text.length;
            const before = at > 0 && !this.text.endsWith('\n') ? this.eol : '';
            return { ok: true, text: splice(this.text, at, at, before + block.split('\n').join(this.eol) + this.eol) };
        }
        const first = map.items[0]?.key;
        const firstStart = first.range?.[0] ?? 0;
        const indent = ' '.repeat(firstStart - lineStartOf(this.text, firstStart));
        const last = map.items[map.items.length - 1];
        const lastEnd = endOfPair(last);
        const at = lineEndAfter(this.text, lastEnd);
        const before = this.text[at - 1] === '\n' ? '' : this.eol;
        const lines = block.split('\n').map((line) => indent + line);
        return { ok: true, text: splice(this.text, at, at, before + lines.join(this.eol) + this.eol) };
    }
    removeField(path) {
        const pair = this.pairAt(path);
        if (!pair)
            return unsupported(`no field ${path.join('.')}`);
        const parent = path.length === 1 ? this.rootMap() : this.mapAt(path.slice(0, -1));
        if (!parent)
            return unsupported(`no mapping at ${path.slice(0, -1).join('.')}`);
        if (parent.flow)
            return unsupported(`${path.slice(0, -1).join('.')} as a block mapping (a flow mapping { } is rewritten only as a whole)`);
        if (parent.items.length === 1 && path.length > 1)
            return this.replaceValue(path.slice(0, -1), {});
        const keyStart = pair.key.range?.[0] ?? 0;
        const start = lineStartOf(this.text, keyStart);
        const end = lineEndAfter(this.text, endOfPair(pair));
        return { ok: true, text: splice(this.text, start, end, '') };
    }
    renameField(path, to) {
        const pair = this.pairAt(path);
        if (!pair)
            return unsupported(`no field ${path.join('.')}`);
        const key = pair.key;
        const [start, end] = key.range ?? [0, 0];
        return { ok: true, text: splice(this.text, start, end, this.inline(to, (0,dist/* isScalar */.jn)(key) ? key.type : undefined)) };
    }
    appendItem(path, value) {
        const seq = this.pairAt(path)?.value;
        if (!(0,dist/* isSeq */.oP)(seq) || !seq.range)
            return unsupported(`a list at ${path.join('.')}`);
        const items = seq.items;
        const last = items[items.length - 1];
        if (seq.flow) {
            if (!last?.range) {
                const close = this.text.lastIndexOf(']', seq.range[1]);
                return { ok: true, text: splice(this.text, close, close, this.inline(value, undefined)) };
            }
            return { ok: true, text: splice(this.text, last.range[1], last.range[1], `, ${this.inline(value, styleOf(last))}`) };
        }
        if (!last?.range)
            return this.replaceValue(path, [value]);
        const lineStart = lineStartOf(this.text, last.range[0]);
        const prefix = this.text.slice(lineStart, last.range[0]);
        if (!/^\s*-\s+$/.test(prefix))
            return unsupported(`a list at ${path.join('.')} whose items are each on a line of their own`);
        const at = lineEndAfter(this.text, last.range[2]);
        const before = this.text[at - 1] === '\n' ? '' : this.eol;
        return { ok: true, text: splice(this.text, at, at, `${before}${prefix}${this.inline(value, styleOf(last))}${this.eol}`) };
    }
    removeItem(path, index) {
        const seq = this.pairAt(path)?.value;
        if (!(0,dist/* isSeq */.oP)(seq) || !seq.range)
            return unsupported(`a list at ${path.join('.')}`);
        const items = seq.items;
        const item = items[index];
        if (!item?.range)
            return unsupported(`an item ${index} in ${path.join('.')}`);
        if (items.length === 1)
            return this.replaceValue(path, []);
        if (seq.flow) {
            const next = items[index + 1];
            const previous = items[index - 1];
            if (next?.range)
                return { ok: true, text: splice(this.text, item.range[0], next.range[0], '') };
            return { ok: true, text: splice(this.text, previous?.range?.[1] ?? item.range[0], item.range[1], '') };
        }
        const start = lineStartOf(this.text, item.range[0]);
        return { ok: true, text: splice(this.text, start, lineEndAfter(this.text, item.range[2]), '') };
    }
    rootMap() {
        return (0,dist/* isMap */.jh)(this.doc.contents) ? this.doc.contents : undefined;
    }
    pairAt(path) {
        let map = this.rootMap();
        let pair;
        for (const [index, key] of path.entries()) {
            if (!map)
                return undefined;
            pair = map.items.find((item) => (0,dist/* isScalar */.jn)(item.key) && String(item.key.value) === key);
            if (!pair)
                return undefined;
            if (index < path.length - 1)
                map = (0,dist/* isMap */.jh)(pair.value) ? pair.value : undefined;
        }
        return pair;
    }
    mapAt(path) {
        const value = this.pairAt(path)?.value;
        return (0,dist/* isMap */.jh)(value) ? value : undefined;
    }
    /** A value written on one line, in the quoting style of the scalar it replaces where given. */
    inline(value, style) {
        const defaultStringType = style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' ? style : 'PLAIN';
        return new dist/* Document */.yo(value).toString({ lineWidth: 0, collectionStyle: 'flow', defaultStringType, defaultKeyType: 'PLAIN' }).replace(/\n$/, '');
    }
}
function isCollection(node) {
    return (0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node);
}
function styleOf(node) {
    return (0,dist/* isScalar */.jn)(node) ? node.type : undefined;
}
function endOfPair(pair) {
    const value = pair.value;
    return value?.range?.[2] ?? pair.key.range?.[2] ?? 0;
}
function trimEol(text, end) {
    let at = end;
    while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === '\r'))
        at--;
    return at;
}
//# sourceMappingURL=yaml-front-matter.js.map
;// CONCATENATED MODULE: ./lib/content-edit/field-edits.js





function parseFront(format, text, eol) {
    switch (format) {
        case 'yaml':
            return parseYamlFrontMatter(text, eol);
        case 'toml':
            return parseTomlFrontMatter(text, eol);
        case 'json':
            return parseJsonFrontMatter(text, eol);
    }
}
/** The value at a field path, or why the path cannot be followed (through a value that is not a map). */
function readField(data, path) {
    let current = data;
    for (const [index, key] of path.entries()) {
        if (current === undefined)
            return { ok: true, value: undefined, parentExists: false };
        if (!isPlainMap(current)) {
            const through = path.slice(0, index).join('.');
            return { ok: false, field: through, message: `expected ${through} to be a map (the path ${path.join('.')} goes through it); found ${describe(current)}` };
        }
        current = Object.hasOwn(current, key) ? current[key] : undefined;
    }
    return { ok: true, value: current, parentExists: true };
}
/**
 * Applies one field operation to one front matter: decides what it means (a no-op, an error, an
 * edit), asks the language's editor for the splice, then parses the result and checks it holds
 * exactly the data the operation should give. A splice that would say anything else is refused,
 * so a corner the editor does not handle is an error, never a wrong file.
 */
function applyFieldOperation(format, editor, operation, eol) {
    const path = operation.field.split('.');
    const field = operation.field;
    const read = readField(editor.data, path);
    if (!read.ok)
        return { kind: 'error', field: read.field, message: read.message };
    const expected = structuredClone(editor.data);
    const parentOf = (data) => {
        let map = data;
        for (const key of path.slice(0, -1)) {
            if (!isPlainMap(map[key]))
                map[key] = {};
            map = map[key];
        }
        return map;
    };
    const last = path[path.length - 1];
    let edited;
    switch (operation.op) {
        case 'set': {
            if (read.value !== undefined && (0,external_node_util_.isDeepStrictEqual)(read.value, operation.value))
                return { kind: 'unchanged' };
            parentOf(expected)[last] = operation.value;
            edited = hasKey(editor.data, path) ? editor.replaceValue(path, operation.value) : editor.insertField(path, operation.value);
            break;
        }
        case 'remove': {
            if (read.value === undefined && !(read.parentExists && hasKey(editor.data, path)))
                return { kind: 'unchanged' };
            delete parentOf(expected)[last];
            edited = editor.removeField(path);
            break;
        }
        case 'rename': {
            if (!hasKey(editor.data, path))
                return { kind: 'unchanged' };
            const parent = parentOf(expected);
            if (Object.hasOwn(parent, operation.to))
                return { kind: 'error', field, message: `expected no field ${[...path.slice(0, -1), operation.to].join('.')} (the new name); found one already` };
            const renamed = {};
            for (const [key, value] of Object.entries(parent))
                renamed[key === last ? operation.to : key] = value;
            for (const key of Object.keys(parent))
                delete parent[key];
            Object.assign(parent, renamed);
            edited = editor.renameField(path, operation.to);
            break;
        }
        case 'add_to_list': {
            if (read.value !== undefined && read.value !== null && !Array.isArray(read.value))
                return { kind: 'error', field, message: `expected ${field} to be a list; found ${describe(read.value)}` };
            const list = Array.isArray(read.value) ? read.value : undefined;
            if (list?.some((item) => (0,external_node_util_.isDeepStrictEqual)(item, operation.value)))
                return { kind: 'unchanged' };
            parentOf(expected)[last] = [...(list ?? []), operation.value];
            edited = list ? editor.appendItem(path, operation.value) : read.value === null ? editor.replaceValue(path, [operation.value]) : editor.insertField(path, [operation.value]);
            break;
        }
        case 'remove_from_list': {
            if (read.value === undefined || read.value === null)
                return { kind: 'unchanged' };
            if (!Array.isArray(read.value))
                return { kind: 'error', field, message: `expected ${field} to be a list; found ${describe(read.value)}` };
            const index = read.value.findLastIndex((item) => (0,external_node_util_.isDeepStrictEqual)(item, operation.value));
            if (index === -1)
                return { kind: 'unchanged' };
            parentOf(expected)[last] = read.value.filter((item) => !(0,external_node_util_.isDeepStrictEqual)(item, operation.value));
            // One item at a time, re-parsed between, so each splice works on true ranges.
            let current = editor;
            let text = '';
            for (let at = index; at >= 0; at = readField(current.data, path).value.findLastIndex((item) => (0,external_node_util_.isDeepStrictEqual)(item, operation.value))) {
                const step = current.removeItem(path, at);
                if (!step.ok)
                    return { kind: 'error', field, message: `cannot remove from ${field}: expected ${step.message}` };
                text = step.text;
                const reparsed = parseFront(format, text, eol);
                if (!reparsed.ok)
                    return { kind: 'error', field, message: `removing from ${field} would leave front matter that does not parse (${reparsed.message})` };
                current = reparsed.editor;
            }
            edited = { ok: true, text };
            break;
        }
    }
    if (!edited.ok)
        return { kind: 'error', field, message: `cannot ${operation.op} ${field}: expected ${edited.message}` };
    const reparsed = parseFront(format, edited.text, eol);
    if (!reparsed.ok)
        return { kind: 'error', field, message: `the edit of ${field} would leave front matter that does not parse (${reparsed.message}); nothing was written` };
    if (!sameData(reparsed.editor.data, expected)) {
        return { kind: 'error', field, message: `the edit of ${field} could not be made without changing other fields (an unusual layout here); nothing was written` };
    }
    return { kind: 'changed', text: edited.text, data: reparsed.editor.data, editor: reparsed.editor };
}
function hasKey(data, path) {
    const parent = readField(data, path.slice(0, -1));
    return parent.ok && isPlainMap(parent.value) && Object.hasOwn(parent.value, path[path.length - 1]);
}
/** Data equal as the site sees it; TOML dates compare by their instant. */
function sameData(a, b) {
    return (0,external_node_util_.isDeepStrictEqual)(normalise(a), normalise(b));
}
function normalise(value) {
    if (value instanceof Date)
        return `date:${value.getTime()}`;
    if (Array.isArray(value))
        return value.map(normalise);
    if (isPlainMap(value))
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
    return value;
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (value instanceof Date)
        return 'a date';
    return `a ${typeof value} (${JSON.stringify(value)?.slice(0, 40)})`;
}
//# sourceMappingURL=field-edits.js.map
;// CONCATENATED MODULE: ./lib/content-edit/page-moves.js

/**
 * The URL Hugo gives a page at a content path under its default permalinks: `posts/a.md` ->
 * `/posts/a/`. A page whose front matter sets `url` keeps it wherever it moves, so it needs no
 * alias; a `slug` replaces the file name.
 */
function pageUrl(contentPath, frontMatter) {
    if (typeof frontMatter.url === 'string')
        return undefined;
    const dir = external_node_path_.posix.dirname(contentPath);
    const name = typeof frontMatter.slug === 'string' && frontMatter.slug !== '' ? frontMatter.slug : external_node_path_.posix.basename(contentPath, '.md');
    return `/${dir === '.' ? '' : `${dir}/`}${name}/`.toLowerCase();
}
const REF_SHORTCODE = /(\{\{[<%]\s*(?:rel)?ref\s+)(["`])([^"`\n]*)\2(\s*[>%]\}\})/g;
/**
 * Rewrites `ref` and `relref` shortcodes (`{{< ref "x" >}}`, `{{% relref "x" %}}`) in a page's
 * body that point at a moved page, and, when the page itself moved, its relative refs to pages
 * that stay. A ref is resolved as Hugo does: relative to the page's folder, then from the content
 * root (a leading `/`), with or without `.md`, then by file name when only one page has it. The
 * rewritten ref keeps its form: absolute or relative, with or without `.md`, and its `#anchor`.
 */
function rewriteRefs(body, page, moves, exists, uniqueByName) {
    let count = 0;
    const oldDir = external_node_path_.posix.dirname(page.from);
    const newDir = external_node_path_.posix.dirname(page.to);
    const text = body.replace(REF_SHORTCODE, (whole, head, quote, ref, tail) => {
        const [target = '', anchor] = splitAnchor(ref);
        if (target === '' || /^[a-z]+:/i.test(target))
            return whole;
        const resolved = resolveRef(target, oldDir, exists, uniqueByName);
        if (!resolved)
            return whole;
        const destination = moves.get(resolved.path) ?? resolved.path;
        if (destination === resolved.path && oldDir === newDir)
            return whole;
        if (destination === resolved.path && resolved.how !== 'relative')
            return whole;
        const withMd = target.endsWith('.md');
        const strip = (value) => (withMd ? value : value.replace(/\.md$/, ''));
        let written;
        if (resolved.how === 'absolute')
            written = `/${strip(destination)}`;
        else if (resolved.how === 'root')
            written = strip(destination);
        else if (resolved.how === 'name' && external_node_path_.posix.basename(destination) === external_node_path_.posix.basename(resolved.path))
            return whole;
        else if (resolved.how === 'name')
            written = `/${strip(destination)}`;
        else {
            // A ref that would have to climb out of the page's folder is written from the content root instead.
            const relative = external_node_path_.posix.relative(newDir, destination);
            written = relative.startsWith('../') ? `/${strip(destination)}` : strip(target.startsWith('./') ? `./${relative}` : relative);
        }
        if (written === target)
            return whole;
        count++;
        return `${head}${quote}${written}${anchor === undefined ? '' : `#${anchor}`}${quote}${tail}`;
    });
    return { text, count };
}
function splitAnchor(ref) {
    const hash = ref.indexOf('#');
    return hash === -1 ? [ref, undefined] : [ref.slice(0, hash), ref.slice(hash + 1)];
}
function resolveRef(target, dir, exists, uniqueByName) {
    const candidates = (base) => (base.endsWith('.md') ? [base] : [`${base}.md`, `${base}/index.md`, `${base}/_index.md`]);
    if (target.startsWith('/')) {
        const found = candidates(external_node_path_.posix.normalize(target.slice(1))).find(exists);
        return found ? { path: found, how: 'absolute' } : undefined;
    }
    const relative = candidates(external_node_path_.posix.normalize(external_node_path_.posix.join(dir, target))).find((candidate) => !candidate.startsWith('..') && exists(candidate));
    if (relative)
        return { path: relative, how: 'relative' };
    const fromRoot = candidates(external_node_path_.posix.normalize(target)).find((candidate) => !candidate.startsWith('..') && exists(candidate));
    if (fromRoot)
        return { path: fromRoot, how: 'root' };
    if (!target.includes('/')) {
        const byName = uniqueByName(target.endsWith('.md') ? target : `${target}.md`);
        if (byName)
            return { path: byName, how: 'name' };
    }
    return undefined;
}
//# sourceMappingURL=page-moves.js.map
;// CONCATENATED MODULE: ./lib/content-edit/plan-file.js



function formatEditError(error) {
    const where = error.line ? `${error.file}:${error.line}` : error.file;
    const what = error.operation !== undefined ? ` operations[${error.operation}]${error.field ? ` (${error.field})` : ''}:` : error.field ? ` ${error.field}:` : '';
    return `${where}:${what} ${error.message}`;
}
/**
 * Plans every operation on one file: pure, apart from the time-bounded regex runner. Returns the
 * new text, never writes. Field operations apply to the front matter, replacements to the body,
 * then a moved page gets its old URL in `aliases` and refs to moved pages are rewritten.
 */
async function planFile(file, context) {
    const plan = { text: undefined, original: undefined, movedTo: context.moves.get(file.contentPath), replacements: new Map(), refsRewritten: 0, errors: [] };
    const fail = (error) => {
        plan.errors.push({ file: file.shownAs, ...error });
        return plan;
    };
    const decoded = decodeContent(file.bytes);
    if (!decoded.ok)
        return fail({ ...(file.operations[0] !== undefined ? { operation: file.operations[0] } : {}), message: `expected a UTF-8 text file; found ${decoded.reason}` });
    plan.original = decoded.text;
    const content = splitContent(decoded.text);
    let data = {};
    let editor;
    if (content.format) {
        const parsed = parseFront(content.format, content.front, content.eol);
        if (!parsed.ok) {
            return fail({
                ...(file.operations[0] !== undefined ? { operation: file.operations[0] } : {}),
                ...(parsed.line ? { line: frontFirstLine(content) + parsed.line - 1 } : {}),
                field: '(front matter)',
                message: `expected ${content.format.toUpperCase()} front matter that parses; found: ${parsed.message}`,
            });
        }
        editor = parsed.editor;
        data = editor.data;
    }
    const originalData = data;
    // Each edit hands on the editor of the text it made (it parsed it to check it), so a file is parsed once per change.
    const applyField = (index, operation) => {
        if (!content.format || !editor)
            return fail({ operation: index, field: operation.field, message: 'expected a page with front matter (---, +++ or {); found none' });
        const outcome = applyFieldOperation(content.format, editor, operation, content.eol);
        if (outcome.kind === 'error')
            return fail({ operation: index, field: outcome.field, message: outcome.message });
        if (outcome.kind === 'changed') {
            content.front = outcome.text;
            editor = outcome.editor;
            data = outcome.data;
        }
        return undefined;
    };
    for (const index of file.operations) {
        const operation = context.operations[index];
        if (!operation || operation.op === 'move')
            continue;
        if ('where' in operation && operation.where) {
            const condition = readField(data, operation.where.field.split('.'));
            if (!condition.ok || !sameScalar(condition.value, operation.where.equals))
                continue;
        }
        if (operation.op === 'replace') {
            const replaced = await replaceInBody(content.body, operation, context.regex);
            if (!replaced.ok)
                return fail({ operation: index, field: 'find', message: replaced.message });
            content.body = replaced.text;
            plan.replacements.set(index, (plan.replacements.get(index) ?? 0) + replaced.count);
            continue;
        }
        const failed = applyField(index, operation);
        if (failed)
            return failed;
    }
    if (plan.movedTo) {
        const index = context.operations.findIndex((operation) => operation.op === 'move' && operation.from === file.contentPath);
        const oldUrl = pageUrl(file.contentPath, originalData);
        if (oldUrl) {
            const failed = applyField(index, { op: 'add_to_list', field: 'aliases', value: oldUrl });
            if (failed)
                return failed;
        }
    }
    if (context.moves.size > 0) {
        const page = { from: file.contentPath, to: plan.movedTo ?? file.contentPath };
        const rewritten = rewriteRefs(content.body, page, context.moves, context.exists, context.uniqueByName);
        content.body = rewritten.text;
        plan.refsRewritten = rewritten.count;
    }
    const text = joinContent(content);
    if (text !== decoded.text)
        plan.text = text;
    return plan;
}
async function replaceInBody(body, operation, regex) {
    if (!operation.regex) {
        const parts = body.split(operation.find);
        return { ok: true, text: parts.join(operation.replace), count: parts.length - 1 };
    }
    const outcome = await regex.replace(body, operation.find, `g${operation.flags ?? ''}`, operation.replace);
    if (!outcome.ok)
        return { ok: false, message: `the regular expression /${operation.find}/ ran past its time limit on this file (catastrophic backtracking?); simplify it` };
    return outcome;
}
function sameScalar(actual, expected) {
    if (actual instanceof Date)
        return actual.toISOString() === expected;
    return actual === expected;
}
//# sourceMappingURL=plan-file.js.map
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./lib/content-edit/regex-runner.js

/** How long one regular expression may run over one file. */
const REGEX_TIME_LIMIT_MS = 2000;
// Plain JavaScript run as a worker from a string, so the action bundles need no extra file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, text, pattern, flags, replacement }) => {
  const groupCount = new RegExp(pattern + '|', flags.replace('g', '')).exec('').length - 1;
  let count = 0;
  const out = text.replace(new RegExp(pattern, flags), (...args) => {
    count++;
    const groups = typeof args[args.length - 1] === 'object' ? args[args.length - 1] : undefined;
    return replacement.replace(/\\$(\\$|&|<([^>]*)>|(\\d{1,2}))/g, (whole, what, name, number) => {
      if (what === '$') return '$';
      if (what === '&') return args[0];
      if (name !== undefined) return groups && name in groups ? (groups[name] ?? '') : whole;
      const index = Number(number);
      if (index >= 1 && index <= groupCount) return args[index] ?? '';
      return whole;
    });
  });
  parentPort.postMessage({ id, text: out, count });
});
`;
/**
 * A regular expression cannot be interrupted on the thread that runs it, and a pathological one
 * (`(a+)+$` over a long line) backtracks for hours. So matching runs on a worker thread; when one
 * file takes longer than the limit the worker is terminated (V8 stops a running regexp for that)
 * and a fresh one takes the next file. Measured here: ~0.04 ms per file of messaging, 100 ms to
 * start a worker; `vm` with a timeout costs ~0.5 ms per call (it starts a watchdog each time).
 */
function createRegexReplacer(timeLimitMs = REGEX_TIME_LIMIT_MS) {
    let worker;
    let nextId = 0;
    const start = () => {
        const created = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true });
        created.unref();
        return created;
    };
    return {
        replace(text, pattern, flags, replacement) {
            const current = (worker ??= start());
            const id = nextId++;
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => {
                    cleanup();
                    worker = undefined;
                    void current.terminate();
                    resolve({ ok: false, timedOut: true });
                }, timeLimitMs);
                const onMessage = (message) => {
                    if (message.id !== id)
                        return;
                    cleanup();
                    resolve({ ok: true, text: message.text, count: message.count });
                };
                const onError = (error) => {
                    cleanup();
                    worker = undefined;
                    reject(error);
                };
                const cleanup = () => {
                    clearTimeout(timer);
                    current.off('message', onMessage);
                    current.off('error', onError);
                };
                current.on('message', onMessage);
                current.on('error', onError);
                current.postMessage({ id, text, pattern, flags, replacement });
            });
        },
        async close() {
            const current = worker;
            worker = undefined;
            if (current)
                await current.terminate();
        },
    };
}
//# sourceMappingURL=regex-runner.js.map
// EXTERNAL MODULE: ../../main/node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(105);
;// CONCATENATED MODULE: ./lib/content-edit/unified-diff.js

const CONTEXT = 3;
/** A unified diff of one file (3 lines of context), and the line numbers the agent should look at. */
function diffFile(oldPath, newPath, before, after) {
    const header = oldPath === newPath ? '' : `rename from ${oldPath}\nrename to ${newPath}\n`;
    const inPlace = lineForLineDiff(oldPath, newPath, before, after);
    if (inPlace)
        return { text: `diff --git a/${oldPath} b/${newPath}\n${header}${inPlace.text}`, lines: inPlace.lines };
    const patch = (0,create/* structuredPatch */.YB)(`a/${oldPath}`, `b/${newPath}`, before, after, '', '', { context: CONTEXT });
    const lines = [];
    for (const hunk of patch.hunks) {
        let line = hunk.newStart;
        let deletionMarked = false;
        for (const text of hunk.lines) {
            if (text.startsWith('+')) {
                lines.push(line++);
                deletionMarked = true;
            }
            else if (text.startsWith('-')) {
                if (!deletionMarked)
                    lines.push(line);
                deletionMarked = true;
            }
            else if (!text.startsWith('\\')) {
                line++;
                deletionMarked = false;
            }
        }
    }
    const text = (0,create/* formatPatch */.Gu)(patch).replace(/^=+\n/, '').replace(/\t\n/g, '\n');
    return { text: `diff --git a/${oldPath} b/${newPath}\n${header}${text.endsWith('\n') ? text : `${text}\n`}`, lines: [...new Set(lines)] };
}
/**
 * The diff when every line stayed a line (same count, same final newline): changed lines are
 * paired in place, which is what a replacement or a changed value does. A general diff (Myers)
 * costs the number of lines times the number of changes, which for a find/replace touching every
 * line of 5,000 long pages was most of the run; this is linear. The output is the same unified
 * diff the general one gives for such a change (checked in test/content-edit/unified-diff.test.ts).
 */
function lineForLineDiff(oldPath, newPath, before, after) {
    if (before.endsWith('\n') !== after.endsWith('\n'))
        return undefined;
    const oldLines = before.split('\n');
    const newLines = after.split('\n');
    if (oldLines.length !== newLines.length)
        return undefined;
    if (before.endsWith('\n')) {
        oldLines.pop();
        newLines.pop();
    }
    const changed = [];
    for (let index = 0; index < oldLines.length; index++)
        if (oldLines[index] !== newLines[index])
            changed.push(index);
    if (changed.length === 0)
        return undefined;
    const hunks = [];
    for (const index of changed) {
        const last = hunks[hunks.length - 1];
        if (last && index - last[1] <= 2 * CONTEXT + 1)
            last[1] = index;
        else
            hunks.push([index, index]);
    }
    const out = [`--- a/${oldPath}`, `+++ b/${newPath}`];
    const noNewline = !before.endsWith('\n');
    for (const [first, last] of hunks) {
        const start = Math.max(0, first - CONTEXT);
        const end = Math.min(oldLines.length - 1, last + CONTEXT);
        out.push(`@@ -${start + 1},${end - start + 1} +${start + 1},${end - start + 1} @@`);
        let index = start;
        while (index <= end) {
            if (oldLines[index] === newLines[index]) {
                out.push(` ${oldLines[index]}`);
                if (noNewline && index === oldLines.length - 1)
                    out.push('\\ No newline at end of file');
                index++;
                continue;
            }
            let runEnd = index;
            while (runEnd + 1 <= end && oldLines[runEnd + 1] !== newLines[runEnd + 1])
                runEnd++;
            for (let line = index; line <= runEnd; line++) {
                out.push(`-${oldLines[line]}`);
                if (noNewline && line === oldLines.length - 1)
                    out.push('\\ No newline at end of file');
            }
            for (let line = index; line <= runEnd; line++) {
                out.push(`+${newLines[line]}`);
                if (noNewline && line === newLines.length - 1)
                    out.push('\\ No newline at end of file');
            }
            index = runEnd + 1;
        }
    }
    return { text: `${out.join('\n')}\n`, lines: changed.map((index) => index + 1) };
}
//# sourceMappingURL=unified-diff.js.map
;// CONCATENATED MODULE: ./lib/content-edit/content-edit.js








/** How much of the diff the report keeps (the result file's copy); the whole diff goes to onLine as it is made. */
const MAX_DIFF_KEPT = 20_000;
/**
 * Plans every operation against every file, and only when all of them are sound writes them all
 * (atomically, all or none). Files are read one at a time, their new content staged on disk and
 * their diff streamed out, so memory holds one file and a bounded start of the diff, not the site.
 */
async function runContentEdit(settings, deps = {}) {
    const contentRoot = external_node_path_.posix.normalize(external_node_path_.posix.join(settings.sitePath, settings.contentDir));
    const report = { files_matched: 0, files_changed: 0, replacements: 0, refs_updated: 0, changes: [], diff: '', diffLength: 0, errors: [], written: false, contentRoot };
    const fail = (error) => {
        report.errors.push(error);
        return report;
    };
    const absoluteRoot = external_node_path_.resolve(settings.repoRoot, contentRoot);
    const repoReal = await (0,promises_.realpath)(settings.repoRoot);
    const contentReal = await (0,promises_.realpath)(absoluteRoot).catch(() => undefined);
    if (!contentReal)
        return fail({ file: contentRoot, field: 'params.content_dir', message: `expected the site's content folder; found no folder ${contentRoot}` });
    if (contentReal !== repoReal && !contentReal.startsWith(repoReal + external_node_path_.sep)) {
        return fail({ file: contentRoot, field: 'params.content_dir', message: `expected a folder inside the repository; found one that leads to ${contentReal} through a symlink` });
    }
    const { files: allFiles, symlinks } = await listContent(absoluteRoot);
    const shown = (contentPath) => external_node_path_.posix.join(contentRoot, contentPath);
    const matchers = new Map();
    const globMatches = (glob, operation, field) => {
        let matcher = matchers.get(glob);
        if (!matcher) {
            try {
                matcher = (0,deploy_glob/* compileGlob */.S)(glob);
            }
            catch (error) {
                report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected a glob; found "${glob}" (${error instanceof Error ? error.message : String(error)})` });
                return undefined;
            }
            matchers.set(glob, matcher);
        }
        const matched = [...allFiles, ...symlinks].filter(matcher);
        if (matched.length === 0) {
            report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected the glob "${glob}" to match files under ${contentRoot}/; found none` });
        }
        return matched;
    };
    const taskFiles = new Set(settings.files.flatMap((glob, index) => globMatches(glob, undefined, `params.files[${index}]`) ?? []));
    const operationsByFile = new Map();
    const matched = new Set(taskFiles);
    settings.operations.forEach((operation, index) => {
        if (operation.op === 'move')
            return;
        const targets = operation.files ? new Set(operation.files.flatMap((glob, globIndex) => globMatches(glob, index, `files[${globIndex}]`) ?? [])) : taskFiles;
        for (const file of targets) {
            matched.add(file);
            const list = operationsByFile.get(file) ?? [];
            list.push(index);
            operationsByFile.set(file, list);
        }
    });
    const existing = new Set(allFiles);
    const moves = new Map();
    const targets = new Set();
    settings.operations.forEach((operation, index) => {
        if (operation.op !== 'move')
            return;
        const problem = (field, message) => void report.errors.push({ file: shown(operation.from), operation: index, field, message });
        if (!existing.has(operation.from))
            problem('from', `expected a page to move; found no file ${shown(operation.from)}`);
        else if (/(^|\/)_?index\.md$/.test(operation.from))
            problem('from', 'expected a single page; found a bundle or section index (move its folder instead)');
        else if (existing.has(operation.to) || targets.has(operation.to))
            problem('to', `expected a free path to move to; found an existing page ${shown(operation.to)}`);
        else if (moves.has(operation.from))
            problem('from', 'expected each page to move once; found a second move of it');
        else {
            moves.set(operation.from, operation.to);
            targets.add(operation.to);
            matched.add(operation.from);
        }
    });
    for (const file of matched)
        if (symlinks.includes(file))
            report.errors.push({ file: shown(file), message: 'expected a regular file; found a symlink (content-edit does not follow links)' });
    report.files_matched = [...matched].filter((file) => existing.has(file)).length;
    if (report.errors.length > 0)
        return report;
    const byName = new Map();
    for (const file of allFiles) {
        const name = external_node_path_.posix.basename(file);
        byName.set(name, byName.has(name) ? null : file);
    }
    const toVisit = moves.size > 0 ? allFiles.filter((file) => matched.has(file) || file.endsWith('.md')) : allFiles.filter((file) => matched.has(file));
    const regex = deps.regex ?? createRegexReplacer();
    const staged = [];
    const replacementsByOperation = new Map();
    let keptDiff = '';
    try {
        for (const contentPath of toVisit) {
            const absolute = external_node_path_.join(absoluteRoot, contentPath);
            const { bytes, state } = readRegularFile(absolute);
            const plan = await planFile({ contentPath, shownAs: shown(contentPath), bytes, operations: operationsByFile.get(contentPath) ?? [] }, { operations: settings.operations, moves, exists: (file) => existing.has(file), uniqueByName: (name) => byName.get(name) ?? undefined, regex });
            report.errors.push(...plan.errors);
            for (const [index, count] of plan.replacements)
                replacementsByOperation.set(index, (replacementsByOperation.get(index) ?? 0) + count);
            report.refs_updated += plan.refsRewritten;
            if (plan.errors.length > 0 || plan.original === undefined)
                continue;
            const movedTo = plan.movedTo;
            const newText = plan.text ?? plan.original;
            if (plan.text === undefined && !movedTo)
                continue;
            const diff = diffFile(shown(contentPath), shown(movedTo ?? contentPath), plan.original, newText);
            report.diffLength += diff.text.length;
            if (keptDiff.length < MAX_DIFF_KEPT)
                keptDiff += diff.text.slice(0, MAX_DIFF_KEPT - keptDiff.length);
            for (const line of diff.text.replace(/\n$/, '').split('\n'))
                deps.onLine?.(line);
            report.files_changed++;
            report.changes.push({ file: shown(movedTo ?? contentPath), ...(movedTo ? { moved_from: shown(contentPath) } : {}), lines: diff.lines });
            if (!settings.dryRun && report.errors.length === 0) {
                staged.push(stageEdit(absolute, external_node_path_.join(absoluteRoot, movedTo ?? contentPath), newText, state));
            }
        }
        for (const [index, operation] of settings.operations.entries()) {
            if (operation.op !== 'replace')
                continue;
            const count = replacementsByOperation.get(index) ?? 0;
            report.replacements += count;
            if (count > operation.max_replacements) {
                report.errors.push({ file: contentRoot, operation: index, field: 'max_replacements', message: `expected at most ${operation.max_replacements} replacements; found ${count} matches of "${operation.find}" (raise max_replacements if that many are meant)` });
            }
        }
        const more = report.diffLength - keptDiff.length;
        report.diff = more > 0 ? `${keptDiff}\n… ${more} more characters of diff: the whole diff is in the run's log\n` : keptDiff;
        if (report.errors.length > 0 || settings.dryRun) {
            discardStaged(staged);
            return report;
        }
        try {
            await applyStaged(staged);
            report.written = true;
        }
        catch (error) {
            report.errors.push({ file: contentRoot, message: error instanceof ApplyError ? error.message : `writing the edits failed, every file was put back: ${error instanceof Error ? error.message : String(error)}` });
        }
        return report;
    }
    catch (error) {
        discardStaged(staged);
        throw error;
    }
    finally {
        if (!deps.regex)
            await regex.close();
    }
}
/**
 * Reads a file with its size and time, refusing a symlink put there since the listing
 * (O_NOFOLLOW). Synchronous, like staging and applying: see apply-edits.ts for why.
 */
function readRegularFile(absolute) {
    const descriptor = (0,external_node_fs_.openSync)(absolute, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
    try {
        const info = (0,external_node_fs_.fstatSync)(descriptor);
        return { bytes: (0,external_node_fs_.readFileSync)(descriptor), state: { size: info.size, mtimeMs: info.mtimeMs } };
    }
    finally {
        (0,external_node_fs_.closeSync)(descriptor);
    }
}
/** Every regular file and symlink under the content folder (relative, sorted); links are not followed. */
async function listContent(root) {
    const files = [];
    const symlinks = [];
    const entries = await (0,promises_.readdir)(root, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
        const parent = entry.parentPath ?? entry.path ?? root;
        const relative = external_node_path_.relative(root, external_node_path_.join(parent, entry.name)).split(external_node_path_.sep).join('/');
        if (entry.name.endsWith('.handoff-edit') || entry.name.endsWith('.handoff-edit.original'))
            continue;
        if (entry.isSymbolicLink())
            symlinks.push(relative);
        else if (entry.isFile())
            files.push(relative);
    }
    return { files: files.sort(), symlinks: symlinks.sort() };
}

//# sourceMappingURL=content-edit.js.map
// EXTERNAL MODULE: ./lib/content-edit/operations.js
var operations = __webpack_require__(9811);
;// CONCATENATED MODULE: ./lib/content-edit/content-edit-worker.js






const MAX_CHANGES_IN_RESULT = 200;
const MAX_ERRORS_IN_RESULT = 50;
/**
 * The content-edit task: plan and apply the operations, then (build_after) build the site and
 * fail on a failed build or on errors the site did not have before the edit. Locally the edited
 * files stay in the work tree for the agent to review; on GitHub the record step commits them
 * with the result.
 */
async function contentEditWorker(repoRoot, task, tools, deps = {}) {
    const clock = tools.clock ?? lib_clock/* monotonicClock */.V;
    const started = clock();
    const params = task.params;
    const dryRun = params.dry_run === true || tools.deployOverrides?.dryRun === true;
    const build = (suffix) => tools.buildSite({
        siteDir: external_node_path_.resolve(repoRoot, params.site_path),
        destination: external_node_path_.resolve(repoRoot, '.handoff', 'build', `${task.id}${suffix}`),
        ...(params.base_url ? { baseUrl: params.base_url } : {}),
        environment: task.environment,
    }, { searchPath: tools.searchPath });
    const before = params.build_after && !dryRun ? await build('-before') : undefined;
    const edit = await runContentEdit({ repoRoot, sitePath: params.site_path, contentDir: params.content_dir ?? operations/* DEFAULT_CONTENT_DIR */.uQ, files: params.files, operations: params.operations, dryRun }, { ...deps, ...(tools.onLine ? { onLine: tools.onLine } : {}) });
    const outputs = {
        ...editOutputs(edit),
        dry_run: dryRun,
        summary: summary(edit, dryRun),
    };
    // The whole diff went to the log line by line (tools.onLine) as it was made; the result keeps its start.
    const log = [edit.diff.replace(/\n$/, ''), ...edit.errors.map((error) => `error: ${formatEditError(error)}`), String(outputs.summary)].filter(Boolean);
    let error = edit.errors[0] ? editError(edit) : undefined;
    if (before && edit.written) {
        const after = await build('');
        const known = new Set(before.outputs.errors.map(messageKey));
        const fresh = after.outputs.errors.filter((message) => !known.has(messageKey(message)));
        outputs.build_success = after.outputs.build_success;
        outputs.new_build_errors = fresh;
        log.push(`build after the edit: ${after.outputs.build_success ? 'succeeded' : 'failed'}, ${fresh.length} new error(s)`);
        if (!after.outputs.build_success || fresh.length > 0) {
            log.push(after.log);
            // The errors the edit brought come first: the site may have had others already.
            error = (0,classify/* classifyHugoErrors */.Z)(fresh) ?? after.error ?? {
                category: 'markdown-or-template-syntax',
                action: (0,categories/* actionFor */.cY)('markdown-or-template-syntax'),
                message: `the site builds, but with ${fresh.length} error(s) it did not have before the edit: ${fresh.map((message) => message.message).join('; ').slice(0, 300)}`,
                ...(fresh[0]?.file ? { file: fresh[0].file } : {}),
                ...(fresh[0]?.line ? { line: fresh[0].line } : {}),
                next_step: 'Auto-fix: the edit broke the build; review the diff (git diff), fix or revert the pages named, and run a new content-edit task.',
            };
        }
    }
    outputs.duration_seconds = Math.round((clock() - started) / 10) / 100;
    return { outputs, log: log.join('\n'), ...(error ? { error } : {}) };
}
function editOutputs(edit) {
    return {
        files_matched: edit.files_matched,
        files_changed: edit.files_changed,
        replacements: edit.replacements,
        refs_updated: edit.refs_updated,
        changes: edit.changes.slice(0, MAX_CHANGES_IN_RESULT),
        ...(edit.changes.length > MAX_CHANGES_IN_RESULT ? { changes_not_shown: edit.changes.length - MAX_CHANGES_IN_RESULT } : {}),
        diff: edit.diff,
        errors: edit.errors.slice(0, MAX_ERRORS_IN_RESULT).map(formatEditError),
        written: edit.written,
        content_dir: edit.contentRoot,
    };
}
function editError(edit) {
    const first = edit.errors[0];
    const more = edit.errors.length > 1 ? ` (and ${edit.errors.length - 1} more, in outputs.errors)` : '';
    return {
        category: 'invalid-task',
        action: (0,categories/* actionFor */.cY)('invalid-task'),
        message: `${formatEditError(first)}${more}`,
        file: first.file,
        ...(first.line ? { line: first.line } : {}),
        next_step: 'Auto-fix: nothing was written. Fix the operation or the page named, then submit a new content-edit task (try params.dry_run: true first).',
    };
}
function summary(edit, dryRun) {
    const what = `${edit.files_changed} of ${edit.files_matched} matched file(s) changed, ${edit.replacements} replacement(s), ${edit.refs_updated} ref(s) updated`;
    if (edit.errors.length > 0)
        return `content-edit refused (${edit.errors.length} error(s)); nothing was written. Planned: ${what}`;
    return dryRun ? `content-edit dry run: ${what}; nothing was written` : `content-edit: ${what}`;
}
/** A build error without its position, which an edit may shift. */
function messageKey(message) {
    return `${message.file ?? ''}|${message.message.replace(/:\d+:\d+/g, '')}`;
}
//# sourceMappingURL=content-edit-worker.js.map

/***/ })

};
