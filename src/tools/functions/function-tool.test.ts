import { beforeEach, describe, expect, it } from 'vitest';
import { agentFunctions, functions } from '@/db/schema';
import { createTestAgent } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { startedSandbox } from '@/sandbox/testing/started-sandbox';
import { createToolRouter } from '../call/tool-router';
import { bindAgentTool, listAgentTools } from '../registry/bind-agent-tool';
import { createReplayIndex } from '../replay/replay-index';
import { loadAgentFunctions, registerFunctionTool } from './register-function-tool';

const CALCULATE = `import math

def calculate(expression: str):
    allowed = set("0123456789+-*/(). ")
    if not set(expression) <= allowed:
        raise ValueError("only arithmetic is allowed")
    return {"value": round(float(sum([float(x) for x in expression.split("+")])), 2)}
`;
const SCHEMA = {
  type: 'object',
  properties: { expression: { type: 'string' } },
  required: ['expression'],
};

const sandbox = startedSandbox({ poolSize: 1 });

const world = ctxWorld({ sandbox });
let agentId: string;
beforeEach(async () => {
  agentId = await createTestAgent(world.ctx, 'a');
});

async function router() {
  return createToolRouter(world.ctx, {
    tools: await listAgentTools(world.ctx, agentId),
    replay: createReplayIndex([]),
    scope: {},
    functions: await loadAgentFunctions(world.ctx, agentId),
  });
}

describe('function tools', () => {
  it('registers a function tool bound to the agent and runs it in the sandbox, mode function', async () => {
    const tool = await registerFunctionTool(world.ctx, {
      name: 'calculate',
      description: 'Add numbers',
      inputSchema: SCHEMA,
      code: CALCULATE,
      agentId,
    });
    expect(tool).toMatchObject({ origin: 'function', readOnly: true });
    expect(await world.deps.db.select().from(functions)).toHaveLength(1);
    expect(await world.deps.db.select().from(agentFunctions)).toMatchObject([{ role: 'tool' }]);
    const calls = await router();
    expect(await calls.call('calculate', { expression: '1.5 + 2' })).toMatchObject({
      mode: 'function',
      result: { isError: false, text: '{"value": 3.5}' },
    });
    const refused = await calls.call('calculate', { expression: 'import os' });
    expect(refused.mode).toBe('function');
    expect(refused.result).toMatchObject({ isError: true });
    expect(refused.result.text).toContain('only arithmetic is allowed');
  });

  it('refuses code that breaks the sandbox rules or does not define the tool, with the reason', async () => {
    const input = { name: 'calculate', inputSchema: SCHEMA, agentId };
    await expect(
      registerFunctionTool(world.ctx, {
        ...input,
        code: 'import os\n\ndef calculate(expression):\n    return 1\n',
      }),
    ).rejects.toThrow(/line 1: .*os/);
    await expect(
      registerFunctionTool(world.ctx, { ...input, code: 'def other(expression):\n    return 1\n' }),
    ).rejects.toThrow('the code must define def calculate(...) at top level');
    await expect(
      registerFunctionTool(world.ctx, {
        ...input,
        code: 'def calculate(x):\n    return 1\n',
        inputSchema: { type: 'array' },
      }),
    ).rejects.toThrow(/refused/);
    expect(await world.deps.db.select().from(functions)).toHaveLength(0);
  });

  it('answers a tool error when the agent has no function for a tool bound in function mode', async () => {
    const tool = await registerFunctionTool(world.ctx, {
      name: 'calculate',
      inputSchema: SCHEMA,
      code: CALCULATE,
    });
    await bindAgentTool(world.ctx, { agentId, toolId: tool.id, mode: 'function' });
    expect(await (await router()).call('calculate', { expression: '1' })).toMatchObject({
      mode: 'function',
      result: { isError: true, text: 'tool calculate has no function bound to this agent' },
    });
  });
});
