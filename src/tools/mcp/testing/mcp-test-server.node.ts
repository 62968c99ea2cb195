// A real MCP server built with the SDK, for tests: stdio when run as a script
// (`node --import tsx mcp-test-server.node.ts`), Streamable HTTP through `startHttpMcpServer`.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export const TEST_MCP_SERVER_FILE = fileURLToPath(import.meta.url);

const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
});

/** Tools of the test server; `die` ends the server mid-call (the process, or the HTTP socket). */
const TOOLS = [
  {
    name: 'get_user',
    description: 'Look a user up by id',
    inputSchema: object({ id: { type: 'string' } }, ['id']),
    annotations: { readOnlyHint: true },
  },
  {
    name: 'cancel_order',
    description: 'Cancel an order',
    inputSchema: object({ order: { type: 'string' } }, ['order']),
    annotations: { destructiveHint: true },
  },
  { name: 'big_output', description: '10 MB of text', inputSchema: object({}) },
  { name: 'die', description: 'The server dies while answering', inputSchema: object({}) },
  {
    name: 'broken',
    description: 'A tool whose schema is invalid',
    inputSchema: object({ id: { type: 'strin' } }),
  },
];

/** A fresh server (the HTTP side is stateless: one per request). */
export function buildTestMcpServer(onDie: () => void, onCall?: (name: string) => void): Server {
  const server = new Server(
    { name: 'iofold-test', version: '1.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    onCall?.(request.params.name);
    switch (request.params.name) {
      case 'get_user':
        return { content: [{ type: 'text', text: JSON.stringify({ id: args.id, name: 'Mia' }) }] };
      case 'cancel_order':
        return { content: [{ type: 'text', text: `cancelled ${String(args.order)}` }] };
      case 'big_output':
        return { content: [{ type: 'text', text: 'x'.repeat(10 * 1024 * 1024) }] };
      case 'die':
        onDie();
        return new Promise(() => undefined);
      default:
        return {
          isError: true,
          content: [{ type: 'text', text: `unknown tool ${request.params.name}` }],
        };
    }
  });
  return server;
}

/** A stateless Streamable HTTP MCP server on 127.0.0.1 (pass `port` to restart on the same one). */
export async function startHttpMcpServer(port = 0): Promise<{
  url: string;
  port: number;
  /** The names of the tools called, in order. */
  calls: string[];
  close(): Promise<void>;
}> {
  const calls: string[] = [];
  const http: HttpServer = createServer((req, res) => {
    const server = buildTestMcpServer(
      () => req.socket.destroy(),
      (name) => calls.push(name),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const bound = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/mcp`,
    port: bound,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

if (process.argv[1] === TEST_MCP_SERVER_FILE) {
  const server = buildTestMcpServer(() => process.exit(1));
  await server.connect(new StdioServerTransport());
}
