import { createOpenAI } from '@ai-sdk/openai';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { createSystemCtx } from '@/core/system-ctx';
import { spans, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { createToolRouter } from '@/tools/call/tool-router';
import { syncMcpServer } from '@/tools/mcp/sync-mcp-server';
import { startHttpMcpServer } from '@/tools/mcp/testing/mcp-test-server.node';
import { bindAgentTool, listAgentTools } from '@/tools/registry/bind-agent-tool';
import { loadReplayIndex, replayScopeOf } from '@/tools/replay/load-replay-index';
import { readEvalView } from '@/traces/stored-eval-view';
import { importRecordedCancel, SHOP_SYSTEM } from '../runs/testing';
import { runRollout, type UserPlan } from './run-rollout';
import { writeRolloutTrace } from './write-rollout-trace';

let llm: MockLlmServer;
let mcp: Awaited<ReturnType<typeof startHttpMcpServer>>;
beforeAll(async () => {
  llm = await startMockLlmServer();
  mcp = await startHttpMcpServer();
});
afterAll(async () => {
  await llm.close();
  await mcp.close();
});

/** The mock agent: a user turn asks for a tool (by its words), a tool result gets an answer. */
function agent(request: MockRequest) {
  const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    return { text: `done: ${String(last.content).slice(0, 80)}` };
  }
  if (String(messages[0]?.content).includes('You stand in for a software tool')) {
    return { text: '{"simulated":"B2 cancelled"}' };
  }
  const order = /cancel (\w+)/.exec(request.lastUserText)?.[1];
  if (order) {
    return { toolCalls: [{ name: 'cancel_order', arguments: { order } }] };
  }
  return { toolCalls: [{ name: 'get_user', arguments: { id: 'mia' } }] };
}

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
let agentId: string;
let sourceTraceId: string;
beforeEach(async () => {
  deps = createTestDeps({
    outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('127.0.0.0/8') }),
  });
  const ws = await createTestWorkspace(deps);
  ctx = createSystemCtx(deps, ws.id, 'test');
  ({ agentId, traceId: sourceTraceId } = await importRecordedCancel(ctx));
  const synced = await syncMcpServer(ctx, {
    server: 'shop',
    connection: { transport: 'http', url: mcp.url },
  });
  for (const tool of synced.registered.filter((t) =>
    ['get_user', 'cancel_order'].includes(t.name),
  )) {
    await bindAgentTool(ctx, { agentId, toolId: tool.id, mode: 'live' });
  }
  mcp.calls.length = 0;
  llm.setResponder(agent);
});
afterEach(() => deps.close());

const llmModel = (id: string) => createOpenAI({ baseURL: llm.baseUrlV1, apiKey: 'test' }).chat(id);

async function rollout(
  user: UserPlan,
  options: { allowSideEffects?: boolean; stepsPerTurn?: number; simulate?: boolean } = {},
) {
  const bound = await listAgentTools(ctx, agentId);
  const router = createToolRouter(ctx, {
    tools: bound,
    replay: await loadReplayIndex(ctx, agentId),
    scope: await replayScopeOf(ctx, sourceTraceId),
    allowSideEffects: options.allowSideEffects,
    simulator: options.simulate ? { model: llmModel('tool-sim') } : undefined,
  });
  try {
    return await runRollout({
      system: SHOP_SYSTEM,
      model: llmModel('mock-agent'),
      tools: bound.map((b) => b.tool),
      router,
      user,
      stepsPerTurn: options.stepsPerTurn ?? 4,
    });
  } finally {
    await router.close();
  }
}

const modes = (outcome: Awaited<ReturnType<typeof rollout>>) =>
  [...outcome.calls.values()].map((c) => c.mode);

describe('runRollout', () => {
  it('runs scripted turns with tools: read-only live on the MCP server, the destructive one replayed', async () => {
    const outcome = await rollout({ mode: 'scripted', turns: ['who am I?', 'now cancel A1'] });
    expect(outcome.termination).toBe('completed');
    expect(modes(outcome)).toEqual(['live', 'replay']);
    expect(mcp.calls).toEqual(['get_user']); // cancel_order never reached the server
    const contents = outcome.transcript.map((m) => `${m.role}: ${m.content}`);
    expect(contents).toEqual([
      `system: ${SHOP_SYSTEM}`,
      'user: who am I?',
      'assistant: ',
      'tool: {"id":"mia","name":"Mia"}',
      'assistant: done: {"id":"mia","name":"Mia"}',
      'user: now cancel A1',
      'assistant: ',
      'tool: recorded: A1 cancelled',
      'assistant: done: recorded: A1 cancelled',
    ]);
    expect([...outcome.calls.values()][1]?.replayedFrom).toBe(`source:${sourceTraceId}`);
    expect(llm.requests.at(-1)?.body.tools).toHaveLength(2);
  });

  it('calls a tool that is not read-only live only when the run accepts side effects', async () => {
    const outcome = await rollout(
      { mode: 'single', firstMessage: 'cancel A1' },
      { allowSideEffects: true },
    );
    expect(modes(outcome)).toEqual(['live']);
    expect(mcp.calls).toEqual(['cancel_order']);
    expect(outcome.transcript.at(-1)?.content).toBe('done: cancelled A1');
  });

  it('stops an endless tool loop at the step cap and records why', async () => {
    llm.setResponder(() => ({ toolCalls: [{ name: 'get_user', arguments: { id: 'mia' } }] }));
    const before = llm.requests.length;
    const outcome = await rollout({ mode: 'scripted', turns: ['a', 'b'] }, { stepsPerTurn: 3 });
    expect(outcome.termination).toBe('step_cap');
    expect(llm.requests.length - before).toBe(3);
    expect(outcome.transcript.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('ends with the model error as the reason when the model fails', async () => {
    llm.setResponder(() => ({ type: 'auth_error' }));
    const outcome = await rollout({ mode: 'single', firstMessage: 'hi' });
    expect(outcome.termination).toBe('error');
    expect(outcome.error).toMatch(/./);
  });
});

describe('writeRolloutTrace', () => {
  it('simulates a write that has no recorded result, never calling it live, with the simulator call as its own span', async () => {
    const outcome = await rollout(
      { mode: 'single', firstMessage: 'cancel B2' },
      { simulate: true },
    );
    expect(modes(outcome)).toEqual(['simulated']);
    expect(mcp.calls).toEqual([]);
    expect(outcome.transcript.at(-1)?.content).toBe('done: {"simulated":"B2 cancelled"}');
    const id = await writeRolloutTrace(ctx, {
      externalId: 'rollout-sim',
      outcome,
      startedAt: Date.now() - 1000,
      endedAt: Date.now(),
      metadata: {},
    });
    const rows = await deps.db.select().from(spans).where(eq(spans.traceId, id));
    const tool = rows.find((s) => s.kind === 'TOOL');
    expect(tool?.attributes['iofold.tool.mode']).toBe('simulated');
    const simulator = rows.find((s) => s.attributes['iofold.actor'] === 'tool_simulator');
    expect(simulator).toMatchObject({ parentSpanId: tool?.spanId, model: 'tool-sim' });
    const [row] = await deps.db.select().from(traces).where(eq(traces.id, id));
    const view = row && (await readEvalView(row.evalView, deps.db));
    expect(view?.steps.map((s) => s.tool_calls.map((c) => c.result))).toEqual([
      [{ simulated: 'B2 cancelled' }],
      [],
    ]);
  });

  it('stores the rollout as a taskset trace whose tool spans record their mode', async () => {
    const outcome = await rollout({ mode: 'scripted', turns: ['who am I?', 'now cancel A1'] });
    const startedAt = Date.now() - 1000;
    const id = await writeRolloutTrace(ctx, {
      externalId: 'rollout-1',
      outcome,
      startedAt,
      endedAt: Date.now(),
      metadata: { task_id: 'task-1', rollout_index: 0, user_mode: 'scripted' },
    });
    const [row] = await deps.db.select().from(traces).where(eq(traces.id, id));
    expect(row).toMatchObject({ source: 'taskset', agentId, toolCallCount: 2 });
    expect(row?.metadata).toMatchObject({ task_id: 'task-1', termination_reason: 'completed' });
    const toolSpans = (await deps.db.select().from(spans).where(eq(spans.traceId, id))).filter(
      (s) => s.kind === 'TOOL',
    );
    expect(toolSpans.map((s) => [s.name, s.attributes['iofold.tool.mode']])).toEqual([
      ['get_user', 'live'],
      ['cancel_order', 'replay'],
    ]);
    const view = row && (await readEvalView(row.evalView, deps.db));
    expect(view?.steps.flatMap((s) => s.tool_calls.map((c) => c.result))).toEqual([
      { id: 'mia', name: 'Mia' },
      'recorded: A1 cancelled',
    ]);
    // the rollout's own results are never replayed from (source taskset is left out)
    expect((await loadReplayIndex(ctx, agentId)).size).toBe(1);
    const again = await writeRolloutTrace(ctx, {
      externalId: 'rollout-1',
      outcome,
      startedAt,
      endedAt: Date.now(),
      metadata: {},
    });
    expect(again).toBe(id);
  });
});
