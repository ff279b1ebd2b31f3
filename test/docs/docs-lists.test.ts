import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { createHandoffMcpServer } from '../../src/mcp/handoff-mcp-server.js';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/**
 * The docs' lists of commands and tools, checked against the CLI's command table and the MCP
 * server's own tool definitions: a command or tool added without its docs, or docs naming one
 * that does not exist, fails here.
 */
const read = (doc: string): Promise<string> => readFile(path.join(PROJECT_ROOT, doc), 'utf8');
const commands = Object.keys(COMMANDS).sort();
let tools: string[] = [];

beforeAll(async () => {
  const server = createHandoffMcpServer(PROJECT_ROOT, {});
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'docs-check', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
  await client.close();
});

/** The commands a doc names: `handoff <word>` in inline code, and lines of code blocks starting with handoff. */
function commandsNamed(markdown: string): string[] {
  const inline = [...markdown.matchAll(/`(?:npx )?handoff ([a-z][a-z-]*)/g)].map((match) => match[1] ?? '');
  const fenced: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n').map((raw) => raw.trim())) {
    if (line.startsWith('```')) inFence = !inFence;
    else if (inFence) fenced.push(/^(?:npx )?handoff ([a-z][a-z-]*)/.exec(line)?.[1] ?? '');
  }
  return [...new Set([...inline, ...fenced].filter(Boolean))].sort();
}

/** The tools a doc names: backticked names that are tools. */
function toolsNamed(markdown: string, known: readonly string[]): string[] {
  const named = new Set([...markdown.matchAll(/`([a-z_]+)`/g)].map((match) => match[1] ?? ''));
  return known.filter((name) => named.has(name));
}

describe('README.md', () => {
  it('has a section heading for every CLI command and names no command that does not exist', async () => {
    const readme = await read('README.md');
    const headed = [...readme.matchAll(/^#{3,4} `handoff ([a-z-]+)/gm)].map((match) => match[1]);
    expect(commands.filter((name) => !headed.includes(name))).toEqual([]);
    expect(commandsNamed(readme).filter((name) => !commands.includes(name) && name !== 'help')).toEqual([]);
  });

  it('has a row in the MCP table for every tool, and no row for a tool that does not exist', async () => {
    const rows = [...(await read('README.md')).matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1] ?? '');
    expect(tools.length).toBeGreaterThan(10);
    expect(tools.filter((name) => !rows.includes(name))).toEqual([]);
    expect(rows.filter((name) => !tools.includes(name))).toEqual([]);
  });
});

describe('docs/agent-guide.md', () => {
  it('names every MCP tool, and only commands that exist', async () => {
    const guide = await read('docs/agent-guide.md');
    expect(tools.filter((name) => !toolsNamed(guide, tools).includes(name))).toEqual([]);
    expect(commandsNamed(guide).filter((name) => !commands.includes(name))).toEqual([]);
  });

  it('lists every template shipped with handoff', async () => {
    const guide = await read('docs/agent-guide.md');
    const { readdir } = await import('node:fs/promises');
    const templates = (await readdir(path.join(PROJECT_ROOT, 'templates'))).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3));
    expect(templates.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('docs/claude-md-section.md', () => {
  it('names only commands and tools that exist', async () => {
    const section = await read('docs/claude-md-section.md');
    expect(commandsNamed(section).filter((name) => !commands.includes(name))).toEqual([]);
    const snake = [...section.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((match) => match[1] ?? '');
    const toolLike = snake.filter((name) => /_(task|result|results|templates|url|deploy|production|edit)$/.test(name));
    expect(toolLike.filter((name) => !tools.includes(name))).toEqual([]);
  });
});
