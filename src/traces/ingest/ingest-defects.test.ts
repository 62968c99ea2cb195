import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import {
  agents,
  feedback,
  pendingScores,
  spans,
  systemPrompts,
  traceScores,
  traces,
  workspaces,
} from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { BOTH_DATABASES, createTestCtx, type createTestDeps } from '@/hosts/test-deps';
import { deriveEvalView } from '../derive-eval-view';
import { emptySpan, emptyTrace, type NormalisedTrace, type TraceScore } from '../normalised-trace';
import { parseLangfuseIngestion } from '../parsers/langfuse/parse-langfuse-ingestion';
import { readEvalView } from '../stored-eval-view';
import { ingestTraces } from './ingest-traces';
import { SPLIT_SPANS, splitTrace } from './testing/split-traces';

/** Regression tests for the defects of issue #16 that live in the ingest service. */
let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

function otelTrace(id: string, spanIds: string[], system?: string): NormalisedTrace {
  const t = emptyTrace('otlp', id);
  t.spans = spanIds.map((spanId, i) => {
    const s = emptySpan(spanId, `span-${spanId}`, T0 + i);
    s.endTime = T0 + i + 1;
    s.parentSpanId = i === 0 ? null : spanIds[0]!;
    s.kind = i === 0 ? 'AGENT' : 'LLM';
    if (i > 0) {
      s.inputMessages = [
        ...(system ? [{ role: 'system' as const, content: system }] : []),
        { role: 'user' as const, content: `question ${spanId}` },
      ];
      s.outputMessages = [{ role: 'assistant' as const, content: `answer ${spanId}` }];
    }
    return s;
  });
  return t;
}

const score = (name: string, value: TraceScore['value'], extra: Partial<TraceScore> = {}) => ({
  source: 'langfuse' as const,
  traceExternalId: 'ab'.repeat(16),
  score: { externalId: `s-${name}`, name, value, comment: null, spanId: null, ...extra },
});

describe.each(BOTH_DATABASES)('ingest defects on the %s', (_name, dbOf) => {
  beforeEach(async () => {
    ({ deps, ctx } = await createTestCtx({}, dbOf));
  });
  afterEach(() => deps.close());

  it('finds an OTLP trace for a Langfuse score by its external id (point 1)', async () => {
    await ingestTraces(ctx, { traces: [otelTrace('ab'.repeat(16), ['a1', 'a2'])] });
    const result = await ingestTraces(ctx, { traces: [], scores: [score('user-feedback', 1)] });
    expect(result.scoreErrors).toEqual([]);
    const [row] = await ctx.db.select().from(traces);
    expect(row!.label).toBe('positive');
    expect(await ctx.db.select({ name: traceScores.name }).from(traceScores)).toEqual([
      { name: 'user-feedback' },
    ]);
  });

  it('keeps a score that arrives before its trace and attaches it, label included, when the trace arrives (point 1)', async () => {
    const id = 'ab'.repeat(16);
    const early = score('correct', 0, { dataType: 'BOOLEAN', comment: 'wrong city' });
    const sent = await ingestTraces(ctx, { traces: [], scores: [early] });
    expect(sent.scoreErrors).toEqual([]);
    expect(sent.scoresPending).toEqual([{ externalId: 's-correct', traceExternalId: id }]);
    await ingestTraces(ctx, { traces: [], scores: [early] });
    expect(await ctx.db.select({ id: pendingScores.id }).from(pendingScores)).toHaveLength(1);

    const other = await createTestWorkspace(deps, 'Other');
    await ingestTraces({ ...ctx, workspaceId: other.id }, { traces: [otelTrace(id, ['b1'])] });
    expect(await ctx.db.select().from(traceScores)).toEqual([]);

    await ingestTraces(ctx, { traces: [otelTrace(id, ['a1', 'a2'])] });
    const [row] = await ctx.db.select().from(traces).where(eq(traces.workspaceId, ctx.workspaceId));
    expect(row!.label).toBe('negative');
    const stored = await ctx.db.select().from(traceScores);
    expect(stored.map((s) => [s.traceId, s.name, s.dataType, s.valueNumber, s.comment])).toEqual([
      [row!.id, 'correct', 'BOOLEAN', 0, 'wrong city'],
    ]);
    expect(await ctx.db.select().from(pendingScores)).toEqual([]);
  });

  it('maps scores to labels by data type, with the workspace threshold and category mapping (point 2)', async () => {
    const id = 'ab'.repeat(16);
    await ingestTraces(ctx, { traces: [otelTrace(id, ['a1', 'a2'])] });
    const labelOf = async (s: ReturnType<typeof score>) => {
      await ctx.db.delete(feedback);
      await ctx.db.update(traces).set({ label: null });
      await ingestTraces(ctx, { traces: [], scores: [s] });
      return (await ctx.db.select({ label: traces.label }).from(traces))[0]!.label;
    };
    expect(await labelOf(score('correct', 0, { dataType: 'BOOLEAN' }))).toBe('negative');
    expect(await labelOf(score('correct', 1, { dataType: 'BOOLEAN' }))).toBe('positive');
    expect(await labelOf(score('relevance', 0.8, { dataType: 'NUMERIC' }))).toBeNull();
    expect(await labelOf(score('tone', 'rude', { dataType: 'CATEGORICAL' }))).toBeNull();
    await ctx.db
      .update(workspaces)
      .set({
        settings: { scoreLabels: { numericThreshold: 0.7, categories: { Rude: 'negative' } } },
      })
      .where(eq(workspaces.id, ctx.workspaceId));
    expect(await labelOf(score('relevance', 0.8, { dataType: 'NUMERIC' }))).toBe('positive');
    expect(await labelOf(score('relevance', 0.5, { dataType: 'NUMERIC' }))).toBe('negative');
    expect(await labelOf(score('tone', 'rude', { dataType: 'CATEGORICAL' }))).toBe('negative');
    const stored = await ctx.db.select().from(traceScores);
    expect(stored.map((s) => [s.name, s.dataType]).sort()).toEqual([
      ['correct', 'BOOLEAN'],
      ['relevance', 'NUMERIC'],
      ['tone', 'CATEGORICAL'],
    ]);
  });

  it('counts a trace for its agent when its system prompt arrives in a later request (point 4)', async () => {
    const id = 'cd'.repeat(16);
    await ingestTraces(ctx, { traces: [otelTrace(id, ['root'])] });
    expect(await ctx.db.select().from(agents)).toEqual([]);
    await ingestTraces(ctx, {
      traces: [otelTrace(id, ['root', 'llm'], 'You are a travel agent.')],
    });
    await ingestTraces(ctx, {
      traces: [otelTrace(id, ['root', 'llm', 'llm2'], 'You are a travel agent.')],
    });
    const [agent] = await ctx.db.select().from(agents);
    expect(agent!.traceCount).toBe(1);
    const [prompt] = await ctx.db.select().from(systemPrompts);
    expect(prompt!.traceCount).toBe(1);
    const [trace] = await ctx.db.select().from(traces);
    expect(trace!.agentId).toBe(agent!.id);
  });

  it('keeps every span when two writers merge the halves of the same traces at once (point 9)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    for (let start = 0; start < ids.length; start += 10) {
      const chunk = ids.slice(start, start + 10);
      await Promise.all(
        (['a', 'b'] as const).map((half) =>
          ingestTraces(ctx, { traces: chunk.map((n) => splitTrace(n, half)) }),
        ),
      );
    }
    const rows = await Promise.all(
      (await ctx.db.select().from(traces)).map(async (r) => ({
        ...r,
        evalView: await readEvalView(r.evalView, ctx.db),
      })),
    );
    expect(rows).toHaveLength(ids.length);
    const wrong = rows.filter((row) => {
      const expected = deriveEvalView(splitTrace(Number.parseInt(row.externalId, 16)), {
        traceId: row.id,
      });
      return (
        row.spanCount !== SPLIT_SPANS ||
        JSON.stringify(row.evalView) !== JSON.stringify(expected.view)
      );
    });
    expect(wrong.map((r) => `${r.externalId}: ${r.spanCount} spans`)).toEqual([]);
    expect((await ctx.db.select().from(agents)).map((a) => a.traceCount)).toEqual([ids.length]);
  });

  it('stores EVENT observations as EVENT spans (point 5)', async () => {
    const t = otelTrace('ef'.repeat(16), ['root']);
    const event = emptySpan('ev', 'user-feedback-shown', T0 + 5);
    event.kind = 'EVENT';
    event.parentSpanId = 'root';
    t.spans.push(event);
    await ingestTraces(ctx, { traces: [t] });
    const kinds = (await ctx.db.select({ kind: spans.kind }).from(spans)).map((s) => s.kind);
    expect(kinds.sort()).toEqual(['AGENT', 'EVENT']);
  });

  it('rejects times in year 3000 or before 1970 with VALIDATION and writes nothing (point 8)', async () => {
    for (const at of [Date.parse('3000-01-01T00:00:00Z'), Date.UTC(-1, 0, 1)]) {
      const t = otelTrace('12'.repeat(16), ['root']);
      t.spans[0]!.startTime = at;
      const error = await ingestTraces(ctx, { traces: [t] }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('VALIDATION');
      expect((error as Error).message).toContain('spans[0].startTime');
    }
    expect(await ctx.db.select().from(traces)).toEqual([]);
  });

  it('keeps the same observation id in two traces of one Langfuse batch as two spans (point 8)', async () => {
    const at = new Date(T0).toISOString();
    const parsed = parseLangfuseIngestion(
      {
        batch: ['t1', 't2'].map((traceId, i) => ({
          id: `e${i}`,
          type: 'span-create',
          timestamp: at,
          body: { id: 'obs-1', traceId, name: `step of ${traceId}`, startTime: at },
        })),
      },
      { now: T0 },
    );
    expect(parsed.successes).toHaveLength(2);
    await ingestTraces(ctx, { traces: parsed.traces });
    const rows = await ctx.db
      .select({ externalId: traces.externalId, spanCount: traces.spanCount })
      .from(traces);
    expect(rows.sort((a, b) => a.externalId.localeCompare(b.externalId))).toEqual([
      { externalId: 't1', spanCount: 1 },
      { externalId: 't2', spanCount: 1 },
    ]);
    expect((await ctx.db.select().from(spans)).map((s) => s.name).sort()).toEqual([
      'step of t1',
      'step of t2',
    ]);
  });
});
