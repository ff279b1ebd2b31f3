import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
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
  const context = { root, env };
  registerTaskTools(server, context);
  registerDeployTools(server, context);
  registerContentEditTools(server, context);
  return server;
}
