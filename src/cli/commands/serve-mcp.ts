import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createHandoffMcpServer } from '../../mcp/handoff-mcp-server.js';
import type { CliContext, ParsedCommand } from '../cli-context.js';

/**
 * Serves the MCP tools over stdin/stdout until the client closes the connection. stdout is the
 * protocol channel, so nothing else may write there; notes go to stderr.
 */
export async function run(_parsed: ParsedCommand, context: CliContext): Promise<number> {
  const server = createHandoffMcpServer(context.root, context.env);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  context.stderr(`handoff: MCP server on stdio for ${context.root}\n`);
  await closed;
  await server.close().catch(() => undefined);
  return 0;
}
