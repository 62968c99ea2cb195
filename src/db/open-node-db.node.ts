import { resolve } from 'node:path';
import { AppError } from '@/core/errors';
import type { Db } from './client';
import { openSqliteDb } from './client.node.js';

export type NodeDbHandle = {
  db: Db;
  kind: 'sqlite' | 'libsql';
  /** The file path or URL, for messages (never includes the auth token). */
  location: string;
  /** Online copy of the whole database into `destination` (embedded SQLite only). */
  backup(destination: string): Promise<void>;
  close(): void;
};

export type NodeDbOptions = {
  databasePath: string;
  databaseUrl?: string;
  databaseAuthToken?: string;
  migrate?: boolean;
};

/** Opens the Node host's database: a libSQL URL when one is configured, else the embedded file. */
export async function openNodeDb(options: NodeDbOptions): Promise<NodeDbHandle> {
  if (options.databaseUrl) {
    // Loaded only for a URL: @libsql/client and its WebSocket stack cost every embedded-database
    // command a third of its start-up otherwise.
    const { openLibsqlDb } = await import('./client-libsql.node.js');
    const handle = await openLibsqlDb({
      url: options.databaseUrl,
      authToken: options.databaseAuthToken,
      migrate: options.migrate,
    });
    return {
      db: handle.db,
      kind: 'libsql',
      location: handle.url,
      backup: async () => {
        throw new AppError(
          'PRECONDITION_FAILED',
          'backup copies the embedded SQLite file; back up a libSQL server with its own tooling',
        );
      },
      close: handle.close,
    };
  }
  const handle = openSqliteDb({ path: options.databasePath, migrate: options.migrate });
  return {
    db: handle.db,
    kind: 'sqlite',
    location: resolve(options.databasePath),
    backup: async (destination) => {
      await handle.sqlite.backup(destination);
    },
    close: handle.close,
  };
}
