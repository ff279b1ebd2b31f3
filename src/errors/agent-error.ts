import type { Problem } from '../validation/problem.js';

/**
 * A refusal the agent can act on, raised by the core functions the CLI and the MCP server share:
 * the CLI turns it into its exit code and message, the MCP server into a tool error with the same
 * message, so the agent reads the same words whichever way it asked.
 */
export class AgentError extends Error {
  constructor(
    /** usage: the call was wrong (exit 2); not-found: nothing there yet (exit 2); refused: checked and refused (exit 1). */
    readonly code: 'usage' | 'not-found' | 'refused',
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'AgentError';
  }

  get exitCode(): 1 | 2 {
    return this.code === 'refused' ? 1 : 2;
  }
}
