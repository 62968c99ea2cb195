import { type Column, desc, type SQL } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Cursor } from '@/core/cursor';
import { type Page, toPage } from '@/core/page';
import { inWorkspace } from './in-workspace';
import { afterCursor } from './list-filters';

/** How a paged list is ordered: newest `time` first, then `id`, both of `table`. */
export type NewestFirst = {
  table: { workspaceId: Column };
  time: Column;
  id: Column;
};

/**
 * One page of a workspace's rows newest first, keyset-paginated on (`time`, `id`): the rows of
 * `query` (a `$dynamic()` select) after `cursor` that meet `filters`, `limit + 1` of them read so
 * the page knows whether another follows. `positionOf` gives a row's cursor position.
 */
export async function newestFirstPage<Q extends SQLiteSelect, T = Awaited<Q>[number]>(
  ctx: { workspaceId: string },
  query: Q,
  order: NewestFirst,
  input: { cursor?: string | undefined; limit: number; filters: (SQL | undefined)[] },
  positionOf: (row: Awaited<Q>[number]) => Cursor,
  map?: (row: Awaited<Q>[number]) => T,
): Promise<Page<T>> {
  const rows: Awaited<Q>[number][] = await query
    .where(
      inWorkspace(ctx, order.table, [
        ...input.filters,
        afterCursor(order.time, order.id, input.cursor),
      ]),
    )
    .orderBy(desc(order.time), desc(order.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, positionOf, map);
}
