import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createSystemCtx } from '@/core/system-ctx';
import { createJobHandlers } from '@/hosts/job-handlers';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { AGREEMENT_BAR } from '../gepa/reward-evals';
import { isReflection, markAligned, ruleReflector } from '../gepa/run/testing';
import { seedShopRun, shopAgent } from '../runs/testing';

const sandbox = createPyodideSandbox({ poolSize: 1 });
let llm: MockLlmServer;
beforeAll(async () => {
  llm = await startMockLlmServer();
  const reflector = ruleReflector({ eval_cancelled: 'Always cancel the order mentioned.' });
  const agent = shopAgent();
  llm.setResponder((r) => (isReflection(r) ? reflector(r) : agent(r)));
});
afterAll(async () => {
  await llm.close();
  await sandbox.close();
});

let api: TestApi;
let worker: JobWorker | undefined;
let seeded: Awaited<ReturnType<typeof seedShopRun>>;
beforeEach(async () => {
  api = await createTestApi({
    deps: {
      sandbox,
      llmEnv: { IOFOLD_LLM_BASE_URL: llm.baseUrlV1, IOFOLD_LLM_MODEL: 'gpt-4o-mini' },
    },
  });
  seeded = await seedShopRun(createSystemCtx(api.deps, api.workspaceId, 'test'), { tasks: 12 });
});
afterEach(async () => {
  await worker?.stop(2000);
  worker = undefined;
  api.close();
});

const body = (extra: Record<string, unknown> = {}) => ({
  agentId: seeded.agentId,
  tasksetId: seeded.tasksetId,
  budgetRollouts: 30,
  seed: 1,
  ...extra,
});

describe('/v1/gepa-runs', () => {
  it('refuses without an aligned eval (naming the bar) and below the minimum budget', async () => {
    const none = await api.json('POST', '/v1/gepa-runs', body());
    expect(none.status).toBe(422);
    expect(none.body.error.message).toContain(AGREEMENT_BAR);
    await markAligned(createSystemCtx(api.deps, api.workspaceId, 'test'), seeded.evalId);
    const low = await api.json('POST', '/v1/gepa-runs', body({ budgetRollouts: 10 }));
    expect(low.status).toBe(422);
    expect(low.body.error.details).toMatchObject({ minimum: 28, budget: 10 });
    const bad = await api.json('POST', '/v1/gepa-runs', body({ budgetRollouts: -1 }));
    expect(bad.status).toBe(400);
    const shadow = await api.json('POST', '/v1/gepa-runs', body({ shadowEvals: ['eval_nope'] }));
    expect(shadow.status).toBe(422);
    expect(shadow.body.error.message).toContain('eval_nope is not');
    const allShadow = await api.json(
      'POST',
      '/v1/gepa-runs',
      body({ shadowEvals: ['eval_cancelled'] }),
    );
    expect(allShadow.status).toBe(422);
    expect(allShadow.body.error.message).toContain('1 held out as shadow evals');
  });

  it('starts a run, streams its progress to the end, and shows the report', async () => {
    await markAligned(createSystemCtx(api.deps, api.workspaceId, 'test'), seeded.evalId);
    const created = await api.json('POST', '/v1/gepa-runs', body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', stage: 'seed-val', usedRollouts: 0 });
    const id = created.body.id;
    worker = startJobWorker(api.deps, {
      handlers: createJobHandlers(),
      pollMs: 20,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    const stream = await api.request(`/v1/gepa-runs/${id}/events`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const text = await stream.text();
    const frames = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2] as string),
    }));
    const progress = frames.filter((f) => f.event === 'progress').map((f) => f.data);
    expect(progress.length).toBeGreaterThan(2);
    const used = progress.map((p) => p.usedRollouts);
    expect(used).toEqual([...used].sort((a, b) => a - b));
    expect(frames.at(-1)).toEqual({ event: 'end', data: { runId: id, status: 'succeeded' } });

    const run = await api.json('GET', `/v1/gepa-runs/${id}`);
    expect(run.body).toMatchObject({ status: 'succeeded', stage: 'done', stopReason: 'budget' });
    expect(run.body.usedRollouts).toBeLessThanOrEqual(30);
    expect(run.body.candidates[0].parents).toEqual([]);
    expect(run.body.testReport.test.n).toBe(2);
    // the winner's test rollouts await labels: none yet, the reward eval listed with no metrics
    expect(run.body.reviewAgreement).toMatchObject({ traces: 2, labelled: 0 });
    expect(run.body.reviewAgreement.evals).toEqual([
      expect.objectContaining({ eval: 'eval_cancelled', role: 'reward' }),
    ]);
    const list = await api.json('GET', `/v1/gepa-runs?agentId=${seeded.agentId}`);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await api.json('POST', `/v1/gepa-runs/${id}/cancel`)).status).toBe(409);
    expect((await api.json('POST', `/v1/gepa-runs/${id}/resume`)).status).toBe(409);

    const other = await api.addWorkspace();
    expect((await other.json('GET', `/v1/gepa-runs/${id}`)).status).toBe(404);
    expect((await other.request(`/v1/gepa-runs/${id}/events`)).status).toBe(404);
    expect((await other.json('POST', `/v1/gepa-runs/${id}/cancel`)).status).toBe(404);
    expect((await other.json('GET', '/v1/gepa-runs')).body.data).toEqual([]);
  }, 120_000);
});
