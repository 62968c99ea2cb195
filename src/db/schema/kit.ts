/**
 * Drizzle's SQLite builders that the domain schema files declare tables with, in one place: each
 * file takes them from here (and the column helpers from `./columns`).
 */
export {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
