import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDb } from './client.node.js';
import { rawBatchOf } from './raw-batch';
import { walCheckpointer } from './wal-checkpointer.node.js';

const scratch = mkdtempSync(join(tmpdir(), 'iofold-checkpoint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MB = 1024 * 1024;

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/**
 * A writer (scratch file `name`, WAL mode) whose checkpoints go to the thread as `threadPath`:
 * whether, after writes, it turns its own automatic checkpoint back on (1,000 pages).
 */
async function fallsBackToItsOwnCheckpoints(name: string, threadPath: string): Promise<boolean> {
  const sqlite = new Database(join(scratch, name));
  sqlite.pragma('journal_mode = WAL');
  const checkpointer = walCheckpointer(sqlite, threadPath);
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  checkpointer.written();
  const fellBack = await until(() => {
    checkpointer.written();
    return sqlite.pragma('wal_autocheckpoint', { simple: true }) === 1000;
  });
  checkpointer.close();
  sqlite.close();
  return fellBack;
}

describe('WAL checkpoints on their own thread (embedded database)', () => {
  it('copies committed writes into the database file without the writer checkpointing', async () => {
    const path = join(scratch, 'moved.db');
    const handle = openSqliteDb({ path, migrate: false });
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    await handle.db.run(sql`create table blobs (b blob)`);
    // 2 MB in 8 raw batches: under the 1,000 pages (4 MB) at which SQLite's own checkpoint runs
    const raw = rawBatchOf(handle.db);
    for (let i = 0; i < 8; i++) {
      await raw?.([{ sql: 'insert into blobs values (randomblob(?))', params: [MB / 4] }]);
    }
    expect(await until(() => statSync(path).size >= before + 2 * MB)).toBe(true);
    handle.close();
  });

  it('checkpoints after single statements too, and leaves no WAL once closed', async () => {
    const path = join(scratch, 'closed.db');
    const handle = openSqliteDb({ path, migrate: false });
    const before = statSync(path).size;
    await handle.db.run(sql`create table blobs (b blob)`);
    for (let i = 0; i < 4; i++) {
      await handle.db.run(sql`insert into blobs values (randomblob(${MB / 4}))`);
    }
    expect(await until(() => statSync(path).size >= before + MB)).toBe(true);
    handle.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = openSqliteDb({ path, migrate: false });
    const rows = again.sqlite.prepare('select count(*) from blobs').pluck().get();
    again.close();
    expect(rows).toBe(4);
  });

  it('closes a database that was only read, leaving no WAL', async () => {
    const path = join(scratch, 'read.db');
    openSqliteDb({ path, migrate: false }).close();
    const handle = openSqliteDb({ path, migrate: false });
    await handle.db.all(sql`select 1`);
    handle.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('a database the thread cannot open checkpoints on its own connection again', async () => {
    // the thread opens the path it is given with fileMustExist: this one does not exist
    const missing = join(scratch, 'missing', 'nowhere.db');
    expect(await fallsBackToItsOwnCheckpoints('unopenable.db', missing)).toBe(true);
  });

  it('a database the thread cannot checkpoint checkpoints on its own connection again', async () => {
    // opening does not read the file; the first checkpoint does, and finds no database in it
    const notADatabase = join(scratch, 'not-a-database.db');
    writeFileSync(notADatabase, 'x'.repeat(8192));
    expect(await fallsBackToItsOwnCheckpoints('writer.db', notADatabase)).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self/task'))(
    'serves every database of the process from one thread, each closed on its own',
    async () => {
      const threads = () => readdirSync('/proc/self/task').length;
      const open = async (name: string) => {
        const path = join(scratch, name);
        const handle = openSqliteDb({ path, migrate: false });
        const before = statSync(path).size;
        await handle.db.run(sql`create table blobs (b blob)`);
        await handle.db.run(sql`insert into blobs values (randomblob(${MB}))`);
        return { path, handle, before };
      };
      const a = await open('one-a.db');
      expect(await until(() => statSync(a.path).size >= a.before + MB)).toBe(true);
      const running = threads();
      const b = await open('one-b.db');
      expect(await until(() => statSync(b.path).size >= b.before + MB)).toBe(true);
      expect(threads()).toBe(running);
      a.handle.close();
      expect(existsSync(`${a.path}-wal`)).toBe(false);
      await b.handle.db.run(sql`insert into blobs values (randomblob(${MB}))`);
      expect(await until(() => statSync(b.path).size >= b.before + 2 * MB)).toBe(true);
      b.handle.close();
      expect(existsSync(`${b.path}-wal`)).toBe(false);
    },
  );
});
