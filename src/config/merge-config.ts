import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';

export type ConfigMerge = { ok: true; text: string; added: string[] } | { ok: false; problem: string };

/**
 * Adds to a handoff.yml the keys of `proposed` it does not have (at any depth of nested maps),
 * each with the comments that come with it, and changes nothing else: every value, comment and
 * key order already there is kept (yaml's Document API edits the parsed document, it does not
 * re-render data). `added` names the keys added, as dotted paths.
 */
export function mergeMissingKeys(existingText: string, proposed: string): ConfigMerge {
  const doc = parseDocument(existingText);
  const firstError = doc.errors[0];
  if (firstError) return { ok: false, problem: `not valid YAML (line ${(firstError.linePos?.[0].line ?? 0)}: ${firstError.message.split('\n')[0]})` };
  const source = parseDocument(proposed);
  if (!isMap(source.contents)) return { ok: false, problem: 'the proposed configuration is not a mapping' };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { ok: true, text: proposed, added: source.contents.items.map((pair) => keyName(pair.key)) };
  }
  if (!isMap(doc.contents)) return { ok: false, problem: 'not a mapping of settings' };
  const added: string[] = [];
  addMissing(doc.contents, source.contents, [], added);
  return { ok: true, text: added.length ? doc.toString({ lineWidth: 0 }) : existingText, added };
}

function addMissing(target: YAMLMap, source: YAMLMap, at: readonly string[], added: string[]): void {
  for (const pair of source.items) {
    const key = keyName(pair.key);
    if (!target.has(key)) {
      target.items.push(pair);
      added.push([...at, key].join('.'));
      continue;
    }
    const existing = target.get(key, true);
    if (isMap(existing) && isMap(pair.value)) addMissing(existing, pair.value, [...at, key], added);
  }
}

function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}
