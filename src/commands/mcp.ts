import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CommandContext, IO } from '../io.js';
import { createServer } from '../mcp/server.js';
import { openWorkspace } from '../workspace.js';

/**
 * `origin mcp`: a stdio MCP server over the repository it starts in. Only
 * protocol messages go to stdout; our own output is sent to stderr.
 */
export async function runMcp(ctx: CommandContext): Promise<number> {
  const ws = openWorkspace(ctx);
  const io: IO = { ...ctx.io, stdout: (text) => ctx.io.stderr(text), stdinIsTTY: false, stdoutIsTTY: false };
  const server = createServer(ws.root, io);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  ctx.io.stderr(`origin mcp: serving ${ws.root}\n`);
  await closed;
  await server.close().catch(() => undefined);
  return 0;
}
