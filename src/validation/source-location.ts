import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface SourceLocation {
  line: number;
  column: number;
}

/**
 * Finds where a field stands in a parsed YAML document, so an error can name `file:line:col`.
 * For a field that is present this is its value (or its key, with `at: 'key'`); for a missing
 * field it is the mapping that should hold it.
 */
export function locateField(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  at: 'key' | 'value' = 'value',
): SourceLocation | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => scalarValue(item.key) === part);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) break;
      keyNode = undefined;
      node = item;
    } else {
      break;
    }
  }
  const target = at === 'key' && keyNode ? keyNode : ((node as Node | null) ?? keyNode);
  const offset = target?.range?.[0];
  if (offset === undefined) return undefined;
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function scalarValue(node: unknown): unknown {
  return node && typeof node === 'object' && 'value' in node ? (node as { value: unknown }).value : node;
}
