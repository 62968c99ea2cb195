// The stdio half of the MCP adapter (SDK v1; v2: @modelcontextprotocol/client/stdio). Node only:
// it spawns the server, so the Worker never loads it.
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StdioTransportFactory } from './mcp-client';

/** Largest stdio message read; a bigger output ends the connection and comes back as a tool error. */
const STDIO_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export const openStdioTransport: StdioTransportFactory = (connection, onStderr) => {
  // the SDK closes a stdio connection on a message over 10 MB; keep room for a 10 MB output
  const transport = new StdioClientTransport({
    command: connection.command,
    args: connection.args,
    env: connection.env,
    stderr: 'pipe',
    maxBufferSize: STDIO_MAX_MESSAGE_BYTES,
  });
  transport.stderr?.on('data', (chunk: unknown) => onStderr(String(chunk)));
  return transport;
};
