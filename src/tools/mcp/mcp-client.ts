// The MCP adapter on @modelcontextprotocol/sdk v1 (with its Node-only stdio half in
// mcp-stdio.node.ts). SDK v2 moves these imports to @modelcontextprotocol/client[/stdio];
// swapping versions should touch nothing else.
// The SDK (with the JSON-schema validator it pulls in) loads on the first connection, not when
// the server starts: most servers never call an MCP tool, and it was ~5% of start-up (#17).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AppError } from '@/core/errors';
import { type ToolResult, toolError, toolResult } from '../call/tool-result';

/** How to reach an MCP server: a local command (Node host only) or a Streamable HTTP URL. */
export type McpConnection =
  | { transport: 'stdio'; command: string; args?: string[]; env?: Record<string, string> }
  | { transport: 'http'; url: string; headers?: Record<string, string> };

export type McpTool = {
  name: string;
  description: string | null;
  inputSchema: unknown;
  annotations: Record<string, unknown>;
};

export type McpClient = {
  /** Every tool the server lists (all pages). Throws UNAVAILABLE when the server cannot be reached. */
  listTools(): Promise<McpTool[]>;
  /**
   * Calls a tool. Never throws for the server's failures: an unreachable or dead server, a
   * timeout or the tool's own error come back as an error result; the next call reconnects.
   */
  callTool(name: string, args: unknown, options?: { timeoutMs?: number }): Promise<ToolResult>;
  close(): Promise<void>;
};

export type StdioConnection = Extract<McpConnection, { transport: 'stdio' }>;
/** Starts a stdio server (Node only: `openStdioTransport` in mcp-stdio.node.ts). */
export type StdioTransportFactory = (
  connection: StdioConnection,
  onStderr: (text: string) => void,
) => Transport;

export type McpClientOptions = {
  /** Names the server in error messages. */
  server: string;
  /** `fetch` for HTTP servers (the host's guarded fetch, which refuses private addresses). */
  fetch?: typeof fetch;
  /** Per-call timeout (default 30 s). */
  timeoutMs?: number;
  /** How to start stdio servers; absent on hosts that cannot spawn processes (the Worker). */
  stdio?: StdioTransportFactory;
};

type Live = { client: Client; closed: boolean; stderr: string[] };

async function openTransport(
  connection: McpConnection,
  options: McpClientOptions,
  live: Live,
): Promise<Transport> {
  if (connection.transport === 'http') {
    const { StreamableHTTPClientTransport } = await import(
      '@modelcontextprotocol/sdk/client/streamableHttp.js'
    );
    return new StreamableHTTPClientTransport(new URL(connection.url), {
      requestInit: { headers: connection.headers },
      fetch: options.fetch,
    });
  }
  if (!options.stdio) {
    throw new AppError('UNAVAILABLE', 'stdio MCP servers run only on the Node host');
  }
  return options.stdio(connection, (text) => {
    live.stderr.push(text);
    live.stderr.splice(0, Math.max(0, live.stderr.length - 5));
  });
}

function resultText(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content)
    ? (result.content as Record<string, unknown>[])
    : [];
  const parts = content.map((item) =>
    item.type === 'text'
      ? String(item.text ?? '')
      : `[${String(item.type)}${item.mimeType ? ` ${String(item.mimeType)}` : ''}]`,
  );
  if (parts.length === 0 && result.structuredContent !== undefined) {
    return JSON.stringify(result.structuredContent);
  }
  return parts.join('\n');
}

/** A lazily connected MCP client that reconnects after its server dies. */
export function createMcpClient(connection: McpConnection, options: McpClientOptions): McpClient {
  let current: Promise<Live> | null = null;
  const timeout = options.timeoutMs ?? 30_000;

  function connect(): Promise<Live> {
    if (!current) {
      current = (async () => {
        const [{ Client }, { CfWorkerJsonSchemaValidator }] = await Promise.all([
          import('@modelcontextprotocol/sdk/client/index.js'),
          import('@modelcontextprotocol/sdk/validation/cfworker'),
        ]);
        const live: Live = {
          client: new Client(
            { name: 'iofold', version: '1' },
            { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
          ),
          closed: false,
          stderr: [],
        };
        live.client.onclose = () => {
          live.closed = true;
        };
        const transport = await openTransport(connection, options, live);
        await live.client.connect(transport, { timeout });
        return live;
      })();
      current.catch(() => {
        current = null;
      });
    }
    return current;
  }

  async function drop(live: Live | null) {
    current = null;
    await live?.client.close().catch(() => undefined);
  }

  const failure = (error: unknown, live: Live | null) => {
    const message = error instanceof Error ? error.message : String(error);
    const stderr = live?.stderr.join('').trim().slice(-500);
    return `MCP server ${options.server}: ${message}${stderr ? ` (stderr: ${stderr})` : ''}`;
  };

  return {
    async listTools() {
      let live: Live | null = null;
      try {
        live = await connect();
        const found: McpTool[] = [];
        let cursor: string | undefined;
        do {
          const page = await live.client.listTools(cursor ? { cursor } : {}, { timeout });
          for (const tool of page.tools) {
            found.push({
              name: tool.name,
              description: tool.description ?? null,
              inputSchema: tool.inputSchema,
              annotations: { ...tool.annotations },
            });
          }
          cursor = page.nextCursor;
        } while (cursor);
        return found;
      } catch (error) {
        await drop(live);
        throw new AppError('UNAVAILABLE', failure(error, live), { cause: error });
      }
    },

    async callTool(name, args, callOptions = {}) {
      let live: Live | null = null;
      try {
        live = await connect();
        const result = await live.client.callTool(
          { name, arguments: (args ?? {}) as Record<string, unknown> },
          undefined,
          { timeout: callOptions.timeoutMs ?? timeout },
        );
        return toolResult(resultText(result), result.isError === true);
      } catch (error) {
        if (!live || live.closed) {
          await drop(live);
        }
        return toolError(failure(error, live));
      }
    },

    async close() {
      const live = await current?.catch(() => null);
      await drop(live ?? null);
    },
  };
}
