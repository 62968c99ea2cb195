import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import {
  agents,
  gepaRunTasks,
  promptIterations,
  rolloutBatches,
  rolloutResults,
  spans,
  tasksetTasks,
} from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { addActiveEval } from '@/evals/testing/add-active-eval';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { waitFor } from '@/jobs/testing';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockReply, MockRequest } from '@/llm/testing/mock-reply';
import { indexTasks } from '@/optimize/tasks/index-tasks';
import { createTasksetFromTraces } from '@/optimize/tasksets/create-taskset-from-traces';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { inferAgentTools } from '@/tools/infer/infer-agent-tools';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { createGepaRun } from './create-gepa-run';
import { getGepaRunOrThrow, runState } from './gepa-run-views';
import { calledToolEval, isReflection, markAligned, ruleReflector } from './testing';

const RULE = 'Before anything else, look the user up with get_user_details.';
const LOOKED_UP = calledToolEval('looked_up', 'get_user_details');

/**
 * A rule-based airline agent: with the rule in its system prompt it looks the user up on its
 * first turn (then answers from the tool result), else it only answers in words.
 */
function airlineAgent(request: MockRequest): MockReply {
  const messages = (request.body.messages ?? []) as {
    role: string;
    content: unknown;
  }[];
  const system = String(messages.find((m) => m.role === 'system')?.content ?? '');
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    return {
      text: 'Thank you, I found your profile. How can I help with your reservation?',
    };
  }
  const lookedUp = messages.some((m) => m.role === 'tool');
  if (system.includes(RULE) && !lookedUp) {
    return {
      toolCalls: [{ name: 'get_user_details', arguments: { user_id: 'mia_li_3668' } }],
    };
  }
  return { text: 'I can help with that. Could you tell me more?' };
}

const sandbox = createPyodideSandbox({ poolSize: 1 });
let llm: MockLlmServer;
let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
let worker: JobWorker | undefined;
beforeAll(async () => {
  llm = await startMockLlmServer();
  const reflector = ruleReflector({ eval_looked_up: RULE });
  llm.setResponder((r) => (isReflection(r) ? reflector(r) : airlineAgent(r)));
  deps = createTestDeps({
    sandbox,
    llmEnv: {
      IOFOLD_LLM_BASE_URL: llm.baseUrlV1,
      IOFOLD_LLM_MODEL: 'gpt-4o-mini',
    },
  });
  ctx = createSystemCtx(deps, (await createTestWorkspace(deps)).id, 'test');
});
afterAll(async () => {
  await worker?.stop(2000);
  deps.close();
  await llm.close();
  await sandbox.close();
});

describe.skipIf(!tauBenchFile)('GEPA on tau-bench tasks (shared data)', () => {
  it('completes a run with replayed tools, scripted users and a rule-based model, writing every GEPA table', async () => {
    const records = JSON.parse(readFileSync(tauBenchFile as string, 'utf8')) as unknown[];
    await ingestTraces(ctx, {
      traces: records.map((r) => parseChatTranscript(r)),
    });
    await indexTasks(ctx, {});
    const [agent] = await ctx.db
      .select()
      .from(agents)
      .where(eq(agents.workspaceId, ctx.workspaceId));
    const agentId = agent?.id ?? '';
    await inferAgentTools(ctx, agentId);
    const { taskset } = await createTasksetFromTraces(ctx, {
      agentId,
      name: 'airline',
      perCluster: true,
    });
    const evalRow = await addActiveEval(ctx, agentId, 'eval_looked_up', LOOKED_UP);
    await markAligned(ctx, evalRow.id);

    worker = startJobWorker(deps, {
      handlers: createJobHandlers(),
      pollMs: 20,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    const created = await createGepaRun(ctx, {
      agentId,
      tasksetId: taskset.id,
      budgetRollouts: 60,
      seed: 5,
      parallel: 4,
      userMode: 'scripted',
      stepsPerTurn: 4,
    });
    const run = await waitFor(async () => {
      const r = await getGepaRunOrThrow(ctx, created.id);
      return ['succeeded', 'failed', 'paused', 'cancelled'].includes(r.status) ? r : null;
    }, 600_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    const state = runState(run);
    expect(run.usedRollouts).toBeLessThanOrEqual(60);

    // gepa_run_tasks: the 50 tasks, split 35 / 15 ... with each cluster in one split
    const split = await ctx.db
      .select({ split: gepaRunTasks.split, clusterId: tasksetTasks.clusterId })
      .from(gepaRunTasks)
      .innerJoin(tasksetTasks, eq(tasksetTasks.id, gepaRunTasks.taskId))
      .where(eq(gepaRunTasks.gepaRunId, run.id));
    expect(split).toHaveLength(50);
    const splitOf = new Map<string, Set<string>>();
    for (const r of split) {
      splitOf.set(r.clusterId ?? '', (splitOf.get(r.clusterId ?? '') ?? new Set()).add(r.split));
    }
    expect([...splitOf.values()].every((s) => s.size === 1)).toBe(true);
    const counts = { train: 0, val: 0, test: 0 };
    for (const r of split) {
      counts[r.split] += 1;
    }
    expect(counts).toEqual({ train: 25, val: 15, test: 10 });

    // the rule was proposed, accepted and is the winner; the seed never looks anyone up
    expect(state.candidates[0]?.valAverage).toBe(0);
    expect(state.candidates.some((c) => c.components.system_prompt?.includes(RULE))).toBe(true);
    const iterations = await ctx.db
      .select()
      .from(promptIterations)
      .where(eq(promptIterations.gepaRunId, run.id));
    expect(iterations).toHaveLength(state.iterations.length);
    expect(iterations.some((r) => r.status === 'evaluated')).toBe(true);

    // rollout_batches / rollout_results; the tools ran in replay mode, users were scripted
    const batches = await ctx.db
      .select()
      .from(rolloutBatches)
      .where(eq(rolloutBatches.gepaRunId, run.id));
    expect(batches.some((b) => b.stage === 'it-1:seed-val')).toBe(true);
    expect(batches.filter((b) => b.stage.startsWith('test:'))).toHaveLength(2);
    const results = await ctx.db
      .select()
      .from(rolloutResults)
      .where(
        inArray(
          rolloutResults.batchId,
          batches.map((b) => b.id),
        ),
      );
    expect(results.length).toBeGreaterThan(40);
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    const winnerTraces = results.filter((r) => r.score === 1).map((r) => r.traceId as string);
    const toolSpans = await ctx.db
      .select()
      .from(spans)
      .where(and(eq(spans.kind, 'TOOL'), inArray(spans.traceId, winnerTraces.slice(0, 20))));
    expect(toolSpans.length).toBeGreaterThan(0);
    expect(toolSpans.every((s) => s.attributes['iofold.tool.mode'] === 'replay')).toBe(true);

    // the report: 10 test tasks, the winner better on all of them
    const report = run.testReport as {
      test: { n: number; wins: number; losses: number; signTestP: number };
    };
    expect(report.test).toMatchObject({ n: 10, wins: 10, losses: 0 });
    expect(report.test.signTestP).toBeCloseTo(2 / 1024, 12);
  }, 900_000);
});
