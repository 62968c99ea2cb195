import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { viewOf } from '@/api/openapi-schemas';
import type { AgentTool, Tool } from '@/db/schema';
import { tools } from '@/db/schema';
import { TOOL_MODES } from '@/db/schema/constants';

export const ToolView = z
  .object({
    ...columnFields(tools, 'id', 'name', 'description'),
    inputSchema: z.record(z.string(), z.unknown()),
    ...columnFields(tools, 'origin', 'server'),
    /** The name the server or trace knows the tool by (differs when namespaced or cleaned). */
    remoteName: z.string(),
    /** A webhook tool's URL; an MCP tool's Streamable HTTP URL. */
    url: z.string().nullable(),
    ...columnFields(tools, 'readOnly'),
    annotations: z.record(z.string(), z.unknown()),
    ...columnFields(tools, 'createdAt', 'updatedAt'),
  })
  .openapi('Tool');
export type ToolView = z.infer<typeof ToolView>;

export const AgentToolView = z
  .object({
    tool: ToolView,
    mode: z.enum(TOOL_MODES),
    allowSideEffects: z.boolean(),
  })
  .openapi('AgentTool');

/** A tool as the API shows it: never its encrypted headers or environment. */
export function toToolView(tool: Tool): ToolView {
  const config = tool.config as {
    remoteName?: string;
    url?: string;
    connection?: { url?: string };
  };
  return viewOf(ToolView, {
    ...tool,
    remoteName: config.remoteName ?? tool.name,
    url: config.url ?? config.connection?.url ?? null,
  });
}

export const toAgentToolView = (bound: { tool: Tool; binding: AgentTool }) => ({
  tool: toToolView(bound.tool),
  mode: bound.binding.mode,
  allowSideEffects: bound.binding.allowSideEffects,
});
