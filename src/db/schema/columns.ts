import { type AnySQLiteColumn, customType, integer, text } from 'drizzle-orm/sqlite-core';
import { blobBytes, type Compressible } from '../compressed-json';

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

/** `created_at` and `updated_at`, both set to now on insert. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/** A JSON column typed as `T`; services validate the value with its zod schema before writing. */
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

/** A JSON column stored in a packed form: `pack`/`unpack` map the value to it and back (pure, sync). */
export const packedJson = <T>(
  name: string,
  codec: { pack(value: T): unknown; unpack(stored: unknown): T },
) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => JSON.stringify(codec.pack(value)),
    fromDriver: (value) => codec.unpack(JSON.parse(value)),
  })(name);

/**
 * A JSON column whose large values are stored deflated (a BLOB; `compressJson`/`decompressJson`).
 * `pack`/`unpack` map the value to the form stored as JSON text and back (both pure and sync).
 */
export const compressedJson = <T>(
  name: string,
  codec: { pack(value: T): unknown; unpack(stored: unknown): T } = {
    pack: (v) => v,
    unpack: (v) => v as T,
  },
) =>
  customType<{ data: Compressible<T>; driverData: unknown }>({
    dataType: () => 'text',
    toDriver: (value) =>
      value instanceof Uint8Array ? value : JSON.stringify(codec.pack(value as T)),
    fromDriver: (value) =>
      typeof value === 'string'
        ? codec.unpack(JSON.parse(value))
        : (blobBytes(value) ?? (value as T)),
  })(name);

export const bool = (name: string) => integer(name, { mode: 'boolean' });

export const primaryId = () => text('id').primaryKey();

type ReferencedColumn = () => AnySQLiteColumn;

/** A required link to the row this one belongs to: deleting that row deletes this one. */
export const parentRef = (name: string, parent: ReferencedColumn) =>
  text(name).notNull().references(parent, { onDelete: 'cascade' });

/** An optional link to another row: deleting that row clears this column. */
export const optionalRef = (name: string, target: ReferencedColumn) =>
  text(name).references(target, { onDelete: 'set null' });
