import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import {
  agents,
  agentVersions,
  feedback,
  spans,
  systemPrompts,
  traceScores,
  traces,
} from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { BOTH_DATABASES, createTestCtx, type createTestDeps } from '@/hosts/test-deps';
import { tauBenchFile as tauFile } from '@/optimize/testing/shared-data';
import { getTrace } from '@/traces/query/get-trace';
import { readEvalView } from '@/traces/stored-eval-view';
import { emptySpan, emptyTrace, type NormalisedTrace } from '../normalised-trace';
import { parseLangfuseIngestion } from '../parsers/langfuse/parse-langfuse-ingestion';
import { ingestionEvent } from '../parsers/langfuse/testing/ingestion-event';
import { parseChatTranscript } from '../parsers/parse-chat-transcript';
import { systemPromptContent } from '../system-prompts/prompt-delta';
import { ingestTraces } from './ingest-traces';

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;

const prompt = (name: string) =>
  `You are Ava, the support assistant for Acme Telecom. The customer is ${name}. Verify identity first. Never refund more than $50 without a human.`;

function chat(id: string, system: string, extra: Record<string, unknown> = {}): NormalisedTrace {
  return parseChatTranscript({
    id,
    ...extra,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: `hello from ${id}` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '{"ok":true}' },
      { role: 'assistant', content: 'done' },
    ],
  });
}

async function count(
  table: typeof traces | typeof spans | typeof agents | typeof systemPrompts | typeof feedback,
) {
  return (await ctx.db.select().from(table).where(eq(table.workspaceId, ctx.workspaceId))).length;
}

describe.each(BOTH_DATABASES)('ingestTraces on the %s', (_name, dbOf) => {
  beforeEach(async () => {
    ({ deps, ctx } = await createTestCtx({}, dbOf));
  });
  afterEach(() => deps.close());

  it('stores traces with their eval view and list columns, and re-sending changes nothing', async () => {
    const first = await ingestTraces(ctx, {
      traces: [chat('a', prompt('Alice')), chat('b', prompt('Bob'))],
    });
    expect(first.traces.map((t) => t.created)).toEqual([true, true]);
    const [row] = await ctx.db.select().from(traces).where(eq(traces.externalId, 'a'));
    expect(row).toMatchObject({
      source: 'import',
      stepCount: 2,
      toolCallCount: 1,
      spanCount: 4,
      inputPreview: 'hello from a',
      outputPreview: 'done',
      hasErrors: false,
    });
    expect((await readEvalView(row!.evalView, ctx.db)).steps[0]!.tool_calls[0]).toMatchObject({
      name: 'lookup',
      result: { ok: true },
    });
    expect((await readEvalView(row!.evalView, ctx.db)).trace_id).toBe(row!.id);
    const before = await ctx.db.select().from(traces);
    const again = await ingestTraces(ctx, {
      traces: [chat('a', prompt('Alice')), chat('b', prompt('Bob'))],
    });
    expect(again.traces.map((t) => [t.created, t.changed])).toEqual([
      [false, false],
      [false, false],
    ]);
    expect(again.spansWritten).toBe(0);
    expect(await ctx.db.select().from(traces)).toEqual(before);
    // chat transcripts: their spans are derived from the eval view's messages, no rows (issue #24)
    expect(await count(spans)).toBe(0);
    expect((await getTrace(ctx, { id: row!.id })).spans.map((s) => s.spanId)).toEqual([
      'root',
      'llm-2',
      'tool-2-0',
      'llm-4',
    ]);
  });

  it('names discovered agents from their prompt, with the hash only to tell two of one name apart', async () => {
    const helper = (topic: string) =>
      `You are a helpful assistant. ${topic} is the only subject you discuss, in detail and with sources.`;
    await ingestTraces(ctx, {
      traces: [chat('a', prompt('Alice')), chat('h1', helper('Gardening'))],
    });
    await ingestTraces(ctx, {
      traces: [chat('h2', helper('Quantum field theory, particle physics and cosmology'))],
    });
    const names = (
      await ctx.db
        .select({ name: agents.name })
        .from(agents)
        .where(eq(agents.workspaceId, ctx.workspaceId))
    ).map((a) => a.name);
    expect(names).toHaveLength(3);
    expect(names).toContain('Ava, support assistant for Acme Telecom');
    expect(names).toContain('Helpful assistant');
    expect(names.find((n) => n.startsWith('Helpful assistant ·'))).toMatch(
      /^Helpful assistant · [0-9a-f]{6}$/,
    );
  });

  it('groups prompts that differ only in variables under one discovered agent version, others apart', async () => {
    await ingestTraces(ctx, {
      traces: [
        chat('a', prompt('Alice')),
        chat('b', prompt('Bob Li')),
        chat('c', 'You review TypeScript diffs. Point out bugs first.'),
      ],
    });
    await ingestTraces(ctx, { traces: [chat('d', prompt('Carmen'))] });
    const agentRows = await ctx.db
      .select()
      .from(agents)
      .where(eq(agents.workspaceId, ctx.workspaceId));
    expect(agentRows).toHaveLength(2);
    const versions = await ctx.db.select().from(agentVersions);
    const support = versions.find((v) => v.promptTemplate.includes('Acme'))!;
    expect(support.promptTemplate).toBe(prompt('{{var_1}}'));
    expect(support.variables).toEqual(['var_1']);
    const supportAgent = agentRows.find((a) => a.id === support.agentId)!;
    expect(supportAgent.traceCount).toBe(3);
    const rows = await ctx.db.select().from(traces).where(eq(traces.agentId, support.agentId));
    expect(rows.map((r) => r.externalId).sort()).toEqual(['a', 'b', 'd']);
    const prompts = await ctx.db
      .select()
      .from(systemPrompts)
      .where(eq(systemPrompts.agentVersionId, support.id));
    const texts = await Promise.all(prompts.map((p) => systemPromptContent(ctx, p)));
    expect(prompts[texts.indexOf(prompt('Carmen'))]?.variables).toEqual({
      var_1: 'Carmen',
    });
    expect(prompts.every((p) => p.traceCount === 1)).toBe(true);
  });

  it('plans and writes a request without waiting on other I/O, so requests do not interleave', async () => {
    // a request's whole plan is alive until its write: letting another request parse and plan in
    // between doubles what the collector copies (bench/README.md)
    let otherIo = false;
    setImmediate(() => {
      otherIo = true;
    });
    await ingestTraces(ctx, {
      traces: [chat('t-io-1', prompt('Ann')), chat('t-io-2', prompt('Bo'))],
    });
    expect(otherIo).toBe(false);
    expect(await count(traces)).toBe(2);
    expect(await count(systemPrompts)).toBe(2);
  });

  it('merges spans of one trace that arrive in separate requests', async () => {
    const part = (spanId: string, kind: 'AGENT' | 'LLM', start: number) => {
      const t = emptyTrace('otlp', 'abc');
      const s = {
        ...emptySpan(spanId, spanId, start),
        kind,
        endTime: start + 5,
        parentSpanId: spanId === 'root' ? null : 'root',
      };
      if (kind === 'LLM') {
        s.inputMessages = [{ role: 'user', content: 'hi' }];
        s.outputMessages = [{ role: 'assistant', content: 'hello' }];
      } else {
        s.input = 'hi';
      }
      t.spans = [s];
      return t;
    };
    await ingestTraces(ctx, { traces: [part('llm', 'LLM', 10)] });
    await ingestTraces(ctx, { traces: [part('root', 'AGENT', 0)] });
    const [row] = await ctx.db.select().from(traces);
    expect(row).toMatchObject({
      spanCount: 2,
      stepCount: 1,
      name: 'root',
      durationMs: 15,
      outputPreview: 'hello',
    });
    expect(await count(traces)).toBe(1);
  });

  it('keeps Langfuse updates from a later batch without moving the start, and turns a label-like score into feedback while keeping every score', async () => {
    const t0 = '2026-01-01T00:00:00.000Z';
    const b1 = parseLangfuseIngestion({
      batch: [
        ingestionEvent('e1', 'trace-create', t0, { id: 't1', name: 'chat', input: 'q' }),
        ingestionEvent('e2', 'generation-create', t0, {
          id: 'g1',
          traceId: 't1',
          startTime: t0,
          input: [{ role: 'user', content: 'q' }],
        }),
      ],
    });
    await ingestTraces(ctx, { traces: b1.traces });
    const b2 = parseLangfuseIngestion({
      batch: [
        ingestionEvent('e3', 'generation-update', '2026-01-01T00:00:09.000Z', {
          id: 'g1',
          traceId: 't1',
          output: 'a',
          endTime: '2026-01-01T00:00:02.000Z',
        }),
        ingestionEvent('e4', 'score-create', t0, {
          id: 's1',
          traceId: 't1',
          name: 'user-feedback',
          value: 0,
          comment: 'wrong',
        }),
        ingestionEvent('e5', 'score-create', t0, {
          id: 's2',
          traceId: 't1',
          name: 'latency-score',
          value: 0.7,
        }),
        ingestionEvent('e6', 'score-create', t0, {
          id: 's3',
          traceId: 'nope',
          name: 'x',
          value: 1,
        }),
      ],
    });
    const res = await ingestTraces(ctx, {
      traces: b2.traces,
      scores: b2.scores.map((s) => ({ ...s, source: 'langfuse' })),
    });
    expect(res.scoreErrors).toEqual([]);
    expect(res.scoresPending).toEqual([{ externalId: 's3', traceExternalId: 'nope' }]);
    const [row] = await ctx.db.select().from(traces);
    expect(row).toMatchObject({
      name: 'chat',
      durationMs: 2000,
      label: 'negative',
      outputPreview: 'a',
      inputPreview: 'q',
    });
    expect(row!.startedAt.toISOString()).toBe(t0);
    const [fb] = await ctx.db.select().from(feedback);
    expect(fb).toMatchObject({
      rating: 'negative',
      notes: 'wrong',
      source: 'langfuse',
      labellerKey: 'langfuse:user-feedback',
    });
    const scores = await ctx.db.select().from(traceScores);
    // every score is kept as sent; the label-like one is also the feedback above
    expect(scores.map((s) => [s.name, s.valueNumber]).sort()).toEqual([
      ['latency-score', 0.7],
      ['user-feedback', 0],
    ]);
  });

  it('rejects invalid traces with VALIDATION and writes nothing', async () => {
    const bad = { ...chat('x', 'sys'), spans: [{ spanId: '' }] };
    const err = await ingestTraces(ctx, { traces: [chat('ok', 'sys'), bad] }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('VALIDATION');
    expect(await count(traces)).toBe(0);
  });

  it('keeps workspaces apart for the same external id', async () => {
    const other = await createTestWorkspace(deps, 'Other');
    const ctx2 = { ...ctx, workspaceId: other.id };
    await ingestTraces(ctx, { traces: [chat('same', 'p')] });
    await ingestTraces(ctx2, { traces: [chat('same', 'p')] });
    const rows = await ctx.db.select().from(traces).where(eq(traces.externalId, 'same'));
    expect(new Set(rows.map((r) => r.workspaceId)).size).toBe(2);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
  });

  it.skipIf(!tauFile)(
    'imports the 200 tau-bench trajectories as 200 traces under one agent, idempotently',
    async () => {
      const records = JSON.parse(readFileSync(tauFile as string, 'utf8')) as unknown[];
      const parsed = records.map((r) => parseChatTranscript(r));
      await ingestTraces(ctx, { traces: parsed });
      expect(await count(traces)).toBe(200);
      const [agent] = await ctx.db.select().from(agents);
      expect(agent!.traceCount).toBe(200);
      const again = await ingestTraces(ctx, { traces: parsed });
      expect(again.traces.every((t) => !t.changed)).toBe(true);
      const [agentAfter] = await ctx.db.select().from(agents);
      expect(agentAfter!.traceCount).toBe(200);
      const [one] = await ctx.db
        .select()
        .from(traces)
        .where(and(eq(traces.externalId, 'task-0-trial-0')));
      expect(one!.metadata).toEqual({ task_id: 0, reward: 0, trial: 0 });
      expect(one!.label).toBeNull();
    },
  );
});
