import { count, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { type SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import * as schema from './schema';

export type TableStats = {
  table: string;
  rows: number;
  /** Bytes of the values in its rows (every column, as stored). */
  dataBytes: number;
  /** Pages the table and its indexes take in the file; null where the database cannot tell (D1). */
  fileBytes: number | null;
};
export type WorkspaceStats = {
  workspaceId: string;
  name: string;
  /** Rows and value bytes per tenant table, the tables with rows only. */
  tables: { table: string; rows: number; dataBytes: number }[];
  dataBytes: number;
};
export type StorageStats = { tables: TableStats[]; workspaces: WorkspaceStats[] };

const tables = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable =>
  is(value, SQLiteTable),
);

function valueBytes(table: SQLiteTable) {
  const columns = Object.values(getTableColumns(table)).map(
    (c) => `coalesce(length(cast("${c.name}" as blob)), 0)`,
  );
  return sql<number>`${sql.raw(`coalesce(sum(${columns.join(' + ')}), 0)`)}`;
}

/** Pages per table (with its indexes) from SQLite's dbstat; null where it is missing (D1). */
async function fileBytesByTable(db: Db): Promise<Map<string, number> | null> {
  try {
    const rows = await db
      .select({ name: sql<string>`m.tbl_name`, bytes: sql<number>`sum(d.pgsize)` })
      .from(sql`dbstat d join sqlite_master m on m.name = d.name`)
      .groupBy(sql`m.tbl_name`);
    return new Map(rows.map((r) => [r.name, r.bytes]));
  } catch {
    return null;
  }
}

/**
 * Rows and bytes per table, and per workspace for every tenant table (`iofold db stats`). Reads
 * every row once: an operator's report, not a request path.
 */
export async function storageStats(db: Db): Promise<StorageStats> {
  const files = await fileBytesByTable(db);
  const names = new Map(
    (
      await db
        .select({ id: schema.workspaces.id, name: schema.workspaces.name })
        .from(schema.workspaces)
    ).map((w) => [w.id, w.name]),
  );
  const byWorkspace = new Map<string, WorkspaceStats>();
  const result: StorageStats = { tables: [], workspaces: [] };
  for (const table of tables) {
    const name = getTableName(table);
    const workspaceColumn = (getTableColumns(table) as Record<string, SQLiteColumn>).workspaceId;
    // a tenant table is read once, by workspace; its totals are the sums of its groups
    const groups = workspaceColumn
      ? await db
          .select({ workspaceId: workspaceColumn, rows: count(), bytes: valueBytes(table) })
          .from(table)
          .groupBy(workspaceColumn)
      : await db.select({ rows: count(), bytes: valueBytes(table) }).from(table);
    result.tables.push({
      table: name,
      rows: groups.reduce((n, g) => n + g.rows, 0),
      dataBytes: groups.reduce((n, g) => n + g.bytes, 0),
      fileBytes: files ? (files.get(name) ?? 0) : null,
    });
    for (const r of groups) {
      // rows of no workspace (the built-in best-practice rules) count in the table totals only
      if (!('workspaceId' in r) || r.workspaceId === null) {
        continue;
      }
      const id = String(r.workspaceId);
      const w = byWorkspace.get(id) ?? {
        workspaceId: id,
        name: names.get(id) ?? '',
        tables: [],
        dataBytes: 0,
      };
      w.tables.push({ table: name, rows: r.rows, dataBytes: r.bytes });
      w.dataBytes += r.bytes;
      byWorkspace.set(id, w);
    }
  }
  result.tables.sort((a, b) => (b.fileBytes ?? b.dataBytes) - (a.fileBytes ?? a.dataBytes));
  result.workspaces = [...byWorkspace.values()].sort((a, b) => b.dataBytes - a.dataBytes);
  return result;
}
