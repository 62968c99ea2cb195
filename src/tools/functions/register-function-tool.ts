import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { agentFunctions, functions, type Tool } from '@/db/schema';
import { bindAgentTool } from '../registry/bind-agent-tool';
import { registerTool, type ToolInput } from '../registry/register-tools';
import { functionToolProgram } from './run-function-tool';

export type FunctionToolInput = Pick<ToolInput, 'name' | 'description' | 'inputSchema'> & {
  /** Python defining `def <name>(...)`, called with the arguments as keywords. */
  code: string;
  /** Bind it to this agent in `function` mode. */
  agentId?: string;
};

/**
 * Registers a function tool: small pure Python run in the sandbox when the agent calls the tool.
 * The schema is checked as every tool's is, and the code by the sandbox's static check (the
 * eval rules: allowed imports only, no files, network or processes); a refusal answers
 * VALIDATION with the reason. Read-only by nature, so it runs in rollouts without replay.
 */
export async function registerFunctionTool(ctx: Ctx, input: FunctionToolInput): Promise<Tool> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.name)) {
    throw new AppError('VALIDATION', `a function tool's name must be a Python identifier`);
  }
  if (!new RegExp(`^def ${input.name}\\(`, 'm').test(input.code)) {
    throw new AppError('VALIDATION', `the code must define def ${input.name}(...) at top level`);
  }
  const checked = await ctx.sandbox.check(
    functionToolProgram(input.name, input.code),
    ctx.workspaceId,
  );
  if (!checked.ok) {
    const first = checked.issues[0];
    const reason = first ? `line ${first.line}: ${first.message}` : checked.error?.message;
    throw new AppError('VALIDATION', `function ${input.name} refused: ${reason ?? 'unknown'}`, {
      details: { issues: checked.issues },
    });
  }
  const values = {
    workspaceId: ctx.workspaceId,
    name: input.name,
    kind: 'tool' as const,
    code: input.code,
    inputSchema: input.inputSchema as Record<string, unknown>,
  };
  const tool = await registerTool(ctx, {
    origin: 'function',
    tool: { ...input, readOnly: true },
  });
  const [fn] = await ctx.db
    .insert(functions)
    .values({ id: ctx.newId('fn'), ...values })
    .onConflictDoUpdate({
      target: [functions.workspaceId, functions.name],
      set: { code: values.code, inputSchema: values.inputSchema, updatedAt: ctx.now() },
    })
    .returning();
  if (input.agentId && fn) {
    await bindAgentTool(ctx, { agentId: input.agentId, toolId: tool.id, mode: 'function' });
    await ctx.db
      .insert(agentFunctions)
      .values({
        workspaceId: ctx.workspaceId,
        agentId: input.agentId,
        functionId: fn.id,
        role: 'tool',
      })
      .onConflictDoNothing();
  }
  return tool;
}

/** The code of an agent's function tools (`agent_functions` with role `tool`), by name. */
export async function loadAgentFunctions(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
): Promise<Map<string, { name: string; code: string }>> {
  const rows = await ctx.db
    .select({ name: functions.name, code: functions.code })
    .from(agentFunctions)
    .innerJoin(functions, sameWorkspaceRow(functions, agentFunctions, agentFunctions.functionId))
    .where(
      inWorkspace(ctx, agentFunctions, [
        eq(agentFunctions.agentId, agentId),
        eq(agentFunctions.role, 'tool'),
      ]),
    );
  return new Map(rows.map((row) => [row.name, row]));
}
