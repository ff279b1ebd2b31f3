export const id = 311;
export const ids = [311];
export const modules = {

/***/ 9827:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KU: () => (/* binding */ decodeContent),
/* harmony export */   OJ: () => (/* binding */ joinContent),
/* harmony export */   sV: () => (/* binding */ splitContent),
/* harmony export */   sd: () => (/* binding */ frontFirstLine)
/* harmony export */ });
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
        const opening = new RegExp(`^${escape(fence)}[ \\t]*(\\r?\\n)`).exec(rest);
        if (!opening)
            continue;
        const closing = new RegExp(`(^|\\n)${escape(fence)}[ \\t]*(\\r?\\n|$)`, 'g');
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
function escape(text) {
    return text.replace(/[+]/g, '\\+');
}
//# sourceMappingURL=content-file.js.map

/***/ }),

/***/ 7693:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _1: () => (/* binding */ applyFieldOperation),
  P8: () => (/* binding */ parseFront),
  dR: () => (/* binding */ readField)
});

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
        const block = quoteAmbiguousStrings(new dist/* Document */.yo({ [key]: nested })).toString({ lineWidth: 0, indent: 2 }).replace(/\n$/, '');
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
        const doc = new dist/* Document */.yo(value);
        if (defaultStringType === 'PLAIN')
            quoteAmbiguousStrings(doc);
        return doc.toString({ lineWidth: 0, collectionStyle: 'flow', defaultStringType, defaultKeyType: 'PLAIN' }).replace(/\n$/, '');
    }
}
/**
 * Quotes every string that a YAML reader could take for another type written bare: `yes`, `on`,
 * `y`, `~`, `1e3`, `0x1F`, `1:20`, `2024-01-02`. hugo 0.111 reads front matter as YAML 1.1
 * (`yes` is true, `1:20` is 80), current hugo as YAML 1.2 (`yes` is a string, `0o17` is 15):
 * a string is written plain only when both read it back as that same string.
 */
function quoteAmbiguousStrings(doc) {
    (0,dist/* visit */.YR)(doc, {
        Scalar(_key, node) {
            if (typeof node.value === 'string' && (node.type === undefined || node.type === 'PLAIN') && !readsBackAsString(node.value))
                node.type = 'QUOTE_DOUBLE';
        },
    });
    return doc;
}
/** Whether a string written bare reads back as itself; one that does not parse bare at all is quoted by the writer anyway. */
function readsBackAsString(text) {
    // Plain words and phrases (most values) are strings to every reader but for the YAML 1.1 words below.
    if (/^[A-Za-z][A-Za-z ]*[A-Za-z]$/.test(text) && !YAML_11_WORDS.has(text.toLowerCase()))
        return true;
    for (const version of ['1.1', '1.2']) {
        const read = (0,dist/* parseDocument */.Tp)(text, { version });
        if (read.errors.length === 0 && read.toJS() !== text)
            return false;
    }
    return true;
}
/** Words YAML 1.1 or 1.2 reads as a boolean or null (in any case, to be safe), or a float (.inf and .nan start with a dot). */
const YAML_11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
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

/***/ })

};
