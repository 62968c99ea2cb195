import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { evalExecutions, evals, type NewTrace, traces } from '@/db/schema';

let api: TestApi;
afterEach(() => api?.close());

const NOW = new Date('2026-03-10T15:00:00Z');
const at = (day: string, hour: number) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

function trace(id: string, agentId: string, startedAt: Date, extra: Partial<NewTrace>): NewTrace {
  return {
    id,
    workspaceId: api.workspaceId,
    source: 'api',
    externalId: id,
    agentId,
    startedAt,
    evalView: { trace_id: id, steps: [], messages: [], input: '', output: '', metadata: {} },
    evalViewVersion: 1,
    ...extra,
  } as NewTrace;
}

async function setup() {
  api = await createTestApi({ deps: { now: () => NOW } });
  const a = (await api.json('POST', '/v1/agents', { name: 'a' })).body.id as string;
  const b = (await api.json('POST', '/v1/agents', { name: 'b' })).body.id as string;
  const rows: NewTrace[] = [
    // 2026-03-08: four traces of agent a, durations 100..400, one error, tokens and a cost
    ...[100, 200, 300, 400].map((ms, i) =>
      trace(`t8_${i}`, a, at('2026-03-08', 9 + i), {
        durationMs: ms,
        hasErrors: i === 0,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0.25,
      }),
    ),
    // today so far: one trace of a without a duration, one of b
    trace('t10_a', a, at('2026-03-10', 8), { inputTokens: 7 }),
    trace('t10_b', b, at('2026-03-10', 9), { durationMs: 50 }),
    // outside the window (and in the future)
    trace('old', a, at('2026-01-01', 9), { durationMs: 999 }),
    trace('later', a, at('2026-03-11', 9), { durationMs: 999 }),
  ];
  await api.deps.db.insert(traces).values(rows);
  await api.deps.db.insert(evals).values([
    {
      id: 'ev_active',
      workspaceId: api.workspaceId,
      agentId: a,
      name: 'eval_polite',
      version: 2,
      code: 'def eval_polite(trace):\n    return True, ""\n',
      status: 'active',
      codeHash: 'h2',
      generator: 'manual',
    },
    {
      id: 'ev_old',
      workspaceId: api.workspaceId,
      agentId: a,
      name: 'eval_polite',
      version: 1,
      code: 'def eval_polite(trace):\n    return True, ""\n',
      status: 'archived',
      codeHash: 'h1',
      generator: 'manual',
    },
  ] as (typeof evals.$inferInsert)[]);
  const verdict = (evalId: string, traceId: string, status: 'pass' | 'fail' | 'error') => ({
    id: `ex_${evalId}_${traceId}`,
    workspaceId: api.workspaceId,
    evalId,
    traceId,
    status,
    executedAt: NOW,
  });
  await api.deps.db
    .insert(evalExecutions)
    .values([
      verdict('ev_active', 't8_0', 'pass'),
      verdict('ev_active', 't8_1', 'pass'),
      verdict('ev_active', 't8_2', 'fail'),
      verdict('ev_active', 't8_3', 'error'),
      verdict('ev_old', 't8_0', 'fail'),
    ]);
  return { a, b };
}

describe('GET /v1/metrics/daily', () => {
  it('counts each UTC day of the window by when traces started, today so far included', async () => {
    await setup();
    const { status, body } = await api.json('GET', '/v1/metrics/daily?days=3');
    expect(status).toBe(200);
    expect(body.from).toBe('2026-03-08');
    expect(body.to).toBe('2026-03-10');
    expect(body.days).toEqual([
      {
        day: '2026-03-08',
        traces: 4,
        errors: 1,
        errorRate: 0.25,
        p50Ms: 200,
        p95Ms: 400,
        inputTokens: 40,
        outputTokens: 20,
        costUsd: 1,
      },
      {
        day: '2026-03-09',
        traces: 0,
        errors: 0,
        errorRate: null,
        p50Ms: null,
        p95Ms: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
      },
      {
        day: '2026-03-10',
        traces: 2,
        errors: 0,
        errorRate: 0,
        p50Ms: 50,
        p95Ms: 50,
        inputTokens: 7,
        outputTokens: 0,
        costUsd: null,
      },
    ]);
    // the active eval only: pass rate over pass and fail (errors apart)
    expect(body.evals).toHaveLength(1);
    expect(body.evals[0]).toMatchObject({ evalId: 'ev_active', name: 'eval_polite', version: 2 });
    expect(body.evals[0].days[0]).toEqual({
      day: '2026-03-08',
      passed: 2,
      failed: 1,
      errors: 1,
      passRate: 2 / 3,
    });
    expect(body.evals[0].days[1].passRate).toBeNull();
  });

  it("narrows to one agent, and answers 404 for another workspace's agent", async () => {
    const { b } = await setup();
    const { body } = await api.json('GET', `/v1/metrics/daily?days=3&agentId=${b}`);
    expect(body.days.map((d: { traces: number }) => d.traces)).toEqual([0, 0, 1]);
    expect(body.evals).toEqual([]);
    const other = await api.addWorkspace();
    const foreign = await other.json('GET', `/v1/metrics/daily?agentId=${b}`);
    expect(foreign.status).toBe(404);
  });

  it('refuses a window outside 1 to 90 days', async () => {
    await setup();
    expect((await api.json('GET', '/v1/metrics/daily?days=0')).status).toBe(400);
    expect((await api.json('GET', '/v1/metrics/daily?days=91')).status).toBe(400);
  });
});
