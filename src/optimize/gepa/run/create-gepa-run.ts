import { getAgentOrThrow, getAgentVersionOrThrow } from '@/agents/get-agent-or-throw';
import { promptLintContext } from '@/agents/practices/lint-context';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { service } from '@/core/service';
import { chunkRows } from '@/db/chunk';
import { gepaRuns, gepaRunTasks, type NewGepaRunTask } from '@/db/schema';
import { enqueueJob } from '@/jobs/enqueue-job';
import { loadFrozenTaskset } from '@/optimize/tasksets/load-frozen-taskset';
import { type SplitRow, splitTasksByContent } from '@/optimize/tasksets/split-tasks';
import type { GepaConfig } from '../engine-types';
import { DEFAULT_CONFIG, initState } from '../init-state';
import { assertBudget, loadRewardEvals } from '../reward-evals';
import { CreateGepaRunInput, type GepaRunConfig, PROMPT_COMPONENT } from './gepa-run-config';
import { stageKey } from './gepa-run-state';
import { getGepaRunOrThrow, toGepaRunView } from './gepa-run-views';

/**
 * The stored split when it has train and validation tasks, else a seeded one by content (clusters
 * whole): the same taskset and seed give the same split in any database.
 */
function runSplit(
  frozen: Awaited<ReturnType<typeof loadFrozenTaskset>>,
  seed: number,
): { rows: SplitRow[]; how: 'stored' | 'seeded' } {
  const stored = new Set(frozen.splits.map((s) => s.split));
  if (stored.has('train') && stored.has('val')) {
    return { rows: frozen.splits, how: 'stored' };
  }
  const idOf = new Map(frozen.tasks.map((t) => [t.contentHash, t.id]));
  const { rows } = splitTasksByContent(frozen.tasks, { seed });
  return { rows: rows.map((r) => ({ ...r, taskId: idOf.get(r.taskId) as string })), how: 'seeded' };
}

/**
 * Starts a GEPA run: checks the reward evals (UNPROCESSABLE naming the agreement bar when none)
 * and the budget (UNPROCESSABLE with the minimum), freezes the taskset version and copies its
 * split into `gepa_run_tasks` (so later edits of the taskset do not reach the run), stores the
 * engine's first state and queues the first stage. NOT_FOUND for another workspace's agent,
 * version or taskset, or a taskset of another agent.
 */
export const createGepaRun = service(CreateGepaRunInput, assertCanWrite, async (ctx, data) => {
  const agent = await getAgentOrThrow(ctx, data.agentId);
  const seedVersionId = data.agentVersionId ?? agent.activeVersionId;
  if (!seedVersionId) {
    throw new AppError(
      'UNPROCESSABLE',
      `agent ${agent.id} has no active version to start from: give agentVersionId`,
    );
  }
  const seedVersion = await getAgentVersionOrThrow(ctx, agent.id, seedVersionId);
  const evalsOfRun = await loadRewardEvals(ctx, agent.id, data.shadowEvals);
  const rewardEvals = evalsOfRun.reward.map((e) => e.name);
  const shadowEvals = evalsOfRun.shadow.map((e) => e.name);
  const frozen = await loadFrozenTaskset(ctx, data.tasksetId);
  if (frozen.taskset.agentId !== agent.id) {
    throw notFound('taskset', data.tasksetId);
  }
  const split = runSplit(frozen, data.seed);
  const ids = (which: SplitRow['split']) =>
    split.rows
      .filter((r) => r.split === which)
      .map((r) => r.taskId)
      .sort();
  const trainIds = ids('train');
  const valIds = ids('val');
  if (trainIds.length < data.minibatchSize || valIds.length === 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `GEPA needs at least ${data.minibatchSize} train tasks (the minibatch size) and 1 validation task; this split has ${trainIds.length} train and ${valIds.length} validation`,
    );
  }
  assertBudget(data.budgetRollouts, {
    val: valIds.length,
    minibatch: data.minibatchSize,
    rolloutsPerTask: data.rolloutsPerTask,
  });
  const engine: GepaConfig = {
    ...DEFAULT_CONFIG,
    trainIds,
    valIds,
    minibatchSize: data.minibatchSize,
    rolloutsPerTask: data.rolloutsPerTask,
    budgetRollouts: data.budgetRollouts,
    seed: data.seed,
    selection: data.selection,
    lint: await promptLintContext(ctx, agent.id),
    ...(data.maxIterations ? { maxIterations: data.maxIterations } : {}),
  };
  const state = initState(engine, { [PROMPT_COMPONENT]: seedVersion.promptTemplate });
  const config: GepaRunConfig = {
    ...data,
    seedVersionId,
    rewardEvals,
    shadowEvals,
    split: split.how,
  };
  const id = ctx.newId('gepa');
  const taskRows: NewGepaRunTask[] = split.rows.map((r) => ({
    workspaceId: ctx.workspaceId,
    gepaRunId: id,
    taskId: r.taskId,
    split: r.split,
    position: r.position,
  }));
  await ctx.db.batch([
    ctx.db.insert(gepaRuns).values({
      id,
      workspaceId: ctx.workspaceId,
      agentId: agent.id,
      tasksetId: frozen.taskset.id,
      baseVersionId: seedVersionId,
      config,
      state,
      stage: stageKey(state),
      budgetRollouts: data.budgetRollouts,
    }),
    ...chunkRows(ctx.db, taskRows, gepaRunTasks).map((rows) =>
      ctx.db.insert(gepaRunTasks).values(rows),
    ),
  ]);
  await queueGepaStep(ctx, id);
  return toGepaRunView(await getGepaRunOrThrow(ctx, id));
});

/** Tries of one stage (each after the model's own retries) before the run pauses. */
export const STAGE_ATTEMPTS = 3;

/** Queues the run's next stage (`idempotencyKey`: one successor per finished stage). */
export async function queueGepaStep(ctx: Ctx, runId: string, idempotencyKey?: string) {
  const job = await enqueueJob(
    ctx,
    ctx.workspaceId,
    'gepa_run.step',
    { runId },
    {
      createdBy: actingUserId(ctx),
      maxAttempts: STAGE_ATTEMPTS,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
  );
  return job.id;
}
