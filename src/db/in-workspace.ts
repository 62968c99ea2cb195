import { and, type Column, eq, type SQL } from 'drizzle-orm';

/**
 * The filter every tenant query starts with: the table's `workspace_id` is the ctx's workspace,
 * and every other condition holds.
 */
export function inWorkspace(
  ctx: { workspaceId: string },
  table: { workspaceId: Column },
  conditions: (SQL | undefined)[] = [],
): SQL | undefined {
  return and(eq(table.workspaceId, ctx.workspaceId), ...conditions);
}
