import { eq } from 'drizzle-orm';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKeyMaterial } from '@/auth/api-key-format';
import { createDb } from '@/db/client';
import * as schema from '@/db/schema';
import { seedEveryTable } from '@/db/seed-every-table';
import { handBuiltRequest } from '@/traces/parsers/otlp/testing/otlp-golden-cases.node.js';
import { readEvalView } from '@/traces/stored-eval-view';
import { bundleWorker, migrationStatements } from './helpers/workerd';

let mf: Miniflare;
let workerKey: string;

beforeAll(async () => {
  mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2026-04-01',
    d1Databases: ['DB'],
    // ingest queues the tasks index (a deployed Worker always has the JOBS binding)
    queueProducers: { JOBS: 'iofold-jobs' },
  });
  const d1 = await mf.getD1Database('DB');
  await d1.batch(migrationStatements().map((statement) => d1.prepare(statement)));
});

afterAll(async () => {
  await mf?.dispose();
});

describe('Cloudflare Worker host (workerd + D1)', () => {
  it('answers /health with a database round trip, degraded without a sandbox', async () => {
    const response = await mf.dispatchFetch('http://iofold.test/health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      ok: boolean;
      status: string;
      database: { ok: boolean };
      version: string;
    };
    expect({
      ok: body.ok,
      status: body.status,
      database: body.database.ok,
      version: body.version,
    }).toEqual({ ok: true, status: 'degraded', database: true, version: '0.1.0' });
  });

  it('answers unknown routes with the error body', async () => {
    const response = await mf.dispatchFetch('http://iofold.test/nothing');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBeTruthy();
  });

  it('authenticates API keys with Web Crypto inside workerd', async () => {
    const db = createDb(await mf.getD1Database('DB'));
    await db.insert(schema.workspaces).values({ id: 'ws_worker', name: 'W', slug: 'ws-worker' });
    const key = await newApiKeyMaterial();
    await db.insert(schema.apiKeys).values({
      id: 'key_worker',
      workspaceId: 'ws_worker',
      name: 'worker',
      publicKey: key.publicKey,
      secretHash: key.secretHash,
      secretHint: key.secretHint,
      role: 'owner',
    });
    workerKey = key.secret;
    const anonymous = await mf.dispatchFetch('http://iofold.test/v1/me');
    expect(anonymous.status).toBe(401);
    const response = await mf.dispatchFetch('http://iofold.test/v1/me', {
      headers: { authorization: `Bearer ${key.secret}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { workspace: { id: string } }).workspace.id).toBe(
      'ws_worker',
    );
  });

  it('writes and reads every table on D1 through the same Db type', async () => {
    const db = createDb(await mf.getD1Database('DB'));
    await seedEveryTable(db, 'd1');
    const [trace] = await db.select().from(schema.traces);
    const [alert] = await db.select().from(schema.performanceAlerts);
    expect((await readEvalView(trace!.evalView, db)).output).toBe('hello');
    expect(trace?.startedAt).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(alert?.status).toBe('open');
  });

  it('ingests OTLP/protobuf through the generated decoder (no run-time code generation)', async () => {
    const response = await mf.dispatchFetch('http://iofold.test/v1/traces', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${workerKey}`,
        'content-type': 'application/x-protobuf',
      },
      body: handBuiltRequest(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const list = await mf.dispatchFetch('http://iofold.test/v1/traces?limit=5', {
      headers: { authorization: `Bearer ${workerKey}` },
    });
    const body = (await list.json()) as { data: { externalId: string; errorCount: number }[] };
    expect(body.data.map((t) => [t.externalId, t.errorCount])).toEqual([
      ['0af7651916cd43dd8448eb211c80319c', 1],
    ]);
  });

  it('stores a large trace compressed in workerd and every reader gets it back whole', async () => {
    const answer = `Your refund is on its way. ${'The policy allows it for this fare. '.repeat(60)}`;
    const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const response = await mf.dispatchFetch('http://iofold.test/v1/traces', {
      method: 'POST',
      headers: { authorization: `Bearer ${workerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
                    spanId: 'c0ffee00c0ffee01',
                    name: 'chat',
                    startTimeUnixNano: '1764000000000000000',
                    endTimeUnixNano: '1764000001000000000',
                    attributes: [
                      attribute('openinference.span.kind', 'LLM'),
                      attribute('llm.input_messages.0.message.role', 'user'),
                      attribute('llm.input_messages.0.message.content', 'Can I get a refund?'),
                      attribute('llm.output_messages.0.message.role', 'assistant'),
                      attribute('llm.output_messages.0.message.content', answer),
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const db = createDb(await mf.getD1Database('DB'));
    const [row] = await db
      .select()
      .from(schema.traces)
      .where(eq(schema.traces.externalId, 'c0ffee00c0ffee00c0ffee00c0ffee00'));
    expect(row?.evalView).toBeInstanceOf(Uint8Array);
    expect((await readEvalView(row!.evalView, db)).output).toBe(answer);
    const detail = await mf.dispatchFetch(`http://iofold.test/v1/traces/${row!.id}`, {
      headers: { authorization: `Bearer ${workerKey}` },
    });
    const body = (await detail.json()) as { evalView: { output: string; messages: unknown[] } };
    expect(body.evalView.output).toBe(answer);
    expect(body.evalView.messages).toHaveLength(2);
  });

  it('answers 413 with the limit past 5,000 spans or 10 MiB per request (the Worker limits)', async () => {
    const post = (body: string) =>
      mf.dispatchFetch('http://iofold.test/v1/traces', {
        method: 'POST',
        headers: { authorization: `Bearer ${workerKey}`, 'content-type': 'application/json' },
        body,
      });
    const spans = Array.from({ length: 5_001 }, (_, i) => ({
      traceId: 'cd'.repeat(16),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: 's',
      startTimeUnixNano: '1767225600000000000',
    }));
    const many = await post(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
    expect(many.status).toBe(413);
    const manyBody = (await many.json()) as { error: { code: string; message: string } };
    expect(manyBody.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: "more than 5000 spans in one request (this host's limit); send smaller batches",
    });
    const big = await post(`${' '.repeat(10 * 1024 * 1024)}{}`);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toBe(
      'request body too large: this route takes at most 10485760 bytes (10 MiB) on this host',
    );
    const list = await mf.dispatchFetch('http://iofold.test/v1/traces?limit=5', {
      headers: { authorization: `Bearer ${workerKey}` },
    });
    const stored = (await list.json()) as { data: { externalId: string }[] };
    expect(stored.data.map((t) => t.externalId)).not.toContain('cd'.repeat(16));
  });

  it('applies workspace retention in the cron handler on D1', async () => {
    const db = createDb(await mf.getD1Database('DB'));
    await db.insert(schema.workspaces).values({
      id: 'ws_retention',
      name: 'retention',
      slug: 'retention',
      settings: { retention: { traceDays: 30 } },
    });
    const view = (id: string) => ({
      version: 1 as const,
      trace_id: id,
      steps: [],
      messages: [],
      input: null,
      output: null,
      metadata: {},
    });
    for (const [id, daysAgo] of [
      ['tr_retention_old', 60],
      ['tr_retention_new', 1],
    ] as const) {
      await db.insert(schema.traces).values({
        id,
        workspaceId: 'ws_retention',
        source: 'api',
        externalId: id,
        startedAt: new Date(Date.now() - daysAgo * 86_400_000),
        evalView: view(id),
        evalViewVersion: 1,
      });
    }
    await (await mf.getWorker()).scheduled({ cron: '*/10 * * * *' });
    const left = await db
      .select({ id: schema.traces.id })
      .from(schema.traces)
      .where(eq(schema.traces.workspaceId, 'ws_retention'));
    expect(left.map((t) => t.id)).toEqual(['tr_retention_new']);
  });

  it('keeps verdict counts by trigger on D1 as labels change', async () => {
    const db = createDb(await mf.getD1Database('DB'));
    const counts = () =>
      db
        .select({ label: schema.evalVerdictCounts.label, n: schema.evalVerdictCounts.count })
        .from(schema.evalVerdictCounts)
        .where(eq(schema.evalVerdictCounts.workspaceId, 'ws_d1'))
        .orderBy(schema.evalVerdictCounts.label);
    expect(await counts()).toEqual([{ label: 'unlabelled', n: 1 }]);
    await db.update(schema.traces).set({ label: 'negative' }).where(eq(schema.traces.id, 'trc_d1'));
    expect(await counts()).toEqual([
      { label: 'negative', n: 1 },
      { label: 'unlabelled', n: 0 },
    ]);
  });
  it("names an import's agents on D1 when its traces make more agents than one query's parameters", async () => {
    // 120 system prompts make 120 agents: looked up in one IN list, D1 refuses past 100 parameters
    // (no word shared between two prompts: prompts alike but for a word or a number are one agent)
    const word = (n: number) =>
      [n % 26, Math.floor(n / 26) % 26, Math.floor(n / 676)]
        .map((d) => 'abcdefghijklmnopqrstuvwxyz'[d])
        .join('');
    const file = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify({
        id: `many-agents-${i}`,
        messages: [
          { role: 'system', content: [0, 1, 2, 3, 4].map((k) => word(5 * i + k)).join(' ') },
          { role: 'user', content: `hello ${i}` },
          { role: 'assistant', content: 'hi' },
        ],
      }),
    ).join('\n');
    const response = await mf.dispatchFetch('http://iofold.test/api/traces/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${workerKey}` },
      body: file,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as { tracesStored: number; agents: { traces: number }[] };
    expect(body.tracesStored).toBe(120);
    // at most 50 named, each holding one of this import's traces
    expect(body.agents).toHaveLength(50);
    expect(body.agents.every((a) => a.traces === 1)).toBe(true);
  });
});
