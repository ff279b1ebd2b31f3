// Module hooks that let `import data from "./file.json"` (no `with { type: 'json' }`) load on
// Node 20 and 24. @actions/workflow-parser imports its schemas that way: it is written for a
// bundler, and plain Node refuses a JSON import without the attribute.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.endsWith('.json') && !context.importAttributes?.type) {
    return { ...resolved, importAttributes: { ...context.importAttributes, type: 'json' } };
  }
  return resolved;
}

export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}
