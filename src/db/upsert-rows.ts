import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { chunkRows } from './chunk';
import type { Db } from './client';
import type { RawStatement } from './raw-batch';

/**
 * Rows to insert, updating the listed columns from the new row when `target` conflicts; with no
 * columns to update (and no revision), a row that conflicts with any stored row is skipped.
 */
export type UpsertRows = {
  kind: 'upsert';
  table: SQLiteTable;
  rows: Record<string, unknown>[];
  target: SQLiteColumn[];
  update: string[];
  /**
   * A revision column for compare-and-swap: each row carries the stored revision plus one (1 for
   * a new row), and a conflicting row whose revision is not exactly one less makes the column
   * NULL, so its NOT NULL constraint aborts the whole batch (`isRevisionConflict`).
   */
  revision?: SQLiteColumn;
};

export function upsertRows<T extends SQLiteTable>(
  table: T,
  rows: T['$inferInsert'][],
  options: {
    target: SQLiteColumn[];
    update: (keyof T['$inferInsert'] & string)[];
    revision?: SQLiteColumn;
  },
): UpsertRows {
  return { kind: 'upsert', table, rows: rows as Record<string, unknown>[], ...options };
}

function revisionCheck(table: SQLiteTable, column: SQLiteColumn): string {
  const stored = `"${getTableName(table)}"."${column.name}"`;
  const proposed = `excluded."${column.name}"`;
  return `case when ${stored} = ${proposed} - 1 then ${proposed} else null end`;
}

/** `set` clause for ON CONFLICT DO UPDATE taking every listed column from the proposed row. */
export function excludedSet<T extends SQLiteTable>(
  table: T,
  keys: (keyof T['$inferInsert'] & string)[],
): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const set: Record<string, SQL> = {};
  for (const key of keys) {
    const column = columns[key];
    if (column) {
      set[key] = sql.raw(`excluded."${column.name}"`);
    }
  }
  return set;
}

/** Chunked multi-row Drizzle upserts: what every driver (D1 included) runs in `db.batch()`. */
export function upsertBuilders(db: Db, u: UpsertRows): BatchItem<'sqlite'>[] {
  return chunkRows(db, u.rows, u.table).map((chunk) =>
    skipsConflicts(u)
      ? db
          .insert(u.table)
          .values(chunk)
          .onConflictDoNothing(u.target.length > 0 ? { target: u.target } : undefined)
      : db
          .insert(u.table)
          .values(chunk)
          .onConflictDoUpdate({
            target: u.target,
            set: {
              ...excludedSet(u.table, u.update),
              ...(u.revision
                ? { [revisionKey(u)]: sql.raw(revisionCheck(u.table, u.revision)) }
                : {}),
            },
          }),
  );
}

/** Whether conflicting rows are skipped (`on conflict do nothing`) rather than updated. */
export const skipsConflicts = (u: UpsertRows) => u.update.length === 0 && !u.revision;

function revisionKey(u: UpsertRows): string {
  const entry = Object.entries(getTableColumns(u.table)).find(([, c]) => c === u.revision);
  if (!entry) {
    throw new Error('upsertRows: the revision column is not a column of the table');
  }
  return entry[0];
}

type Plan = { sql: string; columns: [string, SQLiteColumn][] };
const plans = new WeakMap<SQLiteTable, Map<string, Plan>>();

function planOf(u: UpsertRows): Plan {
  let byShape = plans.get(u.table);
  if (!byShape) {
    byShape = new Map();
    plans.set(u.table, byShape);
  }
  const shape = `${u.target.map((c) => c.name).join()}|${u.update.join()}|${u.revision?.name ?? ''}`;
  let plan = byShape.get(shape);
  if (!plan) {
    // the columns Drizzle's insert builder writes, in its order
    const columns = Object.entries(getTableColumns(u.table) as Record<string, SQLiteColumn>).filter(
      ([, c]) => !(c as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert(),
    );
    const q = (name: string) => `"${name}"`;
    const byKey = new Map(columns);
    const set = u.update.flatMap((key) => {
      const column = byKey.get(key);
      return column ? [`${q(column.name)} = excluded.${q(column.name)}`] : [];
    });
    if (u.revision) {
      set.push(`${q(u.revision.name)} = ${revisionCheck(u.table, u.revision)}`);
    }
    const target = u.target.length > 0 ? ` (${u.target.map((c) => q(c.name)).join(', ')})` : '';
    plan = {
      columns,
      sql:
        `insert into ${q(getTableName(u.table))} (${columns.map(([, c]) => q(c.name)).join(', ')}) ` +
        `values (${columns.map(() => '?').join(', ')}) ` +
        `on conflict${target} do ${skipsConflicts(u) ? 'nothing' : `update set ${set.join(', ')}`}`,
    };
    byShape.set(shape, plan);
  }
  return plan;
}

/**
 * One prepared single-row statement per row, parameters encoded exactly as Drizzle's builder
 * encodes them (defaults, `$defaultFn`, JSON, timestamps, booleans) without building SQL per row.
 */
export function upsertStatements(u: UpsertRows): RawStatement[] {
  const plan = planOf(u);
  return u.rows.map((row) => {
    const params = new Array<unknown>(plan.columns.length);
    for (let i = 0; i < plan.columns.length; i++) {
      const [key, column] = plan.columns[i] as [string, SQLiteColumn];
      let value = row[key];
      if (value === undefined) {
        value = defaultOf(column);
      }
      params[i] = value === null ? null : column.mapToDriverValue(value);
    }
    return { sql: plan.sql, params };
  });
}

function defaultOf(column: SQLiteColumn): unknown {
  if (column.default !== null && column.default !== undefined) {
    return column.default;
  }
  if (column.defaultFn !== undefined) {
    return column.defaultFn();
  }
  if (column.onUpdateFn !== undefined) {
    return column.onUpdateFn();
  }
  return null;
}
