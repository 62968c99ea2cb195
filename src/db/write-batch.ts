import { getTableColumns } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { chunkRows } from './chunk';
import type { Db } from './client';
import { type RawStatement, rawBatchOf } from './raw-batch';
import { type UpsertRows, upsertBuilders, upsertRows, upsertStatements } from './upsert-rows';

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
    const statements = rawStatementsOf(items);
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

/** The items as the statements a raw batch runs (SQL text and driver parameters), in order. */
export function rawStatementsOf(items: WriteItem[]): RawStatement[] {
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
  return statements;
}

/**
 * Inserts `rows` in one atomic unit, skipping each row that conflicts with a stored one (any
 * unique constraint); answers the `key` values of the rows it inserted. Every row carries its key.
 * The embedded database runs one prepared statement per row (no query building per call).
 */
export async function insertNew<T extends SQLiteTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  key: SQLiteColumn,
): Promise<Set<unknown>> {
  if (rows.length === 0) {
    return new Set();
  }
  const raw = rawBatchOf(db);
  if (raw) {
    const name = Object.entries(getTableColumns(table)).find(([, c]) => c === key)?.[0];
    if (name === undefined) {
      throw new Error('insertNew: the key is not a column of the table');
    }
    const changes = await raw(
      upsertStatements(upsertRows(table, rows, { target: [], update: [] })),
    );
    const inserted = new Set<unknown>();
    rows.forEach((row, i) => {
      if ((changes[i] ?? 0) > 0) {
        inserted.add((row as Record<string, unknown>)[name]);
      }
    });
    return inserted;
  }
  const statements = chunkRows(db, rows, table).map((chunk) =>
    db.insert(table).values(chunk).onConflictDoNothing().returning({ key }),
  );
  const results = await db.batch(
    statements as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]],
  );
  return new Set((results as { key: unknown }[][]).flat().map((row) => row.key));
}
