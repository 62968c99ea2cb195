/**
 * The ingest baseline's raw material: the exact rows a product write added to a real database
 * (every table, as stored), and their replay through raw prepared INSERTs in one transaction.
 */
import type Database from 'better-sqlite3';

export type TableRows = { table: string; columns: string[]; rows: unknown[][] };

function tables(sqlite: Database.Database): string[] {
  const names = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .pluck()
    .all() as string[];
  // Tables that triggers write are left to the triggers, as in the product.
  const triggerSql = (
    sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]
  ).join('\n');
  const written = new Set(
    [...triggerSql.matchAll(/\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE)\s+"?(\w+)"?/gi)].map(
      (m) => m[1],
    ),
  );
  return names.filter((n) => !written.has(n));
}

/** The highest rowid of every table, to read what a write adds after it. */
export function rowidMarks(sqlite: Database.Database): Map<string, number> {
  return new Map(
    tables(sqlite).map((t) => [
      t,
      (sqlite.prepare(`SELECT coalesce(max(rowid), 0) FROM "${t}"`).pluck().get() as number) ?? 0,
    ]),
  );
}

/** Tables in an order that satisfies their foreign keys (parents first). */
function parentsFirst(sqlite: Database.Database, names: string[]): string[] {
  const parents = new Map(
    names.map((t) => [
      t,
      (sqlite.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string }[])
        .map((fk) => fk.table)
        .filter((p) => p !== t),
    ]),
  );
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) {
      return; // placed, or a cycle (the replay defers foreign keys to its commit)
    }
    seen.add(t);
    for (const p of parents.get(t) ?? []) {
      if (names.includes(p)) {
        visit(p);
      }
    }
    ordered.push(t);
  };
  names.forEach(visit);
  return ordered;
}

/** Every row added since `marks`, per table, as stored (parents first). */
export function rowsAddedSince(sqlite: Database.Database, marks: Map<string, number>): TableRows[] {
  const out: TableRows[] = [];
  for (const table of parentsFirst(sqlite, [...marks.keys()])) {
    const statement = sqlite.prepare(`SELECT * FROM "${table}" WHERE rowid > ? ORDER BY rowid`);
    const rows = statement.raw().all(marks.get(table)) as unknown[][];
    if (rows.length > 0) {
      out.push({ table, columns: statement.columns().map((c) => c.name), rows });
    }
  }
  return out;
}

/**
 * Inserts the rows with one prepared INSERT per table, in `transactions` transactions (each
 * table's rows split evenly among them; one by default); foreign keys are checked at each commit
 * (deferred), so a cycle between tables cannot fail on order alone. Rows are in rowid order, so
 * each part holds whole requests' rows with their parents.
 */
export function insertRaw(sqlite: Database.Database, data: TableRows[], transactions = 1): void {
  const statements = data.map((t) =>
    sqlite.prepare(
      `INSERT INTO "${t.table}" (${t.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
    ),
  );
  const part = sqlite.transaction((k: number) => {
    sqlite.pragma('defer_foreign_keys = ON');
    data.forEach((t, i) => {
      // rounded up: a table of fewer rows than transactions (the agent) goes in the first
      const from = Math.ceil((t.rows.length * k) / transactions);
      const to = Math.ceil((t.rows.length * (k + 1)) / transactions);
      for (let r = from; r < to; r++) {
        statements[i]?.run(t.rows[r] as unknown[]);
      }
    });
  });
  for (let k = 0; k < transactions; k++) {
    part(k);
  }
}

export const countRows = (data: TableRows[], table: string) =>
  data.find((t) => t.table === table)?.rows.length ?? 0;
