import type { Db } from './client';

/** One statement with its parameters already in driver form (numbers, strings, null). */
export type RawStatement = { sql: string; params: unknown[] };

/** Runs statements in ONE transaction, all of them or none; answers each one's count of changed rows. */
export type RawBatch = (statements: RawStatement[]) => Promise<number[]>;

const rawBatchByDb = new WeakMap<object, RawBatch>();

/**
 * Declares that this database can run pre-built statements atomically without Drizzle's query
 * builder (the embedded database does; D1 does not and keeps `db.batch()`).
 */
export function setRawBatch(db: Db, run: RawBatch): Db {
  rawBatchByDb.set(db, run);
  return db;
}

/** The database's raw batch runner, when its client declared one. */
export function rawBatchOf(db: Db): RawBatch | undefined {
  return rawBatchByDb.get(db);
}
