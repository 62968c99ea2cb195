import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkRows } from '@/db/chunk';
import { openSqliteDb } from '@/db/client.node.js';
import { type NewSpan, type NewTrace, spans, traces, workspaces } from '@/db/schema';
import { bareTraceRow } from '@/db/testing';

const dir = mkdtempSync(join(tmpdir(), 'iofold-soak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRACES = 100_000;
const SPANS_PER_TRACE = 9;
const TRACES_PER_BATCH = 200;
const attributes = { 'llm.model_name': 'gpt-4o', 'input.value': 'x'.repeat(400) };

function rowsFor(batch: number): { traceRows: NewTrace[]; spanRows: NewSpan[] } {
  const traceRows: NewTrace[] = [];
  const spanRows: NewSpan[] = [];
  const startedAt = new Date(1_700_000_000_000 + batch * 1000);
  for (let t = 0; t < TRACES_PER_BATCH; t++) {
    const id = `trc_${batch}_${t}`;
    traceRows.push({
      ...bareTraceRow('ws_soak', id, 'otlp'),
      id,
      startedAt,
      inputPreview: 'Where is my order?',
    });
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      spanRows.push({
        id: `${id}_${s}`,
        workspaceId: 'ws_soak',
        traceId: id,
        spanId: `${s}`,
        name: 'llm',
        startedAt,
        attributes,
      });
    }
  }
  return { traceRows, spanRows };
}

describe('embedded database soak', () => {
  it('writes 1M rows through db.batch with memory flat', async () => {
    const handle = openSqliteDb({ path: join(dir, 'soak.db') });
    const { db } = handle;
    await db.insert(workspaces).values({ id: 'ws_soak', name: 'soak', slug: 'soak' });
    const batches = TRACES / TRACES_PER_BATCH;
    const rss: number[] = [];
    const started = performance.now();
    for (let b = 0; b < batches; b++) {
      const { traceRows, spanRows } = rowsFor(b);
      const inserts = [
        ...chunkRows(db, traceRows, traces).map((chunk) => db.insert(traces).values(chunk)),
        ...chunkRows(db, spanRows, spans).map((chunk) => db.insert(spans).values(chunk)),
      ];
      await db.batch(inserts as [(typeof inserts)[number], ...(typeof inserts)[number][]]);
      if (b % 50 === 49) {
        rss.push(process.memoryUsage().rss);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const [traceCount] = await db.select({ n: count() }).from(traces);
    const [spanCount] = await db.select({ n: count() }).from(spans);
    handle.close();
    const written = (traceCount?.n ?? 0) + (spanCount?.n ?? 0);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    const afterWarmup = rss[1] ?? 0;
    const peak = Math.max(...rss);
    console.log(
      `soak: ${written} rows in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} rows/s); ` +
        `RSS after warm-up ${mb(afterWarmup)} MB, peak ${mb(peak)} MB, last ${mb(rss.at(-1) ?? 0)} MB`,
    );
    expect(written).toBe(TRACES * (1 + SPANS_PER_TRACE));
    // Flat: after warm-up, resident memory grows by less than 64 MB over the remaining ~900k rows.
    expect(peak - afterWarmup).toBeLessThan(64 * 1024 * 1024);
  }, 300_000);
});
