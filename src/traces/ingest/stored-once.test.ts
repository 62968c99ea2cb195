import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { EvalMessage } from '@/core/eval-view';
import type { PackedEvalView } from '@/core/pack-eval-view';
import { decompressJson } from '@/db/compressed-json';
import { spans, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { emptySpan, emptyTrace, type NormalisedTrace } from '../normalised-trace';
import { getTrace } from '../query/get-trace';
import { readEvalView } from '../stored-eval-view';
import { ingestTraces } from './ingest-traces';
import { traceRowId } from './span-rows';

/** Issue #24: each text stored once, every reader sees the trace as it was sent. */
const world = ctxWorld();
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const words = (s: string) =>
  `${s}: ${'a sentence long enough to be stored by reference. '.repeat(3)}`;
const system: EvalMessage = { role: 'system', content: words('You are a travel agent') };

/**
 * An OTLP-style trace whose LLM spans carry the full history so far (the repeated text), or with
 * `delta`, only the new user message.
 */
function chat(turns: number[], delta = false): NormalisedTrace {
  const t = emptyTrace('otlp', 'chat-1');
  const root = emptySpan('root', 'agent', T0);
  root.kind = 'AGENT';
  t.spans = [root];
  for (const n of turns) {
    const history: EvalMessage[] = [system];
    for (let k = 1; k < n; k++) {
      history.push({ role: 'user', content: words(`question ${k}`) });
      history.push({ role: 'assistant', content: words(`answer ${k}`) });
    }
    history.push({ role: 'user', content: words(`question ${n}`) });
    const input = delta && n > 1 ? history.slice(-1) : history;
    const llm = emptySpan(`llm-${n}`, 'assistant', T0 + n);
    llm.parentSpanId = 'root';
    llm.kind = 'LLM';
    llm.endTime = T0 + n + 0.5;
    llm.inputMessages = input;
    llm.outputMessages = [{ role: 'assistant', content: words(`answer ${n}`) }];
    t.spans.push(llm);
  }
  return t;
}

const spanAttributes = (detail: Awaited<ReturnType<typeof getTrace>>) =>
  Object.fromEntries(detail.spans.map((s) => [s.spanId, s.attributes]));

describe('traces stored once', () => {
  it('stores the full-history messages of model spans once and reads them back whole', async () => {
    await ingestTraces(world.ctx, { traces: [chat([1, 2, 3, 4])] });
    const id = traceRowId(world.ctx.workspaceId, 'otlp', 'chat-1');
    const detail = await getTrace(world.ctx, { id });
    expect(spanAttributes(detail)['llm-4']).toEqual({
      'iofold.normalised': {
        inputMessages: chat([4]).spans[1]?.inputMessages,
        outputMessages: chat([4]).spans[1]?.outputMessages,
      },
    });
    expect(spanAttributes(detail).root).toEqual({});
    const stored = await world.deps.db.select().from(spans);
    expect(JSON.stringify(stored).split('question 1:').length - 1).toBe(0);
    expect((detail.evalView as { messages: unknown[] }).messages).toHaveLength(9);
  });

  it('keeps stored spans right when a later request moves the messages they refer to', async () => {
    await ingestTraces(world.ctx, { traces: [chat([3, 4], true)] });
    await ingestTraces(world.ctx, { traces: [chat([1, 2], true)] });
    const id = traceRowId(world.ctx.workspaceId, 'otlp', 'chat-1');
    const merged = await getTrace(world.ctx, { id });

    const other = {
      ...world.ctx,
      workspaceId: (await createTestWorkspace(world.deps, 'other')).id,
    };
    await ingestTraces(other, { traces: [chat([1, 2, 3, 4], true)] });
    const whole = await getTrace(other, { id: traceRowId(other.workspaceId, 'otlp', 'chat-1') });

    expect(spanAttributes(merged)).toEqual(spanAttributes(whole));
    expect(spanAttributes(merged)['llm-3']).toEqual({
      'iofold.normalised': {
        inputMessages: [{ role: 'user', content: words('question 3') }],
        outputMessages: [{ role: 'assistant', content: words('answer 3') }],
      },
    });
    expect({ ...merged.evalView, trace_id: null }).toEqual({ ...whole.evalView, trace_id: null });
  });

  it('stores the system prompt once: the eval view refers to it and every reader gets it back', async () => {
    await ingestTraces(world.ctx, { traces: [chat([1, 2, 3])] });
    const id = traceRowId(world.ctx.workspaceId, 'otlp', 'chat-1');
    const [row] = await world.deps.db.select().from(traces).where(eq(traces.id, id));
    expect(row?.systemPromptId).toMatch(/^spr_/);
    const stored = await decompressJson<PackedEvalView>(row?.evalView as Uint8Array, world.deps.db);
    expect(stored.system_prompt).toEqual([0, row?.systemPromptId]);
    expect(stored.messages[0]).toEqual({ role: 'system', content: '' });
    expect(JSON.stringify(stored)).not.toContain('You are a travel agent');

    expect((await readEvalView(row?.evalView as Uint8Array, world.ctx.db)).messages[0]).toEqual(
      system,
    );
    const detail = await getTrace(world.ctx, { id });
    expect((detail.evalView as { messages: EvalMessage[] }).messages[0]).toEqual(system);
  });

  it('writes nothing when the same trace is sent again', async () => {
    await ingestTraces(world.ctx, { traces: [chat([1, 2, 3])] });
    const again = await ingestTraces(world.ctx, { traces: [chat([1, 2, 3])] });
    expect(again.spansWritten).toBe(0);
    expect(again.traces[0]?.changed).toBe(false);
  });
});
