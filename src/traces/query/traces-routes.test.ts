import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, createTestApiWithTraces, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { agents, feedback, spans, traces } from '@/db/schema';
import { otlpJsonRequest } from '@/traces/parsers/otlp/testing/otlp-json-request';
import { callsTools } from '@/traces/testing/openai-messages';
import { ingestTraces } from '../ingest/ingest-traces';
import { parseChatTranscript } from '../parsers/parse-chat-transcript';

let api: TestApi;
afterEach(() => api?.close());

async function setup(count = 40) {
  const seeded = await createTestApiWithTraces(['a', 'b'], { count });
  api = seeded.api;
  const [a, b] = seeded.agents;
  return { a, b, ids: seeded.ids };
}

describe('trace metadata', () => {
  it('lists metadata keys with their common values, and filters the list by key and value', async () => {
    const { a, ids } = await setup(12);
    for (const [i, id] of ids.entries()) {
      await api.deps.db
        .update(traces)
        .set({
          metadata: {
            model: i % 3 === 0 ? 'gpt-4o' : 'claude',
            tier: i % 2 ? 'gold' : 'basic',
            nested: { x: 1 },
          },
        })
        .where(eq(traces.id, id));
    }
    const keys = await api.json('GET', '/v1/trace-metadata');
    expect(keys.status).toBe(200);
    expect(keys.body.nextCursor).toBeNull();
    expect(keys.body.data.map((k: { key: string }) => k.key).sort()).toEqual(['model', 'tier']);
    const model = keys.body.data.find((k: { key: string }) => k.key === 'model');
    expect(model).toEqual({
      key: 'model',
      traces: 12,
      values: [
        { value: 'claude', traces: 8 },
        { value: 'gpt-4o', traces: 4 },
      ],
    });
    const get = async (query: string) =>
      (await api.json('GET', `/v1/traces?limit=200&${query}`)).body.data as { id: string }[];
    const gpt = await get('metaKey=model&metaValue=gpt-4o');
    expect(gpt.map((t) => t.id).sort()).toEqual(ids.filter((_, i) => i % 3 === 0).sort());
    expect(await get(`metaKey=tier&metaValue=gold&agentId=${a}`)).toHaveLength(0);
    expect(await get('metaKey=tier&metaValue=gold')).toHaveLength(6);
    expect(await get('metaKey=model')).toHaveLength(12);
    expect(await get('metaKey=nope')).toHaveLength(0);
    expect((await api.json('GET', '/v1/traces?metaValue=gold')).status).toBe(400);
    expect((await api.json('GET', '/v1/traces?metaKey=a%22b')).status).toBe(400);
    const other = await api.addWorkspace();
    expect((await other.json('GET', '/v1/trace-metadata')).body.data).toEqual([]);
    expect((await other.json('GET', `/v1/trace-metadata?agentId=${a}`)).status).toBe(404);
  });
});

describe('trace list', () => {
  it('pages newest first through every trace exactly once', async () => {
    const { ids } = await setup(45);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await api.json(
        'GET',
        `/v1/traces?limit=20${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.data.map((t) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by agent, label, labelled, errors, source, time range and text', async () => {
    const { a } = await setup(40);
    const get = async (query: string) =>
      (await api.json('GET', `/v1/traces?limit=200&${query}`)).body.data as Record<
        string,
        unknown
      >[];
    const byAgent = await get(`agentId=${a}`);
    expect(byAgent).toHaveLength(20);
    expect(byAgent.every((t) => t.agentId === a)).toBe(true);
    expect(
      (await get(`agentId=${a}&label=negative`)).every(
        (t) => t.label === 'negative' && t.agentId === a,
      ),
    ).toBe(true);
    expect((await get('labelled=false')).every((t) => t.label === null)).toBe(true);
    expect(await get('labelled=false')).toHaveLength(10);
    expect(await get('labelled=true')).toHaveLength(30);
    expect((await get('hasErrors=true')).map((t) => t.hasErrors)).toEqual([true, true, true, true]);
    expect((await get('source=otlp')).every((t) => t.source === 'otlp')).toBe(true);
    expect(await get('from=2026-01-01T00:00:10Z&to=2026-01-01T00:00:20Z')).toHaveLength(10);
    expect((await get('q=refunds')).length).toBe(6);
    expect(await get('q=100%25')).toHaveLength(0);
  });

  it('lists each trace with its summary written at ingest (goal, tools, how it ended)', async () => {
    await setup(1);
    await ingestTraces(createSystemCtx(api.deps, api.workspaceId), {
      traces: [
        parseChatTranscript({
          id: 'summarised',
          messages: [
            { role: 'system', content: 'You are the airline agent.' },
            { role: 'user', content: '  Cancel my\n reservation ABC123 ' },
            callsTools(null, ['c1', 'cancel_reservation', '{"id":"ABC123"}']),
            { role: 'tool', tool_call_id: 'c1', content: 'cancelled' },
            { role: 'assistant', content: 'Done: ABC123 is cancelled.' },
          ],
        }),
      ],
    });
    const list = (await api.json('GET', '/v1/traces?limit=10')).body.data as {
      externalId: string;
      summary: Record<string, unknown> | null;
    }[];
    const ingested = list.find((t) => t.externalId === 'summarised');
    expect(ingested?.summary).toMatchObject({
      goal: 'Cancel my reservation ABC123',
      userTurns: 1,
      tools: { cancel_reservation: 1 },
      errorCount: 0,
      ending: 'answer',
    });
    expect(ingested?.summary?.text).toContain('tools: cancel_reservation');
    // a trace stored without the ingest path (seeded rows) has no summary, and says so
    expect(list.filter((t) => t.externalId !== 'summarised').map((t) => t.summary)).toEqual([null]);
  });

  it('counts a failed tool call as an error: a JSON error field or error text in its result', async () => {
    api = await createTestApi();
    const transcript = (id: string, result: string) =>
      parseChatTranscript({
        id,
        messages: [
          { role: 'user', content: 'Reset my password' },
          callsTools(null, ['c1', 'reset_password', '{"user":"alice"}']),
          { role: 'tool', tool_call_id: 'c1', content: result },
          { role: 'assistant', content: 'Done.' },
        ],
      });
    await ingestTraces(createSystemCtx(api.deps, api.workspaceId), {
      traces: [
        transcript('json-error', '{"error": "account locked"}'),
        transcript('json-not-ok', '{"ok": false, "reason": "quota exceeded"}'),
        transcript('error-text', 'Error: not allowed'),
        transcript('http-status', '502 Bad Gateway: try later'),
        transcript('fine', 'Password reset for alice'),
        transcript('fine-json', '{"status": "ok", "errors_seen": 0}'),
      ],
    });
    const get = async (query: string) =>
      (
        (await api.json('GET', `/v1/traces?limit=200&${query}`)).body.data as {
          externalId: string;
          errorCount: number;
        }[]
      )
        .map((t) => `${t.externalId}:${t.errorCount}`)
        .sort();
    expect(await get('hasErrors=true')).toEqual([
      'error-text:1',
      'http-status:1',
      'json-error:1',
      'json-not-ok:1',
    ]);
    expect(await get('hasErrors=false')).toEqual(['fine-json:0', 'fine:0']);
  });

  it('answers 400 for an invalid cursor, a bad limit and unknown query fields', async () => {
    await setup(1);
    for (const query of [
      'cursor=nope',
      'cursor=WzEsMl0',
      'limit=0',
      'limit=abc',
      'labelled=maybe',
      'sort=asc',
      'from=yesterday',
    ]) {
      const response = await api.json('GET', `/v1/traces?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION');
    }
  });
});

describe('trace detail and delete', () => {
  it('returns spans, labels and eval view; deletes one and many, keeping agent counts', async () => {
    const { a, ids } = await setup(6);
    const id = ids[0]!;
    await api.deps.db.insert(spans).values({
      id: 'sp1',
      workspaceId: api.workspaceId,
      traceId: id,
      spanId: 's1',
      name: 'llm',
      kind: 'LLM',
      startedAt: new Date(),
    });
    await api.json('POST', '/v1/feedback', { traceId: id, rating: 'positive', notes: 'good' });
    const detail = await api.json('GET', `/v1/traces/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id,
      label: 'positive',
      spans: [{ spanId: 's1', kind: 'LLM' }],
      feedback: [{ rating: 'positive', notes: 'good', labeller: { key: `apiKey:${api.keyId}` } }],
      evalView: { trace_id: id },
      evalResults: [],
    });
    expect((await api.json('DELETE', `/v1/traces/${id}`)).status).toBe(204);
    expect((await api.json('GET', `/v1/traces/${id}`)).status).toBe(404);
    expect((await api.deps.db.select().from(feedback)).length).toBe(0);
    await api.deps.db.update(agents).set({ traceCount: 99 }).where(eq(agents.id, a));
    const many = await api.json('POST', '/v1/traces/delete', { ids: [ids[1], ids[2], 'missing'] });
    expect(many.body).toEqual({ deleted: 2 });
    const [agent] = await api.deps.db.select().from(agents).where(eq(agents.id, a));
    expect(agent?.traceCount).toBe(1);
    expect((await api.deps.db.select().from(traces)).length).toBe(3);
  });
});

describe('a trace by its external id, with the scores other platforms sent', () => {
  it('finds an OTLP trace by external id, attaches a Langfuse score to it, and maps numeric scores with the workspace threshold', async () => {
    api = await createTestApi();
    const traceId = 'ab'.repeat(16);
    const otlp = otlpJsonRequest({
      traceId,
      spanId: '01'.repeat(8),
      name: 'agent',
      startTimeUnixNano: `${Date.parse('2026-03-01T00:00:00Z')}000000`,
    });
    const sent = await api.request('/v1/traces', {
      method: 'POST',
      body: JSON.stringify(otlp),
      headers: { 'content-type': 'application/json' },
    });
    expect(sent.status).toBe(200);
    const found = await api.json('GET', `/v1/traces?externalId=${traceId}`);
    expect(found.body.data).toHaveLength(1);
    const id = found.body.data[0].id as string;
    expect((await api.json('GET', '/v1/traces?externalId=nope')).body.data).toEqual([]);

    const scoreEvent = (name: string, value: number, dataType: string) => ({
      id: `ev-${name}`,
      type: 'score-create',
      timestamp: new Date().toISOString(),
      body: { id: `sc-${name}`, traceId, name, value, dataType, comment: `${name} note` },
    });
    const setThreshold = await api.json('PATCH', '/v1/workspace', {
      scoreLabels: { numericThreshold: 0.5 },
    });
    expect(setThreshold.status).toBe(200);
    expect(setThreshold.body.settings).toEqual({ scoreLabels: { numericThreshold: 0.5 } });
    const scored = await api.json('POST', '/api/public/ingestion', {
      batch: [scoreEvent('relevance', 0.9, 'NUMERIC'), scoreEvent('safe', 1, 'BOOLEAN')],
    });
    expect(scored.status).toBe(207);
    expect(scored.body.errors).toEqual([]);
    const detail = await api.json('GET', `/v1/traces/${id}`);
    expect(detail.body.label).toBe('positive');
    expect(
      detail.body.scores.map((s: { name: string; value: unknown; dataType: string }) => [
        s.name,
        s.value,
        s.dataType,
      ]),
    ).toEqual([
      ['relevance', 0.9, 'NUMERIC'],
      ['safe', true, 'BOOLEAN'],
    ]);
    expect(
      detail.body.feedback.map((f: { labellerKey?: string; rating: string }) => f.rating),
    ).toEqual(['positive', 'positive']);
  });
});
