import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse, pageOf, pathParams } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { TOOL_MODES } from '@/db/schema/constants';
import { registerFunctionTool } from '../functions/register-function-tool';
import { registerWebhookTool } from '../http/register-webhook-tool';
import { inferAgentTools } from '../infer/infer-agent-tools';
import { syncMcpServer } from '../mcp/sync-mcp-server';
import { bindAgentTool, listAgentTools } from '../registry/bind-agent-tool';
import { listTools } from '../registry/list-tools';
import { registerTool } from '../registry/register-tools';
import { AgentToolView, ToolView, toAgentToolView, toToolView } from './tool-views';

const route = routesFor('Tools');
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
    route({
      method: 'get',
      path: '/tools',
      summary: 'List the tools of the workspace',
      responses: { 200: jsonResponse(pageOf(ToolView), 'Tools') },
    }),
    async (c) => c.json(onePage((await listTools(c.var.ctx)).map(toToolView)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tools',
      summary: 'Register a tool by hand, or an HTTP webhook tool (schema checked)',
      request: { body: jsonBody(CreateToolInput) },
      responses: { 201: jsonResponse(ToolView, 'The tool') },
    }),
    async (c) => {
      const { webhook, ...tool } = c.req.valid('json');
      const created = webhook
        ? await registerWebhookTool(c.var.ctx, { ...tool, ...webhook })
        : await registerTool(c.var.ctx, { origin: 'manual', tool });
      return c.json(toToolView(created), 201);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/tools/functions',
      summary: 'Register a function tool: small pure Python run in the sandbox (code checked)',
      request: { body: jsonBody(CreateFunctionToolInput) },
      responses: { 201: jsonResponse(ToolView, 'The tool') },
    }),
    async (c) =>
      c.json(toToolView(await registerFunctionTool(c.var.ctx, c.req.valid('json'))), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tools/mcp',
      summary: "Register (or refresh) an MCP server's tools over Streamable HTTP",
      request: { body: jsonBody(SyncMcpInput) },
      responses: { 200: jsonResponse(Registered, 'Tools registered and refused, with reasons') },
    }),
    async (c) => {
      const { server, url, headers } = c.req.valid('json');
      const result = await syncMcpServer(c.var.ctx, {
        server,
        connection: { transport: 'http', url, headers },
      });
      return c.json(registered(result), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/agents/{id}/tools',
      summary: "An agent's tools with their modes",
      request: { params: pathParams('id') },
      responses: { 200: jsonResponse(pageOf(AgentToolView), 'Bound tools') },
    }),
    async (c) => {
      const bound = await listAgentTools(c.var.ctx, c.req.valid('param').id);
      return c.json(onePage(bound.map(toAgentToolView)), 200);
    },
  )
  .openapi(
    route({
      method: 'put',
      path: '/agents/{id}/tools/{toolId}',
      summary: 'Bind a tool to an agent: live, replay, simulated or function',
      request: { params: pathParams('id', 'toolId'), body: jsonBody(BindInput) },
      responses: { 200: jsonResponse(AgentToolView, 'The binding') },
    }),
    async (c) => {
      const { id, toolId } = c.req.valid('param');
      const bound = await bindAgentTool(c.var.ctx, { agentId: id, toolId, ...c.req.valid('json') });
      return c.json(toAgentToolView(bound), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/agents/{id}/tools/infer',
      summary: "Draft tools from the agent's traces (bound for replay)",
      request: { params: pathParams('id') },
      responses: { 200: jsonResponse(Registered, 'Tools inferred, and names left to real tools') },
    }),
    async (c) => c.json(registered(await inferAgentTools(c.var.ctx, c.req.valid('param').id)), 200),
  );
