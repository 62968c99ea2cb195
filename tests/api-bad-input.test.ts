import { gzipSync } from 'node:zlib';
import { getTableName, is, sql } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, readJson, type TestApi } from '@/api/testing';
import * as schema from '@/db/schema';
import { seedTraces } from '@/traces/query/seed-traces';

/**
 * Malformed JSON, wrong types, unknown fields, oversized bodies and invalid cursors answer 4xx
 * with the error body on every write route, and write nothing.
 */
let api: TestApi;
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await createTestApi();
  ids.agent = (await api.json('POST', '/v1/agents', { name: 'a', promptTemplate: 'p' })).body.id;
  ids.trace = (await seedTraces(api.deps.db, { workspaceId: api.workspaceId, count: 2 }))[0] ?? '';
  ids.feedback = (
    await api.json('POST', '/v1/feedback', { traceId: ids.trace, rating: 'positive' })
  ).body.id;
  ids.integration = (
    await api.json('POST', '/v1/integrations', { kind: 'phoenix', name: 'p' })
  ).body.id;
  ids.member = (
    await api.json('POST', '/v1/members', { email: 'm@example.com' })
  ).body.member.userId;
});
afterAll(() => api?.close());

const tables = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable =>
  is(value, SQLiteTable),
);

async function snapshot(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await api.deps.db.select({ n: sql<number>`count(*)` }).from(table);
    counts[getTableName(table)] = row?.n ?? 0;
  }
  const [updated] = await api.deps.db
    .select({ v: sql<number>`max(updated_at)` })
    .from(schema.agents);
  counts.agentsUpdatedAt = updated?.v ?? 0;
  return counts;
}

const routes: [method: string, path: () => string, valid: Record<string, unknown>][] = [
  ['POST', () => '/v1/agents', { name: 'new' }],
  ['PATCH', () => `/v1/agents/${ids.agent}`, { name: 'renamed' }],
  ['POST', () => `/v1/agents/${ids.agent}/versions`, { promptTemplate: 'x' }],
  ['POST', () => '/v1/feedback', { traceId: ids.trace, rating: 'negative' }],
  ['PATCH', () => `/v1/feedback/${ids.feedback}`, { rating: 'negative' }],
  ['POST', () => '/v1/traces/delete', { ids: [ids.trace] }],
  ['POST', () => '/v1/integrations', { kind: 'openai', name: 'o' }],
  ['PATCH', () => `/v1/integrations/${ids.integration}`, { name: 'q' }],
  ['POST', () => '/v1/members', { email: 'n@example.com' }],
  ['PATCH', () => `/v1/members/${ids.member}`, { role: 'viewer' }],
  ['POST', () => '/v1/api-keys', { name: 'k' }],
  ['PATCH', () => '/v1/workspace', { name: 'w' }],
];

function send(method: string, path: string, body: string, contentType = 'application/json') {
  return api.request(path, { method, body, headers: { 'content-type': contentType } });
}

describe.each(routes)('%s %s', (method, path, valid) => {
  it('answers 4xx with the error body and writes nothing', async () => {
    const before = await snapshot();
    const attempts: [string, string, number][] = [
      ['malformed JSON', '{"name":', 400],
      ['an array', '[]', 400],
      ['unknown field', JSON.stringify({ ...valid, isAdmin: true }), 400],
      [
        'wrong types',
        JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, 12345]))),
        400,
      ],
      ['oversized body', JSON.stringify({ ...valid, padding: 'x'.repeat(1_100_000) }), 413],
    ];
    for (const [what, body, status] of attempts) {
      const response = await send(method, path(), body);
      expect(response.status, what).toBe(status);
      const error = (await response.json()) as { error: { code: string; requestId: string } };
      expect(error.error.requestId, what).toBeTruthy();
      expect(['VALIDATION', 'LIMIT_EXCEEDED'], what).toContain(error.error.code);
    }
    const wrongType = await send(method, path(), JSON.stringify(valid), 'text/plain');
    expect(wrongType.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the write check itself', () => {
  it('counts rows in every table', async () => {
    expect(tables.length).toBeGreaterThan(40);
    expect((await snapshot()).traces).toBe(2);
  });
});

describe('query strings', () => {
  it.each([
    '/v1/traces?cursor=%%%',
    '/v1/traces?cursor=eyJhIjoxfQ',
    '/v1/traces?limit=100000',
    '/v1/traces?label=great',
    '/v1/traces?unknown=1',
    '/v1/feedback?cursor=abc',
    '/v1/agents?status=deleted',
  ])('%s → 400 VALIDATION', async (path) => {
    const response = await api.json('GET', path);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION');
  });
});

describe('bytes that are not text', () => {
  it('answers 400 for invalid UTF-8 or an unpaired surrogate in a REST body, and writes nothing', async () => {
    const before = await snapshot();
    const invalid = new Uint8Array([
      ...new TextEncoder().encode('{"name":"caf'),
      0xe9,
      ...new TextEncoder().encode('"}'),
    ]);
    for (const body of [invalid, '{"name":"half \\ud800 a pair"}']) {
      const response = await api.request('/v1/agents', {
        method: 'POST',
        body: body as BodyInit,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect((await readJson(response)).error.code).toBe('VALIDATION');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('ingestion limits no retry can pass', () => {
  const span = (i: number) => ({
    traceId: 'ab'.repeat(16),
    spanId: i.toString(16).padStart(16, '0'),
    name: 's',
    startTimeUnixNano: '1767225600000000000',
  });
  const otlp = (spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

  it('answers 413 (not 429, which exporters retry for ever) past 50,000 spans or the decompressed size', async () => {
    const before = await snapshot();
    const many = await api.request('/v1/traces', {
      method: 'POST',
      body: JSON.stringify(otlp(Array.from({ length: 50_001 }, (_, i) => span(i + 1)))),
      headers: { 'content-type': 'application/json' },
    });
    expect(many.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(65 * 1024 * 1024, 0x20));
    const inflated = await api.request('/v1/traces', {
      method: 'POST',
      body: new Uint8Array(bomb) as BodyInit,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(inflated.status).toBe(413);
    expect((await readJson(inflated)).error.code).toBe('LIMIT_EXCEEDED');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 413 to a 60 MB one-line import, with a length (over 50 MiB) or streamed (a line over 20 MiB)', async () => {
    const before = await snapshot();
    const line = `{"messages":[{"role":"user","content":"${'x'.repeat(60 * 1024 * 1024)}"}]}\n`;
    const sized = await api.request('/api/traces/import?async=0', {
      method: 'POST',
      body: line,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(sized.status).toBe(413);
    const bytes = new TextEncoder().encode(line);
    const streamed = await api.request('/api/traces/import?async=0', {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1024 * 1024) {
            controller.enqueue(bytes.slice(i, i + 1024 * 1024));
          }
          controller.close();
        },
      }),
      headers: { 'content-type': 'application/x-ndjson' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await readJson(streamed)).error.code).toBe('LIMIT_EXCEEDED');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 for OTLP ids of the wrong length and for times out of range', async () => {
    const before = await snapshot();
    for (const bad of [
      { ...span(1), traceId: 'abcd' },
      { ...span(1), spanId: 'ab'.repeat(16) },
      { ...span(1), startTimeUnixNano: '32503680000000000000' },
    ]) {
      const response = await api.request('/v1/traces', {
        method: 'POST',
        body: JSON.stringify(otlp([bad])),
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
    }
    const langfuse = await api.request('/api/public/ingestion', {
      method: 'POST',
      body: JSON.stringify({
        batch: [
          {
            id: 'future',
            type: 'trace-create',
            timestamp: new Date().toISOString(),
            body: { id: 'lf-future', timestamp: '3000-01-01T00:00:00.000Z' },
          },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(langfuse.status).toBe(207);
    expect((await readJson(langfuse)).errors).toMatchObject([{ id: 'future', status: 400 }]);
    expect(await snapshot()).toEqual(before);
  });
});
