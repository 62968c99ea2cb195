import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { createLocalBackend } from '@/cli/backend/local-backend';
import { formatJudge } from '@/cli/format-generation';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { generateEval } from '../generation/generate-eval';
import { runEvalVersion } from '../runs/run-eval-version';
import { loadBridge } from './load-bridge';
import { hybridWorld, mockModelEnv } from './testing/hybrid-world';
import { seedConversations } from './testing/seed-conversations';
import { toneConversations, toneResponder } from './testing/tone-set';

// The mock reports the tokens of each request (about 4 characters a token), not a scripted count,
// so a trace's cost follows the length of its reply: the expected cost is a real estimate.
const TOLERANCE = 0.1;

const world = hybridWorld((request) => {
  const { usage: _scripted, ...reply } = toneResponder(request) as { usage?: unknown };
  return reply;
});
let api: TestApi;
let ctx: Ctx;

beforeAll(async () => {
  api = await createTestApi({ deps: { sandbox: world.sandbox } });
  ctx = { ...createSystemCtx(api.deps, api.workspaceId), llmEnv: mockModelEnv(world.server) };
});
afterAll(() => api.close());

describe("a hybrid version's expected cost per trace", () => {
  it(`is what a run on new traces costs per trace (within ${TOLERANCE * 100}%), and what the API and CLI show`, async () => {
    const all = toneConversations(80);
    // 40 labelled traces to generate from, 40 unlabelled ones (other replies) to run on
    const conversations = all.map((c, i) =>
      i < 40 ? c : { ...c, label: null, reply: `${c.reply} Ticket ${1000 + i}.` },
    );
    const { agentId, traceIds } = await seedConversations(ctx, conversations);
    const { bridge } = await loadBridge(ctx);
    const generated = await generateEval(ctx, { agentId, name: 'eval_respectful' }, { bridge });
    expect(generated.outcome).toBe('created');
    const version = generated.created;
    const expected = version?.judge?.expectedCostUsdPerTrace ?? null;
    expect(expected).toBeGreaterThan(0);

    const calls = world.server.requests.length;
    const run = await runEvalVersion(ctx, {
      evalId: version?.id as string,
      traceIds: traceIds.slice(40),
    });
    expect(run).toMatchObject({ total: 40, errors: 0, model: { calls: 40, cacheHits: 0 } });
    expect(world.server.requests.length - calls).toBe(40);
    const actual = (run.model?.costUsd ?? 0) / run.total;
    expect(Math.abs(actual - (expected as number)) / (expected as number)).toBeLessThan(TOLERANCE);
    // the requests' token counts did differ from trace to trace: the estimate is not a constant
    const prompts = new Set(
      world.server.requests.slice(calls).map((r) => JSON.stringify(r.body.messages).length),
    );
    expect(prompts.size).toBeGreaterThan(1);

    const shown = await api.json('GET', `/v1/evals/${version?.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.judge.expectedCostUsdPerTrace).toBe(expected);
    const cli = await createLocalBackend(ctx).getEval(version?.id as string);
    expect(cli.judge?.expectedCostUsdPerTrace).toBe(expected);
    expect(formatJudge(cli.judge)).toContain(
      `about $${(expected as number).toPrecision(2)} per trace`,
    );
  }, 120_000);
});
