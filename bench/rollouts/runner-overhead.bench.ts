/**
 * Runner overhead per rollout (issue #20 target: < 20 ms excluding model time): the built-in
 * runner (tool router with replay, transcript, trace written to a real SQLite file) against a
 * bare AI SDK `generateText` loop with the same model server, tool and turns, in the same rounds.
 * The model is the local model-protocol server, so model time is the same loopback call in both.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, type ModelMessage, stepCountIs, tool } from 'ai';
import { createSystemCtx } from '@/core/system-ctx';
import { agents, agentTools, tools } from '@/db/schema';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { runRollout } from '@/optimize/runner/run-rollout';
import { writeRolloutTrace } from '@/optimize/runner/write-rollout-trace';
import { createToolRouter } from '@/tools/call/tool-router';
import { listAgentTools } from '@/tools/registry/bind-agent-tool';
import { createReplayIndex } from '@/tools/replay/replay-index';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { interleave, ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = 7;
const PER_ROUND = 30;
const TURNS = ['who am I?', 'and my order?'];
const SYSTEM = 'You are the shop agent.';
const SCHEMA = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

const bench = startBench(
  'rollouts-runner',
  'Rollouts: runner overhead per rollout vs a bare generateText loop',
);
const llm = await startMockLlmServer({
  responder: (request: MockRequest) => {
    const last = ((request.body.messages ?? []) as { role: string }[]).at(-1);
    return last?.role === 'tool'
      ? { text: 'Here you are.' }
      : { toolCalls: [{ name: 'get_user', arguments: { id: 'mia' } }] };
  },
});
const model = createOpenAI({ baseURL: llm.baseUrlV1, apiKey: 'bench' }).chat('mock');
const scratch = scratchDir('runner');
const deps = openBenchDeps(scratch.file('runner.db'));
try {
  const workspaceId = await insertWorkspace(deps);
  const ctx = createSystemCtx(deps, workspaceId, 'bench');
  const agentId = deps.newId('agent');
  const toolId = deps.newId('tool');
  await deps.db.insert(agents).values({ id: agentId, workspaceId, name: 'shop' });
  await deps.db
    .insert(tools)
    .values({ id: toolId, workspaceId, name: 'get_user', inputSchema: SCHEMA, origin: 'inferred' });
  await deps.db.insert(agentTools).values({ workspaceId, agentId, toolId, mode: 'replay' });
  const replay = createReplayIndex([
    {
      traceId: 't',
      name: 'get_user',
      arguments: { id: 'mia' },
      result: { name: 'Mia' },
      error: null,
    },
  ]);
  let n = 0;

  async function product() {
    const bound = await listAgentTools(ctx, agentId);
    const router = createToolRouter(ctx, { tools: bound, replay, scope: {} });
    const startedAt = Date.now();
    const outcome = await runRollout({
      system: SYSTEM,
      model,
      tools: bound.map((b) => b.tool),
      router,
      user: { mode: 'scripted', turns: TURNS },
      stepsPerTurn: 4,
    });
    await router.close();
    await writeRolloutTrace(ctx, {
      externalId: `rollout-${n++}`,
      outcome,
      startedAt,
      endedAt: Date.now(),
      metadata: { user_mode: 'scripted' },
    });
  }

  async function bare() {
    const messages: ModelMessage[] = [];
    const bareTools = {
      get_user: tool({
        inputSchema: jsonSchema<{ id: string }>(SCHEMA as never),
        execute: async () => JSON.stringify({ name: 'Mia' }),
      }),
    };
    for (const text of TURNS) {
      messages.push({ role: 'user', content: text });
      const result = await generateText({
        model,
        system: SYSTEM,
        messages,
        tools: bareTools,
        stopWhen: stepCountIs(4),
      });
      messages.push(...result.response.messages);
    }
  }

  const perRollout = (run: () => Promise<void>) => async () => {
    const started = performance.now();
    for (let i = 0; i < PER_ROUND; i++) {
      await run();
    }
    return (performance.now() - started) / PER_ROUND;
  };
  await perRollout(product)();
  await perRollout(bare)();
  const rounds = await interleave(ROUNDS, { bare: perRollout(bare), runner: perRollout(product) });
  bench.figure({
    name: 'baseline: bare generateText loop (2 turns, 4 model calls)',
    unit: 'ms/rollout',
    value: spread(rounds.bare),
  });
  bench.figure({
    name: 'runner: router + replay + transcript + trace written',
    unit: 'ms/rollout',
    value: spread(rounds.runner),
    ratio: { of: 'baseline', value: ratioSpread(rounds.runner, rounds.bare) },
  });
  bench.figure({
    name: 'runner overhead per rollout (runner - bare, per round; target < 20 ms)',
    unit: 'ms',
    value: spread(rounds.runner.map((r, i) => r - (rounds.bare[i] as number))),
  });
  bench.note(
    `${ROUNDS} rounds x ${PER_ROUND} rollouts each, interleaved; the model is the local model-protocol server on loopback (same calls in both).`,
  );
} finally {
  deps.close();
  scratch.remove();
  await llm.close();
}
bench.done();
