import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { feedback, spans, traces } from '@/db/schema';
import { createTestDeps, createTestWorkspace } from '@/db/testing';
import { startIngestTestServer } from '@/traces/testing/ingest-test-server.node.js';
import {
  runLangfuseLegacySdk,
  runLangfuseOtelSdk,
} from '@/traces/testing/run-langfuse-sdks.node.js';
import { runOtelSdk } from '@/traces/testing/run-otel-sdk.node.js';

const keys = { publicKey: 'pk-if-conformance', secretKey: 'sk-if-conformance' };
let deps: ReturnType<typeof createTestDeps>;
let ctx: Pick<Ctx, 'db' | 'workspaceId'>;
let server: Awaited<ReturnType<typeof startIngestTestServer>>;

beforeAll(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  ctx = { db: deps.db, workspaceId: ws.id };
  server = await startIngestTestServer(deps, ws.id);
});
afterAll(async () => {
  await server.close();
  deps.close();
});

async function stored(externalId: string) {
  const [row] = await ctx.db.select().from(traces).where(eq(traces.externalId, externalId));
  const spanRows = row ? await ctx.db.select().from(spans).where(eq(spans.traceId, row.id)) : [];
  return { row, spanRows };
}

describe('real client SDKs against the ingest endpoints over HTTP', () => {
  for (const [name, protocol, compression, path] of [
    ['OTLP/JSON exporter', 'json', 'none', '/v1/traces'],
    ['OTLP/protobuf exporter', 'protobuf', 'none', '/v1/traces'],
    ['OTLP/JSON exporter with gzip', 'json', 'gzip', '/api/public/otel/v1/traces'],
    ['OTLP/protobuf exporter with gzip', 'protobuf', 'gzip', '/v1/traces'],
  ] as const) {
    it(`stores what the ${name} sends, spans merged across requests`, async () => {
      const ids = await runOtelSdk({
        baseUrl: server.url,
        protocol,
        compression,
        path,
        headers: { authorization: `Bearer ${keys.secretKey}` },
      });
      const oi = await stored(ids[0]!);
      expect(oi.row).toMatchObject({
        source: 'otlp',
        name: 'airline-agent',
        sessionId: 'sess-1',
        externalUserId: 'user-42',
        spanCount: 4,
        stepCount: 1,
        toolCallCount: 2,
        hasErrors: true,
        inputTokens: 120,
        outputTokens: 30,
      });
      expect(oi.spanRows).toHaveLength(4);
      expect(oi.row!.evalView.steps[0]!.tool_calls[0]).toMatchObject({
        name: 'search_direct_flight',
        result: [{ flight_number: 'HAT069' }],
      });
      expect(oi.row!.agentId).not.toBeNull();
      const genai = await stored(ids[1]!);
      expect(genai.row).toMatchObject({
        sessionId: 'conv-9',
        stepCount: 2,
        toolCallCount: 1,
        outputPreview: 'It is 18°C in Paris.',
      });
      const tl = await stored(ids[2]!);
      expect(tl.row).toMatchObject({
        sessionId: 'tl-sess',
        outputPreview: 'Your trip is cancelled.',
      });
    });
  }

  it('stores what the legacy Langfuse SDK sends, with the score as feedback', async () => {
    const id = await runLangfuseLegacySdk({ baseUrl: server.url, ...keys });
    const { row, spanRows } = await stored(id);
    expect(row).toMatchObject({
      source: 'langfuse',
      name: 'support-chat',
      sessionId: 'sess-lf',
      externalUserId: 'user-7',
      stepCount: 1,
      label: 'positive',
    });
    expect(row!.tags).toEqual(['legacy']);
    expect(row!.metadata).toEqual({ plan: 'gold' });
    expect(spanRows).toHaveLength(3);
    const [fb] = await ctx.db.select().from(feedback).where(eq(feedback.traceId, row!.id));
    expect(fb).toMatchObject({ rating: 'positive', notes: 'helpful', source: 'langfuse' });
  });

  it('stores what the current Langfuse SDK (@langfuse/otel) sends', async () => {
    const id = await runLangfuseOtelSdk({ baseUrl: server.url, ...keys });
    const { row, spanRows } = await stored(id);
    expect(row).toMatchObject({
      source: 'otlp',
      name: 'weather-agent',
      stepCount: 1,
      toolCallCount: 1,
      outputPreview: 'It is 18°C in Paris.',
    });
    expect(spanRows).toHaveLength(3);
  });

  it('answers 207 with per-event results and 401 without credentials', async () => {
    const batch = {
      batch: [
        {
          id: 'ok-1',
          type: 'trace-create',
          timestamp: new Date().toISOString(),
          body: { id: 'conf-207', name: 'x' },
        },
        { id: 'bad-1', type: 'span-create', timestamp: 'never', body: {} },
      ],
    };
    const res = await fetch(`${server.url}/api/public/ingestion`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${btoa(`${keys.publicKey}:${keys.secretKey}`)}`,
      },
      body: JSON.stringify(batch),
    });
    expect(res.status).toBe(207);
    const body = (await res.json()) as {
      successes: { id: string }[];
      errors: { id: string; status: number }[];
    };
    expect(body.successes.map((s) => s.id)).toEqual(['ok-1']);
    expect(body.errors.map((e) => [e.id, e.status])).toEqual([['bad-1', 400]]);
    const anonymous = await fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('import upload over HTTP', () => {
  it('imports an uploaded JSONL file and answers the summary', async () => {
    const lines = [0, 1, 2].map((i) =>
      JSON.stringify({
        id: `up-${i}`,
        reward: i,
        messages: [
          { role: 'user', content: `q${i}` },
          { role: 'assistant', content: `a${i}` },
        ],
      }),
    );
    const res = await fetch(`${server.url}/api/traces/import?format=auto&labelField=reward`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${keys.secretKey}`,
        'content-type': 'application/x-ndjson',
      },
      body: lines.join('\n'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      format: 'openai',
      records: 3,
      tracesStored: 3,
      created: 3,
      errors: 0,
    });
    const { row } = await stored('up-1');
    expect(row).toMatchObject({ source: 'import', label: 'positive' });
    const bad = await fetch(`${server.url}/api/traces/import?format=xml`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
      body: '{}',
    });
    expect(bad.status).toBe(400);
  });
});
