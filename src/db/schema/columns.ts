import { type AnySQLiteColumn, integer, text } from 'drizzle-orm/sqlite-core';

/** Every timestamp is stored as integer milliseconds since the epoch and read as a Date. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () =>
  timestamp('created_at')
    .notNull()
    .$defaultFn(() => new Date());

export const updatedAt = () =>
  timestamp('updated_at')
    .notNull()
    .$defaultFn(() => new Date());

/** A JSON column typed as `T`; services validate the value with its zod schema before writing. */
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const bool = (name: string) => integer(name, { mode: 'boolean' });

export const primaryId = () => text('id').primaryKey();

type ReferencedColumn = () => AnySQLiteColumn;

/** A required link to the row this one belongs to: deleting that row deletes this one. */
export const parentRef = (name: string, parent: ReferencedColumn) =>
  text(name).notNull().references(parent, { onDelete: 'cascade' });

/** An optional link to another row: deleting that row clears this column. */
export const optionalRef = (name: string, target: ReferencedColumn) =>
  text(name).references(target, { onDelete: 'set null' });
