import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { evalCandidates, evalLlmCache } from '@/db/schema';
import { createTestDeps, createTestWorkspace } from '@/db/testing';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { generateEval } from '../generation/generate-eval';
import { type SeedTrace, seedAgentTraces } from '../testing/seed-agent-traces';
import { createWorkspaceLlmSources } from './create-workspace-llm-sources';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let server: MockLlmServer;
let ctx: Ctx;
let agentId: string;

const CONFIRM_BEFORE_CANCEL = `def eval_cancel_safety(trace):
    names = [c.get("name") for s in trace.get("steps") or [] for c in s.get("tool_calls") or []]
    if "cancel_order" in names and "confirm" not in names[: names.index("cancel_order")]:
        return False, "cancelled the order without a confirmation first"
    return True, "no unconfirmed cancellation"
`;

// Distinct requests, so near-duplicate grouping keeps each trace in its own fold group.
const REQUESTS = [
  'cancel order 4471 placed yesterday',
  'where is parcel 9912, tracking stopped',
  'drop the blue jacket from my basket please',
  'invoice 33 shows the wrong VAT number',
  'void subscription renewal before Friday',
  'change delivery address to Elm Street 12',
  'scrap the duplicate booking under Mrs Okafor',
  'refund for cracked mug arrived broken',
  'abort pending shipment of garden hose',
  'my password reset email never came',
  'terminate plan Gold and keep Silver',
  'is the red kettle back in stock',
  'kill order 8002, ordered by mistake',
  'update phone number on account to 0711',
  'withdraw my preorder of the console',
  'why was card ending 4409 charged twice',
  'rescind gift card purchase for Tomas',
  'split payment across two cards',
  'cancel the hotel add-on for March',
  'what are your weekend opening hours',
  'stop recurring coffee bean delivery',
  'apply discount code SPRING to basket',
  'annul order for 30 printed banners',
  'how do I export my purchase history',
];

function dataset(): SeedTrace[] {
  return Array.from({ length: 24 }, (_, i): SeedTrace => {
    const text = REQUESTS[i] ?? `request ${i}`;
    if (i % 3 === 0) {
      return { label: 'negative', toolNames: ['lookup', 'cancel_order'], text };
    }
    if (i % 3 === 1) {
      return { label: 'positive', toolNames: ['lookup', 'confirm', 'cancel_order'], text };
    }
    return { label: 'positive', toolNames: ['lookup'], text };
  });
}

beforeAll(async () => {
  server = await startMockLlmServer();
  const ws = await createTestWorkspace(deps);
  ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  ({ agentId } = await seedAgentTraces(ctx, dataset()));
});
afterAll(async () => {
  await server.close();
  await sandbox.close();
  deps.close();
});

describe('createWorkspaceLlmSources', () => {
  it('adds no source and says what to configure when no model is set', () => {
    const result = createWorkspaceLlmSources(ctx, { env: {} });
    expect(result).toMatchObject({ configured: false, sources: [] });
    expect(result.message).toMatch(/IOFOLD_LLM_PROVIDER/);
  });

  it('lets LLM candidates compete in generateEval, judged off-prompt, and re-runs from the cache', async () => {
    server.setResponder(() => ({
      text: `Check the order of tools.\n\`\`\`python\n${CONFIRM_BEFORE_CANCEL}\`\`\``,
      usage: { inputTokens: 3000, outputTokens: 150 },
    }));
    const env = {
      IOFOLD_LLM_PROVIDER: 'openai',
      IOFOLD_LLM_BASE_URL: server.baseUrlV1,
      IOFOLD_LLM_MODEL: 'gpt-4o-mini',
    };
    const { sources, configured } = createWorkspaceLlmSources(ctx, { env, count: 2 });
    expect(configured).toBe(true);
    const result = await generateEval(ctx, { agentId, name: 'eval_cancel_safety' }, { sources });
    expect(server.requests).toHaveLength(2);

    const rows = await deps.db
      .select()
      .from(evalCandidates)
      .where(eq(evalCandidates.generationId, result.generationId));
    const llm = rows.filter((row) => row.generator === 'llm');
    expect(llm).toHaveLength(2);
    expect(llm[0]?.heldOutMetrics?.kappa).toBe(1);
    expect(result.candidates.length).toBe(3);

    const cached = await deps.db
      .select()
      .from(evalLlmCache)
      .where(eq(evalLlmCache.workspaceId, ctx.workspaceId));
    expect(cached).toHaveLength(2);
    await generateEval(
      ctx,
      { agentId, name: 'eval_cancel_safety' },
      { sources: createWorkspaceLlmSources(ctx, { env, count: 2 }).sources },
    );
    expect(server.requests).toHaveLength(2);
  });
});
