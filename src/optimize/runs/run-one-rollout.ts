import type { LanguageModel } from 'ai';
import { eq } from 'drizzle-orm';
import { renderPromptTemplate } from '@/agents/render-prompt-template';
import type { Ctx } from '@/core/context';
import { sha256Hex } from '@/core/web-crypto';
import { inWorkspace } from '@/db/in-workspace';
import { rolloutResults, type TasksetTask, traces } from '@/db/schema';
import type { USER_MODES } from '@/db/schema/constants';
import { computeCost } from '@/llm/price-table';
import { runRollout, type UserPlan } from '@/optimize/runner/run-rollout';
import type { UserScenario } from '@/optimize/runner/simulated-user';
import { writeRolloutTrace } from '@/optimize/runner/write-rollout-trace';
import { createToolRouter } from '@/tools/call/tool-router';
import type { BoundTool } from '@/tools/registry/bind-agent-tool';
import { replayScopeOf } from '@/tools/replay/load-replay-index';
import type { ReplayIndex } from '@/tools/replay/replay-index';
import type { OwnerLink } from '@/traces/ingest/discover-agents';
import type { RolloutTarget } from './rollout-target';
import type { Simulator } from './simulated-user-options';

export type UserMode = (typeof USER_MODES)[number];

/** What every rollout of one batch shares. */
export type BatchScope = {
  batchId: string;
  runId: string | null;
  target: RolloutTarget;
  model: LanguageModel;
  modelId: string;
  tools: BoundTool[];
  replay: ReplayIndex;
  userMode?: UserMode;
  /** The simulated user's model and turn cap (with `userMode: simulated`). */
  simulator?: Simulator;
  stepsPerTurn: number;
  temperature?: number;
  allowSideEffects: boolean;
  signal?: AbortSignal;
  /** The version the rollout traces belong to (the target's, else the agent's active one). */
  owner?: OwnerLink;
};

/** The deterministic id of rollout `index` of a task in a batch (also its trace's external id). */
export async function rolloutId(batchId: string, taskId: string, index: number): Promise<string> {
  return `ro_${(await sha256Hex(`${batchId}:${taskId}:${index}`)).slice(0, 24)}`;
}

/**
 * Scripted when the task recorded more than one user turn (or the batch says so), else single;
 * simulated (with a simulator) from the task's scenario, else one written from its user turns,
 * opening with its recorded first message when it has one.
 */
export function userPlanOf(task: TasksetTask, mode?: UserMode, simulator?: Simulator): UserPlan {
  const turns = task.userTurns.length > 0 ? task.userTurns : [task.userMessage];
  if (mode === 'simulated' && simulator) {
    return {
      mode: 'simulated',
      model: simulator.model,
      scenario: scenarioOf(task.scenario) ?? { sourceTurns: turns.filter(Boolean) },
      maxTurns: simulator.maxTurns,
      ...(task.userMessage ? { firstMessage: task.userMessage } : {}),
    };
  }
  if (mode === 'scripted' || (mode === undefined && turns.length > 1)) {
    return { mode: 'scripted', turns };
  }
  return { mode: 'single', firstMessage: task.userMessage || turns[0] || '' };
}

/**
 * Runs rollout `index` of `task` and stores it: its trace (source `taskset`) and its
 * `rollout_results` row, both keyed on the deterministic id, so running it again after a crash
 * overwrites rather than adds. Answers its cost, or null when the batch was aborted mid-rollout
 * (the row ends `interrupted` and a resumed batch runs it again). Never throws for model or tool
 * failures: a model error is a `failed` rollout.
 */
export async function runOneRollout(
  ctx: Ctx,
  scope: BatchScope,
  task: TasksetTask,
  index: number,
): Promise<number | null> {
  const id = await rolloutId(scope.batchId, task.id, index);
  const startedAt = Date.now();
  await ctx.db
    .insert(rolloutResults)
    .values({
      id,
      workspaceId: ctx.workspaceId,
      batchId: scope.batchId,
      taskId: task.id,
      rolloutIndex: index,
      status: 'running',
    })
    .onConflictDoUpdate({
      target: [rolloutResults.batchId, rolloutResults.taskId, rolloutResults.rolloutIndex],
      set: { status: 'running' },
    });
  const router = createToolRouter(ctx, {
    tools: scope.tools,
    replay: scope.replay,
    scope: await replayScopeOf(ctx, task.sourceTraceId),
    allowSideEffects: scope.allowSideEffects,
  });
  const user = userPlanOf(task, scope.userMode, scope.simulator);
  let outcome: Awaited<ReturnType<typeof runRollout>>;
  try {
    outcome = await runRollout({
      system: renderPromptTemplate(scope.target.template, task.variables),
      model: scope.model,
      tools: scope.tools.map((b) => b.tool),
      router,
      user,
      stepsPerTurn: scope.stepsPerTurn,
      temperature: scope.temperature,
      signal: scope.signal,
    });
  } finally {
    await router.close();
  }
  if (scope.signal?.aborted) {
    await ctx.db
      .update(rolloutResults)
      .set({
        status: 'interrupted',
        terminationReason: 'interrupted',
        error: `interrupted: ${abortReason(scope.signal)}`.slice(0, 2_000),
        latencyMs: Date.now() - startedAt,
      })
      .where(inWorkspace(ctx, rolloutResults, [eq(rolloutResults.id, id)]));
    return null;
  }
  const usage = { inputTokens: 0, outputTokens: 0 };
  let costUsd = 0;
  for (const step of outcome.steps) {
    usage.inputTokens += step.inputTokens;
    usage.outputTokens += step.outputTokens;
    costUsd += computeCost(step.model || scope.modelId, step) ?? 0;
  }
  // the simulated user's calls count against the run's ceiling too (not in the agent's tokens)
  for (const call of outcome.userSimulator) {
    costUsd += computeCost(call.model || (scope.simulator?.modelId ?? scope.modelId), call) ?? 0;
  }
  const failed = outcome.termination === 'error';
  let traceId: string | null = null;
  let error = outcome.error;
  try {
    traceId = await writeRolloutTrace(ctx, {
      externalId: id,
      outcome,
      startedAt,
      ...(scope.owner ? { owner: scope.owner } : {}),
      endedAt: Date.now(),
      metadata: {
        run_id: scope.runId,
        batch_id: scope.batchId,
        task_id: task.id,
        rollout_index: index,
        candidate_hash: scope.target.candidateHash,
        user_mode: user.mode,
      },
    });
    // ingest links a trace to an agent by its system prompt; a candidate prompt's rollout still
    // belongs to the agent it was run for (its evals score it)
    await ctx.db
      .update(traces)
      .set({ agentId: scope.target.agentId, agentVersionId: scope.target.agentVersionId })
      .where(inWorkspace(ctx, traces, [eq(traces.id, traceId)]));
  } catch (thrown) {
    error = `the rollout's trace was not stored: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  }
  await ctx.db
    .update(rolloutResults)
    .set({
      status: failed || !traceId ? 'failed' : 'succeeded',
      traceId,
      terminationReason: outcome.termination,
      error: error?.slice(0, 2_000) ?? null,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: Math.round(costUsd * 1e8) / 1e8,
      latencyMs: Date.now() - startedAt,
      score: null,
      evalScores: {},
    })
    .where(inWorkspace(ctx, rolloutResults, [eq(rolloutResults.id, id)]));
  return costUsd;
}

function abortReason(signal: AbortSignal): string {
  const reason = signal.reason as { message?: unknown } | undefined;
  return typeof reason?.message === 'string' ? reason.message : String(reason ?? 'aborted');
}

/** A stored scenario as the simulator reads it (tau2's persona and instructions, or free fields). */
function scenarioOf(stored: Record<string, unknown> | null): UserScenario | null {
  if (!stored || Object.keys(stored).length === 0) {
    return null;
  }
  const { persona, instructions, ...rest } = stored;
  return {
    persona: typeof persona === 'string' ? persona : null,
    instructions:
      typeof instructions === 'string' || (instructions && typeof instructions === 'object')
        ? (instructions as UserScenario['instructions'])
        : rest,
  };
}
