import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './client';
import { rawBatchOf } from './raw-batch';
import { type NewSpan, type NewTrace, spans, traces, workspaces } from './schema';
import { bareTraceRow, createTestDb, withoutFastPaths } from './testing';
import { upsertRows } from './upsert-rows';
import { insertNew, writeBatch } from './write-batch';

let handle: ReturnType<typeof createTestDb>;
beforeEach(async () => {
  handle = createTestDb();
  await handle.db.insert(workspaces).values({ id: 'ws_a', name: 'A', slug: 'a' });
});
afterEach(() => handle.close());

const trace = (externalId: string, extra: Partial<NewTrace> = {}): NewTrace => ({
  ...bareTraceRow('ws_a', externalId, 'otlp'),
  hasErrors: true,
  metadata: { 'k\u00e9y': ['v', 1, null] },
  createdAt: new Date(1_700_000_000_000),
  updatedAt: new Date(1_700_000_000_000),
  ...extra,
});
const span = (traceId: string, spanId: string, extra: Partial<NewSpan> = {}): NewSpan => ({
  id: `sp_${traceId}_${spanId}`,
  workspaceId: 'ws_a',
  traceId,
  spanId,
  name: spanId,
  startedAt: new Date(1_700_000_000_500),
  endedAt: null,
  input: { text: 'hi' },
  output: null,
  ...extra,
});

const upsertTraces = (rows: NewTrace[]) =>
  upsertRows(traces, rows, {
    target: [traces.workspaceId, traces.source, traces.externalId],
    update: ['name', 'hasErrors', 'metadata', 'updatedAt'],
  });
const upsertSpans = (rows: NewSpan[]) =>
  upsertRows(spans, rows, {
    target: [spans.traceId, spans.spanId],
    update: ['name', 'output'],
  });

async function storedRows(db: Db) {
  return {
    traces: await db.select().from(traces).orderBy(traces.id),
    spans: await db.select().from(spans).orderBy(spans.id),
  };
}

describe.each([
  ['raw batch fast path', (db: Db) => db],
  ['chunked db.batch (D1 path)', withoutFastPaths],
])('writeBatch through the %s', (_name, dbOf) => {
  it('stores what Drizzle stores: defaults, JSON, booleans and timestamps', async () => {
    const db = dbOf(handle.db);
    const rows = Array.from({ length: 7 }, (_, i) =>
      trace(`t${i}`, { name: i % 2 ? null : `n${i}` }),
    );
    await writeBatch(db, [
      upsertTraces(rows),
      upsertSpans(rows.map((r) => span(r.id, 's1'))),
      db.update(workspaces).set({ name: 'renamed' }).where(eq(workspaces.id, 'ws_a')),
    ]);
    const got = await storedRows(db);
    expect(got.traces).toHaveLength(7);
    expect(got.traces[0]).toMatchObject({
      name: 'n0',
      spanCount: 0,
      hasErrors: true,
      inputPreview: '',
      tags: [],
      label: null,
      metadata: { 'k\u00e9y': ['v', 1, null] },
      startedAt: new Date(1_700_000_000_123),
    });
    expect(got.spans[0]).toMatchObject({
      kind: 'UNKNOWN',
      status: 'unset',
      input: { text: 'hi' },
      output: null,
      attributes: {},
      events: [],
      endedAt: null,
    });
    const [ws] = await db.select().from(workspaces);
    expect(ws?.name).toBe('renamed');
  });

  it('updates only the listed columns on conflict', async () => {
    const db = dbOf(handle.db);
    await writeBatch(db, [upsertTraces([trace('a', { name: 'first', spanCount: 3 })])]);
    await writeBatch(db, [
      upsertTraces([
        trace('a', {
          id: 'tr_other',
          name: 'second',
          spanCount: 9,
          hasErrors: false,
          updatedAt: new Date(1_800_000_000_000),
        }),
      ]),
    ]);
    const [row] = await db.select().from(traces);
    expect(row).toMatchObject({
      id: 'tr_a',
      name: 'second',
      spanCount: 3,
      hasErrors: false,
      updatedAt: new Date(1_800_000_000_000),
    });
  });

  it('writes nothing when one statement fails', async () => {
    const db = dbOf(handle.db);
    const failed = await writeBatch(db, [
      upsertTraces([trace('ok')]),
      upsertSpans([span('tr_missing', 's1')]),
    ]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    const [count] = await db.select({ n: sql<number>`count(*)` }).from(traces);
    expect(count?.n).toBe(0);
  });

  it('insertNew skips rows that conflict on any unique constraint and answers the inserted keys', async () => {
    const db = dbOf(handle.db);
    await writeBatch(db, [upsertTraces([trace('a', { name: 'stored' })])]);
    const inserted = await insertNew(
      db,
      traces,
      [
        trace('a', { id: 'tr_other', name: 'new' }), // same (workspace, source, external id)
        trace('b', { name: 'b' }),
        trace('c', { id: 'tr_a', externalId: 'c2' }), // same primary key
        trace('d'),
      ],
      traces.id,
    );
    expect([...inserted].sort()).toEqual(['tr_b', 'tr_d']);
    const got = await db.select().from(traces).orderBy(traces.id);
    expect(got.map((t) => [t.id, t.externalId, t.name])).toEqual([
      ['tr_a', 'a', 'stored'],
      ['tr_b', 'b', 'b'],
      ['tr_d', 'd', null],
    ]);
    expect(await insertNew(db, traces, [], traces.id)).toEqual(new Set());
  });
});

it('gives both paths the same stored rows for the same writes', async () => {
  const other = createTestDb();
  await other.db.insert(workspaces).values({ id: 'ws_a', name: 'A', slug: 'a' });
  const rows = Array.from({ length: 12 }, (_, i) => trace(`t${i}`, { costUsd: i / 3 }));
  const spanRows = rows.flatMap((r) => [span(r.id, 'a'), span(r.id, 'b', { kind: 'LLM' })]);
  await writeBatch(handle.db, [upsertTraces(rows), upsertSpans(spanRows)]);
  await writeBatch(withoutFastPaths(other.db), [upsertTraces(rows), upsertSpans(spanRows)]);
  expect(rawBatchOf(handle.db)).toBeDefined();
  expect(rawBatchOf(withoutFastPaths(other.db))).toBeUndefined();
  expect(await storedRows(handle.db)).toEqual(await storedRows(other.db));
  other.close();
});
