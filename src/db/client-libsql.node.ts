import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { asDb, type Db } from './client';
import { MIGRATIONS_FOLDER } from './client.node.js';
import { setDeflate } from './compressed-json';
import * as schema from './schema';
import { zlibDeflate } from './zlib-deflate.node.js';

export type LibsqlHandle = { db: Db; client: Client; url: string; close(): void };

/**
 * A database on a libSQL server (`libsql://`, `http(s)://`, `ws(s)://`) or a local `file:` URL,
 * through @libsql/client and drizzle-orm/libsql: the same async `Db` with `batch()`, so several
 * Node hosts can share one database. Migrations are applied unless `migrate: false`.
 */
export async function openLibsqlDb(options: {
  url: string;
  authToken?: string;
  migrate?: boolean;
}): Promise<LibsqlHandle> {
  const url = normaliseFileUrl(options.url);
  const client = createClient({ url, authToken: options.authToken });
  try {
    await client.execute('PRAGMA foreign_keys = ON');
    const db = drizzle(client, { schema });
    if (options.migrate !== false) {
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    return { db: setDeflate(asDb(db), zlibDeflate), client, url, close: () => client.close() };
  } catch (error) {
    client.close();
    throw error;
  }
}

/** `file:` URLs: resolve relative paths and create the folder, as the embedded database does. */
function normaliseFileUrl(url: string): string {
  if (!url.startsWith('file:')) {
    return url;
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
  if (path === ':memory:') {
    return url;
  }
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return `file:${absolute}`;
}
