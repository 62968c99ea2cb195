import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createAgentVersion } from '@/agents/create-agent-version';
import { createTestApi, type TestApi } from '@/api/testing';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { agentTools, tools, traces } from '@/db/schema';
import { addActiveEval } from '@/evals/testing/add-active-eval';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestCtx } from '@/hosts/test-deps';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import type { MockReply, MockRequest } from '@/llm/testing/mock-reply';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { importTraces } from '@/traces/import/import-traces';
import { callsTools } from '@/traces/testing/openai-messages';
import { createTaskset } from '../tasksets/create-taskset';

/**
 * One Pyodide sandbox and one mock model server for the calling test file's rollouts: the model
 * server starts before its tests (`llm` is set then), both close after them.
 */
export function rolloutServers() {
  const servers = {
    sandbox: createPyodideSandbox({ poolSize: 1 }),
    llm: undefined as unknown as MockLlmServer,
  };
  beforeAll(async () => {
    servers.llm = await startMockLlmServer();
  });
  afterAll(async () => {
    await servers.llm?.close();
    await servers.sandbox.close();
  });
  return servers;
}

/**
 * A rollout test file's world over its `rolloutServers()`: before each test fresh deps whose
 * sandbox and model are those servers (gpt-4o-mini has a list price, so rollouts cost something),
 * a system `ctx` in a new workspace and a seeded shop run of `tasks` tasks (`seeded`);
 * `startWorker` runs the job worker with the hosts' handlers; after each test the worker stops and
 * the database closes. A file's own `beforeEach` runs after the world's.
 */
export function rolloutWorld(options: { tasks?: number; maxRetryDelayMs: number }) {
  const servers = rolloutServers();
  const world = {
    servers,
    deps: undefined as unknown as Awaited<ReturnType<typeof createTestCtx>>['deps'],
    ctx: undefined as unknown as Ctx,
    seeded: undefined as unknown as Awaited<ReturnType<typeof seedShopRun>>,
    worker: undefined as JobWorker | undefined,
    startWorker() {
      world.worker = startJobWorker(world.deps, {
        handlers: createJobHandlers(),
        pollMs: 20,
        retry: { baseDelayMs: 10, maxDelayMs: options.maxRetryDelayMs },
      });
    },
  };
  beforeEach(async () => {
    ({ deps: world.deps, ctx: world.ctx } = await createTestCtx({
      sandbox: servers.sandbox,
      llmEnv: { IOFOLD_LLM_BASE_URL: servers.llm.baseUrlV1, IOFOLD_LLM_MODEL: 'gpt-4o-mini' },
    }));
    world.seeded = await seedShopRun(world.ctx, { tasks: options.tasks });
  });
  afterEach(async () => {
    await world.worker?.stop(2000);
    world.worker = undefined;
    world.deps.close();
  });
  return world;
}

/**
 * The shop over HTTP for a test file on its `rolloutServers()`: before each test an API over a fresh
 * database whose sandbox and model are those servers (model `mock`), a seeded shop run (`seeded`)
 * and a running job worker; after each test the worker stops and the API closes.
 */
export function shopApiWorld() {
  const servers = rolloutServers();
  const world = {
    servers,
    api: undefined as unknown as TestApi,
    seeded: undefined as unknown as Awaited<ReturnType<typeof seedShopRun>>,
    worker: undefined as unknown as JobWorker,
  };
  beforeEach(async () => {
    world.api = await createTestApi({
      deps: {
        sandbox: servers.sandbox,
        llmEnv: { IOFOLD_LLM_BASE_URL: servers.llm.baseUrlV1, IOFOLD_LLM_MODEL: 'mock' },
      },
    });
    world.seeded = await seedShopRun(createSystemCtx(world.api.deps, world.api.workspaceId));
    world.worker = startJobWorker(world.api.deps, { handlers: createJobHandlers(), pollMs: 20 });
  });
  afterEach(async () => {
    await world.worker.stop(2000);
    world.api.close();
  });
  return world;
}

export const SHOP_SYSTEM = 'You are the shop agent.';

/**
 * The mock shop agent: a user turn asks for a tool by its words (cancel -> cancel_order, else
 * get_user); a tool result gets an answer quoting it. `delayMs` per call, as a real model takes.
 */
export function shopAgent(delayMs = 0) {
  return (request: MockRequest): MockReply => {
    const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
    const last = messages.at(-1);
    if (last?.role === 'tool') {
      return { text: `done: ${String(last.content).slice(0, 80)}`, delayMs };
    }
    if (request.lastUserText.includes('cancel')) {
      return { toolCalls: [{ name: 'cancel_order', arguments: { order: 'A1' } }], delayMs };
    }
    return { toolCalls: [{ name: 'get_user', arguments: { id: 'mia' } }], delayMs };
  };
}

/** The system prompt of a model request (its first message). */
export const systemOf = (request: MockRequest) =>
  String((request.body.messages as { content: unknown }[] | undefined)?.[0]?.content);

/**
 * The simulated shop customer: asks who it is, then to cancel A1, then stops; and the scenario
 * writer's answer for a task without a scenario. Null for the agent's own requests.
 */
export function simulatedShopUser(request: MockRequest): MockReply | null {
  if (systemOf(request).startsWith('You write the scenario')) {
    return { text: 'You are Mia. You want order A1 cancelled.' };
  }
  if (!systemOf(request).includes('role-playing a customer')) {
    return null;
  }
  const said = (request.body.messages as { role: string }[]).filter((m) => m.role === 'assistant');
  return { text: ['who am I?', 'now cancel A1', 'thanks ###STOP###'][said.length] ?? '###STOP###' };
}

const RECORDED = {
  id: 'recorded-1',
  messages: [
    { role: 'system', content: SHOP_SYSTEM },
    { role: 'user', content: 'who am I? then cancel A1' },
    callsTools('', ['c0', 'get_user', '{"id": "mia"}'], ['c1', 'cancel_order', '{"order": "A1"}']),
    { role: 'tool', tool_call_id: 'c0', content: '{"id": "mia", "name": "Mia"}' },
    { role: 'tool', tool_call_id: 'c1', content: 'recorded: A1 cancelled' },
    { role: 'assistant', content: 'Done.' },
  ],
};

/** One recorded conversation in which the shop agent cancelled order A1 (what replay gives back). */
const RECORDED_CANCEL = {
  id: 'recorded-1',
  messages: [
    { role: 'system', content: SHOP_SYSTEM },
    { role: 'user', content: 'please cancel A1' },
    callsTools('', ['c1', 'cancel_order', '{"order": "A1"}']),
    { role: 'tool', tool_call_id: 'c1', content: 'recorded: A1 cancelled' },
    { role: 'assistant', content: 'Cancelled.' },
  ],
};

/** Imports the recorded cancellation into the workspace: its trace id and the agent found for it. */
export async function importRecordedCancel(ctx: Ctx) {
  await importTraces(ctx, new Blob([JSON.stringify(RECORDED_CANCEL)]).stream(), {
    format: 'openai',
  });
  const [trace] = await ctx.db.select().from(traces).where(eq(traces.workspaceId, ctx.workspaceId));
  return { agentId: trace?.agentId ?? '', traceId: trace?.id ?? '' };
}

/** Passes when the agent called a tool whose result says a cancellation happened. */
export const CANCELLED_EVAL = `def eval_cancelled(trace):
    for step in trace["steps"]:
        for call in step["tool_calls"]:
            if call["name"] == "cancel_order" and "cancelled" in str(call["result"]):
                return True, "the order was cancelled"
    return False, "no cancellation"
`;

/**
 * A shop agent from one recorded trace, with get_user and cancel_order bound in replay mode
 * (results from the recording, no server), a version, an active eval and a taskset of `tasks`
 * tasks (every other one asks to cancel; the first half in the test split).
 */
export async function seedShopRun(ctx: Ctx, options: { tasks?: number; evalCode?: string } = {}) {
  await importTraces(ctx, new Blob([JSON.stringify(RECORDED)]).stream(), { format: 'openai' });
  const [trace] = await ctx.db.select().from(traces).where(eq(traces.workspaceId, ctx.workspaceId));
  const agentId = trace?.agentId ?? '';
  for (const name of ['get_user', 'cancel_order']) {
    const toolId = ctx.newId('tool');
    await ctx.db.insert(tools).values({
      id: toolId,
      workspaceId: ctx.workspaceId,
      name,
      inputSchema: { type: 'object', properties: {} },
      origin: 'inferred',
    });
    await ctx.db
      .insert(agentTools)
      .values({ workspaceId: ctx.workspaceId, agentId, toolId, mode: 'replay' });
  }
  const version = await createAgentVersion(ctx, {
    agentId,
    promptTemplate: `${SHOP_SYSTEM} Shop: {{shop}}.`,
  });
  const evalRow = await addActiveEval(
    ctx,
    agentId,
    'eval_cancelled',
    options.evalCode ?? CANCELLED_EVAL,
  );
  const count = options.tasks ?? 4;
  const { taskset } = await createTaskset(ctx, {
    agentId,
    name: 'shop',
    tasks: Array.from({ length: count }, (_, i) => ({
      externalId: `t${i}`,
      userMessage: `who am I? (${i})`,
      userTurns: i % 2 === 0 ? [`who am I? (${i})`, 'now cancel A1'] : [`who am I? (${i})`],
      variables: { shop: 'north' },
      split: i < count / 2 ? ('test' as const) : ('train' as const),
    })),
  });
  return { agentId, versionId: version.id, tasksetId: taskset.id, evalId: evalRow.id };
}
