import type { LanguageModel } from 'ai';
import type { Ctx } from '@/core/context';
import type { Tool } from '@/db/schema';
import type { SimulatorCall } from '@/traces/simulator-spans';
import { runFunctionTool } from '../functions/run-function-tool';
import { callWebhookTool } from '../http/call-webhook-tool';
import { createMcpClient, type McpClient, type StdioTransportFactory } from '../mcp/mcp-client';
import { mcpConnectionOf } from '../mcp/mcp-connection-config';
import type { BoundTool, ToolMode } from '../registry/bind-agent-tool';
import { rolloutToolMode } from '../registry/rollout-tool-mode';
import type { ReplayIndex, ReplayLookup } from '../replay/replay-index';
import { SIMULATOR_EXAMPLES, simulateTool } from '../simulate/simulate-tool';
import { type ToolResult, toolError, toolResult } from './tool-result';

/** One call's outcome and the mode it actually ran in (recorded on its span). */
export type RoutedCall = {
  result: ToolResult;
  mode: ToolMode;
  replayedFrom?: string;
  /** A simulated result: the simulator's model call (its own span, outside the eval view). */
  simulation?: SimulatorCall;
};

export type ToolRouter = {
  call(toolName: string, args: unknown): Promise<RoutedCall>;
  /** Closes the MCP clients the run opened. */
  close(): Promise<void>;
};

const remoteName = (tool: Tool) => String(tool.config.remoteName ?? tool.name);
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Routes a rollout's tool calls by each binding's mode, safe by default (`rolloutToolMode`):
 * live through MCP or the webhook; replay from the agent's recorded results (source trace,
 * cluster, any trace), and on a miss a simulated result when a simulator model is given (unless
 * `strictReplay`: then a "no recorded result" tool error); simulated by that model; function
 * tools in the sandbox. Never throws for a tool's failure.
 */
export function createToolRouter(
  ctx: Pick<Ctx, 'secrets' | 'outboundFetch' | 'sandbox' | 'workspaceId'>,
  input: {
    tools: BoundTool[];
    replay: ReplayIndex;
    scope: ReplayLookup;
    /** The user's explicit acceptance of side effects for this run. */
    allowSideEffects?: boolean;
    /** How to start stdio MCP servers (Node host only). */
    stdio?: StdioTransportFactory;
    /** The model that simulates tools (simulated bindings, replay misses); none: no simulation. */
    simulator?: { model: LanguageModel; signal?: AbortSignal };
    /** A replay miss is a tool error even with a simulator. */
    strictReplay?: boolean;
    /** The code of the agent's function tools by name (`loadAgentFunctions`). */
    functions?: ReadonlyMap<string, { name: string; code: string }>;
  },
): ToolRouter {
  const byName = new Map(input.tools.map((bound) => [bound.tool.name, bound]));
  const clients = new Map<string, Promise<McpClient | null>>();

  function mcpClientOf(tool: Tool): Promise<McpClient | null> {
    const key = tool.server ?? tool.name;
    let client = clients.get(key);
    if (!client) {
      client = mcpConnectionOf(ctx, tool).then((connection) =>
        connection
          ? createMcpClient(connection, {
              server: key,
              fetch: ctx.outboundFetch,
              stdio: input.stdio,
            })
          : null,
      );
      clients.set(key, client);
    }
    return client;
  }

  async function live(tool: Tool, args: unknown): Promise<ToolResult> {
    if (tool.origin === 'mcp') {
      const client = await mcpClientOf(tool);
      return client
        ? client.callTool(remoteName(tool), args)
        : toolError(`tool ${tool.name} has no MCP server configured`);
    }
    if (tool.origin === 'http') {
      return callWebhookTool(ctx, tool, args);
    }
    return toolError(`tool ${tool.name} (${tool.origin}) has no live endpoint; bind it for replay`);
  }

  async function simulated(tool: Tool, args: unknown): Promise<RoutedCall> {
    if (!input.simulator) {
      return {
        mode: 'simulated',
        result: toolError(`tool ${tool.name} is simulated, but the run has no simulator model`),
      };
    }
    const examples = input.replay.examples(remoteName(tool), SIMULATOR_EXAMPLES, input.scope);
    try {
      const { result, call } = await simulateTool(input.simulator, { tool, args, examples });
      return { mode: 'simulated', result, simulation: call };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { mode: 'simulated', result: toolError(`tool simulator: ${message}`) };
    }
  }

  return {
    async call(toolName, args) {
      const bound = byName.get(toolName);
      if (!bound) {
        return { mode: 'replay', result: toolError(`unknown tool ${toolName}`) };
      }
      const { tool, binding } = bound;
      const mode = rolloutToolMode({
        mode: binding.mode,
        readOnly: tool.readOnly,
        bindingAllowsSideEffects: binding.allowSideEffects,
        runAllowsSideEffects: input.allowSideEffects,
      });
      if (mode === 'function' || (mode === 'live' && tool.origin === 'function')) {
        const fn = input.functions?.get(remoteName(tool));
        const result = fn
          ? await runFunctionTool(ctx, fn, args)
          : toolError(`tool ${toolName} has no function bound to this agent`);
        return { mode: 'function', result };
      }
      if (mode === 'live') {
        return { mode, result: await live(tool, args) };
      }
      if (mode === 'replay') {
        const hit = input.replay.lookup(remoteName(tool), args, input.scope);
        if (hit) {
          const result =
            hit.error !== null ? toolError(hit.error) : toolResult(asText(hit.result), false);
          return { mode, result, replayedFrom: `${hit.scope}:${hit.traceId}` };
        }
        if (!input.simulator || input.strictReplay) {
          return {
            mode,
            result: toolError(`no recorded result of ${toolName} for these arguments`),
          };
        }
        return simulated(tool, args);
      }
      if (mode === 'simulated') {
        return simulated(tool, args);
      }
      return { mode, result: toolError(`${mode} tools are not available (tool ${toolName})`) };
    },
    async close() {
      const all = await Promise.all(clients.values());
      await Promise.all(all.map((client) => client?.close()));
    },
  };
}
