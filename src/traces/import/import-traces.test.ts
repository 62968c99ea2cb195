import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { spans, traces } from '@/db/schema';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { tauBenchFile as tauFile } from '@/optimize/testing/shared-data';
import { otlpJsonRequest } from '@/traces/parsers/otlp/testing/otlp-json-request';
import { getTrace } from '@/traces/query/get-trace';
import { readEvalView } from '@/traces/stored-eval-view';
import { lcMessage } from '../pull/testing/platform-records';
import { chunkedStream } from '../testing/chunked-stream';
import { type ImportProgress, importTraces } from './import-traces';

const world = ctxWorld();

/** A stream that hands the text over in small chunks, splitting lines and multi-byte characters. */
const streamOf = (text: string, chunk = 7) => chunkedStream(text, chunk);

const convo = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    ...extra,
    messages: [
      { role: 'system', content: 'You are a café assistant ☕.' },
      { role: 'user', content: `order ${id}` },
      { role: 'assistant', content: 'Done ✓' },
    ],
  });

/** Imports records written one JSON document a line. */
const importLines = (lines: unknown[]) =>
  importTraces(world.ctx, streamOf(lines.map((l) => JSON.stringify(l)).join('\n')));
/** The first stored trace row. */
const onlyTrace = async () => (await world.ctx.db.select().from(traces))[0];
/** Imports JSON-lines records that make one trace of `format`, and answers its stored row. */
async function importOneTrace(lines: unknown[], format: string) {
  const result = await importLines(lines);
  expect(result).toMatchObject({ format, tracesStored: 1, errors: 0 });
  return onlyTrace();
}

/**
 * A run of the LangSmith trace `r-root` as its export writes it: under `parent` (null for the
 * root), between two times in seconds past 2026-01-01T00:00 (zoneless, as LangSmith writes them).
 */
const langsmithRun = (
  id: string,
  parent: string | null,
  name: string,
  runType: string,
  [start, end]: [string, string],
  fields: Record<string, unknown>,
) => ({
  id,
  trace_id: 'r-root',
  parent_run_id: parent,
  name,
  run_type: runType,
  start_time: `2026-01-01T00:00:${start}`,
  end_time: `2026-01-01T00:00:${end}`,
  ...fields,
});

describe('importTraces', () => {
  it('imports JSONL chat transcripts in chunks, with labels, and reports bad lines by number', async () => {
    const progress: ImportProgress[] = [];
    const file = [
      convo('a', { label: 'positive', notes: 'good' }),
      '{not json',
      convo('b'),
      '{"foo": 1}',
      '',
    ].join('\n');
    const result = await importTraces(world.ctx, streamOf(file), {
      batchSize: 1,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({
      format: 'openai',
      records: 4,
      tracesStored: 2,
      created: 2,
      errors: 2,
    });
    expect(result.recordErrors.map((e) => e.line)).toEqual([2, 4]);
    expect(progress.at(-1)).toMatchObject({
      records: 4,
      tracesStored: 2,
      bytes: new TextEncoder().encode(file).length,
    });
    const [a] = await world.ctx.db.select().from(traces).where(eq(traces.externalId, 'a'));
    expect(a).toMatchObject({ label: 'positive', outputPreview: 'Done ✓' });
    const again = await importTraces(world.ctx, streamOf(file));
    expect(again.created).toBe(0);
  });

  it('names the agents the traces were grouped into, with how many of them each holds', async () => {
    const chat = (id: string, system: string) =>
      JSON.stringify({
        id,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: `question ${id}` },
          { role: 'assistant', content: 'answer' },
        ],
      });
    const file = [
      chat('s1', 'You are the shop assistant.'),
      chat('r1', 'You answer refund questions.'),
      chat('s2', 'You are the shop assistant.'),
      chat('s3', 'You are the shop assistant.'),
    ].join('\n');
    const dry = await importTraces(world.ctx, streamOf(file), { dryRun: true });
    expect(dry.agents).toEqual([]);
    const result = await importTraces(world.ctx, streamOf(file), { batchSize: 3 });
    const stored = await world.ctx.db.select().from(traces);
    const agentOf = (externalId: string) =>
      stored.find((t) => t.externalId === externalId)?.agentId;
    expect(result.agents.map((a) => [a.id, a.traces])).toEqual([
      [agentOf('s1'), 3],
      [agentOf('r1'), 1],
    ]);
    expect(agentOf('s1')).not.toBe(agentOf('r1'));
    expect(result.agents.every((a) => a.name !== '')).toBe(true);
    // imported again, nothing is new, and the file's traces still belong to the same agents
    const again = await importTraces(world.ctx, streamOf(file));
    expect(again.created).toBe(0);
    expect(again.agents).toEqual(result.agents);
  });

  it('dates undated transcripts at their first import, stable when the file is imported again', async () => {
    const line = JSON.stringify({
      id: 'undated',
      messages: [
        { role: 'system', content: 'You help.' },
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'r' },
        { role: 'assistant', content: 'ok' },
      ],
    });
    const first = Date.parse('2026-05-01T10:00:00.000Z');
    await importTraces({ ...world.ctx, now: () => new Date(first) }, streamOf(line));
    const [stored] = await world.ctx.db.select({ id: traces.id }).from(traces);
    const spanTimes = async () =>
      (await getTrace(world.ctx, { id: stored?.id as string })).spans
        .map((s) => [s.spanId, Date.parse(s.startedAt)] as const)
        .sort((a, b) => a[1] - b[1]);
    const before = await spanTimes();
    expect(before).toEqual([
      ['root', first],
      ['llm-2', first + 1],
      ['tool-2-0', first + 2],
      ['llm-4', first + 3],
    ]);
    const row = await onlyTrace();
    expect(row?.startedAt.getTime()).toBe(first);
    const later = { ...world.ctx, now: () => new Date(first + 86_400_000) };
    const again = await importTraces(later, streamOf(line));
    expect(again).toMatchObject({ tracesStored: 1, created: 0 });
    expect(await spanTimes()).toEqual(before);
    const [after] = await world.ctx.db.select().from(traces);
    expect(after?.startedAt.getTime()).toBe(first);
    expect(after?.updatedAt.getTime()).toBe(row?.updatedAt.getTime());
  });

  it('rejects a file that is not UTF-8', async () => {
    const bad = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]));
        c.close();
      },
    });
    await expect(importTraces(world.ctx, bad)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('imports a pretty-printed OTLP JSON file', async () => {
    const otlp = otlpJsonRequest({
      traceId: 'ab'.repeat(16),
      spanId: '01'.repeat(8),
      name: 'agent',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
      attributes: [{ key: 'input.value', value: { stringValue: 'hi' } }],
    });
    const result = await importTraces(world.ctx, streamOf(JSON.stringify(otlp, null, 2)));
    expect(result).toMatchObject({ format: 'otlp', tracesStored: 1, errors: 0 });
    const row = await onlyTrace();
    expect(row).toMatchObject({ source: 'otlp', durationMs: 1000, inputPreview: 'hi' });
  });

  it('imports Langfuse exports: trace rows and observation rows in any order, scores as feedback', async () => {
    const lines = [
      {
        id: 'obs-2',
        traceId: 'lf-1',
        type: 'SPAN',
        name: 'lookup',
        startTime: '2026-01-01T00:00:01Z',
        endTime: '2026-01-01T00:00:02Z',
        parentObservationId: 'obs-1',
        input: { q: 1 },
        output: { r: 2 },
      },
      {
        id: 'lf-1',
        timestamp: '2026-01-01T00:00:00Z',
        name: 'support',
        input: 'help',
        output: 'done',
        sessionId: 's',
        tags: ['x'],
        scores: [{ id: 'sc', name: 'thumbs', value: 1, comment: 'ok' }],
      },
      {
        id: 'obs-1',
        traceId: 'lf-1',
        type: 'GENERATION',
        name: 'llm',
        startTime: '2026-01-01T00:00:00Z',
        endTime: '2026-01-01T00:00:03Z',
        model: 'gpt-4o',
        input: [
          { role: 'system', content: 'Be helpful.' },
          { role: 'user', content: 'help' },
        ],
        output: { role: 'assistant', content: 'done' },
        usage: { input: 5, output: 1 },
      },
    ];
    const row = await importOneTrace(lines, 'langfuse');
    expect(row).toMatchObject({
      source: 'langfuse',
      externalId: 'lf-1',
      name: 'support',
      spanCount: 2,
      inputTokens: 5,
      label: 'positive',
      sessionId: 's',
    });
  });

  it('imports Phoenix span exports with nested attributes', async () => {
    const base = {
      context: { trace_id: 'ph-trace' },
      start_time: '2026-01-01T00:00:00.000Z',
      end_time: '2026-01-01T00:00:01.000Z',
      status_code: 'OK',
    };
    const lines = [
      {
        ...base,
        name: 'agent',
        span_kind: 'AGENT',
        parent_id: null,
        context: { ...base.context, span_id: 'root' },
        attributes: {
          input: { value: 'weather?' },
          output: { value: 'sunny' },
          session: { id: 'ps' },
        },
      },
      {
        ...base,
        name: 'llm',
        span_kind: 'LLM',
        parent_id: 'root',
        context: { ...base.context, span_id: 'l1' },
        attributes: {
          llm: {
            model_name: 'gpt-4o',
            input_messages: [
              { message: { role: 'system', content: 'You forecast.' } },
              { message: { role: 'user', content: 'weather?' } },
            ],
            output_messages: [{ message: { role: 'assistant', content: 'sunny' } }],
            token_count: { prompt: 12, completion: 2 },
          },
        },
      },
    ];
    const row = await importOneTrace(lines, 'phoenix');
    expect(row).toMatchObject({
      source: 'phoenix',
      name: 'agent',
      sessionId: 'ps',
      stepCount: 1,
      inputTokens: 12,
      outputPreview: 'sunny',
    });
    expect((await readEvalView(row!.evalView, world.ctx.db)).messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
    ]);
  });

  it('imports LangSmith run exports with LangChain-serialised messages', async () => {
    const lines = [
      langsmithRun('r-root', null, 'AgentExecutor', 'chain', ['00.000', '02.000'], {
        inputs: { input: 'what is 2+2' },
        outputs: { output: '4' },
        tags: ['math'],
        extra: { metadata: { thread_id: 't-1' } },
      }),
      langsmithRun('r-llm', 'r-root', 'ChatOpenAI', 'llm', ['00.500', '01.000'], {
        inputs: {
          messages: [
            [
              lcMessage('SystemMessage', { content: 'You do math.' }),
              lcMessage('HumanMessage', { content: 'what is 2+2' }),
            ],
          ],
        },
        outputs: {
          generations: [
            [
              {
                text: '',
                message: lcMessage('AIMessage', {
                  content: '',
                  tool_calls: [{ id: 'tc', name: 'calculator', args: { expr: '2+2' } }],
                }),
              },
            ],
          ],
        },
        prompt_tokens: 20,
        completion_tokens: 5,
        extra: { invocation_params: { model: 'gpt-4o-mini' } },
      }),
      langsmithRun('r-tool', 'r-root', 'calculator', 'tool', ['01.100', '01.200'], {
        inputs: { input: '2+2' },
        outputs: { output: '4' },
      }),
    ];
    const row = await importOneTrace(lines, 'langsmith');
    expect(row).toMatchObject({
      source: 'langsmith',
      name: 'AgentExecutor',
      sessionId: 't-1',
      inputTokens: 20,
      outputPreview: '4',
      toolCallCount: 1,
      durationMs: 2000,
    });
    expect((await readEvalView(row!.evalView, world.ctx.db)).steps[0]!.tool_calls[0]).toMatchObject(
      {
        name: 'calculator',
        arguments: { expr: '2+2' },
        result: '4',
      },
    );
    expect(await world.ctx.db.select().from(spans)).toHaveLength(3);
  });

  it.skipIf(!tauFile)('imports the tau-bench file (one JSON document) as 200 traces', async () => {
    const text = readFileSync(tauFile as string, 'utf8');
    const result = await importTraces(world.ctx, streamOf(text, 64 * 1024));
    expect(result).toMatchObject({
      format: 'openai',
      records: 200,
      tracesStored: 200,
      created: 200,
      errors: 0,
    });
    const rows = await world.ctx.db.select().from(traces);
    expect(rows).toHaveLength(200);
    expect(rows.reduce((n, r) => n + r.toolCallCount, 0)).toBe(1164);
  });
});
