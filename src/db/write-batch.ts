import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { type RawStatement, rawBatchOf } from './raw-batch';
import { type UpsertRows, upsertBuilders, upsertStatements } from './upsert-rows';

export type WriteItem = BatchItem<'sqlite'> | UpsertRows;

type Built = { toSQL?: () => RawStatement; getQuery?: () => RawStatement };

const isUpsert = (item: WriteItem): item is UpsertRows =>
  (item as { kind?: unknown }).kind === 'upsert';

/**
 * Writes every item in one atomic unit. Bulk upserts go through the database's raw batch when its
 * client has one (the embedded database: prepared statements, no per-row query building);
 * otherwise everything becomes chunked Drizzle statements in one `db.batch()` (D1).
 */
export async function writeBatch(db: Db, items: WriteItem[]): Promise<void> {
  const raw = rawBatchOf(db);
  if (raw) {
    const statements: RawStatement[] = [];
    for (const item of items) {
      if (isUpsert(item)) {
        statements.push(...upsertStatements(item));
      } else {
        const built = item as unknown as Built;
        const query = built.toSQL ? built.toSQL() : built.getQuery?.();
        if (!query) {
          throw new Error('writeBatch: a statement that cannot be built');
        }
        statements.push({ sql: query.sql, params: query.params });
      }
    }
    if (statements.length > 0) {
      await raw(statements);
    }
    return;
  }
  const statements = items.flatMap((item) => (isUpsert(item) ? upsertBuilders(db, item) : [item]));
  if (statements.length > 0) {
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  }
}
