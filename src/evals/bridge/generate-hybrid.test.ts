import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { generateEval } from '../generation/generate-eval';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import { loadBridge } from './load-bridge';
import { hybridWorld, mockModelEnv } from './testing/hybrid-world';
import { seedConversations } from './testing/seed-conversations';
import { TONE_QUESTION, toneConversations } from './testing/tone-set';

const world = hybridWorld();
const deps = createTestDeps({ sandbox: world.sandbox });
let ctx: Ctx;

beforeAll(async () => {
  const ws = await createTestWorkspace(deps, 'A');
  ctx = { ...createSystemCtx(deps, ws.id, 't'), llmEnv: mockModelEnv(world.server) };
});
afterAll(() => deps.close());

describe('generation with a model bridge', () => {
  it('abstains on a tone criterion with code alone, and a hybrid clears the majority baseline', async () => {
    const { agentId } = await seedConversations(ctx, toneConversations(40));
    const codeOnly = await generateEval(ctx, { agentId, name: 'eval_respectful' });
    expect(codeOnly.outcome).toBe('abstained');

    const { bridge } = await loadBridge(ctx);
    const result = await generateEval(ctx, { agentId, name: 'eval_respectful' }, { bridge });
    expect(result.outcome).toBe('created');
    const created = result.created;
    expect(created?.code).toContain('judge(QUESTION');
    expect(created?.judge).toMatchObject({
      model: 'gpt-4o-mini',
      questions: [TONE_QUESTION],
      callsPerTrace: 1,
    });
    expect(created?.judge?.expectedCostUsdPerTrace).toBeCloseTo((120 * 0.15 + 1 * 0.6) / 1e6, 12);
    const heldOut = result.heldOut;
    expect(heldOut?.interval[0]).toBeGreaterThan(heldOut?.baselineAccuracy ?? 1);
    expect(result.rules[0]).toContain(TONE_QUESTION);
  });

  it('keeps pure code (no model call) when code separates the labels', async () => {
    const before = world.server.requests.length;
    const { agentId } = await seedAgentTraces(
      ctx,
      Array.from({ length: 40 }, (_, i) => ({
        label: i % 2 ? ('negative' as const) : ('positive' as const),
        toolNames: i % 2 ? ['refund'] : ['lookup_order', 'refund'],
        text: `${toneConversations(40)[i]?.user} (refund request ${i})`,
      })),
      'refunds',
    );
    const { bridge } = await loadBridge(ctx);
    const result = await generateEval(ctx, { agentId, name: 'eval_checks_first' }, { bridge });
    expect(result.outcome).toBe('created');
    expect(result.created?.judge).toBeNull();
    expect(result.created?.code).not.toContain('judge(');
    expect(world.server.requests.length).toBe(before);
  });
});
