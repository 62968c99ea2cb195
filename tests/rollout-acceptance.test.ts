import { createOpenAI } from '@ai-sdk/openai';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { createSystemCtx } from '@/core/system-ctx';
import { evalExecutions, spans } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { runEvalVersion } from '@/evals/runs/run-eval-version';
import { addActiveEval } from '@/evals/testing/add-active-eval';
import { createTestDeps } from '@/hosts/test-deps';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { runRollout } from '@/optimize/runner/run-rollout';
import { writeRolloutTrace } from '@/optimize/runner/write-rollout-trace';
import { importRecordedCancel, SHOP_SYSTEM } from '@/optimize/runs/testing';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { createToolRouter } from '@/tools/call/tool-router';
import { syncMcpServer } from '@/tools/mcp/sync-mcp-server';
import { startHttpMcpServer } from '@/tools/mcp/testing/mcp-test-server.node';
import { bindAgentTool, listAgentTools } from '@/tools/registry/bind-agent-tool';
import { loadReplayIndex, replayScopeOf } from '@/tools/replay/load-replay-index';

/**
 * Acceptance for rollouts (#20): a multi-turn, tool-using task played end to end by the runner
 * against the local model-protocol server, an MCP server built with the SDK over Streamable HTTP
 * and a simulated user; the stored trace shows the agent, its tools with their modes and the
 * simulated user, and the agent's active eval runs on it in the Pyodide sandbox.
 */
const EVAL = `def eval_looked_up_then_cancelled(trace):
    names = [c["name"] for s in trace["steps"] for c in s["tool_calls"]]
    results = " ".join(str(c["result"]) for s in trace["steps"] for c in s["tool_calls"])
    if names == ["get_user", "cancel_order"] and "Mia" in results and "cancelled" in results:
        return True, "looked the user up, then cancelled"
    return False, f"calls were {names}"
`;
let llm: MockLlmServer;
let mcp: Awaited<ReturnType<typeof startHttpMcpServer>>;
const deps = createTestDeps({
  outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('127.0.0.0/8') }),
  sandbox: createPyodideSandbox(),
});
beforeAll(async () => {
  llm = await startMockLlmServer();
  mcp = await startHttpMcpServer();
});
afterAll(async () => {
  await deps.sandbox.close();
  deps.close();
  await llm.close();
  await mcp.close();
});

type Message = { role: string; content: unknown };
/** The simulated user asks who it is, then to cancel, then stops; the agent picks tools by words. */
function responder(request: MockRequest) {
  const messages = (request.body.messages ?? []) as Message[];
  if (String(messages[0]?.content).includes('role-playing a customer')) {
    const said = messages.filter((m) => m.role === 'assistant').length;
    return { text: ['who am I?', 'now cancel A1', 'thanks ###STOP###'][said] ?? '###STOP###' };
  }
  if (messages.at(-1)?.role === 'tool') {
    return { text: `done: ${String(messages.at(-1)?.content).slice(0, 80)}` };
  }
  return request.lastUserText.includes('cancel')
    ? { toolCalls: [{ name: 'cancel_order', arguments: { order: 'A1' } }] }
    : { toolCalls: [{ name: 'get_user', arguments: { id: 'mia' } }] };
}

describe('a rollout end to end', { timeout: 180_000 }, () => {
  it('plays a multi-turn tool task with a simulated user; its trace shows every actor and the eval runs on it', async () => {
    llm.setResponder(responder);
    const ws = await createTestWorkspace(deps);
    const ctx = createSystemCtx(deps, ws.id, 'test');
    const { agentId, traceId: sourceId } = await importRecordedCancel(ctx);
    const synced = await syncMcpServer(ctx, {
      server: 'shop',
      connection: { transport: 'http', url: mcp.url },
    });
    for (const tool of synced.registered.filter((t) =>
      ['get_user', 'cancel_order'].includes(t.name),
    )) {
      await bindAgentTool(ctx, { agentId, toolId: tool.id, mode: 'live' });
    }
    const evalRow = await addActiveEval(ctx, agentId, 'eval_looked_up_then_cancelled', EVAL);
    mcp.calls.length = 0;

    const model = (id: string) => createOpenAI({ baseURL: llm.baseUrlV1, apiKey: 'test' }).chat(id);
    const bound = await listAgentTools(ctx, agentId);
    const router = createToolRouter(ctx, {
      tools: bound,
      replay: await loadReplayIndex(ctx, agentId),
      scope: await replayScopeOf(ctx, sourceId),
    });
    const startedAt = Date.now();
    const outcome = await runRollout({
      system: SHOP_SYSTEM,
      model: model('agent-model'),
      tools: bound.map((b) => b.tool),
      router,
      user: {
        mode: 'simulated',
        model: model('sim-model'),
        scenario: { persona: 'Mia', instructions: 'find out who you are, then cancel order A1' },
        maxTurns: 5,
      },
      stepsPerTurn: 4,
    }).finally(() => router.close());
    expect(outcome.termination).toBe('user_stop');
    // the read-only tool ran on the MCP server; cancel_order is not read-only: replayed, not called
    expect(mcp.calls).toEqual(['get_user']);
    const id = await writeRolloutTrace(ctx, {
      externalId: 'rollout-acceptance',
      outcome,
      startedAt,
      endedAt: Date.now(),
      metadata: { user_mode: 'simulated' },
    });

    const rows = await deps.db.select().from(spans).where(eq(spans.traceId, id));
    const agentSpan = rows.find((s) => s.kind === 'AGENT');
    expect(agentSpan?.attributes['iofold.rollout.termination_reason']).toBe('user_stop');
    expect(
      rows.filter((s) => s.kind === 'TOOL').map((s) => [s.name, s.attributes['iofold.tool.mode']]),
    ).toEqual([
      ['get_user', 'live'],
      ['cancel_order', 'replay'],
    ]);
    const userSpans = rows.filter((s) => s.attributes['iofold.actor'] === 'user_simulator');
    expect(userSpans.length).toBeGreaterThanOrEqual(3);
    expect(userSpans.every((s) => s.kind === 'LLM' && s.model === 'sim-model')).toBe(true);
    expect(rows.filter((s) => s.kind === 'LLM' && s.model === 'agent-model').length).toBe(4);

    expect(await runEvalVersion(ctx, { evalId: evalRow.id, traceIds: [id] })).toMatchObject({
      total: 1,
      passed: 1,
    });
    const [execution] = await deps.db
      .select()
      .from(evalExecutions)
      .where(and(eq(evalExecutions.traceId, id), eq(evalExecutions.evalId, evalRow.id)));
    expect(execution).toMatchObject({
      status: 'pass',
      reason: 'looked the user up, then cancelled',
    });
  });
});
