import { type Cursor, encodeCursor } from './cursor';

/** Every list answers this shape: the items, and the cursor of the next page (null on the last). */
export type Page<T> = { data: T[]; nextCursor: string | null };

/**
 * A page from `limit + 1` rows fetched in list order: the extra row only says another page exists,
 * and the cursor points after the last row kept.
 */
export function toPage<Row, T = Row>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => Cursor,
  map: (row: Row) => T = (row) => row as unknown as T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    data: kept.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null,
  };
}

/** A list that is never paged (a workspace's keys, members, …) in the one list shape. */
export function onePage<T>(data: T[]): Page<T> {
  return { data, nextCursor: null };
}

/** The same page with each item mapped (a service's rows to their views); the cursor is kept. */
export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { data: page.data.map(map), nextCursor: page.nextCursor };
}
