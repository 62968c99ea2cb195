import { eq } from 'drizzle-orm';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { newId } from '@/core/ids';
import { createDb, type Db } from '@/db/client';
import { evalExecutions, evalLlmCache } from '@/db/schema';
import { seedConversations } from '@/evals/bridge/testing/seed-conversations';
import {
  TONE_QUESTION,
  toneConversations,
  toneJudgeEval,
  toneResponder,
} from '@/evals/bridge/testing/tone-set';
import { traceVerdicts } from '@/evals/bridge/testing/trace-verdicts';
import { waitFor } from '@/jobs/testing';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { type SandboxServer, startSandboxServer } from '@/sandbox/sandbox-server.node.js';
import {
  type ApiCall,
  apiCaller,
  migrateD1,
  seedOwnerKey,
  startApiAndConsumer,
} from './helpers/workerd';

/**
 * The model bridge on the Worker host, in workerd: the Worker holds the model provider (its
 * IOFOLD_LLM_* bindings, the local OpenAI-protocol server), the remote sandbox service runs the
 * eval and hands back the questions it asked; the queue consumer answers them, caches them in D1
 * and runs the traces again with the answers.
 */
const SECRET = 'worker-judge-test-secret-0123456789';
const WS = 'ws_judge';
const sandbox = createPyodideSandbox({ poolSize: 1 });
let server: SandboxServer;
let model: MockLlmServer;
let mf: Miniflare;
let db: Db;
let call: ApiCall;
let agentId: string;
let traceIds: string[];

const HYBRID = toneJudgeEval;

async function createHybrid(name: string): Promise<string> {
  const created = await call('POST', '/v1/evals', { agentId, code: HYBRID(name) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

/** Runs the version through the queue and answers the finished job. */
async function run(evalId: string) {
  const queued = await call('POST', `/v1/evals/${evalId}/run`, {});
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  return waitFor(async () => {
    const job = (await call('GET', `/v1/jobs/${queued.body.jobId}`)).body;
    return ['succeeded', 'failed'].includes(job.status) ? job : undefined;
  }, 120_000);
}

const outcomes = (evalId: string) => traceVerdicts(db, evalId, traceIds);

// more traces than D1 binds parameters in one statement (100): the run reads them in pages
const N = 110;
const conversations = toneConversations(N).map((c, i) => ({
  ...c,
  reply: `${c.reply} Ticket ${i}.`,
}));
const expected = conversations.map((c) => (c.label === 'positive' ? 'pass' : 'fail'));

beforeAll(async () => {
  server = await startSandboxServer({ port: 0, secret: SECRET, sandbox });
  model = await startMockLlmServer({ responder: toneResponder });
  mf = await startApiAndConsumer({
    bindings: {
      SANDBOX_URL: server.url,
      SANDBOX_SECRET: SECRET,
      IOFOLD_LLM_PROVIDER: 'openai',
      IOFOLD_LLM_BASE_URL: model.baseUrlV1,
      IOFOLD_LLM_MODEL: 'gpt-4o-mini',
      IOFOLD_LLM_API_KEY: 'worker-key',
    },
  });
  const d1 = await migrateD1(mf, 'api');
  call = apiCaller(mf, await seedOwnerKey(d1, WS));
  db = createDb(d1);
  const ctx = { db, workspaceId: WS, newId, now: () => new Date() } as unknown as Ctx;
  ({ agentId, traceIds } = await seedConversations(ctx, conversations));
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await model?.close();
  await server?.close();
  await sandbox.close();
});

describe('an eval that asks a model, on the Worker host', { timeout: 300_000 }, () => {
  it('asks through the Worker, caches every answer in D1, and re-runs with zero model calls', async () => {
    const evalId = await createHybrid('eval_respectful');
    const first = await run(evalId);
    expect(first.status, JSON.stringify(first)).toBe('succeeded');
    expect(first.result.model).toMatchObject({ model: 'gpt-4o-mini', calls: N, cacheHits: 0 });
    expect(model.requests).toHaveLength(N);
    expect(model.requests.every((r) => r.body.temperature === 0)).toBe(true);
    expect(await outcomes(evalId)).toEqual(expected);
    const cached = await db.select().from(evalLlmCache).where(eq(evalLlmCache.workspaceId, WS));
    expect(cached).toHaveLength(N);
    expect(cached.every((r) => ['yes', 'no'].includes(r.response) && r.model)).toBe(true);

    const again = await run(evalId);
    expect(again.result.model).toMatchObject({ calls: 0, cacheHits: N, costUsd: 0 });
    expect(model.requests).toHaveLength(N);
    expect(await outcomes(evalId)).toEqual(expected);
  });

  it('answers BUDGET for the traces a spent workspace day leaves unasked; cached ones still run', async () => {
    // the day's model spend at its limit ($50): no new call may start today
    await db.insert(evalLlmCache).values({
      workspaceId: WS,
      key: 'spent-today',
      model: 'gpt-4o-mini',
      response: 'yes',
      usage: { inputTokens: 1, outputTokens: 1 },
      costUsd: 50,
      createdAt: new Date(),
    });
    const before = model.requests.length;
    // another question (choices in another order) is not in the cache
    const created = await call('POST', '/v1/evals', {
      agentId,
      code: HYBRID('eval_respectful_other').replace(
        `${JSON.stringify(TONE_QUESTION)}, replies[-1])`,
        `${JSON.stringify(TONE_QUESTION)}, replies[-1], ("no", "yes"))`,
      ),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const job = await run(created.body.id);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.result).toMatchObject({ total: N, errors: N, model: { calls: 0 } });
    expect(model.requests.length).toBe(before);
    expect(await outcomes(created.body.id)).toEqual(Array(N).fill('BUDGET'));
    const [row] = await db
      .select({ error: evalExecutions.error })
      .from(evalExecutions)
      .where(eq(evalExecutions.evalId, created.body.id))
      .limit(1);
    expect(row?.error?.message).toBe('the workspace reached its model budget of $50 today');

    // the first eval's answers are cached: it still runs in full, for free
    const cachedRun = await run(await createHybrid('eval_respectful_again'));
    expect(cachedRun.result.model).toMatchObject({ calls: 0, cacheHits: N });
    expect(model.requests.length).toBe(before);
  });
});
