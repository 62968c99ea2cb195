import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

export type Schema = typeof schema;

/**
 * The one database type features see, on D1 and on the embedded Node database alike: async Drizzle
 * plus `batch()`, the only atomic multi-statement unit (D1 has no interactive transactions).
 */
export type Db = BaseSQLiteDatabase<'async', unknown, Schema> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(
    batch: T,
  ): Promise<BatchResponse<T>>;
};

/** Wraps a Cloudflare D1 binding. */
export function createDb(d1: D1Database): Db {
  return asDb(drizzleD1(d1, { schema }));
}

/** Drizzle's D1 and proxy databases differ only in their run-result type, which features never read. */
export function asDb(database: unknown): Db {
  return database as Db;
}
