export const id = 561;
export const ids = [561,444];
export const modules = {

/***/ 472:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ DEFAULT_CONCURRENCY)
/* harmony export */ });
/**
 * Uploads in flight. Against a server 20 ms away a PUT of a small page spends nearly all its
 * time waiting, so the pool must be wide: on bench/deploy's 10k-file site with 20 ms per
 * request, the engine took 16.4 s with 16 in flight and 8.9 s with 64 (rclone with 16
 * transfers: 15.2 s; issue #14, the SDK-based engine). 64 small PUTs in flight 20–50 ms away are
 * 1,300–3,200 a second, within the 3,500 PUTs a second S3 takes per prefix, and a SlowDown
 * halves the requests in flight (see s3-http.ts); bodies in flight stay under
 * MAX_BYTES_IN_FLIGHT (execute.ts). The one default for uploads, hashing and the connection's
 * requests in flight.
 */
const DEFAULT_CONCURRENCY = 64;
//# sourceMappingURL=concurrency.js.map

/***/ }),

/***/ 1444:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_PATTERN_LENGTH: () => (/* binding */ MAX_PATTERN_LENGTH),
/* harmony export */   globToRegexp: () => (/* binding */ globToRegexp),
/* harmony export */   loadHugoPatterns: () => (/* binding */ loadHugoPatterns)
/* harmony export */ });
/**
 * The two pattern languages of a Hugo site's `[deployment]` settings, matched as `hugo deploy`
 * matches them, against a file's path relative to the build output with `/` separators and no
 * leading slash (`posts/a/index.html`):
 *
 * - a matcher's `pattern` is a Go regular expression (RE2 syntax), searched anywhere in the path
 *   (Go's `MatchString`: unanchored unless the pattern says `^`/`$`);
 * - a target's `include` / `exclude` is a gobwas glob with `/` as separator, matched against the
 *   whole path, pattern and path both lower-cased (Hugo's hugofs/glob).
 *
 * Both run on RE2JS, a port of RE2, rather than JavaScript's RegExp: the patterns come from the
 * repository, which the agent writes, and RegExp backtracks (`(a+)+$` against a long name takes
 * time exponential in its length), while RE2 runs in time linear in the path for any pattern. RE2
 * is also Go's own syntax, so a pattern means here what it means to Hugo, and what Go refuses
 * (backreferences, lookaround, possessive repeats, repeats over 1000, `\C`) is refused here too,
 * with Go's message. Patterns longer than MAX_PATTERN_LENGTH are refused as well: RE2 compiles a
 * program whose size grows with the pattern, and every path is run through it.
 *
 * RE2JS is loaded on first use (loadHugoPatterns): most sites have no `[deployment]`, and a run
 * should not pay for loading it.
 */
/** Longest pattern accepted, in characters: far above any real matcher, low enough to bound each match's work. */
const MAX_PATTERN_LENGTH = 512;
async function loadHugoPatterns() {
    const { RE2JS } = await __webpack_require__.e(/* import() */ 856).then(__webpack_require__.bind(__webpack_require__, 2856));
    const compile = (source, shown, expected) => {
        if (shown.length > MAX_PATTERN_LENGTH)
            return { ok: false, expected: `${expected} of at most ${MAX_PATTERN_LENGTH} characters`, found: `${shown.length} characters` };
        try {
            const compiled = RE2JS.compile(source);
            return { ok: true, test: (relativePath) => compiled.test(relativePath) };
        }
        catch (error) {
            return { ok: false, expected, found: `'${shown}' (${error instanceof Error ? error.message : String(error)})` };
        }
    };
    return {
        regexp: (pattern) => compile(pattern, pattern, 'a Go regular expression (RE2 syntax: no backreferences or lookaround)'),
        glob: (pattern) => {
            const expected = 'a glob as hugo deploy reads it (* within a segment, ** across segments, ?, [a-z], [!a], {a,b})';
            const translated = globToRegexp(pattern.toLowerCase());
            if (typeof translated !== 'string')
                return { ok: false, expected, found: `'${pattern}' (${translated.error})` };
            const compiled = compile(translated, pattern, expected);
            return compiled.ok ? { ok: true, test: (relativePath) => compiled.test(relativePath.toLowerCase()) } : compiled;
        },
    };
}
/**
 * A gobwas glob (separator `/`) as an anchored RE2 expression: `*` any run of characters but `/`,
 * `**` any run of characters, `?` one character but `/`, `[abc]` `[a-z]` `[!a]` one character of
 * (or not of) a class, `{a,b}` alternatives (nestable), `\` takes the next character literally.
 * Every literal is written as `\x{…}`, so no character of the glob can mean anything in RE2.
 */
function globToRegexp(glob) {
    let index = 0;
    const literal = (ch) => `\\x{${ch.codePointAt(0).toString(16)}}`;
    const parse = (depth) => {
        let out = '';
        while (index < glob.length) {
            const ch = glob[index];
            if (depth > 0 && (ch === ',' || ch === '}'))
                return out;
            index++;
            if (ch === '\\') {
                if (index >= glob.length)
                    return { error: 'a \\ at the end escapes nothing' };
                out += literal(glob[index++]);
            }
            else if (ch === '*') {
                if (glob[index] === '*') {
                    while (glob[index] === '*')
                        index++;
                    out += '(?s:.*)';
                }
                else
                    out += '[^/]*';
            }
            else if (ch === '?')
                out += '[^/]';
            else if (ch === '[') {
                const negated = glob[index] === '!';
                if (negated)
                    index++;
                let items = '';
                while (index < glob.length && glob[index] !== ']') {
                    const low = glob[index++];
                    if (glob[index] === '-' && index + 1 < glob.length && glob[index + 1] !== ']') {
                        const high = glob[index + 1];
                        if (high < low)
                            return { error: `the range ${low}-${high} is reversed` };
                        items += `${literal(low)}-${literal(high)}`;
                        index += 2;
                    }
                    else
                        items += literal(low);
                }
                if (glob[index] !== ']')
                    return { error: "a '[' is not closed" };
                index++;
                if (items === '')
                    return { error: 'an empty [] matches nothing' };
                out += negated ? `[^${items}]` : `[${items}]`;
            }
            else if (ch === '{') {
                if (depth >= 8)
                    return { error: 'braces nested more than 8 deep' };
                const options = [];
                for (;;) {
                    const option = parse(depth + 1);
                    if (typeof option !== 'string')
                        return option;
                    options.push(option);
                    const next = glob[index++];
                    if (next === '}')
                        break;
                    if (next !== ',')
                        return { error: "a '{' is not closed" };
                }
                out += `(?:${options.join('|')})`;
            }
            else
                out += literal(ch);
        }
        if (depth > 0)
            return { error: "a '{' is not closed" };
        return out;
    };
    const body = parse(0);
    return typeof body === 'string' ? `^${body}$` : body;
}
//# sourceMappingURL=hugo-patterns.js.map

/***/ }),

/***/ 8220:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* binding */ md5FromRemoteEtag),
/* harmony export */   Kt: () => (/* binding */ compareStrings),
/* harmony export */   MH: () => (/* binding */ describeUploadRules),
/* harmony export */   PN: () => (/* binding */ summarizePlan),
/* harmony export */   R4: () => (/* binding */ planSync),
/* harmony export */   pe: () => (/* binding */ UPLOAD_PHASES),
/* harmony export */   v8: () => (/* binding */ isKmsEncryption)
/* harmony export */ });
/* unused harmony exports md5FromEtag, uploadPhase, uploadReason */
/* harmony import */ var node_path_posix__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const UPLOAD_PHASES = ['assets', 'html', 'feeds'];
/** The MD5 in an ETag when it is a plain single-part one (`"<32 hex>"`), else undefined. */
/** True for SSE-KMS (`aws:kms`, `aws:kms:dsse`), whose ETags are not MD5s of the body. */
function isKmsEncryption(encryption) {
    return encryption !== undefined && encryption.startsWith('aws:kms');
}
/** The body MD5 an object's ETag states, unless its encryption (or the caller) says the ETag is no MD5. */
function md5FromRemoteEtag(remote, trustEtagMd5) {
    return trustEtagMd5 && !isKmsEncryption(remote.encryption) ? md5FromEtag(remote.etag) : undefined;
}
function md5FromEtag(etag) {
    // S3's own form, `"<32 lower-case hex>"`, without building strings: it is asked for every
    // listed object, two or three times per deploy.
    if (etag.length === 34 && etag.charCodeAt(0) === QUOTE && etag.charCodeAt(33) === QUOTE) {
        const bare = etag.slice(1, 33);
        if (MD5_HEX.test(bare))
            return bare;
    }
    const bare = etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    return MD5_HEX.test(bare) ? bare : undefined;
}
const QUOTE = 0x22;
const MD5_HEX = /^[0-9a-f]{32}$/;
function uploadPhase(filePath) {
    const extension = node_path_posix__WEBPACK_IMPORTED_MODULE_0__.extname(filePath).slice(1).toLowerCase();
    if (extension === 'html' || extension === 'htm')
        return 'html';
    if (extension === 'xml' || extension === 'rss' || extension === 'atom')
        return 'feeds';
    return 'assets';
}
/** Why `file` must be uploaded over `remote`, or undefined when the stored object is the same. */
function uploadReason(file, remote, trustEtagMd5 = true) {
    if (!remote)
        return 'new';
    if (remote.size !== file.bodySize)
        return 'size-changed';
    const remoteMd5 = md5FromRemoteEtag(remote, trustEtagMd5) ?? remote.stored?.md5;
    if (!remoteMd5)
        return 'etag-unverifiable';
    if (remoteMd5 !== file.bodyMd5)
        return 'content-changed';
    const storedHeaders = remote.stored?.headersHash;
    if (storedHeaders !== undefined && storedHeaders !== file.headersHash)
        return 'headers-changed';
    return undefined;
}
/**
 * Compares the build output with the bucket listing and decides every upload (with its reason)
 * and delete. Pure: the same inputs always give the same plan, which is what a dry run prints.
 */
function planSync(local, remote, options) {
    const { prefix, trustEtagMd5 = true } = options;
    const { maxDeletes } = options;
    const uploads = [];
    const localKeys = new Set();
    let skipped = 0;
    for (const file of local) {
        const key = prefix + file.path;
        localKeys.add(key);
        const reason = uploadReason(file, remote.get(key), trustEtagMd5) ?? (options.forced?.(file.path) ? 'forced' : undefined);
        if (reason)
            uploads.push({ key, file, reason, phase: uploadPhase(file.path) });
        else
            skipped++;
    }
    uploads.sort((a, b) => UPLOAD_PHASES.indexOf(a.phase) - UPLOAD_PHASES.indexOf(b.phase) ||
        b.file.bodySize - a.file.bodySize ||
        compareStrings(a.key, b.key));
    const deletes = [];
    for (const key of remote.keys()) {
        if (localKeys.has(key) || !key.startsWith(prefix))
            continue;
        if (options.keep?.(key.slice(prefix.length)))
            continue;
        deletes.push(key);
    }
    deletes.sort(compareStrings);
    const plan = {
        prefix,
        uploads,
        deletes,
        skipped,
        bytesToUpload: uploads.reduce((sum, upload) => sum + upload.file.bodySize, 0),
    };
    if (deletes.length > maxDeletes)
        plan.tooManyDeletes = { count: deletes.length, limit: maxDeletes };
    return plan;
}
/**
 * `originsOf` says which rule set which header of a path (HeaderRules.originsOf); without it, or
 * for a path no rule touches, an upload carries no `rules`.
 */
function summarizePlan(plan, originsOf) {
    const summary = {
        uploads: plan.uploads.map((u) => {
            const upload = { key: u.key, reason: u.reason, bytes: u.file.bodySize };
            const rules = originsOf ? uploadRules(u.file, originsOf(u.file.path)) : undefined;
            if (rules)
                upload.rules = rules;
            return upload;
        }),
        deletes: [...plan.deletes],
        skipped: plan.skipped,
        bytesToUpload: plan.bytesToUpload,
    };
    if (plan.tooManyDeletes)
        summary.tooManyDeletes = { ...plan.tooManyDeletes };
    return summary;
}
/** An upload's rules on one line, as dry runs and `handoff plan` print them: `Cache-Control max-age=60 ← handoff.yml headers[0] '*.css'; …`. */
function describeUploadRules(rules) {
    return Object.entries(rules)
        .map(([header, rule]) => `${header} ${rule}`)
        .join('; ');
}
function uploadRules(file, origins) {
    const rules = {};
    if (origins.cacheControl)
        rules['Cache-Control'] = `${file.headers.cacheControl} ← ${origins.cacheControl}`;
    if (origins.contentType)
        rules['Content-Type'] = `${file.headers.contentType} ← ${origins.contentType}`;
    if (origins.contentEncoding)
        rules['Content-Encoding'] = `gzip ← ${origins.contentEncoding}`;
    if (origins.force)
        rules['force'] = `uploaded on every deploy ← ${origins.force}`;
    return Object.keys(rules).length > 0 ? rules : undefined;
}
/** Code-unit order, the order S3 lists keys in, independent of the machine's locale. */
function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=plan.js.map

/***/ }),

/***/ 561:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  THROTTLED_DEPLOY_RETRY_DELAY_MS: () => (/* binding */ THROTTLED_DEPLOY_RETRY_DELAY_MS),
  buildForDeploy: () => (/* binding */ buildForDeploy),
  deployWorker: () => (/* binding */ deployWorker)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/config/sites.js
var sites = __webpack_require__(6170);
// EXTERNAL MODULE: ./lib/deploy/aws-error.js
var aws_error = __webpack_require__(3445);
// EXTERNAL MODULE: ./lib/deploy/plan.js
var deploy_plan = __webpack_require__(8220);
// EXTERNAL MODULE: ./lib/errors/classify.js
var classify = __webpack_require__(8941);
// EXTERNAL MODULE: ./lib/result/find-results.js
var find_results = __webpack_require__(7353);
// EXTERNAL MODULE: ./lib/worker/build-worker.js + 2 modules
var build_worker = __webpack_require__(492);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/toml-eslint-parser/lib/index.mjs + 3 modules
var lib = __webpack_require__(9605);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./lib/deploy/hugo-patterns.js
var hugo_patterns = __webpack_require__(1444);
// EXTERNAL MODULE: ./lib/validation/closest-match.js
var closest_match = __webpack_require__(8020);
// EXTERNAL MODULE: ./lib/validation/problem.js
var validation_problem = __webpack_require__(4456);
// EXTERNAL MODULE: ./lib/validation/source-location.js
var source_location = __webpack_require__(2176);
// EXTERNAL MODULE: ./lib/hugo/site-config.js
var site_config = __webpack_require__(3377);
;// CONCATENATED MODULE: ./lib/hugo/site-deployment.js









/** The keys of a `[[deployment.matchers]]` entry, as hugo's Matcher has them (read case-insensitively). */
const MATCHER_KEYS = ['pattern', 'cacheControl', 'contentEncoding', 'contentType', 'gzip', 'force'];
/** The config dir's files that hold the `deployment` section itself rather than the root keys. */
const DEPLOYMENT_FILES = ['deployment.toml', 'deployment.yaml', 'deployment.yml', 'deployment.json'];
/**
 * Reads what a Hugo site's `[deployment]` settings ask of a deploy, from every file Hugo reads
 * them from: the site's config file (hugo.toml … config.json, the first found, as Hugo takes it),
 * then `config/_default/` and `config/<environment>/` (their hugo.* or config.* under the
 * `deployment` key, and deployment.toml/yaml/json holding the section itself). A later file's
 * `matchers` or `targets` replaces an earlier one's, as Hugo's merge replaces a list.
 *
 * Every matcher and the first target's include and exclude are checked here, before anything is
 * built, so a bad one is refused with its file, line and key: an unknown key, a pattern Go would
 * not compile (or that this engine would read differently, see hugo-patterns.ts), a
 * contentEncoding other than gzip. The rest of the section (targets' URLs and CDN ids, maxDeletes,
 * order, workers) is Hugo's business and not read: where a deploy goes comes from handoff.yml.
 */
async function readSiteDeployment(root, sitePath, hugoEnvironment) {
    const siteDir = external_node_path_.resolve(root, sitePath);
    const candidates = site_config/* HUGO_CONFIG_FILES */.$.map((name) => ({ file: external_node_path_.join(siteDir, name), holdsSection: false }));
    // An environment name is a plain word (HUGO_ENVIRONMENT_NAME), so the folder stays inside config/.
    for (const folder of ['_default', ...(/^[A-Za-z0-9_-]+$/.test(hugoEnvironment) && hugoEnvironment !== '_default' ? [hugoEnvironment] : [])]) {
        for (const name of site_config/* HUGO_CONFIG_FILES */.$)
            candidates.push({ file: external_node_path_.join(siteDir, 'config', folder, name), holdsSection: false });
        for (const name of DEPLOYMENT_FILES)
            candidates.push({ file: external_node_path_.join(siteDir, 'config', folder, name), holdsSection: true });
    }
    // A few dozen small reads at once, most of them of files that do not exist.
    const texts = await Promise.all(candidates.map((candidate) => (0,promises_.readFile)(candidate.file, 'utf8').catch(() => undefined)));
    // Hugo reads the first of its config file names at the site's root and ignores the others.
    const rootConfig = texts.findIndex((text, index) => index < site_config/* HUGO_CONFIG_FILES */.$.length && text !== undefined);
    const layers = [];
    const problems = [];
    candidates.forEach((candidate, index) => {
        const text = texts[index];
        if (text === undefined || (index < site_config/* HUGO_CONFIG_FILES */.$.length && index !== rootConfig))
            return;
        // Most sites have no [deployment]: their config is not parsed a second time for it.
        if (!candidate.holdsSection && !/deployment/i.test(text))
            return;
        const relative = external_node_path_.relative(root, candidate.file).split(external_node_path_.sep).join('/');
        const layer = deploymentLayer(relative, text, candidate.holdsSection);
        if (layer === undefined)
            return;
        if ('problem' in layer)
            problems.push(layer.problem);
        else
            layers.push(layer);
    });
    if (problems.length > 0)
        return { ok: false, problems };
    const matchersLayer = layers.findLast((layer) => keyIn(layer.section, 'matchers') !== undefined);
    const targetsLayer = layers.findLast((layer) => keyIn(layer.section, 'targets') !== undefined);
    if (!matchersLayer && !targetsLayer)
        return { ok: true, rules: undefined };
    const patterns = await (0,hugo_patterns.loadHugoPatterns)();
    const rules = { matchers: [] };
    if (matchersLayer)
        rules.matchers = readMatchers(matchersLayer, patterns, problems);
    if (targetsLayer)
        Object.assign(rules, readFirstTarget(targetsLayer, patterns, problems));
    if (problems.length > 0)
        return { ok: false, problems };
    return { ok: true, rules };
}
/**
 * The file's deployment section with a line finder; undefined when it states none or does not
 * parse (hugo then fails the build and names the fault itself, classified as any config error).
 */
function deploymentLayer(file, text, holdsSection) {
    let data;
    let lineAt;
    if (file.endsWith('.toml')) {
        let ast;
        try {
            ast = (0,lib/* parseTOML */.MD)(text);
        }
        catch {
            return undefined;
        }
        data = (0,lib/* getStaticTOMLValue */.AY)(ast);
        const lines = tomlLines(ast);
        lineAt = (filePath) => nearestLine(lines, filePath);
    }
    else {
        const lineCounter = new dist/* LineCounter */.HN();
        const doc = (0,dist/* parseDocument */.Tp)(text.replace(/^\uFEFF/, ''), { lineCounter });
        if (doc.errors.length > 0)
            return undefined;
        data = doc.toJS();
        lineAt = (filePath) => (0,source_location/* locateField */.D)(doc, lineCounter, filePath, 'key')?.line;
    }
    if (!isTable(data))
        return undefined;
    const sectionKey = holdsSection ? undefined : keyIn(data, 'deployment');
    const section = holdsSection ? data : sectionKey === undefined ? undefined : data[sectionKey];
    if (section === undefined)
        return undefined;
    const prefix = sectionKey === undefined ? [] : [sectionKey];
    if (!isTable(section))
        return { problem: { file, ...lineOpt(lineAt(prefix)), field: 'deployment', expected: 'a table of deployment settings', found: (0,validation_problem/* describeValue */.bp)(section) } };
    return { file, section, lineOf: (sectionPath) => lineAt([...prefix, ...sectionPath]) };
}
function readMatchers(layer, patterns, problems) {
    const key = keyIn(layer.section, 'matchers');
    const list = layer.section[key];
    const problem = (at, expected, found, hint) => problems.push({ file: layer.file, ...lineOpt(layer.lineOf(at)), field: fieldName(at), expected, found, ...(hint ? { hint } : {}) });
    if (!Array.isArray(list)) {
        problem([key], 'a list of matchers ([[deployment.matchers]])', (0,validation_problem/* describeValue */.bp)(list));
        return [];
    }
    const rules = [];
    list.forEach((entry, index) => {
        const at = [key, index];
        if (!isTable(entry)) {
            problem(at, 'a matcher table (pattern, cacheControl, contentEncoding, contentType, gzip, force)', (0,validation_problem/* describeValue */.bp)(entry));
            return;
        }
        const before = problems.length;
        const rule = { syntax: 'go-regexp', pattern: '' };
        for (const [name, value] of Object.entries(entry)) {
            const known = MATCHER_KEYS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
            const valueAt = [...at, name];
            if (!known) {
                const suggestion = (0,closest_match/* closestMatch */.h)(name, MATCHER_KEYS);
                problem(valueAt, `one of the matcher keys: ${MATCHER_KEYS.join(', ')}`, `an unknown key "${name}"`, suggestion ? `did you mean "${suggestion}"?` : undefined);
                continue;
            }
            if (known === 'gzip' || known === 'force') {
                if (typeof value !== 'boolean')
                    problem(valueAt, 'true or false', (0,validation_problem/* describeValue */.bp)(value));
                else
                    rule[known] = value;
                continue;
            }
            if (typeof value !== 'string') {
                problem(valueAt, 'a string', (0,validation_problem/* describeValue */.bp)(value));
                continue;
            }
            if (known === 'pattern') {
                const compiled = patterns.regexp(value);
                if (compiled.ok)
                    rule.pattern = value;
                else
                    problem(valueAt, compiled.expected, compiled.found);
            }
            else if (known === 'contentEncoding') {
                // hugo deploy sends this header as written over the file as it is; handoff can only produce gzip.
                if (value === 'gzip')
                    rule.gzip = true;
                else if (value !== '')
                    problem(valueAt, "gzip (handoff compresses the file and sets Content-Encoding: gzip; it produces no other encoding), or no contentEncoding", (0,validation_problem/* describeValue */.bp)(value));
            }
            else if (/[\u0000-\u001f\u007f]/.test(value)) {
                problem(valueAt, 'a header value on one line, without control characters', (0,validation_problem/* describeValue */.bp)(value));
            }
            else if (value !== '') {
                // An empty value is Go's zero value: hugo deploy then sends no such header, and handoff its default.
                rule[known] = value;
            }
        }
        if (keyIn(entry, 'pattern') === undefined)
            problem(at, "a pattern (a Go regular expression matched against the path, such as '^.+\\.css$')", 'no pattern');
        if (problems.length > before)
            return;
        rule.source = `${layer.file}${lineSuffix(layer.lineOf(at))} ${fieldName(at)} '${rule.pattern}'`;
        rules.push(rule);
    });
    return rules;
}
function readFirstTarget(layer, patterns, problems) {
    const key = keyIn(layer.section, 'targets');
    const list = layer.section[key];
    const first = Array.isArray(list) ? list[0] : undefined;
    if (!isTable(first))
        return {};
    const out = {};
    for (const which of ['include', 'exclude']) {
        const name = keyIn(first, which);
        if (name === undefined)
            continue;
        const value = first[name];
        const at = [key, 0, name];
        const line = layer.lineOf(at);
        if (typeof value !== 'string') {
            problems.push({ file: layer.file, ...lineOpt(line), field: fieldName(at), expected: 'a glob string', found: (0,validation_problem/* describeValue */.bp)(value) });
            continue;
        }
        if (value === '')
            continue;
        const compiled = patterns.glob(value);
        if (!compiled.ok)
            problems.push({ file: layer.file, ...lineOpt(line), field: fieldName(at), expected: compiled.expected, found: compiled.found });
        else
            out[which] = { glob: value, source: `${layer.file}${lineSuffix(line)} ${fieldName(at)} '${value}'` };
    }
    return out;
}
/** `deployment.matchers[1].pattern`: how hugo's docs name the key. */
function fieldName(sectionPath) {
    return sectionPath.reduce((name, part) => (typeof part === 'number' ? `${name}[${part}]` : `${name}.${part}`), 'deployment');
}
function lineOpt(line) {
    return line === undefined ? {} : { line };
}
function lineSuffix(line) {
    return line === undefined ? '' : `:${line}`;
}
/** The key of `table` equal to `lowerCaseKey` ignoring case, as Hugo reads config keys. */
function keyIn(table, lowerCaseKey) {
    return Object.keys(table).find((candidate) => candidate.toLowerCase() === lowerCaseKey);
}
function isTable(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Lines of a TOML file's keys and tables, by their path (keys lower-cased, array entries by index). */
function tomlLines(ast) {
    const lines = new Map();
    const record = (at, line) => {
        const id = pathId(at);
        if (!lines.has(id))
            lines.set(id, line);
    };
    const visitValue = (at, node) => {
        if (node.type === 'TOMLInlineTable')
            for (const pair of node.body)
                visitPair(at, pair);
        else if (node.type === 'TOMLArray')
            node.elements.forEach((element, index) => (record([...at, index], element.loc.start.line), visitValue([...at, index], element)));
    };
    const visitPair = (base, pair) => {
        const at = [...base, ...pair.key.keys.map((key) => (key.type === 'TOMLBare' ? key.name : key.value))];
        record(at, pair.loc.start.line);
        visitValue(at, pair.value);
    };
    for (const node of ast.body[0]?.body ?? []) {
        if (node.type === 'TOMLKeyValue')
            visitPair([], node);
        else {
            record(node.resolvedKey, node.loc.start.line);
            for (const pair of node.body)
                visitPair(node.resolvedKey, pair);
        }
    }
    return lines;
}
function nearestLine(lines, at) {
    for (let length = at.length; length > 0; length--) {
        const line = lines.get(pathId(at.slice(0, length)));
        if (line !== undefined)
            return line;
    }
    return undefined;
}
function pathId(at) {
    return JSON.stringify(at.map((part) => (typeof part === 'string' ? part.toLowerCase() : part)));
}
//# sourceMappingURL=site-deployment.js.map
// EXTERNAL MODULE: ./lib/errors/categories.js
var categories = __webpack_require__(1587);
// EXTERNAL MODULE: ./lib/worker/deploy-plan.js
var worker_deploy_plan = __webpack_require__(2199);
;// CONCATENATED MODULE: ./lib/config/site-url.js
/**
 * Where an environment's site is live, the one precedence every caller uses (the deploy's live
 * check, the run job's deployment URL, the production gate): the machine's override
 * (HANDOFF_SITE_URL, an action's site-url input, `--local-s3`), handoff.yml's site_url, the
 * task's own base_url (the site was built for it), then handoff.yml's base_url.
 */
function siteUrlOf(environment, more = {}) {
    return more.override ?? environment?.site_url ?? more.taskBaseUrl ?? environment?.base_url;
}
//# sourceMappingURL=site-url.js.map
// EXTERNAL MODULE: ./lib/deploy/concurrency.js
var concurrency = __webpack_require__(472);
;// CONCATENATED MODULE: ./lib/deploy/target-defaults.js

/*
 * The defaults of a deploy target, each stated once: the worker's deploy settings, the previews'
 * dev target, the deploy action's inputs and the S3 clients all apply them through this module.
 */
/** The bucket's region when neither handoff.yml nor the runner names one (AWS's own default). */
const DEFAULT_REGION = 'us-east-1';
/** The bucket's region: the one stated (handoff.yml, an input, the runner's AWS_REGION), else DEFAULT_REGION. */
function bucketRegionOf(...stated) {
    return stated.find((region) => region !== undefined && region !== '') ?? DEFAULT_REGION;
}
/** Most objects one deploy (or one preview's removal) may delete when nothing states a limit. */
const DEFAULT_MAX_DELETES = 256;
/** The first limit stated, most specific first (the task's, then the environment's), else the default. */
function maxDeletesOf(...stated) {
    return stated.find((limit) => limit !== undefined) ?? DEFAULT_MAX_DELETES;
}
/**
 * The checksums S3 requests carry, in the SDK's terms: handoff.yml's checksum_mode when set, else
 * only the required ones for an S3-compatible endpoint (such servers reject the SDK's default
 * checksums more often than not) and every supported one for AWS.
 */
function requestChecksumsOf(mode, endpoint) {
    const chosen = mode ?? (endpoint ? 'when-required' : 'when-supported');
    return chosen === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
}
/** The bucket connection's settings, every default applied: path style with an endpoint, checksums by requestChecksumsOf. */
function resolveS3Target(stated) {
    const endpoint = stated.endpoint || null;
    return {
        region: bucketRegionOf(stated.region),
        endpoint,
        forcePathStyle: stated.forcePathStyle ?? endpoint !== null,
        requestChecksumCalculation: requestChecksumsOf(stated.checksumMode, endpoint ?? undefined),
        credentials: stated.credentials ?? null,
    };
}
/** The one place a deploy target's defaults are applied. */
function resolveDeployTarget(stated) {
    return {
        bucket: stated.bucket,
        prefix: stated.prefix ?? '',
        s3: resolveS3Target(stated),
        maxDeletes: maxDeletesOf(...(stated.maxDeletes ?? [])),
        concurrency: stated.concurrency ?? concurrency/* DEFAULT_CONCURRENCY */.W,
        parallelListing: stated.parallelListing ?? true,
        distributionId: stated.distributionId || null,
        url: stated.url ?? null,
    };
}
//# sourceMappingURL=target-defaults.js.map
;// CONCATENATED MODULE: ./lib/worker/deploy-options.js


/**
 * The deploy's settings from the task, its environment's handoff.yml entry and the machine's
 * overrides. Pure. The task decides what (its params); handoff.yml decides where (bucket, region,
 * distribution), so an agent's task file can never point a deploy at another bucket.
 */
function deployOptionsFor(task, sourceDir, environment, overrides, 
/** How messages name that environment in handoff.yml (`sites.<name>.environments.<env>` for a declared site). */
where = `environments.${task.environment}`) {
    const bucket = environment?.bucket ?? overrides.fallbackBucket;
    if (!bucket) {
        return {
            ok: false,
            message: `handoff.yml has no ${where}.bucket: there is nowhere to deploy ${task.environment} to`,
            next_step: `Escalate: ask the user to set ${where}.bucket (and region, distribution_id, site_url) in handoff.yml.`,
        };
    }
    const url = siteUrlOf(environment, { override: overrides.siteUrl, taskBaseUrl: task.params.base_url }) ?? null;
    const params = task.params;
    const settings = {
        sourceDir,
        ...resolveDeployTarget({
            bucket,
            prefix: environment?.key_prefix,
            region: environment?.region,
            endpoint: overrides.s3Endpoint ?? environment?.s3_endpoint,
            forcePathStyle: environment?.s3_force_path_style,
            checksumMode: environment?.checksum_mode,
            credentials: overrides.localServer?.credentials ?? overrides.environmentCredentials,
            maxDeletes: [params.max_deletes, environment?.max_deletes],
            concurrency: environment?.upload_concurrency,
            parallelListing: environment?.parallel_listing,
            distributionId: params.invalidate === false || overrides.localServer ? null : environment?.distribution_id,
            url,
        }),
        dryRun: overrides.dryRun === true || params.dry_run === true,
        cloudfront: {
            wait: params.wait_for_invalidation ?? false,
            ...(overrides.cloudfrontEndpoint ? { endpoint: overrides.cloudfrontEndpoint } : {}),
        },
        liveCheck: { paths: params.check_paths ?? [] },
    };
    if (overrides.verifyHeaders)
        settings.headEveryObject = true;
    return { ok: true, settings };
}
//# sourceMappingURL=deploy-options.js.map
// EXTERNAL MODULE: ./lib/config/environment-targets.js
var environment_targets = __webpack_require__(6844);
// EXTERNAL MODULE: ./lib/worker/prebuilt-tree.js
var prebuilt_tree = __webpack_require__(8996);
// EXTERNAL MODULE: ./lib/worker/source-choice.js
var source_choice = __webpack_require__(125);
// EXTERNAL MODULE: ./lib/worker/worker-report.js
var worker_report = __webpack_require__(3977);
// EXTERNAL MODULE: ./lib/retry/retry.js
var retry = __webpack_require__(4508);
;// CONCATENATED MODULE: ./lib/worker/deploy-worker.js

















/**
 * How long the worker waits before deploying once more after S3 still throttled it through the
 * SDK's retries (which back off for a few seconds at most): long enough for S3 to scale the
 * prefix's request rate up.
 */
const THROTTLED_DEPLOY_RETRY_DELAY_MS = 30_000;
/** The deploy and its one more go after throttling. */
const THROTTLED_DEPLOY_ATTEMPTS = 2;
/** A deploy S3 throttled through the SDK's retries, to be tried once more after the pause. */
class ThrottledDeploy extends Error {
}
async function deployWorker(roots, task, tools, site) {
    const { siteRoot } = roots;
    const { clock } = tools;
    const started = clock();
    if (!site.ok)
        return (0,worker_report/* invalidConfig */.qh)(site.problems);
    const reviewed = tools.reviewedPlan;
    if (reviewed && 'error' in reviewed) {
        const message = `deploy refused, nothing deployed: no plan was reviewed before approval (${reviewed.error})`;
        return { outputs: { deployment_success: false, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: message, error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the review job could not plan this deploy against the live bucket (see its summary); fix that, then submit the task again.') };
    }
    // The site's own environment: a deploy lists, uploads and deletes only under its bucket + prefix.
    const targeted = (0,environment_targets/* deployTargetsFor */.XO)(site.site, task.environment, tools);
    if (!targeted.ok) {
        return { outputs: { deployment_success: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: targeted.message, error: (0,worker_report/* escalate */.rh)(targeted.message, 'Escalate: ask an admin which is right; the GitHub environment\'s variables decide, so correct handoff.yml (or the variable) and submit the task again.') };
    }
    const environment = targeted.config;
    let build;
    let builtDir;
    if (tools.prebuilt) {
        // Built by another job (no credentials there): nothing from the site runs here, its files are
        // checked against the digests the build and the review recorded.
        if ('error' in tools.prebuilt) {
            const message = `deploy refused, nothing deployed: ${tools.prebuilt.error}`;
            return { outputs: { deployment_success: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: message, error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the build job did not hand over its build; see its log, then submit the task again.') };
        }
        build = tools.prebuilt.report;
        builtDir = tools.prebuilt.siteDir;
        const mismatch = build.error ? undefined : await (0,prebuilt_tree/* prebuiltTreeMismatch */.wM)(tools.prebuilt, reviewed?.tree_digest);
        if (mismatch) {
            const message = `deploy refused, nothing deployed: ${mismatch}`;
            return { outputs: { ...build.outputs, deployment_success: false, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: [build.log, message].join('\n'), error: (0,worker_report/* escalate */.rh)(message, 'Escalate: what would ship is not what was built and reviewed; submit the task again.') };
        }
    }
    else {
        const built = await buildForDeploy(roots, task, tools, site);
        if ('refused' in built)
            return { ...built.refused, outputs: { ...built.refused.outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) } };
        build = built.report;
        builtDir = external_node_path_.resolve(siteRoot, built.report.outputs.output_dir);
    }
    const outputs = {
        ...build.outputs,
        build_duration_seconds: build.outputs.duration_seconds,
        deployment_success: false,
    };
    if (build.error)
        return { ...build, outputs: { ...outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) } };
    if (reviewed?.commit && outputs.source_commit !== reviewed.commit) {
        const message = `deploy refused, nothing deployed: it built ${String(outputs.source_commit)}, but the reviewer approved the plan of ${reviewed.commit}`;
        return { outputs: { ...outputs, plan_matched: false, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: [build.log, message].join('\n'), error: (0,worker_report/* escalate */.rh)(message, 'Escalate: what was approved is not what would ship; submit the task again so the plan is reviewed afresh.') };
    }
    const resolved = deployOptionsFor(task, builtDir, environment, tools.deployOverrides ?? {}, (0,sites/* environmentPath */.FQ)(site.site, task.environment));
    if (!resolved.ok) {
        return { outputs: { ...outputs, duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started) }, log: build.log, error: (0,worker_report/* configError */.Fj)(resolved.message, resolved.next_step) };
    }
    let reviewLog = '';
    const settings = {
        ...resolved.settings,
        ...(site.site.headerRules?.length ? { headerRules: site.site.headerRules } : {}),
        ...(build.siteDeployment ? { siteDeployment: build.siteDeployment } : {}),
    };
    if (reviewed && !settings.dryRun) {
        const replanned = await tools.deploySite({ ...settings, dryRun: true }, build.measuredTree ? { measured: build.measuredTree } : {});
        const differences = replanned.plan
            ? (0,worker_deploy_plan/* planDifferences */.AW)(reviewed, (0,worker_deploy_plan/* reviewedPlanOf */.iZ)(task.id, outputs.source_commit ?? null, replanned.plan))
            : [`the plan could not be made again: ${replanned.failure?.message ?? 'unknown'}`];
        outputs.plan_matched = differences.length === 0;
        outputs.plan_differences = differences;
        reviewLog = differences.length === 0 ? 'the deploy matches the reviewed plan' : `the bucket or build changed since the reviewed plan: ${differences.join('; ')}`;
    }
    // The build's tree digest has walked the output and hashed every file: the deploy does neither again.
    const deployDeps = { ...(tools.onDeployProgress ? { onProgress: tools.onDeployProgress } : {}), ...(build.measuredTree ? { measured: build.measuredTree } : {}) };
    const deployLogs = [];
    // S3 asks to slow down per prefix and scales up within minutes: one more go after a pause often
    // completes, and uploads nothing twice (what went up the first time is skipped). The last
    // attempt's report is the answer, throttled or not.
    const report = await (0,retry/* withRetries */.LH)(async (attempt) => {
        const attempted = await tools.deploySite(settings, deployDeps);
        if (attempt < THROTTLED_DEPLOY_ATTEMPTS && attempted.failure && (0,aws_error/* isThrottling */.E2)(attempted.failure) && !attempted.dryRun) {
            deployLogs.push(deployLog(attempted), `S3 throttled the deploy (${attempted.failure.code ?? attempted.failure.name}) after the SDK's retries; deploying once more in ${THROTTLED_DEPLOY_RETRY_DELAY_MS / 1000} s`);
            throw new ThrottledDeploy();
        }
        return attempted;
    }, {
        attempts: THROTTLED_DEPLOY_ATTEMPTS,
        backoff: { baseDelayMs: THROTTLED_DEPLOY_RETRY_DELAY_MS, maxDelayMs: THROTTLED_DEPLOY_RETRY_DELAY_MS, jitter: 'none' },
        retryable: (error) => error instanceof ThrottledDeploy,
        sleep: tools.sleep,
    });
    tools.onDeployReport?.(report);
    const live = report.liveCheck?.[0];
    Object.assign(outputs, report.outputs, {
        duration_seconds: (0,worker_report/* seconds */.YA)(clock() - started),
        content_type: live?.content_type ?? null,
        dry_run: report.dryRun,
        summary: report.summary,
        invalidation_status: report.invalidation.status,
    });
    const log = [build.log, reviewLog, ...deployLogs, deployLog(report)].filter(Boolean).join('\n');
    if (!report.failure)
        return { outputs, log };
    return {
        outputs,
        log,
        error: (0,classify/* classifyFailure */.X)({
            source: 'aws',
            message: `${report.failure.phase}: ${report.failure.message}`,
            ...(report.failure.code ? { code: report.failure.code } : { code: report.failure.name }),
            ...(report.plan?.tooManyDeletes ? { tooManyDeletes: report.plan.tooManyDeletes } : {}),
        }),
    };
}
/**
 * A site whose `[deployment]` rules do not load: the site's config is the agent's to fix, as a
 * syntax error in it would be, at the file, line and key named.
 */
function siteDeploymentRefused(problems, outputs) {
    const message = `deploy refused, nothing built or deployed: the site's [deployment] settings are invalid: ${problems.map(validation_problem/* formatProblem */.Vw).join('; ')}`;
    const first = problems[0];
    const category = 'markdown-or-template-syntax';
    return {
        outputs: { deployment_success: false, ...outputs },
        log: message,
        error: {
            category,
            action: (0,categories/* actionFor */.cY)(category),
            message,
            file: first.file,
            ...(first.line !== undefined ? { line: first.line } : {}),
            next_step: `Fix ${first.field} in ${first.file}${first.line !== undefined ? ` line ${first.line}` : ''} (expected ${first.expected}), commit, then submit the task again.`,
        },
    };
}
function deployLog(report) {
    const lines = [report.summary];
    const plan = report.plan;
    if (plan && report.dryRun) {
        for (const upload of plan.uploads)
            lines.push(`would upload ${upload.key} (${upload.reason})${upload.rules ? `: ${(0,deploy_plan/* describeUploadRules */.MH)(upload.rules)}` : ''}`);
        for (const key of plan.deletes)
            lines.push(`would delete ${key}`);
    }
    const invalidation = report.invalidation;
    lines.push(`invalidation: ${invalidation.status}${invalidation.id ? ` ${invalidation.id}` : ''}${invalidation.paths.length ? ` [${invalidation.paths.join(', ')}]` : ''}${invalidation.reason ? ` (${invalidation.reason})` : ''}`);
    for (const check of report.liveCheck ?? [])
        lines.push(`live check: GET ${check.url} -> ${check.http_status ?? check.error?.message ?? 'no answer'}`);
    lines.push(...report.warnings.map((warning) => `warning: ${warning}`));
    if (report.failure)
        lines.push(`failed in ${report.failure.phase}: ${report.failure.code ?? report.failure.name}: ${report.failure.message}`);
    return lines.join('\n');
}
/**
 * The build half of a deploy: the source it deploys (the checkout, or the commit a promote or
 * rollback names, checked out apart) built with hugo. Run by the deploy itself locally, and by the
 * workflow's build job on GitHub, whose result the deploy job takes as a prebuilt tree.
 */
async function buildForDeploy(roots, task, tools, site) {
    const { repoRoot, siteRoot } = roots;
    if (!site.ok)
        return { refused: (0,worker_report/* invalidConfig */.qh)(site.problems) };
    const environment = tools.trustedEnvironment ?? (0,sites/* environmentOf */.p7)(site.site, task.environment);
    const choice = (0,source_choice/* chooseSource */.LV)(task, {
        named: task.promote_from || task.rollback_to ? await (0,find_results/* readResultOf */.FW)(repoRoot, task.promote_from ?? task.rollback_to ?? '') : undefined,
        current: task.rollback_to ? (await (0,find_results/* successfulDeploys */.dC)(repoRoot, task.environment, site.resultSite)).find(({ result }) => result.task_id !== task.id) : undefined,
        now: tools.now(),
        promoteMaxAgeHours: environment?.promote_max_age_hours,
        ...(site.resultSite !== undefined ? { site: site.resultSite } : {}),
    });
    if (!choice.ok) {
        return { refused: { outputs: { deployment_success: false }, log: choice.message, error: (0,worker_report/* escalate */.rh)(choice.message, choice.next_step) } };
    }
    let checkout;
    if (choice.kind === 'commit') {
        try {
            checkout = await tools.checkoutCommit(siteRoot, choice.commit, task.id);
        }
        catch (error) {
            const message = `cannot check out ${choice.commit} to build it: ${error instanceof Error ? error.message : String(error)}`;
            return {
                refused: {
                    outputs: { deployment_success: false, ...choice.outputs },
                    log: message,
                    error: (0,worker_report/* escalate */.rh)(message, 'Escalate: the commit is not in this clone; check out with full history (fetch-depth: 0) and submit the task again.'),
                },
            };
        }
    }
    let build;
    try {
        // The site's [deployment] rules are checked before hugo runs: a bad one refuses the deploy at once.
        const deployment = await readSiteDeployment(checkout?.dir ?? siteRoot, task.params.site_path, (0,build_worker/* hugoEnvironmentOf */.G)(task));
        if (!deployment.ok)
            return { refused: siteDeploymentRefused(deployment.problems, choice.kind === 'commit' ? choice.outputs : {}) };
        build = await (0,build_worker/* buildWorker */.D)(roots, task, tools, checkout && choice.kind === 'commit' ? { root: checkout.dir, commit: choice.commit } : undefined);
        if (deployment.rules)
            build.siteDeployment = deployment.rules;
    }
    finally {
        await checkout?.remove();
    }
    if (choice.kind === 'commit')
        build = { ...build, log: [choice.log, build.log].filter(Boolean).join('\n'), outputs: { ...build.outputs, ...choice.outputs } };
    return { report: build };
}
//# sourceMappingURL=deploy-worker.js.map

/***/ })

};
