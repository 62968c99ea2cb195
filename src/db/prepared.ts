import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Db } from './client';
import { IDS_PER_QUERY, rowsByIdChunks } from './id-chunks';

/**
 * A statement built once per database handle and reused: building a Drizzle query costs more
 * CPU than running a point query on SQLite, so the statements of hot paths are prepared
 * (`.prepare()`) with named {@link param}s and bound per call.
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}

/** A named parameter of a prepared statement (dates are bound as epoch milliseconds). */
export const param = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** The ctx `inWorkspace` takes in a prepared statement: the workspace is bound per call as `workspaceId`. */
export const workspaceParam = { workspaceId: param('workspaceId') };

/** List lengths an id-list statement is prepared for; a shorter list is padded with its first id. */
const ID_LIST_LENGTHS = [1, 2, 4, 8, 16, 32, 64, IDS_PER_QUERY];

/**
 * A read of rows by a list of ids (`IN (...)`, in `idChunks` lists), prepared once per database and
 * list length: `build` gets one placeholder per id. Drizzle took about 0.7 ms to build such a
 * query for 90 ids, more than SQLite took to run it. A list is padded to its prepared length with
 * its own first id, which matches no row the list does not.
 */
export function preparedIdList<R>(
  build: (db: Db, ids: Placeholder[]) => { all(values: Record<string, unknown>): Promise<R[]> },
): (db: Db, ids: readonly string[], values: Record<string, unknown>) => Promise<R[]> {
  const byLength = ID_LIST_LENGTHS.map((length) =>
    preparedPerDb((db) =>
      build(
        db,
        Array.from({ length }, (_, i) => sql.placeholder(`id${i}`)),
      ),
    ),
  );
  return (db, ids, values) =>
    rowsByIdChunks(ids, (chunk) => {
      const k = ID_LIST_LENGTHS.findIndex((length) => length >= chunk.length);
      const bound: Record<string, unknown> = { ...values };
      for (let i = 0; i < (ID_LIST_LENGTHS[k] as number); i++) {
        bound[`id${i}`] = chunk[i] ?? chunk[0];
      }
      return (byLength[k] as (db: Db) => ReturnType<typeof build>)(db).all(bound);
    });
}
