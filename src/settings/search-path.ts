/**
 * The PATH programs such as hugo are looked up on, read by each edge from its environment and
 * passed down (as `searchPath`), so the core checks for a missing program without reading
 * process.env.
 */
export function searchPathOf(env: NodeJS.ProcessEnv): { searchPath?: string } {
  return env.PATH === undefined ? {} : { searchPath: env.PATH };
}
