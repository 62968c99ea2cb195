import { getTableColumns, type Table } from 'drizzle-orm';
import type { Db } from './client';

/** D1 binds at most 100 parameters per statement; SQLite allows 32,766. */
export const D1_MAX_PARAMS = 100;
export const SQLITE_MAX_PARAMS = 32_766;

const maxParamsByDb = new WeakMap<object, number>();

export function setMaxParams(db: Db, maxParams: number): Db {
  maxParamsByDb.set(db, maxParams);
  return db;
}

/** The bound-parameter limit of this database (D1's, unless the client declared a larger one). */
export function maxParamsOf(db: Db): number {
  return maxParamsByDb.get(db) ?? D1_MAX_PARAMS;
}

/**
 * Splits rows for multi-row INSERTs into `table` that stay under the database's parameter limit.
 * A row binds up to one parameter per column of the table, not per key it sets: Drizzle binds
 * the defaults (`$defaultFn`, `.default(value)`) of the columns a row leaves out.
 */
export function chunkRows<T extends object>(db: Db, rows: T[], table: Table): T[][] {
  if (rows.length === 0) {
    return [];
  }
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(500, Math.floor(maxParamsOf(db) / Math.max(1, perRow))));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) {
    chunks.push(rows.slice(i, i + size));
  }
  return chunks;
}
