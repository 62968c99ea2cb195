import { and, type Column, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { SelectedFields, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { notFound } from '@/core/errors';
import type { Db } from './client';

/**
 * The filter every tenant query starts with: the table's `workspace_id` is the ctx's workspace,
 * and every other condition holds. A prepared statement passes `workspaceParam` as the ctx.
 */
export function inWorkspace(
  ctx: { workspaceId: string | SQL },
  table: { workspaceId: Column },
  conditions: (SQL | undefined)[] = [],
): SQL | undefined {
  return and(eq(table.workspaceId, ctx.workspaceId), ...conditions);
}

type TenantTable = SQLiteTable & { workspaceId: Column };
type WorkspaceTable = TenantTable & { id: Column };

/**
 * `select fields from table` where the row is in the ctx's workspace and every condition holds:
 * the one-table tenant query, naming its table once (`inWorkspace` filters the same table).
 */
export function selectInWorkspace<T extends TenantTable, F extends SelectedFields>(
  ctx: { db: Db; workspaceId: string },
  table: T,
  fields: F,
  conditions: (SQL | undefined)[] = [],
) {
  return ctx.db
    .select(fields)
    .from(table)
    .where(inWorkspace(ctx, table, conditions));
}

/** The table's whole rows in the ctx's workspace where every condition holds: all its columns. */
export function rowsInWorkspace<T extends TenantTable>(
  ctx: { db: Db; workspaceId: string },
  table: T,
  conditions: (SQL | undefined)[] = [],
) {
  return selectInWorkspace(ctx, table, getTableColumns(table), conditions);
}

/** `delete from table` where the row is in the ctx's workspace and every condition holds. */
export function deleteInWorkspace<T extends TenantTable>(
  ctx: { db: Db; workspaceId: string },
  table: T,
  conditions: (SQL | undefined)[] = [],
) {
  return ctx.db.delete(table).where(inWorkspace(ctx, table, conditions));
}

/**
 * The row with this id in the ctx's workspace, or NOT_FOUND naming `entity` (also for another
 * workspace's id): the one by-id lookup every feature's `get…OrThrow` is.
 */
export async function getOrThrow<T extends WorkspaceTable>(
  ctx: { db: Db; workspaceId: string },
  table: T,
  entity: string,
  id: string,
): Promise<T['$inferSelect']> {
  const rows = await rowsInWorkspace(ctx, table, [eq(table.id, id)]).limit(1);
  const [row] = rows as T['$inferSelect'][];
  if (!row) {
    throw notFound(entity, id);
  }
  return row;
}

/**
 * The join condition to the row a reference names, kept inside the referring row's workspace:
 * `table.workspace_id = from.workspace_id and table.id = ref`.
 */
export function sameWorkspaceRow(
  table: { id: Column; workspaceId: Column },
  from: { workspaceId: Column },
  ref: Column,
): SQL | undefined {
  return and(eq(table.workspaceId, from.workspaceId), eq(table.id, ref));
}
