import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, feedback, spans, systemPrompts, traceScores, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { readEvalView } from '@/traces/stored-eval-view';
import {
  runLangfuseClientScores,
  runLangfuseLegacySdk,
  runLangfuseOtelSdk,
} from '@/traces/testing/run-langfuse-sdks.node.js';
import { runOpenInferenceOpenAi } from '@/traces/testing/run-openinference-openai.node.js';
import { runOtelSdk } from '@/traces/testing/run-otel-sdk.node.js';
import { type IngestTestServer, startIngestTestServer } from './helpers/ingest-test-server';

/**
 * The SDKs users have, unmodified, against the whole app over real HTTP (real API keys through
 * the real auth middleware): what each sends is stored as it sent it.
 */
let deps: ReturnType<typeof createTestDeps>;
let server: IngestTestServer;
let keys: { baseUrl: string; publicKey: string; secretKey: string };

beforeAll(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  server = await startIngestTestServer(deps, ws.id);
  keys = { baseUrl: server.url, publicKey: server.publicKey, secretKey: server.secretKey };
});
afterAll(async () => {
  await server.close();
  deps.close();
});

async function stored(externalId: string) {
  const [row] = await deps.db.select().from(traces).where(eq(traces.externalId, externalId));
  const spanRows = row ? await deps.db.select().from(spans).where(eq(spans.traceId, row.id)) : [];
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
        headers: { authorization: server.bearer },
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
        inputPreview: 'Book me a flight from JFK to SEA on May 20',
        outputPreview: 'I found flight HAT069 but the payment was declined.',
      });
      expect(oi.row!.metadata).toMatchObject({
        tenant: 'acme',
        'service.name': 'airline-agent',
        resource: { 'service.name': 'airline-agent', 'deployment.environment': 'test' },
      });
      expect(oi.spanRows).toHaveLength(4);
      expect((await readEvalView(oi.row!.evalView, deps.db)).steps[0]!.tool_calls[0]).toMatchObject(
        {
          name: 'search_direct_flight',
          result: [{ flight_number: 'HAT069' }],
        },
      );
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

  it('stores what the legacy Langfuse SDK sends: fields, the event as EVENT, the score as feedback and as a score', async () => {
    const id = await runLangfuseLegacySdk({ ...keys, release: 'r-42', version: 'v7' });
    const { row, spanRows } = await stored(id);
    expect(row).toMatchObject({
      source: 'langfuse',
      name: 'support-chat',
      sessionId: 'sess-lf',
      externalUserId: 'user-7',
      stepCount: 1,
      label: 'positive',
      inputTokens: 200,
      outputTokens: 12,
      outputPreview: 'Yes, up to 24 hours before departure.',
    });
    expect(row!.tags).toEqual(['legacy']);
    expect(row!.metadata).toEqual({
      plan: 'gold',
      'langfuse.release': 'r-42',
      'langfuse.version': 'v7',
    });
    expect(spanRows.map((s) => s.kind).sort()).toEqual(['CHAIN', 'EVENT', 'LLM']);
    const [fb] = await deps.db.select().from(feedback).where(eq(feedback.traceId, row!.id));
    expect(fb).toMatchObject({ rating: 'positive', notes: 'helpful', source: 'langfuse' });
    const scores = await deps.db.select().from(traceScores).where(eq(traceScores.traceId, row!.id));
    expect(scores.map((s) => [s.name, s.valueNumber, s.comment])).toEqual([
      ['user-feedback', 1, 'helpful'],
    ]);
  });

  it('stores what the current Langfuse SDK (@langfuse/otel) sends, and @langfuse/client scores reach that trace by its id', async () => {
    const id = await runLangfuseOtelSdk(keys);
    const { row, spanRows } = await stored(id);
    expect(row).toMatchObject({
      source: 'otlp',
      name: 'weather-agent',
      sessionId: 'sess-otel',
      externalUserId: 'user-9',
      stepCount: 1,
      toolCallCount: 1,
      outputPreview: 'It is 18°C in Paris.',
      inputTokens: 40,
      outputTokens: 4,
    });
    expect(row!.tags).toEqual(['v5']);
    expect(row!.metadata).toMatchObject({
      plan: 'pro',
      'langfuse.release': 'r-5',
      'langfuse.version': 'v5.1',
      'langfuse.environment': 'staging',
    });
    expect(spanRows.map((s) => s.kind).sort()).toEqual(['AGENT', 'EVENT', 'LLM', 'TOOL']);
    await runLangfuseClientScores({
      ...keys,
      traceId: id,
      scores: [
        { name: 'correct', value: 1, dataType: 'BOOLEAN', comment: 'right city' },
        { name: 'latency-ms', value: 842, dataType: 'NUMERIC' },
        { name: 'tone', value: 'friendly', dataType: 'CATEGORICAL' },
      ],
    });
    const scores = await deps.db.select().from(traceScores).where(eq(traceScores.traceId, row!.id));
    expect(
      scores
        .map((s) => [s.name, s.dataType, s.valueNumber, s.valueString, s.source])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['correct', 'BOOLEAN', 1, null, 'langfuse'],
      ['latency-ms', 'NUMERIC', 842, null, 'langfuse'],
      ['tone', 'CATEGORICAL', null, 'friendly', 'langfuse'],
    ]);
    const labelled = await stored(id);
    expect(labelled.row!.label).toBe('positive');
    const fb = await deps.db.select().from(feedback).where(eq(feedback.traceId, row!.id));
    expect(fb.map((f) => [f.labellerKey, f.rating, f.notes])).toEqual([
      ['langfuse:correct', 'positive', 'right city'],
    ]);
  });

  it('keeps a @langfuse/client score sent before the trace spans, and attaches it when they arrive', async () => {
    const id = await runLangfuseOtelSdk({
      ...keys,
      beforeExport: async (traceId) => {
        await runLangfuseClientScores({
          ...keys,
          traceId,
          scores: [{ name: 'helpful', value: 0, dataType: 'BOOLEAN', comment: 'wrong city' }],
        });
        expect(await stored(traceId)).toMatchObject({ row: undefined });
      },
    });
    const { row } = await stored(id);
    expect(row!.label).toBe('negative');
    const scores = await deps.db.select().from(traceScores).where(eq(traceScores.traceId, row!.id));
    expect(scores.map((s) => [s.name, s.dataType, s.valueNumber, s.comment])).toEqual([
      ['helpful', 'BOOLEAN', 0, 'wrong city'],
    ]);
    const fb = await deps.db.select().from(feedback).where(eq(feedback.traceId, row!.id));
    expect(fb.map((f) => [f.labellerKey, f.rating])).toEqual([['langfuse:helpful', 'negative']]);
  });

  it('stores what a Phoenix app sends for a plain chat (OpenInference openai instrumentation): the question and the answer, not the raw request', async () => {
    const llm = await startMockLlmServer({
      responder: () => ({ text: 'You can change it up to 24 hours before departure.' }),
    });
    try {
      const id = await runOpenInferenceOpenAi({
        baseUrl: server.url,
        headers: { authorization: server.bearer },
        llmBaseUrl: llm.baseUrlV1,
        question: 'Can I change my flight?',
        project: 'support-bot',
      });
      const { row, spanRows } = await stored(id);
      expect(spanRows.map((s) => s.kind)).toEqual(['LLM']);
      expect(row).toMatchObject({
        source: 'otlp',
        spanCount: 1,
        stepCount: 1,
        inputPreview: 'Can I change my flight?',
        outputPreview: 'You can change it up to 24 hours before departure.',
      });
      expect((await readEvalView(row!.evalView, deps.db)).input).toBe('Can I change my flight?');
      expect((await readEvalView(row!.evalView, deps.db)).output).toBe(
        'You can change it up to 24 hours before departure.',
      );
      expect(row!.metadata).toMatchObject({
        resource: { 'openinference.project.name': 'support-bot' },
      });
      expect(row!.agentId).not.toBeNull();
    } finally {
      await llm.close();
    }
  });

  it('counts a Phoenix RAG trace once for its agent when its system prompt arrives after its first span', async () => {
    const llm = await startMockLlmServer({ responder: () => ({ text: 'Up to 24 hours before.' }) });
    try {
      const ids: string[] = [];
      for (const question of ['Can I change my flight?', 'Can I change my seat?']) {
        ids.push(
          await runOpenInferenceOpenAi({
            baseUrl: server.url,
            headers: { authorization: server.bearer },
            llmBaseUrl: llm.baseUrlV1,
            question,
            retrieveFirst: true,
          }),
        );
      }
      const rows: (typeof traces.$inferSelect)[] = [];
      for (const id of ids) {
        const { row, spanRows } = await stored(id);
        expect(spanRows.map((s) => s.kind).sort()).toEqual(['CHAIN', 'LLM', 'RETRIEVER']);
        expect(row).toMatchObject({ spanCount: 3, stepCount: 1 });
        expect(row!.agentId).not.toBeNull();
        rows.push(row!);
      }
      expect(rows.map((r) => r.outputPreview)).toEqual([
        'Up to 24 hours before.',
        'Up to 24 hours before.',
      ]);
      expect(new Set(rows.map((r) => r.agentId)).size).toBe(1);
      const countOf = async (
        column: typeof traces.agentId | typeof traces.systemPromptId,
        id: string,
      ) =>
        (
          await deps.db
            .select({ n: count() })
            .from(traces)
            .where(and(eq(traces.workspaceId, rows[0]!.workspaceId), eq(column, id)))
        )[0]!.n;
      const [agent] = await deps.db.select().from(agents).where(eq(agents.id, rows[0]!.agentId!));
      expect(agent!.traceCount).toBeGreaterThanOrEqual(2);
      expect(agent!.traceCount).toBe(await countOf(traces.agentId, agent!.id));
      const [prompt] = await deps.db
        .select()
        .from(systemPrompts)
        .where(eq(systemPrompts.id, rows[0]!.systemPromptId!));
      expect(prompt!.traceCount).toBe(await countOf(traces.systemPromptId, prompt!.id));
    } finally {
      await llm.close();
    }
  });

  it('answers 207 with per-event results, and the real auth middleware answers 401 for a missing or wrong key', async () => {
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
    const send = (authorization: string | null, path = '/api/public/ingestion') =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(batch),
      });
    const res = await send(server.basic);
    expect(res.status).toBe(207);
    const body = (await res.json()) as {
      successes: { id: string }[];
      errors: { id: string; status: number }[];
    };
    expect(body.successes.map((s) => s.id)).toEqual(['ok-1']);
    expect(body.errors.map((e) => [e.id, e.status])).toEqual([['bad-1', 400]]);
    expect((await send(null, '/v1/traces')).status).toBe(401);
    expect((await send('Bearer sk-if-not-a-real-key')).status).toBe(401);
    expect((await send(`Basic ${btoa(`${server.publicKey}:sk-if-wrong`)}`)).status).toBe(401);
    const viewer = await server.addKey('viewer');
    expect((await send(`Bearer ${viewer.secretKey}`)).status).toBe(403);
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
      headers: { authorization: server.bearer, 'content-type': 'application/x-ndjson' },
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
      headers: { authorization: server.bearer },
      body: '{}',
    });
    expect(bad.status).toBe(400);
  });
});
