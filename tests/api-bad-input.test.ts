import { getTableName, is, sql } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
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
