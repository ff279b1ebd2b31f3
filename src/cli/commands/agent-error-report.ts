import { AgentError } from '../../errors/agent-error.js';
import { printJson, printProblems, UsageError, type CliContext } from '../cli-context.js';

/**
 * Runs the body of an agent command and turns an AgentError into the CLI's answer: a misuse
 * becomes a UsageError (exit 2, with the usage line), a refusal prints its message and problems
 * (exit 1), a missing result prints not-found (exit 2). The MCP server shows the same message.
 */
export async function withAgentErrors(context: CliContext, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    if (error.code === 'usage') throw new UsageError(error.message);
    if (context.json) {
      printJson(context, { ok: false, error: { code: error.code, message: error.message }, ...(error.problems.length ? { problems: error.problems } : {}) });
    } else {
      printProblems(context, error.problems);
      context.stderr(`handoff: ${error.message}\n`);
    }
    return error.exitCode;
  }
}
