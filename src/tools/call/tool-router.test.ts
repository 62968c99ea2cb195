import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { agents } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { bindAgentTool, listAgentTools, type ToolMode } from '../registry/bind-agent-tool';
import { registerTool } from '../registry/register-tools';
import { createReplayIndex } from '../replay/replay-index';
import { createToolRouter } from './tool-router';

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
let agentId: string;
beforeEach(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  ctx = createSystemCtx(deps, ws.id, 'test');
  agentId = ctx.newId('agent');
  await deps.db.insert(agents).values({ id: agentId, workspaceId: ws.id, name: 'a' });
});
afterEach(() => deps.close());

async function routerWith(bindings: Record<string, ToolMode>) {
  for (const [name, mode] of Object.entries(bindings)) {
    const tool = await registerTool(ctx, {
      origin: 'inferred',
      tool: { name, inputSchema: { type: 'object' } },
    });
    await bindAgentTool(ctx, { agentId, toolId: tool.id, mode });
  }
  const replay = createReplayIndex([
    { traceId: 't1', name: 'lookup', arguments: { id: 'a' }, result: { ok: 1 }, error: null },
    { traceId: 't2', name: 'lookup', arguments: { id: 'b' }, result: null, error: 'not found' },
  ]);
  return createToolRouter(ctx, { tools: await listAgentTools(ctx, agentId), replay, scope: {} });
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
      'simulated tools are not available yet (tool sim)',
    );
    expect((await router.call('fn', {})).mode).toBe('function');
    // an inferred tool is not read-only, so even bound live it is replayed in a rollout
    expect(await router.call('draft', {})).toMatchObject({ mode: 'replay' });
    const accepted = createToolRouter(ctx, {
      tools: await listAgentTools(ctx, agentId),
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
