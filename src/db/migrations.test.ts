import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openSqliteDb } from './client.node.js';

const scratch = mkdtempSync(join(tmpdir(), 'iofold-drift-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('migrations', () => {
  it('match the schema exactly: generating again yields no new migration', () => {
    const out = join(scratch, 'drizzle');
    cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
    const before = readdirSync(out).sort();
    // drizzle-kit resolves --out relative to the working directory.
    const run = spawnSync(
      'npx',
      [
        'drizzle-kit',
        'generate',
        '--dialect',
        'sqlite',
        '--schema',
        'src/db/schema/index.ts',
        '--out',
        relative(process.cwd(), out),
      ],
      { encoding: 'utf8' },
    );
    expect(`${run.stdout}${run.stderr}`).toMatch(/No schema changes/);
    expect(readdirSync(out).sort()).toEqual(before);
  });

  it('apply to an empty database file and are not applied twice', () => {
    const path = join(scratch, 'fresh.db');
    const first = openSqliteDb({ path });
    const applied = first.sqlite
      .prepare('select count(*) as n from __drizzle_migrations')
      .get() as { n: number };
    first.close();
    const second = openSqliteDb({ path });
    const again = second.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as {
      n: number;
    };
    const tables = second.sqlite
      .prepare(
        "select count(*) as n from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name != 'sqlite_sequence'",
      )
      .get() as { n: number };
    second.close();
    expect(applied.n).toBe(readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).length);
    expect(again.n).toBe(applied.n);
    expect(tables.n).toBe(52);
  });

  it('turns on WAL, foreign keys and a busy timeout on the embedded database', () => {
    const handle = openSqliteDb({ path: join(scratch, 'pragmas.db') });
    const pragmas = {
      journal: handle.sqlite.pragma('journal_mode', { simple: true }),
      foreignKeys: handle.sqlite.pragma('foreign_keys', { simple: true }),
      busyTimeout: handle.sqlite.pragma('busy_timeout', { simple: true }),
    };
    handle.close();
    expect(pragmas).toEqual({ journal: 'wal', foreignKeys: 1, busyTimeout: 5000 });
  });
});
