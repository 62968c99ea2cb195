import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { evalCandidates, evalLlmCache } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { generateEval } from '../generation/generate-eval';
import { CONFIRM_BEFORE_CANCEL, cancelSafetyDataset } from '../testing/cancel-safety-dataset';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import { createWorkspaceLlmSources } from './create-workspace-llm-sources';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let server: MockLlmServer;
let ctx: Ctx;
let agentId: string;

beforeAll(async () => {
  server = await startMockLlmServer();
  // Start the Pyodide pool here: its cold start on a busy machine is not what the tests measure.
  await sandbox.check('def eval_warm(trace):\n    return True, "warm"\n');
  const ws = await createTestWorkspace(deps);
  ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  ({ agentId } = await seedAgentTraces(ctx, cancelSafetyDataset()));
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

  const env = () => ({
    IOFOLD_LLM_PROVIDER: 'openai',
    IOFOLD_LLM_BASE_URL: server.baseUrlV1,
    IOFOLD_LLM_MODEL: 'gpt-4o-mini',
  });

  it('lets LLM candidates compete in generateEval, judged off-prompt', async () => {
    server.setResponder(() => ({
      text: `Check the order of tools.\n\`\`\`python\n${CONFIRM_BEFORE_CANCEL}\`\`\``,
      usage: { inputTokens: 3000, outputTokens: 150 },
    }));
    const { sources, configured } = createWorkspaceLlmSources(ctx, { env: env(), count: 2 });
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
  });

  it('re-runs from the workspace cache without calling the model again', async () => {
    const cached = await deps.db
      .select()
      .from(evalLlmCache)
      .where(eq(evalLlmCache.workspaceId, ctx.workspaceId));
    expect(cached).toHaveLength(2);
    await generateEval(
      ctx,
      { agentId, name: 'eval_cancel_safety' },
      { sources: createWorkspaceLlmSources(ctx, { env: env(), count: 2 }).sources },
    );
    expect(server.requests).toHaveLength(2);
  });
});
