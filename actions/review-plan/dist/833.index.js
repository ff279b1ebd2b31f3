export const id = 833;
export const ids = [833];
export const modules = {

/***/ 7833:
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
    const { RE2JS } = await __webpack_require__.e(/* import() */ 934).then(__webpack_require__.bind(__webpack_require__, 5934));
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

/***/ })

};
