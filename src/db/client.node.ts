import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as drizzleSync } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzleProxy } from 'drizzle-orm/sqlite-proxy';
import { packagePath } from '@/core/package-path.node.js';
import { SQLITE_MAX_PARAMS, setMaxParams } from './chunk';
import { asDb, type Db } from './client';
import { setDeflate } from './compressed-json';
import { type RawStatement, setRawBatch } from './raw-batch';
import * as schema from './schema';
import { walCheckpointer } from './wal-checkpointer.node.js';
import { zlibDeflate } from './zlib-deflate.node.js';

export const MIGRATIONS_FOLDER = packagePath('drizzle');

type Method = 'run' | 'all' | 'values' | 'get';
type Query = { sql: string; params: unknown[]; method: Method };

export type SqliteHandle = { db: Db; sqlite: Database.Database; close(): void };

/**
 * The embedded database: better-sqlite3 (measured 4x the write rate of @libsql/client with flat
 * memory, LIMITS.md §1) behind Drizzle's async proxy driver, so features see the same `Db` as on
 * D1. `batch()` runs in one SQLite transaction.
 */
export function openSqliteDb(options: {
  path: string;
  migrate?: boolean;
  /** Sees every statement before it runs (query-plan tests and benchmarks). */
  onQuery?(sql: string, params: unknown[]): void;
}): SqliteHandle {
  const isMemory = options.path === ':memory:';
  const filename = isMemory ? ':memory:' : resolve(options.path);
  if (!isMemory) {
    mkdirSync(dirname(filename), { recursive: true });
  }
  const sqlite = new Database(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  if (options.migrate !== false) {
    migrate(drizzleSync(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
  }
  const checkpointer = isMemory ? undefined : walCheckpointer(sqlite, filename);
  const committed = () => {
    if (!sqlite.inTransaction) {
      checkpointer?.written();
    }
  };

  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = sqlite.prepare(text);
      if (statements.size > 500) {
        statements.clear();
      }
      statements.set(text, statement);
    }
    return statement;
  };
  const execute = ({ sql, params, method }: Query): { rows: unknown[] } => {
    options.onQuery?.(sql, params);
    const statement = prepare(sql);
    const values = driverValues(params);
    if (method === 'run' || !statement.reader) {
      statement.run(values);
      committed();
      return { rows: [] };
    }
    if (method === 'get') {
      return { rows: (statement.raw(true).get(values) as unknown[] | undefined) ?? [] };
    }
    return { rows: statement.raw(true).all(values) as unknown[] };
  };
  const runBatch = sqlite.transaction((queries: Query[]) => queries.map(execute));

  const db = drizzleProxy(
    async (sql, params, method) => execute({ sql, params, method }),
    async (queries) => {
      const results = runBatch(queries);
      committed();
      return results;
    },
    { schema },
  );
  const runRaw = sqlite.transaction((queries: RawStatement[]) =>
    queries.map((q) => {
      options.onQuery?.(q.sql, q.params);
      return prepare(q.sql).run(driverValues(q.params)).changes;
    }),
  );
  const handle = setMaxParams(asDb(db), SQLITE_MAX_PARAMS);
  setRawBatch(handle, async (queries) => {
    const changes = runRaw(queries);
    committed();
    return changes;
  });
  setDeflate(handle, zlibDeflate);
  return {
    db: handle,
    sqlite,
    close: () => {
      checkpointer?.close();
      sqlite.close();
    },
  };
}

/** `params` as the driver takes them: a copy only when one needs converting (most need none). */
function driverValues(params: unknown[]): unknown[] {
  for (const value of params) {
    if (typeof value === 'boolean' || value instanceof Date) {
      return params.map(toDriverValue);
    }
  }
  return params;
}

function toDriverValue(value: unknown): unknown {
  if (typeof value === 'boolean') {
    return value ? 1 : 0;
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  return value;
}
