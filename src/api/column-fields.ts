import { z } from '@hono/zod-openapi';
import { type Column, getTableColumns, type Table } from 'drizzle-orm';
import { IsoDate } from './openapi-schemas';

/** A column's value as a view shows it: dates as ISO-8601 strings, null where the column allows it. */
type Shown<C extends Column> =
  | (C['_']['data'] extends Date ? string : C['_']['data'])
  | (C['_']['notNull'] extends true ? never : null);

type Columns<T extends Table> = T['_']['columns'];

/** The zod field for one column, from how it is declared (JSON columns name their own schema). */
function fieldOf(column: Column): z.ZodType {
  const field = baseField(column);
  return column.notNull ? field : field.nullable();
}

function baseField(column: Column): z.ZodType {
  switch (column.columnType) {
    case 'SQLiteText':
      return column.enumValues ? z.enum(column.enumValues as [string, ...string[]]) : z.string();
    case 'SQLiteInteger':
      return z.number().int();
    case 'SQLiteReal':
      return z.number();
    case 'SQLiteBoolean':
      return z.boolean();
    case 'SQLiteTimestamp':
      return IsoDate;
    default:
      throw new Error(
        `column ${column.name} (${column.columnType}): declare its view field by hand`,
      );
  }
}

/**
 * View fields for table columns shown as they are stored, typed from the table: `z.object({
 * ...columnFields(tasksets, 'id', 'name'), taskCount: … })`. Fields with their own description
 * or a narrower type than the column are written by hand beside them.
 */
export function columnFields<T extends Table, const K extends keyof Columns<T> & string>(
  table: T,
  ...names: K[]
): { [P in K]: z.ZodType<Shown<Columns<T>[P]>> } {
  const columns = getTableColumns(table) as Record<string, Column>;
  return Object.fromEntries(names.map((name) => [name, fieldOf(columns[name] as Column)])) as {
    [P in K]: z.ZodType<Shown<Columns<T>[P]>>;
  };
}
