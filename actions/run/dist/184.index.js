export const id = 184;
export const ids = [184];
export const modules = {

/***/ 9184:
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
// EXTERNAL MODULE: ./lib/worker/worker-tools.js
var worker_tools = __webpack_require__(7935);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./lib/primitives/glob.js
var primitives_glob = __webpack_require__(2589);
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
    applyStagedNow(edits).keep();
}
/** Like applyStaged, but the originals stay until the caller keeps or undoes the edits. */
function applyStagedUndoable(edits) {
    return applyStagedNow(edits);
}
function applyStagedNow(edits) {
    const done = [];
    const undo = () => {
        for (const { edit, backup, createdDirs, targetCreated } of done.reverse()) {
            if (targetCreated)
                attempt(() => (0,external_node_fs_.rmSync)(edit.target, { force: true }));
            attempt(() => (0,external_node_fs_.renameSync)(backup, edit.source));
            for (const dir of createdDirs.reverse())
                attempt(() => (0,external_node_fs_.rmdirSync)(dir));
        }
        done.length = 0;
    };
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
        undo();
        discardStaged(edits);
        throw error;
    }
    return {
        keep: () => {
            for (const { backup } of done)
                (0,external_node_fs_.rmSync)(backup, { force: true });
            done.length = 0;
        },
        undo,
    };
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
// EXTERNAL MODULE: ./lib/content-edit/operations.js
var operations = __webpack_require__(9811);
// EXTERNAL MODULE: ./lib/content-edit/content-file.js
var content_file = __webpack_require__(9827);
// EXTERNAL MODULE: ./lib/content-edit/field-edits.js + 4 modules
var field_edits = __webpack_require__(7693);
;// CONCATENATED MODULE: ./lib/content-edit/page-moves.js

/**
 * The URL Hugo gives a page at a content path under its default permalinks, used only where
 * Hugo's own list of the site is not at hand: `posts/a.md` -> `/posts/a/`. A page whose front
 * matter sets `url` keeps it wherever it moves, so it needs no alias; a `slug` replaces the name.
 */
function pageUrl(contentPath, frontMatter) {
    if (typeof frontMatter.url === 'string')
        return undefined;
    const dir = external_node_path_.posix.dirname(contentPath);
    const name = typeof frontMatter.slug === 'string' && frontMatter.slug !== '' ? frontMatter.slug : external_node_path_.posix.basename(contentPath, '.md');
    return `/${dir === '.' ? '' : `${dir}/`}${name}/`.toLowerCase();
}
// `{{< ref "x" >}}`, `{{% relref "x" "rss" %}}`, `{{< ref path="x" lang="fr" >}}`: the arguments are parsed below.
const REF_SHORTCODE = /\{\{([<%])(\s*)(ref|relref)(\s+)((?:[A-Za-z]+=)?(?:"[^"\n]*"|`[^`\n]*`)(?:\s+(?:[A-Za-z]+=)?(?:"[^"\n]*"|`[^`\n]*`)){0,3})(\s*)([>%])\}\}/g;
const ARGUMENT = /([A-Za-z]+=)?("([^"\n]*)"|`([^`\n]*)`)/g;
/**
 * Rewrites `ref` and `relref` shortcodes in a page's body that point at a moved page, and, when the
 * page itself moved, its relative refs to pages that stay. A ref is resolved as Hugo does: in the
 * page's language (or the one named by `lang=`), relative to the page's folder, then from the
 * content root (a leading `/`), with or without `.md`, then by file name when only one page has
 * it. The rewritten ref keeps its form: absolute or relative, with or without `.md`, its `#anchor`,
 * its quotes and its other arguments.
 */
function rewriteRefs(body, page, namespaceFor) {
    let count = 0;
    const oldDir = external_node_path_.posix.dirname(page.from);
    const newDir = external_node_path_.posix.dirname(page.to);
    const text = body.replace(REF_SHORTCODE, (whole, _open, _space, _name, _gap, args) => {
        const parsed = [...args.matchAll(ARGUMENT)].map((match) => ({ key: match[1]?.slice(0, -1), value: match[3] ?? match[4] ?? '', start: match.index, length: match[0].length, quote: match[2][0] }));
        const pathArgument = parsed.find((argument) => argument.key === 'path') ?? (parsed[0]?.key === undefined ? parsed[0] : undefined);
        if (!pathArgument)
            return whole;
        const language = parsed.find((argument) => argument.key === 'lang')?.value;
        const written = rewriteRef(pathArgument.value, oldDir, newDir, namespaceFor(language));
        if (written === undefined)
            return whole;
        count++;
        const argsStart = whole.indexOf(args);
        const at = argsStart + pathArgument.start + (pathArgument.key ? pathArgument.key.length + 1 : 0);
        return `${whole.slice(0, at)}${pathArgument.quote}${written}${pathArgument.quote}${whole.slice(at + pathArgument.length - (pathArgument.key ? pathArgument.key.length + 1 : 0))}`;
    });
    return { text, count };
}
/** The ref's new text, or undefined when it stays as it is. */
function rewriteRef(ref, oldDir, newDir, namespace) {
    const [target = '', anchor] = splitAnchor(ref);
    if (target === '' || /^[a-z]+:/i.test(target))
        return undefined;
    const resolved = resolveRef(target, oldDir, namespace);
    if (!resolved)
        return undefined;
    const destination = namespace.moves.get(resolved.path) ?? resolved.path;
    if (destination === resolved.path && oldDir === newDir)
        return undefined;
    if (destination === resolved.path && resolved.how !== 'relative')
        return undefined;
    const withMd = target.endsWith('.md');
    const strip = (value) => (withMd ? value : value.replace(/(?:\/_?index)?\.md$/, ''));
    let written;
    if (resolved.how === 'absolute')
        written = `/${strip(destination)}`;
    else if (resolved.how === 'root')
        written = strip(destination);
    else if (resolved.how === 'name' && external_node_path_.posix.basename(destination) === external_node_path_.posix.basename(resolved.path))
        return undefined;
    else if (resolved.how === 'name')
        written = `/${strip(destination)}`;
    else {
        // A ref that would have to climb out of the page's folder is written from the content root instead.
        const relative = external_node_path_.posix.relative(newDir, destination);
        written = relative.startsWith('../') ? `/${strip(destination)}` : strip(target.startsWith('./') ? `./${relative}` : relative);
    }
    if (written === target)
        return undefined;
    return `${written}${anchor === undefined ? '' : `#${anchor}`}`;
}
function splitAnchor(ref) {
    const hash = ref.indexOf('#');
    return hash === -1 ? [ref, undefined] : [ref.slice(0, hash), ref.slice(hash + 1)];
}
function resolveRef(target, dir, { exists, uniqueByName }) {
    const candidates = (base) => (base.endsWith('.md') ? [base] : [`${base.replace(/\/$/, '')}.md`, `${base.replace(/\/$/, '')}/index.md`, `${base.replace(/\/$/, '')}/_index.md`]);
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
    const plan = { text: undefined, original: undefined, replacements: new Map(), refsRewritten: 0, errors: [] };
    const fail = (error) => {
        plan.errors.push({ file: file.shownAs, ...error });
        return plan;
    };
    const decoded = (0,content_file/* decodeContent */.KU)(file.bytes);
    if (!decoded.ok)
        return fail({ ...(file.operations[0] !== undefined ? { operation: file.operations[0] } : {}), message: `expected a UTF-8 text file; found ${decoded.reason}` });
    plan.original = decoded.text;
    const content = (0,content_file/* splitContent */.sV)(decoded.text);
    let data = {};
    let editor;
    if (content.format) {
        const parsed = (0,field_edits/* parseFront */.P8)(content.format, content.front, content.eol);
        if (!parsed.ok) {
            return fail({
                ...(file.operations[0] !== undefined ? { operation: file.operations[0] } : {}),
                ...(parsed.line ? { line: (0,content_file/* frontFirstLine */.sd)(content) + parsed.line - 1 } : {}),
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
        const outcome = (0,field_edits/* applyFieldOperation */._1)(content.format, editor, operation, content.eol);
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
            const condition = (0,field_edits/* readField */.dR)(data, operation.where.field.split('.'));
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
    if (context.move && !content.format && (context.move.oldUrls?.length ?? 1) > 0) {
        // A page without front matter gets one to hold its aliases (Hugo reads a page's YAML front matter at its start).
        content.format = 'yaml';
        content.open = `---${content.eol}`;
        content.close = `---${content.eol}`;
        const parsed = (0,field_edits/* parseFront */.P8)('yaml', '', content.eol);
        if (parsed.ok)
            editor = parsed.editor;
    }
    if (context.move) {
        // A page whose front matter sets `url` keeps that URL wherever its file goes: no alias.
        const oldUrls = typeof originalData.url === 'string' ? [] : (context.move.oldUrls ?? [pageUrl(file.contentPath, originalData)].filter((url) => url !== undefined));
        for (const oldUrl of oldUrls) {
            const failed = applyField(context.move.index, { op: 'add_to_list', field: 'aliases', value: oldUrl });
            if (failed)
                return failed;
        }
    }
    if (context.refs) {
        const rewritten = rewriteRefs(content.body, { from: context.refs.from, to: context.refs.to }, context.refs.namespaceFor);
        content.body = rewritten.text;
        plan.refsRewritten = rewritten.count;
    }
    const text = (0,content_file/* joinContent */.OJ)(content);
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
    if (!outcome.ok && outcome.budgetSpent)
        return { ok: false, message: `the regular expressions of this task ran past their shared time limit (one budget over all files) by this file; simplify /${operation.find}/ or narrow the files` };
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
/** How long all the regular expressions of one task may run, over all its files together. */
const REGEX_TASK_BUDGET_MS = 30_000;
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
function createRegexReplacer(timeLimitMs = REGEX_TIME_LIMIT_MS, taskBudgetMs = REGEX_TASK_BUDGET_MS) {
    let worker;
    let nextId = 0;
    // Shared by every file: many files each just under the per-file limit must not add up to hours.
    let spentMs = 0;
    const start = () => {
        const thread = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true });
        thread.unref();
        // The clock starts when the thread can run the expression: its start-up (100 ms here, seconds
        // on a loaded machine) must not make an innocent file look like catastrophic backtracking.
        const online = new Promise((resolve, reject) => {
            thread.once('online', resolve);
            thread.once('error', reject);
        });
        return { thread, online };
    };
    return {
        async replace(text, pattern, flags, replacement) {
            const remaining = taskBudgetMs - spentMs;
            if (remaining <= 0)
                return { ok: false, timedOut: true, budgetSpent: true };
            const limit = Math.min(timeLimitMs, remaining);
            const current = (worker ??= start());
            try {
                await current.online;
            }
            catch (error) {
                worker = undefined;
                throw error;
            }
            const thread = current.thread;
            const id = nextId++;
            const started = (0,lib_clock/* monotonicClock */.V)();
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => {
                    cleanup();
                    worker = undefined;
                    void thread.terminate();
                    spentMs += (0,lib_clock/* monotonicClock */.V)() - started;
                    resolve({ ok: false, timedOut: true, budgetSpent: limit < timeLimitMs || spentMs >= taskBudgetMs });
                }, limit);
                const onMessage = (message) => {
                    if (message.id !== id)
                        return;
                    cleanup();
                    spentMs += (0,lib_clock/* monotonicClock */.V)() - started;
                    resolve({ ok: true, text: message.text, count: message.count });
                };
                const onError = (error) => {
                    cleanup();
                    worker = undefined;
                    reject(error);
                };
                const cleanup = () => {
                    clearTimeout(timer);
                    thread.off('message', onMessage);
                    thread.off('error', onError);
                };
                thread.on('message', onMessage);
                thread.on('error', onError);
                thread.postMessage({ id, text, pattern, flags, replacement });
            });
        },
        async close() {
            const current = worker;
            worker = undefined;
            if (current)
                await current.thread.terminate();
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
/** The largest page content-edit reads: a page's text, its edits and its diff stay well within memory. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Files whose size is asked for at once. */
const STAT_BATCH = 64;
/** `fr:posts/*.md`: a glob or page path for one language only. */
const LANGUAGE_PREFIX = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*):(?!\/\/)/;
/**
 * Plans every operation against every file, and only when all of them are sound writes them all
 * (atomically, all or none). Files are read one at a time, their new content staged on disk and
 * their diff streamed out, so memory holds one file and a bounded start of the diff, not the site.
 */
async function runContentEdit(settings, deps = {}) {
    const site = settings.site;
    const folders = settings.contentDir !== undefined ? [{ source: external_node_path_.posix.normalize(settings.contentDir), target: '', language: undefined }] : (site?.contentFolders ?? [{ source: operations/* DEFAULT_CONTENT_DIR */.uQ, target: '', language: undefined }]);
    const shown = (siteFile) => external_node_path_.posix.normalize(external_node_path_.posix.join(settings.sitePath, siteFile));
    const contentRoots = folders.map((folder) => shown(folder.source));
    const contentRoot = contentRoots[0] ?? shown(operations/* DEFAULT_CONTENT_DIR */.uQ);
    const report = { files_matched: 0, files_changed: 0, replacements: 0, refs_updated: 0, changes: [], diff: '', diffLength: 0, errors: [], written: false, contentRoot, contentRoots, filesWritten: [] };
    const fail = (error) => {
        report.errors.push(error);
        return report;
    };
    const siteRoot = external_node_path_.resolve(settings.repoRoot, settings.sitePath);
    const repoReal = await (0,promises_.realpath)(settings.repoRoot);
    const defaultLanguage = site?.defaultLanguage ?? 'en';
    const languages = new Set(site?.languages ?? []);
    const pages = [];
    const folderReals = [];
    const seen = new Set();
    for (const folder of folders) {
        const where = shown(folder.source);
        const real = await (0,promises_.realpath)(external_node_path_.join(siteRoot, folder.source)).catch(() => undefined);
        if (!real) {
            if (folders.length === 1)
                return fail({ file: where, field: 'params.content_dir', message: `expected the site's content folder; found no folder ${where}` });
            continue;
        }
        if (!isInside(real, repoReal))
            return fail({ file: where, field: 'params.content_dir', message: `expected a folder inside the repository; found one that leads outside it through a symlink` });
        folderReals.push(real);
        const listed = await listContent(external_node_path_.join(siteRoot, folder.source));
        for (const [relative, symlink] of listed) {
            const file = external_node_path_.posix.join(folder.source, relative);
            if (seen.has(file))
                continue;
            seen.add(file);
            const contentPath = external_node_path_.posix.join(folder.target, relative);
            const suffix = /\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.md$/.exec(contentPath);
            const byName = suffix && languages.has(suffix[1]) ? suffix[1] : undefined;
            const language = folder.language ?? byName ?? defaultLanguage;
            const refPath = byName ? `${contentPath.slice(0, -suffix[0].length)}.md` : contentPath;
            pages.push({ file, folder, path: contentPath, language, refPath, symlink });
        }
    }
    const searched = contentRoots.map((root) => `${root}/`).join(', ');
    const byFile = new Map(pages.map((page) => [page.file, page]));
    const matchers = new Map();
    const globMatches = (glob, operation, field) => {
        const prefix = LANGUAGE_PREFIX.exec(glob);
        const language = prefix?.[1];
        const pattern = prefix ? glob.slice(prefix[0].length) : glob;
        let matcher = matchers.get(pattern);
        if (!matcher) {
            try {
                matcher = (0,primitives_glob/* compileGlob */.S)(pattern);
            }
            catch (error) {
                report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected a glob; found "${glob}" (${error instanceof Error ? error.message : String(error)})` });
                return undefined;
            }
            matchers.set(pattern, matcher);
        }
        const test = matcher;
        // A glob names pages by their path in the content tree, or by their file in the site (`content.en/docs/*.md`).
        const matched = pages.filter((page) => (language === undefined || page.language === language) && (test(page.path) || test(page.file)));
        if (matched.length === 0) {
            const languageNote = language === undefined ? '' : ` in language ${language}${languages.size > 0 && !languages.has(language) ? ` (the site's languages: ${[...languages].join(', ')})` : ''}`;
            report.errors.push({ file: contentRoot, ...(operation === undefined ? {} : { operation }), field, message: `expected the glob "${glob}" to match pages${languageNote}; found none in the content folders searched: ${searched} (globs are relative to a content folder)` });
        }
        return matched;
    };
    const taskFiles = new Set(settings.files.flatMap((glob, index) => globMatches(glob, undefined, `params.files[${index}]`) ?? []).map((page) => page.file));
    const operationsByFile = new Map();
    const matched = new Set(taskFiles);
    settings.operations.forEach((operation, index) => {
        if (operation.op === 'move')
            return;
        const targets = operation.files ? new Set(operation.files.flatMap((glob, globIndex) => globMatches(glob, index, `files[${globIndex}]`) ?? []).map((page) => page.file)) : taskFiles;
        for (const file of targets) {
            matched.add(file);
            const list = operationsByFile.get(file) ?? [];
            list.push(index);
            operationsByFile.set(file, list);
        }
    });
    const moves = new Map();
    const moveIndex = new Map();
    const targets = new Set();
    for (const [index, operation] of settings.operations.entries()) {
        if (operation.op !== 'move')
            continue;
        const problem = (file, field, message) => void report.errors.push({ file, operation: index, field, message });
        const from = resolveMoveSource(operation.from, pages);
        if (!from.ok) {
            problem(contentRoot, 'from', from.message.replace('{searched}', searched));
            continue;
        }
        const page = from.page;
        const to = moveTarget(operation.to, page);
        if (!to.ok)
            problem(shown(page.file), 'to', to.message);
        else if (/(^|\/)_?index(\.[A-Za-z-]+)?\.md$/.test(page.path))
            problem(shown(page.file), 'from', 'expected a single page; found a bundle or section index (move its folder instead)');
        else if (byFile.has(to.file) || targets.has(to.file))
            problem(shown(page.file), 'to', `expected a free path to move to; found an existing page ${shown(to.file)}`);
        else if (moves.has(page.file))
            problem(shown(page.file), 'from', 'expected each page to move once; found a second move of it');
        else {
            const escape = await leavesContent(external_node_path_.join(siteRoot, to.file), folderReals, repoReal);
            if (escape)
                problem(shown(page.file), 'to', `expected a path inside the content folders; found ${shown(to.file)}, ${escape}`);
            else {
                moves.set(page.file, to.file);
                moveIndex.set(page.file, index);
                targets.add(to.file);
                matched.add(page.file);
            }
        }
    }
    for (const file of matched)
        if (byFile.get(file)?.symlink)
            report.errors.push({ file: shown(file), message: 'expected a regular file; found a symlink (content-edit does not follow links)' });
    report.files_matched = [...matched].filter((file) => byFile.get(file)?.symlink === false).length;
    if (report.errors.length > 0)
        return report;
    const toVisit = pages.filter((page) => !page.symlink && (matched.has(page.file) || (moves.size > 0 && page.path.endsWith('.md'))));
    const maxFileBytes = settings.maxFileBytes ?? MAX_FILE_BYTES;
    // Sizes first, a batch of files at a time, so a page too large to hold is refused before any work.
    for (let start = 0; start < toVisit.length; start += STAT_BATCH) {
        const batch = toVisit.slice(start, start + STAT_BATCH);
        const sizes = await Promise.all(batch.map(async (page) => (await (0,promises_.stat)(external_node_path_.join(siteRoot, page.file))).size));
        batch.forEach((page, index) => {
            const size = sizes[index];
            if (size > maxFileBytes)
                report.errors.push({ file: shown(page.file), message: `expected a page of at most ${formatBytes(maxFileBytes)}; found ${formatBytes(size)} (content-edit refuses larger files before any work; edit this one by hand)` });
        });
    }
    if (report.errors.length > 0)
        return report;
    const namespaces = refNamespaces(pages, moves);
    const emptyNamespace = { exists: () => false, uniqueByName: () => undefined, moves: new Map() };
    const regex = deps.regex ?? createRegexReplacer();
    const staged = [];
    const replacementsByOperation = new Map();
    let keptDiff = '';
    try {
        for (const page of toVisit) {
            const absolute = external_node_path_.join(siteRoot, page.file);
            const { bytes, state } = readRegularFile(absolute);
            const movedTo = moves.get(page.file);
            const movedPage = movedTo === undefined ? undefined : contentPathOf(movedTo, page);
            const plan = await planFile({ contentPath: page.path, shownAs: shown(page.file), bytes, operations: operationsByFile.get(page.file) ?? [] }, {
                operations: settings.operations,
                ...(movedTo === undefined ? {} : { move: { index: moveIndex.get(page.file) ?? 0, oldUrls: site ? aliasesFor(site, page) : undefined } }),
                refs: moves.size === 0 ? undefined : { from: page.refPath, to: movedPage === undefined ? page.refPath : refPathOf(movedPage, page), namespaceFor: (language) => namespaces.get(language ?? page.language) ?? emptyNamespace },
                regex,
            });
            report.errors.push(...plan.errors);
            for (const [index, count] of plan.replacements)
                replacementsByOperation.set(index, (replacementsByOperation.get(index) ?? 0) + count);
            report.refs_updated += plan.refsRewritten;
            if (plan.errors.length > 0 || plan.original === undefined)
                continue;
            const newText = plan.text ?? plan.original;
            if (plan.text === undefined && !movedTo)
                continue;
            const diff = diffFile(shown(page.file), shown(movedTo ?? page.file), plan.original, newText);
            report.diffLength += diff.text.length;
            if (keptDiff.length < MAX_DIFF_KEPT)
                keptDiff += diff.text.slice(0, MAX_DIFF_KEPT - keptDiff.length);
            for (const line of diff.text.replace(/\n$/, '').split('\n'))
                deps.onLine?.(line);
            report.files_changed++;
            report.changes.push({ file: shown(movedTo ?? page.file), ...(movedTo ? { moved_from: shown(page.file) } : {}), lines: diff.lines });
            if (!settings.dryRun && report.errors.length === 0) {
                staged.push(stageEdit(absolute, external_node_path_.join(siteRoot, movedTo ?? page.file), newText, state));
                report.filesWritten.push(shown(page.file), ...(movedTo ? [shown(movedTo)] : []));
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
            report.filesWritten = [];
            return report;
        }
        try {
            if (settings.undoable)
                report.applied = applyStagedUndoable(staged);
            else
                await applyStaged(staged);
            report.written = true;
        }
        catch (error) {
            report.filesWritten = [];
            report.errors.push({ file: contentRoot, message: error instanceof ApplyError ? relativeMessage(error.message, settings.repoRoot) : `writing the edits failed, every file was put back: ${relativeMessage(error instanceof Error ? error.message : String(error), settings.repoRoot)}` });
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
/** The aliases that bring back the URLs Hugo serves a page at, written as the site's Hugo reads them. */
function aliasesFor(site, page) {
    const urls = site.urlsByFile.get(page.file) ?? [];
    if (!site.aliasesUnderLanguage)
        return urls;
    // This Hugo puts the alias under the language's folder itself: the alias must not name it again.
    const folder = `/${page.language}/`;
    return urls.map((url) => (url.startsWith(folder) ? url.slice(folder.length - 1) : url));
}
/** The page a move's `from` names: its path in a content folder (`lang:` to choose among languages) or its file in the site. */
function resolveMoveSource(from, pages) {
    const prefix = LANGUAGE_PREFIX.exec(from);
    const wanted = prefix ? from.slice(prefix[0].length) : from;
    const found = pages.filter((page) => (page.path === wanted || page.file === wanted) && (!prefix || page.language === prefix[1]));
    if (found.length === 1)
        return { ok: true, page: found[0] };
    if (found.length === 0)
        return { ok: false, message: `expected a page to move; found no page ${from} in the content folders searched: {searched}` };
    return { ok: false, message: `expected one page to move; found ${found.length} named ${wanted} (${found.map((page) => page.file).join(', ')}): name one with its language, e.g. ${found[0].language}:${wanted}` };
}
/** Where a moved page goes: in the same content folder as it was, by its new path in the content tree (or in the site). */
function moveTarget(to, page) {
    const wanted = to.replace(LANGUAGE_PREFIX, '');
    const folderPrefix = `${page.folder.source}/`;
    if (wanted.startsWith(folderPrefix))
        return { ok: true, file: wanted };
    const target = page.folder.target;
    if (target !== '' && wanted !== target && !wanted.startsWith(`${target}/`))
        return { ok: false, message: `expected a path under ${target}/ (where ${page.folder.source} is mounted); found ${to}` };
    return { ok: true, file: external_node_path_.posix.join(page.folder.source, target === '' ? wanted : wanted.slice(target.length + 1)) };
}
function contentPathOf(file, page) {
    return external_node_path_.posix.join(page.folder.target, external_node_path_.posix.relative(page.folder.source, file));
}
function refPathOf(contentPath, page) {
    if (page.refPath === page.path)
        return contentPath;
    return contentPath.replace(/\.[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*\.md$/, '.md');
}
/** Each language's pages as refs name them, with the moves among them. */
function refNamespaces(pages, moves) {
    const byLanguage = new Map();
    for (const page of pages) {
        if (!page.path.endsWith('.md'))
            continue;
        let entry = byLanguage.get(page.language);
        if (!entry)
            byLanguage.set(page.language, (entry = { paths: new Set(), names: new Map(), moves: new Map() }));
        entry.paths.add(page.refPath);
        const name = external_node_path_.posix.basename(page.refPath);
        entry.names.set(name, entry.names.has(name) ? null : page.refPath);
        const movedTo = moves.get(page.file);
        if (movedTo !== undefined)
            entry.moves.set(page.refPath, refPathOf(contentPathOf(movedTo, page), page));
    }
    return new Map([...byLanguage].map(([language, entry]) => [language, { exists: (candidate) => entry.paths.has(candidate), uniqueByName: (name) => entry.names.get(name) ?? undefined, moves: entry.moves }]));
}
/**
 * Why a path to write is not inside the content folders once symlinks are resolved (its nearest
 * existing folder is resolved: a folder that is a link elsewhere is refused), or undefined.
 */
async function leavesContent(absolute, folderReals, repoReal) {
    let existing = external_node_path_.dirname(absolute);
    for (;;) {
        const info = await (0,promises_.lstat)(existing).catch(() => undefined);
        if (info)
            break;
        const parent = external_node_path_.dirname(existing);
        if (parent === existing)
            break;
        existing = parent;
    }
    const real = await (0,promises_.realpath)(existing).catch(() => undefined);
    if (!real)
        return 'whose folder cannot be resolved';
    if (folderReals.some((folder) => isInside(real, folder)))
        return undefined;
    return isInside(real, repoReal) ? `whose folder leads through a symlink to ${external_node_path_.relative(repoReal, real).split(external_node_path_.sep).join('/')}, outside the content folders` : 'whose folder leads through a symlink outside the repository';
}
function isInside(child, parent) {
    return child === parent || child.startsWith(parent + external_node_path_.sep);
}
/** An error message with the repository's absolute path taken out, so paths in it are repository-relative. */
function relativeMessage(message, repoRoot) {
    const root = external_node_path_.resolve(repoRoot) + external_node_path_.sep;
    return message.split(root).join('');
}
function formatBytes(bytes) {
    return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
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
/** Every regular file and symlink under a content folder (relative, sorted, true for a symlink); links are not followed. */
async function listContent(root) {
    const found = [];
    const entries = await (0,promises_.readdir)(root, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
        const parent = entry.parentPath ?? entry.path ?? root;
        const relative = external_node_path_.relative(root, external_node_path_.join(parent, entry.name)).split(external_node_path_.sep).join('/');
        if (entry.name.endsWith('.handoff-edit') || entry.name.endsWith('.handoff-edit.original'))
            continue;
        if (entry.isSymbolicLink())
            found.push([relative, true]);
        else if (entry.isFile())
            found.push([relative, false]);
    }
    return found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

//# sourceMappingURL=content-edit.js.map
// EXTERNAL MODULE: ./lib/process/run-program.js
var run_program = __webpack_require__(1554);
// EXTERNAL MODULE: ./lib/process/site-code-environment.js
var site_code_environment = __webpack_require__(7469);
// EXTERNAL MODULE: ./lib/hugo/build.js + 3 modules
var build = __webpack_require__(6195);
;// CONCATENATED MODULE: ./lib/hugo/site-view.js





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
    const run = deps.run ?? run_program/* runProgram */.m;
    const env = deps.env ?? site_code_environment/* EMPTY_SITE_CODE_ENVIRONMENT */.i;
    const hugo = deps.hugoBinary ?? 'hugo';
    const common = ['--source', siteDir, ...(deps.environment ? ['--environment', deps.environment] : [])];
    const leftovers = await Promise.all(['.hugo_build.lock', 'public'].map(async (name) => ({ file: external_node_path_.join(siteDir, name), existed: (await (0,promises_.stat)(external_node_path_.join(siteDir, name)).catch(() => undefined)) !== undefined })));
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
        const hugoVersion = (0,build/* parseHugoVersion */.bW)(version.stdout);
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
                await (0,promises_.rm)(file, { force: true });
            else
                await (0,promises_.rmdir)(file).catch(() => undefined);
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
        folders.push({ source: external_node_path_.posix.normalize(mount.source.replace(/\\/g, '/')), target: target.slice('content'.length).replace(/^\//, ''), language });
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
;// CONCATENATED MODULE: ./lib/worker/content-edit-worker.js








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
    const dryRun = (params.dry_run === true && tools.applyContentEdit !== true) || tools.deployOverrides?.dryRun === true;
    const build = (suffix) => tools.buildSite({
        siteDir: external_node_path_.resolve(repoRoot, params.site_path),
        destination: external_node_path_.resolve(repoRoot, '.handoff', 'build', `${task.id}${suffix}`),
        pathsFrom: repoRoot,
        ...(params.base_url ? { baseUrl: params.base_url } : {}),
        environment: task.environment,
    }, (0,worker_tools/* hugoDepsOf */.Z)(tools, { progress: false }));
    const siteDir = external_node_path_.resolve(repoRoot, params.site_path);
    const moves = params.operations.some((operation) => operation.op === 'move');
    // Hugo's own view: where the pages are (content folders, languages) and the URL of each, for a move's aliases.
    // hugo reads the site's config here too: it runs with the site-code environment like every build.
    const view = await (tools.readSiteView ?? readHugoSiteView)(siteDir, { ...(task.environment ? { environment: task.environment } : {}), ...(tools.siteCodeEnv ? { env: tools.siteCodeEnv } : {}) });
    // Without Hugo's list a move cannot know the URLs to keep: the edit is only planned, to report every other problem too.
    const viewProblem = !view.ok && moves ? `a move needs Hugo's list of the site's pages (the URLs the page has now become its aliases), and it could not be read: ${relativeTo(view.message, repoRoot)}` : undefined;
    const before = params.build_after && !dryRun && !viewProblem ? await build('-before') : undefined;
    const edit = await runContentEdit({
        repoRoot,
        sitePath: params.site_path,
        contentDir: params.content_dir ?? (view.ok ? undefined : operations/* DEFAULT_CONTENT_DIR */.uQ),
        files: params.files,
        operations: params.operations,
        dryRun: dryRun || viewProblem !== undefined,
        ...(view.ok ? { site: view.view } : {}),
        undoable: before !== undefined,
    }, { ...deps, ...(tools.onLine ? { onLine: tools.onLine } : {}) });
    const outputs = {
        ...editOutputs(edit),
        dry_run: dryRun,
        summary: summary(edit, dryRun),
    };
    // The whole diff went to the log line by line (tools.onLine) as it was made; the result keeps its start.
    const log = [edit.diff.replace(/\n$/, ''), ...edit.errors.map((error) => `error: ${formatEditError(error)}`), String(outputs.summary)].filter(Boolean);
    let error = edit.errors[0] ? editError(edit) : undefined;
    if (viewProblem) {
        outputs.errors = [`${params.site_path}: ${viewProblem}`, ...outputs.errors];
        outputs.summary = `content-edit refused; nothing was written: ${viewProblem}`;
        log.push(viewProblem);
        error = {
            category: 'invalid-task',
            action: (0,categories/* actionFor */.cY)('invalid-task'),
            message: `${viewProblem}${edit.errors.length > 0 ? ` (and ${edit.errors.length} more problem(s), in outputs.errors)` : ''}`,
            file: params.site_path,
            next_step: 'Auto-fix: nothing was written. Make the site build first (the error above names what hugo could not read; a hugo-build task shows it whole), then submit the move again.',
        };
    }
    if (before && edit.written && edit.applied) {
        const after = await build('');
        const known = new Set(before.outputs.errors.map(messageKey));
        const fresh = after.outputs.errors.filter((message) => !known.has(messageKey(message)));
        outputs.build_success = after.outputs.build_success;
        outputs.new_build_errors = fresh;
        log.push(`build after the edit: ${after.outputs.build_success ? 'succeeded' : 'failed'}, ${fresh.length} new error(s)`);
        // A site that failed the same way before the edit is not the edit's doing: the edit stays.
        const brokenByEdit = fresh.length > 0 || (!after.outputs.build_success && before.outputs.build_success);
        if (brokenByEdit) {
            // All or nothing: an edit that breaks the build is taken back, every file as it was.
            edit.applied.undo();
            outputs.written = false;
            outputs.reverted = true;
            outputs.summary = `content-edit reverted: the build after the edit ${after.outputs.build_success ? `showed ${fresh.length} new error(s)` : 'failed'}, so every edited file was put back as it was; nothing is written`;
            log.push(after.log, String(outputs.summary));
            const cause = (0,classify/* classifyHugoErrors */.Z)(fresh) ?? after.error;
            const first = fresh[0];
            error = {
                category: cause?.category ?? 'markdown-or-template-syntax',
                action: cause?.action ?? (0,categories/* actionFor */.cY)('markdown-or-template-syntax'),
                message: `the edit was reverted (every file put back): the build after it ${after.outputs.build_success ? `had ${fresh.length} error(s) it did not have before` : 'failed'}: ${relativeTo((fresh.length > 0 ? fresh.map((message) => message.message).join('; ') : (cause?.message ?? 'see the log')).slice(0, 400), repoRoot)}`,
                ...(first?.file ? { file: relativeTo(first.file, repoRoot) } : cause?.file ? { file: relativeTo(cause.file, repoRoot) } : {}),
                ...(first?.line ? { line: first.line } : {}),
                next_step: `Auto-fix: nothing is written. The build error above names what the edit broke${first?.file ? ` (${relativeTo(first.file, repoRoot)})` : ''}: change the operations so the site still builds (for a move, a ref the editor could not rewrite: update it with a replace operation in the same task), preview with params.dry_run: true, then submit the corrected task.`,
            };
        }
        else {
            edit.applied.keep();
        }
    }
    else if (edit.applied) {
        edit.applied.keep();
    }
    if (edit.written && outputs.written === true) {
        outputs.undo = undoCommand(edit);
        outputs.summary = `${String(outputs.summary)}; the edits are written in the work tree (undo: ${outputs.undo})`;
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
        content_dirs: edit.contentRoots,
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
/** The one command that takes the written edit back: tracked files checked out again, new files (a move's target) removed. */
function undoCommand(edit) {
    const created = new Set(edit.changes.filter((change) => change.moved_from).map((change) => change.file));
    const tracked = [...new Set(edit.filesWritten)].filter((file) => !created.has(file));
    const quote = (file) => (/^[A-Za-z0-9._/+-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`);
    const parts = [`git checkout -- ${tracked.map(quote).join(' ')}`];
    if (created.size > 0)
        parts.push(`rm ${[...created].map(quote).join(' ')}`);
    return parts.join(' && ');
}
/** A message with the repository's absolute path taken out, so file paths in it are repository-relative. */
function relativeTo(text, repoRoot) {
    const root = external_node_path_.resolve(repoRoot);
    return text.split(`${root}${external_node_path_.sep}`).join('').split(root).join('.');
}
/** A build error without its position, which an edit may shift. */
function messageKey(message) {
    return `${message.file ?? ''}|${message.message.replace(/:\d+:\d+/g, '')}`;
}
//# sourceMappingURL=content-edit-worker.js.map

/***/ })

};
