import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { slotIndex } from '@/core/pack-eval-view';
import { spans, traces } from '@/db/schema';
import { demoTracesToJsonl, generateDemoTraces } from '@/demo/generate-demo-traces';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { importTraces } from '../import/import-traces';
import { derivedSpanRows } from '../ingest/derived-spans';
import { fromSpanRow, toSpanRow } from '../ingest/span-rows';
import { getTrace } from '../query/get-trace';
import { readStoredEvalView, storeEvalView } from '../stored-eval-view';
import { compactStoredTraces } from './compact-stored-traces';

/** Issue #24: databases written before each text was stored once are rewritten in place. */
const world = ctxWorld();
const TRACES = 30;

/**
 * Puts every stored trace back in the form main stored before issue #24 (whole views, a row per
 * span with its values inline), or (`packedRows`) with span rows referring into the packed view.
 */
async function storeTheOldWay(packedRows = false) {
  for (const row of await world.deps.db.select().from(traces)) {
    const { view, spansFrom } = await readStoredEvalView(row.evalView, world.deps.db);
    expect(spansFrom).not.toBeNull();
    const stored = packedRows ? await storeEvalView(view, world.deps.db) : JSON.stringify(view);
    await world.deps.db.run(sql`update traces set eval_view = ${stored} where id = ${row.id}`);
    const index = packedRows ? slotIndex(view.messages) : undefined;
    const rows = derivedSpanRows(row.workspaceId, row.id, view, spansFrom as number);
    await world.deps.db
      .insert(spans)
      .values(rows.map((s) => toSpanRow(row.workspaceId, row.id, fromSpanRow(s), index)));
  }
}

const payloadBytes = async () => {
  const blob = (column: unknown) => sql<number>`coalesce(sum(length(cast(${column} as blob))), 0)`;
  const [views] = await world.deps.db.select({ n: blob(traces.evalView) }).from(traces);
  const [rows] = await world.deps.db
    .select({ a: blob(spans.attributes), i: blob(spans.input), o: blob(spans.output) })
    .from(spans);
  return (views?.n ?? 0) + (rows?.a ?? 0) + (rows?.i ?? 0) + (rows?.o ?? 0);
};

const spanRowCount = async () =>
  (await world.deps.db.select({ n: sql<number>`count(*)` }).from(spans))[0]?.n;

const details = async () => {
  const ids = (await world.deps.db.select({ id: traces.id }).from(traces).orderBy(traces.id)).map(
    (r) => r.id,
  );
  return Promise.all(ids.map((id) => getTrace(world.ctx, { id })));
};

beforeEach(async () => {
  const jsonl = demoTracesToJsonl(generateDemoTraces({ count: TRACES }));
  await importTraces(world.ctx, new Blob([jsonl]).stream());
});

describe('compactStoredTraces', () => {
  it('rewrites traces stored the old way in chunks, resumably, and every reader sees the same traces', async () => {
    const expected = await details();
    const packedBytes = await payloadBytes();
    await storeTheOldWay();
    const oldBytes = await payloadBytes();
    expect(oldBytes).toBeGreaterThan(packedBytes * 1.5);
    expect(await details()).toEqual(expected);

    const first = await compactStoredTraces(world.deps.db, { chunk: 7, limit: 10 });
    expect(first).toMatchObject({ traces: 10, remaining: true });
    const second = await compactStoredTraces(world.deps.db, { chunk: 7 });
    expect(second).toMatchObject({ traces: TRACES - 10, remaining: false });
    expect(await compactStoredTraces(world.deps.db)).toMatchObject({ traces: 0, remaining: false });

    expect(await details()).toEqual(expected);
    expect(await payloadBytes()).toBe(packedBytes);
    expect(await spanRowCount()).toBe(0);
  });

  it('drops the span rows of packed chat transcripts, whose spans are derived from their messages', async () => {
    const expected = await details();
    const packedBytes = await payloadBytes();
    await storeTheOldWay(true);
    expect(await spanRowCount()).toBeGreaterThan(TRACES * 3);
    expect(await details()).toEqual(expected);

    expect(await compactStoredTraces(world.deps.db, { chunk: 8 })).toMatchObject({
      traces: TRACES,
      spans: 0,
      remaining: false,
    });
    expect(await spanRowCount()).toBe(0);
    expect(await details()).toEqual(expected);
    expect(await payloadBytes()).toBe(packedBytes);
    expect(await compactStoredTraces(world.deps.db)).toMatchObject({ traces: 0, remaining: false });
  });
});
