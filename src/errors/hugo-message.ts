/*
 * A message hugo printed and the place it blames: what hugo/parse-output.ts reads from hugo's
 * output and what the classification in this folder reads, kept here so classifying a failure
 * never imports hugo's runner.
 */

/** One ERROR or WARN that hugo printed, with the place it blamed when it named one. */
export interface HugoMessage {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
  /** Offset just past the location in the text, so callers can take the words that follow it. */
  end: number;
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
const QUOTED_LOCATION = /"((?:[A-Za-z]:)?[^":]+?):(\d+)(?::(\d+))?"/g;
const TEMPLATE_LOCATION = /\b(?:html\/)?template:\s?([^\s:"]+?):(\d+)(?::(\d+))?:/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * The place a hugo message blames. Hugo nests causes (`"page.html:2:3": … error calling partial:
 * "partials/head.html:2:48": …`), and the innermost one is where the fault is, so the last quoted
 * `"path:line:col"` wins; the unquoted `template: name:line:col:` form is the fallback used by
 * errors that carry no quoted path.
 */
export function findLocation(text: string): SourceLocation | undefined {
  const quoted = lastMatch(QUOTED_LOCATION, text);
  const match = quoted ?? lastMatch(TEMPLATE_LOCATION, text);
  if (!match?.[1] || !match[2]) return undefined;
  const location: SourceLocation = {
    file: match[1],
    line: Number(match[2]),
    end: match.index + match[0].length,
  };
  if (match[3]) location.column = Number(match[3]);
  return location;
}

function lastMatch(pattern: RegExp, text: string): RegExpExecArray | undefined {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  let last: RegExpExecArray | undefined;
  for (let match = global.exec(text); match; match = global.exec(text)) last = match;
  return last;
}
