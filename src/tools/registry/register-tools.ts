import { inArray } from 'drizzle-orm';
import { aOrAn } from '@/core/a-or-an';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type NewTool, type Tool, tools } from '@/db/schema';
import type { TOOL_ORIGINS } from '@/db/schema/constants';
import { type JsonSchema, toolSchemaProblem } from './check-tool-schema';
import { modelToolName, namespacedToolName } from './tool-names';
import { isReadOnlyTool } from './tool-read-only';

export type ToolOrigin = (typeof TOOL_ORIGINS)[number];

export type ToolInput = {
  /** The name its server knows it by (called with this name). */
  name: string;
  description?: string | null;
  inputSchema: unknown;
  /** MCP annotations (`readOnlyHint`, `destructiveHint`, …) as the server sent them. */
  annotations?: Record<string, unknown>;
  /** The user's read-only flag; wins over the annotation, and over later syncs. */
  readOnly?: boolean;
  /** Origin-specific settings (webhook URL, …); never secrets in plain text. */
  config?: Record<string, unknown>;
};

export type RegisterToolsInput = {
  origin: ToolOrigin;
  /** The MCP server (or other source) the tools come from; namespaces colliding names. */
  server?: string | null;
  tools: ToolInput[];
};

export type RegisterToolsResult = {
  registered: Tool[];
  /** Tools refused, each with the reason (invalid schema, unusable name, name taken). */
  refused: { name: string; reason: string }[];
};

type Ctxish = Pick<Ctx, 'db' | 'workspaceId' | 'newId' | 'now'>;

const sameSource = (row: Tool, origin: ToolOrigin, server: string | null) =>
  row.origin === origin && (row.server ?? null) === server;

/**
 * Registers (or re-syncs) a source's tools in the workspace, in one batch. A plain name already
 * used by another server becomes `server__tool`; a tool inferred from traces is taken over by
 * the real one of the same name (its bindings stay); tools inferred later never replace a real
 * one. Invalid schemas are refused with the reason, the rest still register.
 */
export async function registerTools(
  ctx: Ctxish,
  input: RegisterToolsInput,
): Promise<RegisterToolsResult> {
  const server = input.server?.trim() || null;
  const refused: RegisterToolsResult['refused'] = [];
  const planned = new Map<string, { tool: ToolInput; base: string }>();
  for (const tool of input.tools) {
    const base = modelToolName(tool.name);
    const problem = base ? toolSchemaProblem(tool.inputSchema) : 'the tool has no name';
    if (problem || !base) {
      refused.push({ name: tool.name, reason: problem ?? 'the tool has no name' });
    } else if ([...planned.values()].some((p) => p.base === base)) {
      refused.push({ name: tool.name, reason: `the name ${base} is listed twice` });
    } else {
      planned.set(tool.name, { tool, base });
    }
  }
  const candidates = [...planned.values()].flatMap(({ base }) =>
    server ? [base, namespacedToolName(server, base)] : [base],
  );
  const existing =
    candidates.length === 0
      ? []
      : await rowsInWorkspace(ctx, tools, [inArray(tools.name, candidates)]);
  const byName = new Map(existing.map((row) => [row.name, row]));

  const now = ctx.now();
  const writes: { row: NewTool; id: string }[] = [];
  for (const { tool, base } of planned.values()) {
    const plain = byName.get(base);
    let name = base;
    let target = plain;
    if (plain && !sameSource(plain, input.origin, server)) {
      if (plain.origin === 'inferred') {
        target = plain; // the real tool takes the inferred one's place
      } else if (input.origin === 'inferred') {
        refused.push({
          name: tool.name,
          reason: `${aOrAn(`${plain.origin} tool`)} named ${base} exists`,
        });
        continue;
      } else if (server) {
        name = namespacedToolName(server, base);
        target = byName.get(name);
        if (target && !sameSource(target, input.origin, server)) {
          refused.push({ name: tool.name, reason: `the name ${name} is taken by another tool` });
          continue;
        }
      } else {
        const from = plain.server ? ` (from ${plain.server})` : '';
        refused.push({ name: tool.name, reason: `a tool named ${base} already exists${from}` });
        continue;
      }
    }
    const annotations = tool.annotations ?? {};
    const userFlag =
      tool.readOnly ?? (target?.config as { readOnlyByUser?: boolean } | undefined)?.readOnlyByUser;
    const id = target?.id ?? ctx.newId('tool');
    writes.push({
      id,
      row: {
        id,
        workspaceId: ctx.workspaceId,
        name,
        description: tool.description ?? null,
        inputSchema: tool.inputSchema as JsonSchema,
        origin: input.origin,
        server,
        annotations,
        config: {
          ...tool.config,
          remoteName: tool.name,
          ...(typeof userFlag === 'boolean' ? { readOnlyByUser: userFlag } : {}),
        },
        readOnly: isReadOnlyTool({ userFlag, annotations }),
        createdAt: target?.createdAt ?? now,
        updatedAt: now,
      },
    });
  }
  if (writes.length === 0) {
    return { registered: [], refused };
  }
  const [first, ...rest] = writes.map(({ row }) =>
    ctx.db
      .insert(tools)
      .values(row)
      .onConflictDoUpdate({
        target: tools.id,
        set: { ...row, id: undefined, createdAt: undefined, workspaceId: undefined },
      }),
  );
  if (!first) {
    throw new AppError('INTERNAL', 'no tool write was built');
  }
  await ctx.db.batch([first, ...rest]);
  const registered = await rowsInWorkspace(ctx, tools, [
    inArray(
      tools.id,
      writes.map((w) => w.id),
    ),
  ]);
  return { registered, refused };
}

/** Registers one tool; an invalid schema or a taken name answers VALIDATION with the reason. */
export async function registerTool(
  ctx: Ctxish,
  input: Omit<RegisterToolsInput, 'tools'> & { tool: ToolInput },
): Promise<Tool> {
  const result = await registerTools(ctx, { ...input, tools: [input.tool] });
  const [tool] = result.registered;
  if (!tool) {
    const reason = result.refused[0]?.reason ?? `tool ${input.tool.name} was not registered`;
    throw new AppError('VALIDATION', `tool ${input.tool.name} refused: ${reason}`, {
      details: { refused: result.refused },
    });
  }
  return tool;
}
