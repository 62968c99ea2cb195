import { createOpenAI } from '@ai-sdk/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestAgent } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { bindAgentTool, listAgentTools, type ToolMode } from '../registry/bind-agent-tool';
import { registerTool } from '../registry/register-tools';
import { createReplayIndex } from '../replay/replay-index';
import { createToolRouter } from './tool-router';

const world = ctxWorld();
let agentId: string;
beforeEach(async () => {
  agentId = await createTestAgent(world.ctx, 'a');
});

let llm: MockLlmServer;
beforeAll(async () => {
  llm = await startMockLlmServer();
});
afterAll(() => llm.close());
const simulator = () => ({
  model: createOpenAI({ baseURL: llm.baseUrlV1, apiKey: 'test' }).chat('tool-sim'),
});

async function routerWith(
  bindings: Record<string, ToolMode>,
  options: Partial<Parameters<typeof createToolRouter>[1]> = {},
) {
  for (const [name, mode] of Object.entries(bindings)) {
    const tool = await registerTool(world.ctx, {
      origin: 'inferred',
      tool: { name, inputSchema: { type: 'object' } },
    });
    await bindAgentTool(world.ctx, { agentId, toolId: tool.id, mode });
  }
  const replay = createReplayIndex([
    { traceId: 't1', name: 'lookup', arguments: { id: 'a' }, result: { ok: 1 }, error: null },
    { traceId: 't2', name: 'lookup', arguments: { id: 'b' }, result: null, error: 'not found' },
  ]);
  return createToolRouter(world.ctx, {
    tools: await listAgentTools(world.ctx, agentId),
    replay,
    scope: { sourceTraceId: 't2' },
    ...options,
  });
}

describe('createToolRouter', () => {
  it('replays recorded results and errors, and says so on a miss', async () => {
    const router = await routerWith({ lookup: 'replay' });
    expect(await router.call('lookup', { id: ' a ' })).toEqual({
      mode: 'replay',
      replayedFrom: 'any:t1',
      result: { isError: false, text: '{"ok":1}', bytes: 8, truncated: false },
    });
    expect((await router.call('lookup', { id: 'b' })).result).toMatchObject({
      isError: true,
      text: 'not found',
    });
    expect((await router.call('lookup', { id: 'c' })).result).toMatchObject({
      isError: true,
      text: 'no recorded result of lookup for these arguments',
    });
    expect((await router.call('nope', {})).result.text).toBe('unknown tool nope');
  });

  it('answers with a tool error for modes and origins it cannot run, never throwing', async () => {
    const router = await routerWith({ sim: 'simulated', fn: 'function', draft: 'live' });
    expect((await router.call('sim', {})).result.text).toBe(
      'tool sim is simulated, but the run has no simulator model',
    );
    expect((await router.call('fn', {})).mode).toBe('function');
    // an inferred tool is not read-only, so even bound live it is replayed in a rollout
    expect(await router.call('draft', {})).toMatchObject({ mode: 'replay' });
    const accepted = createToolRouter(world.ctx, {
      tools: await listAgentTools(world.ctx, agentId),
      replay: createReplayIndex([]),
      scope: {},
      allowSideEffects: true,
    });
    expect(await accepted.call('draft', {})).toMatchObject({
      mode: 'live',
      result: {
        isError: true,
        text: 'tool draft (inferred) has no live endpoint; bind it for replay',
      },
    });
  });
});

describe('simulated tools', () => {
  it('simulates a replay miss from the schema and recorded calls (nearest first), marked simulated', async () => {
    llm.setResponder(() => ({ text: ' {"ok":2} ', usage: { inputTokens: 40, outputTokens: 5 } }));
    const router = await routerWith({ lookup: 'replay' }, { simulator: simulator() });
    const before = llm.requests.length;
    expect((await router.call('lookup', { id: 'a' })).mode).toBe('replay'); // a hit is replayed
    const routed = await router.call('lookup', { id: 'zz' });
    expect(routed).toMatchObject({
      mode: 'simulated',
      result: { isError: false, text: '{"ok":2}' },
      simulation: { actor: 'tool_simulator', model: 'tool-sim', inputTokens: 40 },
    });
    expect(llm.requests.length - before).toBe(1);
    const system = String(
      ((llm.requests.at(-1)?.body.messages ?? []) as { content: string }[])[0]?.content,
    );
    expect(system).toContain('Input schema: {"type":"object"}');
    // the source trace's call (t2, an error) comes before the other trace's
    expect(system.indexOf('ERROR: not found')).toBeLessThan(system.indexOf('Output: {"ok":1}'));
    expect(llm.requests.at(-1)?.lastUserText).toBe('Arguments: {"id":"zz"}\nOutput:');
  });

  it('keeps a replay miss a tool error in strict mode, and reads ERROR: answers as tool errors', async () => {
    llm.setResponder(() => ({ text: 'ERROR: no such user' }));
    const strict = await routerWith(
      { lookup: 'replay', sim: 'simulated' },
      { simulator: simulator(), strictReplay: true },
    );
    expect(await strict.call('lookup', { id: 'zz' })).toMatchObject({
      mode: 'replay',
      result: { isError: true, text: 'no recorded result of lookup for these arguments' },
    });
    expect(await strict.call('sim', { id: 'x' })).toMatchObject({
      mode: 'simulated',
      result: { isError: true, text: 'no such user' },
    });
  });

  it('answers a tool error, never throwing, when the simulator model fails', async () => {
    llm.setResponder(() => ({ type: 'auth_error' }));
    const router = await routerWith({ sim: 'simulated' }, { simulator: simulator() });
    const routed = await router.call('sim', {});
    expect(routed.mode).toBe('simulated');
    expect(routed.result.isError).toBe(true);
    expect(routed.result.text).toMatch(/^tool simulator: /);
  });
});
