import { type Column, eq, type SQL, sql } from 'drizzle-orm';
import { decodeCursor } from '@/core/cursor';

/**
 * The rows after a client's cursor in a list ordered by (`time` desc, `id` desc), the keyset every
 * paged list uses; no condition without a cursor. A malformed cursor answers VALIDATION.
 */
export function afterCursor(time: Column, id: Column, cursor: string | undefined): SQL | undefined {
  if (!cursor) {
    return undefined;
  }
  const after = decodeCursor(cursor);
  return sql`(${time}, ${id}) < (${after.at}, ${after.id})`;
}

/** `column` contains `text` as it is (`%` and `_` match themselves), for a list's text search. */
export function containsText(column: Column, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`${column} like ${pattern} escape '\\'`;
}

/** `column = value` when a list's filter is given (a non-empty value), else no condition. */
export function eqWhenGiven(column: Column, value: string | undefined): SQL | undefined {
  return value ? eq(column, value) : undefined;
}
