import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { service } from '@/core/service';
import { sha256Hex } from '@/core/web-crypto';
import { inWorkspace, rowsInWorkspace } from '@/db/in-workspace';
import { type RolloutResult, rolloutBatches, rolloutResults, type TasksetTask } from '@/db/schema';
import { listAgentTools } from '@/tools/registry/bind-agent-tool';
import { loadReplayIndex } from '@/tools/replay/load-replay-index';
import { tasksById } from '../tasksets/tasks-by-id';
import { createCostCeiling, runAdmitted } from './cost-ceiling';
import { resolveRolloutModel } from './rollout-model';
import { resolveRolloutTarget } from './rollout-target';
import { runOneRollout } from './run-one-rollout';
import { type EvalVerdict, scoreRollouts } from './score-rollouts';
import { resolveSimulator, SimulatedUserOptions } from './simulated-user-options';

export const RolloutBatchInput = z.object({
  /** The agent; may be left out when `agentVersionId` names one of its versions. */
  agentId: z.string().min(1).max(200).optional(),
  agentVersionId: z.string().min(1).max(200).optional(),
  /** A candidate system prompt (template) to run instead of a stored version. */
  promptText: z.string().min(1).max(200_000).optional(),
  taskIds: z.array(z.string().min(1).max(200)).min(1).max(10_000),
  /** Rollouts per task. */
  k: z.number().int().min(1).max(50).default(1),
  parallel: z.number().int().min(1).max(64).default(4),
  /** The ceiling in USD for this batch's rollouts plus `spentUsd`. */
  maxCostUsd: z.number().positive().max(1_000_000).optional(),
  /** Spend counted against the ceiling from elsewhere (e.g. earlier GEPA stages). */
  spentUsd: z.number().min(0).default(0),
  tasksetRunId: z.string().min(1).max(200).optional(),
  gepaRunId: z.string().min(1).max(200).optional(),
  /** A label for the batch (GEPA: the stage); part of its identity. */
  stage: z.string().min(1).max(100).default('run'),
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  stepsPerTurn: z.number().int().min(1).max(100).default(8),
  ...SimulatedUserOptions.shape,
  allowSideEffects: z.boolean().default(false),
});
export type RolloutBatchInput = z.input<typeof RolloutBatchInput>;

export type RolloutRecord = {
  rolloutId: string;
  index: number;
  status: RolloutResult['status'];
  traceId: string | null;
  score: number | null;
  verdicts: Record<string, EvalVerdict>;
  terminationReason: string | null;
  error: string | null;
  costUsd: number;
};
export type TaskScore = { taskId: string; score: number | null; rollouts: RolloutRecord[] };
export type RolloutBatchResult = {
  batchId: string;
  candidateHash: string;
  /** `stopped`: the cost ceiling left rollouts unstarted (calling again with more budget resumes). */
  status: 'succeeded' | 'stopped';
  costUsd: number;
  rolloutsPlanned: number;
  rolloutsDone: number;
  tasks: TaskScore[];
};
export type BatchHooks = {
  signal?: AbortSignal;
  onProgress?(progress: { done: number; total: number; costUsd: number }): void;
  onLog?(line: string): void;
};

const FINISHED = new Set(['succeeded', 'failed', 'timeout']);

/**
 * Evaluates a candidate (an agent version or a prompt text) on tasks: k rollouts per task, at most
 * `parallel` at once under the cost ceiling, then the agent's active evals on every rollout. The
 * batch's identity is its inputs (owner, stage, candidate, k, tasks): calling again resumes it,
 * running only the rollouts not finished. One `rollout_batches` row; one `rollout_results` row
 * per rollout. Throws the signal's reason when aborted (finished rollouts are kept).
 */
export const runRolloutBatch = service(
  RolloutBatchInput,
  async (ctx, data, hooks: BatchHooks = {}): Promise<RolloutBatchResult> => {
    const target = await resolveRolloutTarget(ctx, data);
    const tasks = await loadTasks(ctx, data.taskIds);
    const batchId = `rb_${(
      await sha256Hex(
        [
          data.tasksetRunId,
          data.gepaRunId,
          data.stage,
          target.candidateHash,
          data.k,
          ...data.taskIds,
        ].join('|'),
      )
    ).slice(0, 24)}`;
    const planned = tasks.length * data.k;
    await ctx.db
      .insert(rolloutBatches)
      .values({
        id: batchId,
        workspaceId: ctx.workspaceId,
        tasksetRunId: data.tasksetRunId ?? null,
        gepaRunId: data.gepaRunId ?? null,
        stage: data.stage,
        candidateHash: target.candidateHash,
        taskIds: data.taskIds,
        rolloutsPlanned: planned,
        status: 'running',
      })
      .onConflictDoUpdate({
        target: rolloutBatches.id,
        set: { status: 'running', finishedAt: null },
      });

    const done = await batchRows(ctx, batchId);
    const finished = new Set(
      done.filter((r) => FINISHED.has(r.status)).map((r) => `${r.taskId}:${r.rolloutIndex}`),
    );
    const pending = tasks.flatMap((task) =>
      Array.from({ length: data.k }, (_, index) => ({ task, index })).filter(
        (p) => !finished.has(`${task.id}:${p.index}`),
      ),
    );
    const spentBefore = done.reduce((sum, r) => sum + (FINISHED.has(r.status) ? r.costUsd : 0), 0);
    const ceiling = createCostCeiling(data.maxCostUsd, data.spentUsd + spentBefore);
    let count = finished.size;
    hooks.onProgress?.({ done: count, total: planned, costUsd: spentBefore });
    let ended: 'done' | 'budget' | 'aborted' = 'done';
    if (pending.length > 0) {
      const { model, modelId } = await resolveRolloutModel(ctx, {
        modelId: data.model,
        onRetry: (e) => hooks.onLog?.(`model ${e.kind}: retrying in ${e.delayMs} ms`),
      });
      const scope = {
        batchId,
        runId: data.tasksetRunId ?? data.gepaRunId ?? null,
        target,
        model,
        modelId,
        tools: await listAgentTools(ctx, target.agentId),
        replay: await loadReplayIndex(ctx, target.agentId),
        userMode: data.userMode,
        simulator: await resolveSimulator(ctx, data, { model, modelId }),
        stepsPerTurn: data.stepsPerTurn,
        temperature: data.temperature,
        allowSideEffects: data.allowSideEffects,
        signal: hooks.signal,
        owner: await ownerOf(ctx, target),
      };
      ended = await runAdmitted(
        pending,
        { parallel: data.parallel, ceiling, signal: hooks.signal },
        async ({ task, index }) => {
          const cost = await runOneRollout(ctx, scope, task, index).catch((error: unknown) => {
            hooks.onLog?.(`rollout ${task.id}#${index} not recorded: ${String(error)}`);
            return null;
          });
          if (cost !== null) {
            ceiling.record(cost);
            count += 1;
            hooks.onProgress?.({
              done: count,
              total: planned,
              costUsd: ceiling.spentUsd - data.spentUsd,
            });
            await ctx.db
              .update(rolloutBatches)
              .set({ rolloutsDone: count })
              .where(inWorkspace(ctx, rolloutBatches, [eq(rolloutBatches.id, batchId)]));
          }
        },
      );
    }
    if (ended === 'aborted') {
      throw hooks.signal?.reason ?? new AppError('PRECONDITION_FAILED', 'the batch was aborted');
    }
    return finishBatch(ctx, { batchId, target, tasks, planned, ended, signal: hooks.signal });
  },
);

async function finishBatch(
  ctx: Ctx,
  input: {
    batchId: string;
    target: { agentId: string; candidateHash: string };
    tasks: TasksetTask[];
    planned: number;
    ended: 'done' | 'budget';
    signal?: AbortSignal;
  },
): Promise<RolloutBatchResult> {
  const rows = await batchRows(ctx, input.batchId);
  const scorable = rows.flatMap((r) =>
    r.status === 'succeeded' && r.traceId ? [{ id: r.id, traceId: r.traceId, score: r.score }] : [],
  );
  const scores = await scoreRollouts(ctx, input.target.agentId, scorable, input.signal);
  const byTask = new Map<string, RolloutRecord[]>();
  for (const r of rows) {
    const scored = scores.get(r.id);
    const list = byTask.get(r.taskId) ?? [];
    list.push({
      rolloutId: r.id,
      index: r.rolloutIndex,
      status: r.status,
      traceId: r.traceId,
      score: scored?.score ?? null,
      verdicts: scored?.verdicts ?? {},
      terminationReason: r.terminationReason,
      error: r.error,
      costUsd: r.costUsd,
    });
    byTask.set(r.taskId, list);
  }
  const tasks = input.tasks.map((task) => {
    const rollouts = (byTask.get(task.id) ?? []).sort((a, b) => a.index - b.index);
    const scored = rollouts.flatMap((r) => (r.score === null ? [] : [r.score]));
    const score = scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
    return { taskId: task.id, score, rollouts };
  });
  const doneCount = rows.filter((r) => FINISHED.has(r.status)).length;
  const status = input.ended === 'budget' && doneCount < input.planned ? 'stopped' : 'succeeded';
  await ctx.db
    .update(rolloutBatches)
    .set({ status, rolloutsDone: doneCount, finishedAt: ctx.now() })
    .where(inWorkspace(ctx, rolloutBatches, [eq(rolloutBatches.id, input.batchId)]));
  return {
    batchId: input.batchId,
    candidateHash: input.target.candidateHash,
    status,
    costUsd: rows.reduce((sum, r) => sum + r.costUsd, 0),
    rolloutsPlanned: input.planned,
    rolloutsDone: doneCount,
    tasks,
  };
}

/**
 * The version a batch's traces belong to: the target's, else (a candidate prompt) the agent's
 * active version, so a candidate's traces stay with its agent and its evals judge them.
 */
async function ownerOf(ctx: Ctx, target: { agentId: string; agentVersionId: string | null }) {
  const versionId =
    target.agentVersionId ?? (await getAgentOrThrow(ctx, target.agentId)).activeVersionId;
  return versionId ? { agentId: target.agentId, agentVersionId: versionId } : undefined;
}

function batchRows(ctx: Ctx, batchId: string) {
  return rowsInWorkspace(ctx, rolloutResults, [eq(rolloutResults.batchId, batchId)]);
}

/** The tasks in the order given; NOT_FOUND names the first one missing from the workspace. */
async function loadTasks(ctx: Ctx, taskIds: string[]): Promise<TasksetTask[]> {
  const found = await tasksById(ctx, taskIds);
  return [...new Set(taskIds)].map((id) => {
    const task = found.get(id);
    if (!task) {
      throw notFound('task', id);
    }
    return task;
  });
}
