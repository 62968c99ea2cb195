import type { Ctx } from '@/core/context';
import type { Tool } from '@/db/schema';
import { decryptToolSecret, encryptToolSecret } from '../registry/tool-secret';
import type { McpConnection } from './mcp-client';

/** How an MCP tool's row keeps its server: the address in the clear, env and headers encrypted. */
export type StoredMcpConnection = {
  transport: McpConnection['transport'];
  command?: string;
  args?: string[];
  url?: string;
  /** Ciphertext of `{ env, headers }` (secrets store), absent when there are none. */
  secret?: string;
};

export async function storeMcpConnection(
  ctx: Pick<Ctx, 'secrets'>,
  connection: McpConnection,
): Promise<StoredMcpConnection> {
  const secret = await encryptToolSecret(
    ctx,
    connection.transport === 'http' ? connection.headers : connection.env,
  );
  return connection.transport === 'http'
    ? { transport: 'http', url: connection.url, secret }
    : { transport: 'stdio', command: connection.command, args: connection.args, secret };
}

/** The connection of an MCP tool's server, secrets decrypted; null for other tools. */
export async function mcpConnectionOf(
  ctx: Pick<Ctx, 'secrets'>,
  tool: Pick<Tool, 'origin' | 'config'>,
): Promise<McpConnection | null> {
  const stored = tool.config.connection as StoredMcpConnection | undefined;
  if (tool.origin !== 'mcp' || !stored) {
    return null;
  }
  const secrets = await decryptToolSecret(ctx, stored.secret);
  return stored.transport === 'http'
    ? { transport: 'http', url: stored.url ?? '', headers: secrets }
    : { transport: 'stdio', command: stored.command ?? '', args: stored.args, env: secrets };
}
