import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveEvalView } from '../../derive-eval-view';
import { startRecordingServer } from '../../testing/recording-server.node.js';
import { runLangfuseLegacySdk, runLangfuseOtelSdk } from '../../testing/run-langfuse-sdks.node.js';
import { parseOtlpBody } from '../otlp/parse-otlp-body';
import { parseLangfuseIngestion } from './parse-langfuse-ingestion';
import { ingestionEvent } from './testing/ingestion-event';

describe('Langfuse SDK payloads', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  let legacyBody: { batch: unknown[]; metadata: unknown };
  let legacyTraceId: string;
  let otelBody: Buffer;
  let otelTraceId: string;

  beforeAll(async () => {
    server = await startRecordingServer();
    const keys = { baseUrl: server.url, publicKey: 'pk-if-test', secretKey: 'sk-if-test' };
    legacyTraceId = await runLangfuseLegacySdk(keys);
    otelTraceId = await runLangfuseOtelSdk(keys);
    const legacy = server.requests.find((r) => r.path === '/api/public/ingestion');
    const otel = server.requests.find((r) => r.path === '/api/public/otel/v1/traces');
    legacyBody = JSON.parse(legacy!.body.toString('utf8'));
    otelBody = otel!.body;
    expect(legacy!.headers.authorization).toBe(`Basic ${btoa('pk-if-test:sk-if-test')}`);
    expect(otel!.headers.authorization).toBe(`Basic ${btoa('pk-if-test:sk-if-test')}`);
  });
  afterAll(() => server.close());

  it('turns a legacy SDK batch into one trace with its generation, span, event and score', () => {
    const out = parseLangfuseIngestion(legacyBody);
    expect(out.errors).toEqual([]);
    expect(out.successes).toHaveLength(legacyBody.batch.length);
    expect(out.successes.every((s) => s.status === 201)).toBe(true);
    expect(out.traces).toHaveLength(1);
    const t = out.traces[0]!;
    expect(t).toMatchObject({
      externalId: legacyTraceId,
      name: 'support-chat',
      userId: 'user-7',
      sessionId: 'sess-lf',
      tags: ['legacy'],
      metadata: { plan: 'gold' },
    });
    expect(t.spans.map((s) => s.kind).sort()).toEqual(['CHAIN', 'EVENT', 'LLM']);
    const gen = t.spans.find((s) => s.kind === 'LLM')!;
    expect(gen).toMatchObject({
      model: 'gpt-4o',
      inputTokens: 200,
      outputTokens: 12,
      totalTokens: 212,
    });
    expect(gen.endTime).not.toBeNull();
    const { view, columns } = deriveEvalView(t);
    expect(view.input).toEqual({ question: 'Can I change my flight?' });
    expect(view.output).toBe('Yes, up to 24 hours before departure.');
    expect(view.steps).toHaveLength(1);
    expect(view.steps[0]!.output).toBe('Yes, up to 24 hours before departure.');
    expect(columns.systemPrompt).toContain('HAT Airlines');
    expect(out.scores).toEqual([
      {
        traceExternalId: legacyTraceId,
        score: expect.objectContaining({
          name: 'user-feedback',
          value: 1,
          comment: 'helpful',
          spanId: null,
        }),
      },
    ]);
  });

  it('gives the same traces whatever the event order', () => {
    const expected = parseLangfuseIngestion(legacyBody).traces;
    const reversed = parseLangfuseIngestion({
      ...legacyBody,
      batch: [...legacyBody.batch].reverse(),
    }).traces;
    const rotated = parseLangfuseIngestion({
      ...legacyBody,
      batch: [...legacyBody.batch.slice(3), ...legacyBody.batch.slice(0, 3)],
    }).traces;
    const norm = (ts: typeof expected) =>
      ts.map((t) => ({
        ...t,
        spans: [...t.spans].sort((a, b) => a.spanId.localeCompare(b.spanId)),
      }));
    expect(norm(reversed)).toEqual(norm(expected));
    expect(norm(rotated)).toEqual(norm(expected));
  });

  it('fails a malformed event alone and keeps the rest', () => {
    const batch = [
      ...legacyBody.batch,
      { id: 'bad-1', type: 'span-create', timestamp: 'yesterday', body: { id: 'x' } },
      {
        id: 'bad-2',
        type: 'generation-create',
        timestamp: new Date().toISOString(),
        body: { name: 'no id' },
      },
      { id: 'bad-3', type: 'made-up-type', timestamp: new Date().toISOString(), body: {} },
      'not an object',
    ];
    const out = parseLangfuseIngestion({ batch });
    expect(out.successes).toHaveLength(legacyBody.batch.length);
    expect(out.errors.map((e) => [e.id, e.status])).toEqual([
      ['bad-1', 400],
      ['bad-2', 400],
      ['bad-3', 400],
      ['#11', 400],
    ]);
    expect(out.errors[1]!.message).toContain('id');
    expect(out.traces).toHaveLength(1);
  });

  it('answers a body without a batch with one error', () => {
    expect(parseLangfuseIngestion({ nope: 1 }).errors).toHaveLength(1);
  });

  it('merges an update sent before its create without losing the start time', () => {
    const t0 = '2026-01-01T00:00:00.000Z';
    const out = parseLangfuseIngestion({
      batch: [
        ingestionEvent('e2', 'generation-update', '2026-01-01T00:00:05.000Z', {
          id: 'g',
          traceId: 't',
          output: 'done',
          endTime: '2026-01-01T00:00:04.000Z',
        }),
        ingestionEvent('e1', 'generation-create', t0, {
          id: 'g',
          traceId: 't',
          name: 'llm',
          startTime: t0,
          input: 'hi',
        }),
      ],
    });
    const g = out.traces[0]!.spans[0]!;
    expect(g).toMatchObject({
      name: 'llm',
      kind: 'LLM',
      startTime: Date.parse(t0),
      endTime: Date.parse(t0) + 4000,
      output: 'done',
    });
    expect(g.partial).toBeUndefined();
  });

  it('reads the current SDK (@langfuse/otel) through the OTLP parser, with langfuse.* attributes', async () => {
    const [t] = await parseOtlpBody(new Uint8Array(otelBody), { contentType: 'application/json' });
    expect(t!.externalId).toBe(otelTraceId);
    expect(t!.spans.map((s) => s.kind).sort()).toEqual(['AGENT', 'EVENT', 'LLM', 'TOOL']);
    expect(t!).toMatchObject({ sessionId: 'sess-otel', userId: 'user-9', tags: ['v5'] });
    expect(t!.metadata).toMatchObject({
      plan: 'pro',
      'langfuse.release': 'r-5',
      'langfuse.version': 'v5.1',
      'langfuse.environment': 'staging',
    });
    const { view, columns } = deriveEvalView(t!);
    expect(view.input).toEqual({ question: 'Weather in Paris?' });
    expect(view.output).toBe('It is 18°C in Paris.');
    expect(view.steps[0]!.tool_calls).toEqual([
      {
        id: null,
        name: 'get_weather',
        arguments: { city: 'Paris' },
        result: { temp_c: 18 },
        error: null,
      },
    ]);
    expect(columns).toMatchObject({ inputTokens: 40, outputTokens: 4, models: ['gpt-4o-mini'] });
  });
});

describe('Langfuse trace metadata keys from requests', () => {
  it('keeps a metadata key named __proto__ as a key, not as the prototype', () => {
    const at = new Date().toISOString();
    const out = parseLangfuseIngestion({
      batch: [
        ingestionEvent('e1', 'trace-create', at, {
          id: 't1',
          timestamp: at,
          metadata: JSON.parse('{"__proto__":{"tier":"gold"}}'),
        }),
      ],
    });
    const metadata = out.traces[0]?.metadata;
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(JSON.stringify(metadata)).toContain('"__proto__":{"tier":"gold"}');
  });
});
