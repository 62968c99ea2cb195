import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/** `set` clause for ON CONFLICT DO UPDATE taking every listed column from the proposed row. */
export function excludedSet<T extends SQLiteTable>(table: T, keys: string[]): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const set: Record<string, SQL> = {};
  for (const key of keys) {
    const column = columns[key];
    if (column) {
      set[key] = sql.raw(`excluded."${column.name}"`);
    }
  }
  return set;
}
