import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { created, ok, routesFor } from '@/api/routes-for';
import { TOOL_MODES } from '@/db/schema/constants';
import { registerFunctionTool } from '../functions/register-function-tool';
import { registerWebhookTool } from '../http/register-webhook-tool';
import { inferAgentTools } from '../infer/infer-agent-tools';
import { syncMcpServer } from '../mcp/sync-mcp-server';
import { bindAgentTool, listAgentTools } from '../registry/bind-agent-tool';
import { listTools } from '../registry/list-tools';
import { registerTool } from '../registry/register-tools';
import { AgentToolView, ToolView, toAgentToolView, toToolView } from './tool-views';

const { list, post, put } = routesFor('Tools');
const Headers = z.record(z.string(), z.string()).optional();

const CreateToolInput = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    inputSchema: z.record(z.string(), z.unknown()),
    readOnly: z.boolean().optional(),
    /** POST the arguments here when the tool runs live; without it the tool is replay-only. */
    webhook: z.object({ url: z.string().max(2000), headers: Headers }).optional(),
  })
  .openapi('CreateToolInput');

const CreateFunctionToolInput = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    inputSchema: z.record(z.string(), z.unknown()),
    code: z
      .string()
      .min(1)
      .max(256 * 1024),
    agentId: z.string().max(200).optional(),
  })
  .openapi('CreateFunctionToolInput');

// Only Streamable HTTP through the API: a stdio server is a command run on the host (CLI only).
const SyncMcpInput = z
  .object({
    server: z.string().min(1).max(100),
    url: z.string().max(2000),
    headers: Headers,
  })
  .openapi('SyncMcpServerInput');

const Registered = z
  .object({
    registered: z.array(ToolView),
    refused: z.array(z.object({ name: z.string(), reason: z.string() })),
  })
  .openapi('RegisteredTools');

const BindInput = z
  .object({ mode: z.enum(TOOL_MODES), allowSideEffects: z.boolean().optional() })
  .openapi('BindAgentToolInput');

const registered = (result: Awaited<ReturnType<typeof syncMcpServer>>) => ({
  registered: result.registered.map(toToolView),
  refused: result.refused,
});

export const toolsRoutes = createRouter()
  .openapi(
    ...list('/tools', 'List the tools of the workspace', {}, ToolView, 'Tools', async (ctx) =>
      (await listTools(ctx)).map(toToolView),
    ),
  )
  .openapi(
    ...post(
      '/tools',
      'Register a tool by hand, or an HTTP webhook tool (schema checked)',
      { json: CreateToolInput },
      created(ToolView, 'The tool'),
      async (ctx, input) => {
        const { webhook, ...tool } = input;
        const created = webhook
          ? await registerWebhookTool(ctx, { ...tool, ...webhook })
          : await registerTool(ctx, { origin: 'manual', tool });
        return toToolView(created);
      },
    ),
  )
  .openapi(
    ...post(
      '/tools/functions',
      'Register a function tool: small pure Python run in the sandbox (code checked)',
      { json: CreateFunctionToolInput },
      created(ToolView, 'The tool'),
      async (ctx, input) => toToolView(await registerFunctionTool(ctx, input)),
    ),
  )
  .openapi(
    ...post(
      '/tools/mcp',
      "Register (or refresh) an MCP server's tools over Streamable HTTP",
      { json: SyncMcpInput },
      ok(Registered, 'Tools registered and refused, with reasons'),
      async (ctx, input) => {
        const { server, url, headers } = input;
        const result = await syncMcpServer(ctx, {
          server,
          connection: { transport: 'http', url, headers },
        });
        return registered(result);
      },
    ),
  )
  .openapi(
    ...list(
      '/agents/{id}/tools',
      "An agent's tools with their modes",
      {},
      AgentToolView,
      'Bound tools',
      async (ctx, { id }) => (await listAgentTools(ctx, id)).map(toAgentToolView),
    ),
  )
  .openapi(
    ...put(
      '/agents/{id}/tools/{toolId}',
      'Bind a tool to an agent: live, replay, simulated or function',
      { json: BindInput },
      ok(AgentToolView, 'The binding'),
      async (ctx, { id, ...binding }) =>
        toAgentToolView(await bindAgentTool(ctx, { agentId: id, ...binding })),
    ),
  )
  .openapi(
    ...post(
      '/agents/{id}/tools/infer',
      "Draft tools from the agent's traces (bound for replay)",
      {},
      ok(Registered, 'Tools inferred, and names left to real tools'),
      async (ctx, { id }) => registered(await inferAgentTools(ctx, id)),
    ),
  );
