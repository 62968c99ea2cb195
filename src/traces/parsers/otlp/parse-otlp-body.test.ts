import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { deriveEvalView } from '../../derive-eval-view';
import type { NormalisedTrace } from '../../normalised-trace';
import { type RecordedRequest, startRecordingServer } from '../../testing/recording-server.node.js';
import { runOtelSdk } from '../../testing/run-otel-sdk.node.js';
import { parseOtlpBody } from './parse-otlp-body';
import { otlpJsonRequest } from './testing/otlp-json-request';

/** What storage does across requests, reduced to what these tests need: spans appended, fields kept. */
function mergeRequests(parsed: NormalisedTrace[][]): Map<string, NormalisedTrace> {
  const out = new Map<string, NormalisedTrace>();
  for (const t of parsed.flat()) {
    const m = out.get(t.externalId);
    if (!m) {
      out.set(t.externalId, structuredClone(t));
      continue;
    }
    m.spans.push(...t.spans);
    m.name = t.name ?? m.name;
    m.sessionId ??= t.sessionId;
    m.userId ??= t.userId;
    Object.assign(m.metadata, t.metadata);
    m.tags = [...new Set([...m.tags, ...t.tags])];
  }
  return out;
}

async function parseAll(requests: RecordedRequest[]) {
  const parsed = await Promise.all(
    requests.map((r) =>
      parseOtlpBody(new Uint8Array(r.body), {
        contentType: r.headers['content-type'],
        contentEncoding: r.headers['content-encoding'] as string | undefined,
      }),
    ),
  );
  return mergeRequests(parsed);
}

async function rejects(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err) ? err.code : err).toBe(code);
}

describe('parseOtlpBody with payloads from the real OpenTelemetry exporters', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  const captured: Record<string, { ids: string[]; requests: RecordedRequest[] }> = {};

  beforeAll(async () => {
    server = await startRecordingServer();
    for (const [name, protocol, compression] of [
      ['json', 'json', 'none'],
      ['protobuf', 'protobuf', 'none'],
      ['gzip', 'json', 'gzip'],
    ] as const) {
      const before = server.requests.length;
      const ids = await runOtelSdk({ baseUrl: server.url, protocol, compression });
      captured[name] = { ids, requests: server.requests.slice(before) };
    }
  });
  afterAll(() => server.close());

  it('receives what the exporters send: JSON, protobuf and gzip', () => {
    expect(captured.json?.requests[0]?.headers['content-type']).toBe('application/json');
    expect(captured.protobuf?.requests[0]?.headers['content-type']).toBe('application/x-protobuf');
    expect(captured.gzip?.requests[0]?.headers['content-encoding']).toBe('gzip');
  });

  it('decodes protobuf and gzip into exactly the traces the JSON exporter sends', async () => {
    const strip = (m: Map<string, NormalisedTrace>, ids: string[]) =>
      ids.map((id) => {
        const t = m.get(id) as NormalisedTrace;
        return deriveEvalView(t, { traceId: 'x' }).view;
      });
    const json = strip(await parseAll(captured.json!.requests), captured.json!.ids);
    const proto = strip(await parseAll(captured.protobuf!.requests), captured.protobuf!.ids);
    const gz = strip(await parseAll(captured.gzip!.requests), captured.gzip!.ids);
    expect(proto).toEqual(json);
    expect(gz).toEqual(json);
  });

  it('maps OpenInference spans sent one per request into one trace with steps, tool results and errors', async () => {
    const traces = await parseAll(captured.protobuf!.requests);
    const t = traces.get(captured.protobuf!.ids[0]!)!;
    expect(t.spans).toHaveLength(4);
    expect(t.name).toBe('airline-agent');
    expect(t.sessionId).toBe('sess-1');
    expect(t.userId).toBe('user-42');
    expect(t.tags).toEqual(['prod', 'airline']);
    expect(t.metadata).toMatchObject({ tenant: 'acme', 'service.name': 'airline-agent' });
    const { view, columns } = deriveEvalView(t);
    expect(view.input).toBe('Book me a flight from JFK to SEA on May 20');
    expect(view.output).toBe('I found flight HAT069 but the payment was declined.');
    expect(view.steps).toHaveLength(1);
    expect(view.steps[0]!.tool_calls).toEqual([
      {
        id: 'call_1',
        name: 'search_direct_flight',
        arguments: { origin: 'JFK', destination: 'SEA', date: '2024-05-20' },
        result: [{ flight_number: 'HAT069' }],
        error: null,
      },
      {
        id: null,
        name: 'book_reservation',
        arguments: null,
        result: null,
        error: 'payment declined',
      },
    ]);
    expect(columns).toMatchObject({
      spanCount: 4,
      stepCount: 1,
      toolCallCount: 2,
      errorCount: 1,
      hasErrors: true,
      inputTokens: 120,
      outputTokens: 30,
      totalTokens: 150,
      cost: 0.0012,
      models: ['gpt-4o'],
    });
    expect(columns.systemPrompt).toContain('HAT Airlines');
  });

  it('maps GenAI semconv: current JSON message attributes, deprecated events and usage attributes', async () => {
    const t = (await parseAll(captured.json!.requests)).get(captured.json!.ids[1]!)!;
    expect(t.sessionId).toBe('conv-9');
    const { view, columns } = deriveEvalView(t);
    expect(view.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(view.steps[0]!.tool_calls[0]).toMatchObject({
      id: 'tc_1',
      name: 'get_weather',
      arguments: { city: 'Paris' },
      result: { temp_c: 18 },
    });
    expect(view.steps[1]!.output).toBe('It is 18°C in Paris.');
    expect(columns.inputTokens).toBe(120);
    expect(columns.outputTokens).toBe(21);
  });

  it('maps OpenLLMetry indexed prompt/completion attributes and traceloop entities', async () => {
    const t = (await parseAll(captured.json!.requests)).get(captured.json!.ids[2]!)!;
    expect(t.sessionId).toBe('tl-sess');
    const { view } = deriveEvalView(t);
    expect(view.output).toBe('Your trip is cancelled.');
    expect(view.steps[0]!.input).toEqual([
      { role: 'system', content: expect.stringContaining('HAT Airlines') },
      { role: 'user', content: 'cancel my trip' },
    ]);
    expect(view.steps[0]!.tool_calls).toEqual([
      {
        id: 'call_x',
        name: 'cancel_reservation',
        arguments: { reservation_id: 'ABC123' },
        result: { status: 'cancelled' },
        error: null,
      },
    ]);
  });

  it('rejects malformed bodies with VALIDATION and nothing parsed', async () => {
    const good = captured.json!.requests[0]!.body;
    const json = { contentType: 'application/json' };
    await rejects(
      parseOtlpBody(new TextEncoder().encode('{"resourceSpans":['), json),
      'VALIDATION',
    );
    await rejects(parseOtlpBody(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), json), 'VALIDATION');
    await rejects(parseOtlpBody(new Uint8Array(good), { contentType: 'text/plain' }), 'VALIDATION');
    await rejects(
      parseOtlpBody(new Uint8Array(good), {
        contentType: 'application/json',
        contentEncoding: 'gzip',
      }),
      'VALIDATION',
    );
    await rejects(
      parseOtlpBody(new Uint8Array(good), { contentType: 'application/x-protobuf' }),
      'VALIDATION',
    );
    const badId = good.toString('utf8').replace(/"spanId":"[0-9a-f]+"/, '"spanId":"zz"');
    await rejects(parseOtlpBody(new TextEncoder().encode(badId), json), 'VALIDATION');
    const deep = `{"resourceSpans":${'['.repeat(200)}${']'.repeat(200)}}`;
    await rejects(parseOtlpBody(new TextEncoder().encode(deep), json), 'VALIDATION');
  });

  it('stops a gzip bomb at the decompressed-size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(70 * 1024 * 1024, 0x20));
    await rejects(
      parseOtlpBody(new Uint8Array(bomb), {
        contentType: 'application/json',
        contentEncoding: 'gzip',
      }),
      'LIMIT_EXCEEDED',
    );
  });

  it('cuts huge attribute values with a marker', async () => {
    const body = otlpJsonRequest({
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
      name: 's',
      startTimeUnixNano: '1000000',
      attributes: [{ key: 'input.value', value: { stringValue: 'x'.repeat(200_000) } }],
    });
    const [t] = await parseOtlpBody(new TextEncoder().encode(JSON.stringify(body)), {
      contentType: 'application/json',
    });
    const input = t!.spans[0]!.input as string;
    expect(input.length).toBeLessThan(70_000);
    expect(input).toContain('[truncated by iofold: 134464 more chars]');
  });
});
