import type { Ctx } from '@/core/context';
import { type RegisterToolsResult, registerTools } from '../registry/register-tools';
import { createMcpClient, type McpConnection, type StdioTransportFactory } from './mcp-client';
import { storeMcpConnection } from './mcp-connection-config';

/**
 * Lists an MCP server's tools and registers them (origin `mcp`, annotations kept, invalid
 * schemas refused with the reason, names another server uses namespaced). Run again to refresh.
 */
export async function syncMcpServer(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'newId' | 'now' | 'secrets' | 'outboundFetch'>,
  input: { server: string; connection: McpConnection; stdio?: StdioTransportFactory },
): Promise<RegisterToolsResult> {
  const client = createMcpClient(input.connection, {
    server: input.server,
    fetch: ctx.outboundFetch,
    stdio: input.stdio,
  });
  try {
    const listed = await client.listTools();
    const connection = await storeMcpConnection(ctx, input.connection);
    return await registerTools(ctx, {
      origin: 'mcp',
      server: input.server,
      tools: listed.map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: tool.inputSchema,
        annotations: tool.annotations,
        config: { connection },
      })),
    });
  } finally {
    await client.close();
  }
}
