/**
 * The PATH programs such as hugo run with, read from the edge's environment, so the core can tell
 * a missing program before it touches anything without reading the environment itself. A module
 * of its own, so the hugo-build action's bundle does not load handoff.yml's schema.
 */
export function programSearchPath(env: NodeJS.ProcessEnv): string | undefined {
  return env.PATH;
}
