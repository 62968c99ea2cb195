import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client';

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
