import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { redactorFor, secretValuesIn, type Redactor } from '../process/secret-values.js';
import { HANDOFF_VERSION } from '../version.js';
import { registerContentEditTools } from './content-edit-tools.js';
import { registerDeployTools } from './deploy-tools.js';
import { registerTaskTools } from './task-tools.js';

/**
 * The MCP face of handoff: the agent's whole loop (templates, create, submit, status, wait,
 * verify, recent results, previews, plans, promote, rollback, content edits) as tools with
 * validated inputs. Each tool calls the same core function (src/client/) as its CLI command and
 * answers with the JSON that command's --json prints; failures are tool errors (isError)
 * carrying the CLI's own message. handoff.yml is read afresh by each call, since the server
 * outlives edits to it.
 */
export function createHandoffMcpServer(root: string, env: NodeJS.ProcessEnv): McpServer {
  const server = new McpServer({ name: 'handoff', version: HANDOFF_VERSION });
  redactAnswers(server, redactorFor(secretValuesIn(env)));
  const context = { root, env };
  registerTaskTools(server, context);
  registerDeployTools(server, context);
  registerContentEditTools(server, context);
  return server;
}

/**
 * Every tool's answer has the credential values of the server's environment cut out: a result
 * file written before they were redacted, or a message quoting one, does not reach the agent.
 */
function redactAnswers(server: McpServer, redactor: Redactor): void {
  const register = server.registerTool.bind(server) as (name: string, config: unknown, handler: (...args: unknown[]) => unknown) => unknown;
  const redacting = (name: string, config: unknown, handler: (...args: unknown[]) => unknown) =>
    register(name, config, async (...args: unknown[]) => redactor.value(await handler(...args)));
  server.registerTool = redacting as typeof server.registerTool;
}
