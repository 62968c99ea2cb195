import { count, eq, is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEvalView } from '@/traces/stored-eval-view';
import type { SqliteHandle } from './client.node.js';
import { isForeignKeyViolation, isUniqueViolation } from './errors';
import * as schema from './schema';
import { seedEveryTable } from './seed-every-table';
import { createTestDb } from './testing';

const tables: SQLiteTable[] = Object.values(schema as Record<string, unknown>).filter(
  (value): value is SQLiteTable => is(value, SQLiteTable),
);

let handle: SqliteHandle;
beforeEach(() => {
  handle = createTestDb();
});
afterEach(() => handle.close());

/** Rows the migrations write (iofold's best-practice rules, shared by every workspace). */
const MIGRATION_ROWS: Record<string, number> = { prompt_best_practices: 12 };

async function rowCount(table: SQLiteTable): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}

/** Inserts a copy of the table's first row with `changes` (a new id, say). */
async function insertCopy<T extends SQLiteTable>(table: T, changes: Partial<T['$inferInsert']>) {
  const [row] = await handle.db.select().from(table);
  return handle.db.insert(table).values({ ...row, ...changes } as T['$inferInsert']);
}

describe('schema', () => {
  it('declares the 41 product tables, 3 added later and 8 documented supporting tables', () => {
    const names = tables.map((t) => getTableConfig(t).name).sort();
    expect(names).toHaveLength(52);
    for (const later of ['review_queues', 'review_queue_items', 'saved_views']) {
      expect(names).toContain(later);
    }
    for (const supporting of [
      'memberships',
      'api_keys',
      'sessions',
      'login_tokens',
      'spans',
      'trace_scores',
      'pending_scores',
      'eval_verdict_counts',
    ]) {
      expect(names).toContain(supporting);
    }
  });

  it('inserts and reads back a row in every table', async () => {
    await seedEveryTable(handle.db, 'a');
    for (const table of tables) {
      expect({ table: getTableConfig(table).name, rows: await rowCount(table) }).toEqual({
        table: getTableConfig(table).name,
        rows: 1 + (MIGRATION_ROWS[getTableConfig(table).name] ?? 0),
      });
    }
    const [trace] = await handle.db.select().from(schema.traces);
    expect((await readEvalView(trace!.evalView, handle.db)).messages[0]?.content).toBe('hi');
    expect(trace?.startedAt).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(trace?.hasErrors).toBe(false);
  });

  it('deletes every tenant row when its workspace is deleted', async () => {
    const { ws } = await seedEveryTable(handle.db, 'a');
    await seedEveryTable(handle.db, 'b');
    await handle.db.delete(schema.workspaces).where(eq(schema.workspaces.id, ws));
    for (const table of tables) {
      const name = getTableConfig(table).name;
      // Users and their login state outlive a workspace; sessions just lose their workspace.
      const expected =
        (['users', 'login_tokens', 'sessions'].includes(name) ? 2 : 1) +
        (MIGRATION_ROWS[name] ?? 0);
      expect({ name, rows: await rowCount(table) }).toEqual({ name, rows: expected });
    }
  });

  it('upserts a re-sent trace on its natural key instead of doubling it', async () => {
    await seedEveryTable(handle.db, 'a');
    const [original] = await handle.db.select().from(schema.traces);
    await handle.db
      .insert(schema.traces)
      .values({ ...original!, id: 'trc_other', name: 'renamed' })
      .onConflictDoUpdate({
        target: [schema.traces.workspaceId, schema.traces.source, schema.traces.externalId],
        set: { name: sql`excluded.name` },
      });
    const rows = await handle.db.select().from(schema.traces);
    expect(rows.map((r) => ({ id: r.id, name: r.name }))).toEqual([
      { id: original!.id, name: 'renamed' },
    ]);
  });

  it.each([
    {
      name: 'rejects a second trace with the same workspace, source and external id',
      table: schema.traces,
      copy: { id: 'trc_other' },
    },
    {
      name: 'keeps one feedback per trace and labeller',
      table: schema.feedback,
      copy: { id: 'fb_other', rating: 'negative' },
    },
    {
      name: 'keeps one execution per eval version and trace',
      table: schema.evalExecutions,
      copy: { id: 'exe_other' },
    },
  ])('$name', async ({ table, copy }) => {
    await seedEveryTable(handle.db, 'a');
    await expect(insertCopy(table, copy)).rejects.toSatisfy(isUniqueViolation);
  });

  it('allows one unresolved alert per eval and kind, and a new one after resolution', async () => {
    await seedEveryTable(handle.db, 'a');
    const [alert] = await handle.db.select().from(schema.performanceAlerts);
    await expect(insertCopy(schema.performanceAlerts, { id: 'alert_dup' })).rejects.toSatisfy(
      isUniqueViolation,
    );
    await handle.db
      .update(schema.performanceAlerts)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(schema.performanceAlerts.id, alert!.id));
    await handle.db.insert(schema.performanceAlerts).values({ ...alert!, id: 'alert_next' });
    expect(await rowCount(schema.performanceAlerts)).toBe(2);
  });

  it('enforces foreign keys', async () => {
    await expect(
      handle.db.insert(schema.agents).values({ id: 'a', workspaceId: 'missing', name: 'x' }),
    ).rejects.toSatisfy(isForeignKeyViolation);
  });

  it('rolls back a whole batch when one statement fails', async () => {
    await seedEveryTable(handle.db, 'a');
    const before = await rowCount(schema.agents);
    await expect(
      handle.db.batch([
        handle.db
          .insert(schema.agents)
          .values({ id: 'new_agent', workspaceId: 'ws_a', name: 'fresh' }),
        handle.db.insert(schema.agents).values({ id: 'bad', workspaceId: 'missing', name: 'y' }),
      ]),
    ).rejects.toThrow();
    expect(await rowCount(schema.agents)).toBe(before);
  });

  it('returns rows from every statement of a batch', async () => {
    await seedEveryTable(handle.db, 'a');
    const [inserted, listed] = await handle.db.batch([
      handle.db
        .insert(schema.agents)
        .values({ id: 'b1', workspaceId: 'ws_a', name: 'b1' })
        .returning(),
      handle.db.select({ id: schema.agents.id }).from(schema.agents).orderBy(schema.agents.id),
    ]);
    expect(inserted.map((r) => r.id)).toEqual(['b1']);
    expect(listed.map((r) => r.id)).toEqual(['agt_a', 'b1']);
  });
});
