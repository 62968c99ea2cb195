import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { readEvalView } from '@/traces/stored-eval-view';
import { openLibsqlDb } from './client-libsql.node.js';
import { isForeignKeyViolation, isUniqueViolation } from './errors';
import { traces, workspaces } from './schema';
import { bareTraceRow } from './testing';

const scratch = mkdtempSync(join(tmpdir(), 'iofold-libsql-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const trace = bareTraceRow;

describe('openLibsqlDb (file: URL through @libsql/client)', () => {
  it('applies every migration once, on first open only', async () => {
    const url = `file:${join(scratch, 'nested', 'migrate.db')}`;
    const first = await openLibsqlDb({ url });
    const [applied] = await first.db
      .select({ n: sql<number>`count(*)` })
      .from(sql`__drizzle_migrations`);
    first.close();
    const second = await openLibsqlDb({ url });
    const [again] = await second.db
      .select({ n: sql<number>`count(*)` })
      .from(sql`__drizzle_migrations`);
    const [tables] = await second.db
      .select({ n: sql<number>`count(*)` })
      .from(sql`sqlite_master`)
      .where(sql`type = 'table' and name = 'traces'`);
    second.close();
    expect(applied?.n).toBeGreaterThan(0);
    expect(again?.n).toBe(applied?.n);
    expect(tables?.n).toBe(1);
  });

  it('round-trips timestamps, JSON and booleans like the embedded database', async () => {
    const handle = await openLibsqlDb({ url: `file:${join(scratch, 'roundtrip.db')}` });
    await handle.db
      .insert(workspaces)
      .values({ id: 'ws_a', name: 'A', slug: 'a', settings: { requireRefineApproval: true } });
    await handle.db.insert(traces).values(trace('ws_a', 'one'));
    const [row] = await handle.db.select().from(traces).where(eq(traces.externalId, 'one'));
    const [ws] = await handle.db.select().from(workspaces);
    handle.close();
    expect(row?.startedAt.getTime()).toBe(1_700_000_000_123);
    expect((await readEvalView(row!.evalView, handle.db)).trace_id).toBe('one');
    expect(row?.hasErrors).toBe(false);
    expect(ws?.settings).toEqual({ requireRefineApproval: true });
  });

  it('enforces foreign keys and unique indexes, with the errors the services recognise', async () => {
    const handle = await openLibsqlDb({ url: `file:${join(scratch, 'constraints.db')}` });
    await handle.db.insert(workspaces).values({ id: 'ws_b', name: 'B', slug: 'b' });
    const orphan = await handle.db
      .insert(traces)
      .values(trace('ws_missing', 'x'))
      .catch((e: unknown) => e);
    await handle.db.insert(traces).values(trace('ws_b', 'y'));
    const duplicate = await handle.db
      .insert(traces)
      .values({ ...trace('ws_b', 'y'), id: 'tr_other' })
      .catch((e: unknown) => e);
    handle.close();
    expect(isForeignKeyViolation(orphan)).toBe(true);
    expect(isUniqueViolation(duplicate)).toBe(true);
  });

  it('runs batch() atomically: a failing statement rolls back the ones before it', async () => {
    const handle = await openLibsqlDb({ url: `file:${join(scratch, 'batch.db')}` });
    await handle.db.insert(workspaces).values({ id: 'ws_c', name: 'C', slug: 'c' });
    const failed = await handle.db
      .batch([
        handle.db.insert(traces).values(trace('ws_c', 'kept?')),
        handle.db.insert(traces).values(trace('ws_nope', 'bad')),
      ])
      .catch((e: unknown) => e);
    const [count] = await handle.db.select({ n: sql<number>`count(*)` }).from(traces);
    await handle.db.batch([
      handle.db.insert(traces).values(trace('ws_c', 'a')),
      handle.db.insert(traces).values(trace('ws_c', 'b')),
    ]);
    const [after] = await handle.db.select({ n: sql<number>`count(*)` }).from(traces);
    handle.close();
    expect(failed).toBeInstanceOf(Error);
    expect(count?.n).toBe(0);
    expect(after?.n).toBe(2);
  });

  it('lets two clients share one database file (as two Node hosts would share a server)', async () => {
    const url = `file:${join(scratch, 'shared.db')}`;
    const a = await openLibsqlDb({ url });
    const b = await openLibsqlDb({ url });
    await a.db.insert(workspaces).values({ id: 'ws_d', name: 'D', slug: 'd' });
    const seen = await b.db.select().from(workspaces).where(eq(workspaces.id, 'ws_d'));
    a.close();
    b.close();
    expect(seen).toHaveLength(1);
  });
});
