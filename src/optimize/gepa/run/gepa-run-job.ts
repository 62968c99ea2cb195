import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { sha256Hex } from '@/core/web-crypto';
import { chunkRows } from '@/db/chunk';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import {
  type GepaRun,
  gepaRuns,
  gepaRunTasks,
  promptIterations,
  type TasksetTask,
} from '@/db/schema';
import { classifyJobError } from '@/jobs/classify-job-error';
import type { JobCtx, JobHandler } from '@/jobs/job-handler';
import { tasksById } from '../../tasksets/tasks-by-id';
import { bestCandidate } from '../final-pick';
import { runStage } from '../gepa-adapter';
import { candidateText, iterationRows } from '../iteration-rows';
import { step } from '../step';
import { queueGepaStep } from './create-gepa-run';
import { writeGepaReport } from './gepa-report';
import { stageKey } from './gepa-run-state';
import { getGepaRunOrThrow, runConfig, runState } from './gepa-run-views';
import { iofoldAdapter, type RunScope } from './iofold-adapter';
import { setGepaRunStatus } from './set-gepa-run-status';

/** The run's frozen tasks (its `gepa_run_tasks` copy), by id. */
async function runTasks(ctx: Ctx, runId: string): Promise<Map<string, TasksetTask>> {
  const ids = await selectInWorkspace(ctx, gepaRunTasks, { taskId: gepaRunTasks.taskId }, [
    eq(gepaRunTasks.gepaRunId, runId),
  ]).orderBy(asc(gepaRunTasks.split), asc(gepaRunTasks.position));
  return tasksById(
    ctx,
    ids.map((r) => r.taskId),
  );
}

function scopeOf(ctx: JobCtx, run: GepaRun, tasks: Map<string, TasksetTask>): RunScope {
  return {
    runId: run.id,
    agentId: run.agentId,
    config: runConfig(run),
    tasks,
    signal: ctx.signal,
    onLog: (line) => ctx.logLine(line),
    onProgress: (done, total) =>
      ctx.progress({ done, total, message: `${done}/${total} rollouts` }),
  };
}

/**
 * Saves the engine's next state, its new `prompt_iterations` rows and the run's counters in one
 * batch, only if the run is still at the stage this job ran (a stage run twice saves once).
 */
async function saveStage(ctx: Ctx, run: GepaRun, before: string, next: ReturnType<typeof step>) {
  const state = next.state;
  const written = runState(run).iterations.length;
  let n = written;
  const rows = await iterationRows({
    workspaceId: ctx.workspaceId,
    agentId: run.agentId,
    gepaRunId: run.id,
    baseVersionId: run.baseVersionId,
    state,
    written,
    newId: () => `pit_${run.id}_${n++}`,
  });
  const best = state.candidates[bestCandidate(state)]?.components ?? {};
  const updated = ctx.db
    .update(gepaRuns)
    .set({
      state,
      stage: stageKey(state),
      usedRollouts: state.rolloutsUsed,
      reflectionCostUsd: state.reflection.usd,
      reflectionTokens: state.reflection.inputTokens + state.reflection.outputTokens,
      bestCandidateHash: (await sha256Hex(candidateText(best))).slice(0, 16),
      error: null,
      updatedAt: ctx.now(),
    })
    .where(
      inWorkspace(ctx, gepaRuns, [
        eq(gepaRuns.id, run.id),
        eq(gepaRuns.stage, before),
        inArray(gepaRuns.status, ['running', 'cancelled']),
      ]),
    )
    .returning({ status: gepaRuns.status });
  const [result] = await ctx.db.batch([
    updated,
    ...chunkRows(ctx.db, rows, promptIterations).map((chunk) =>
      ctx.db.insert(promptIterations).values(chunk).onConflictDoNothing(),
    ),
  ]);
  return (result as { status: GepaRun['status'] }[])[0]?.status ?? null;
}

/**
 * `gepa_run.step`: runs one stage of a GEPA run (an evaluation as one rollout batch, or a
 * reflection), saves the engine state and queues the next stage; after the last stage, the test
 * report. A cancelled run stops at the stage boundary with its best kept; an error the job's
 * retries do not cure pauses the run (state intact, resumable).
 */
export const gepaRunJob: JobHandler<'gepa_run.step'> = async (ctx, { runId }) => {
  const run = await getGepaRunOrThrow(ctx, runId);
  if (!['queued', 'running'].includes(run.status)) {
    return { status: run.status, skipped: true };
  }
  await setGepaRunStatus(ctx, run.id, ['queued', 'running'], {
    status: 'running',
    jobId: ctx.job.id,
  });
  const state = runState(run);
  const before = run.stage ?? stageKey(state);
  const scope = scopeOf(ctx, run, await runTasks(ctx, run.id));
  try {
    if (state.stage.kind === 'done') {
      const report = await writeGepaReport(ctx, run, scope);
      await setGepaRunStatus(ctx, run.id, ['running'], {
        status: 'succeeded',
        testReport: report,
        finishedAt: ctx.now(),
      });
      return { status: 'succeeded', winner: report.winner };
    }
    ctx.progress({ message: `iteration ${state.i}: ${state.stage.kind}` });
    const result = await runStage(iofoldAdapter(ctx, scope, state.i), state);
    const next = step(state, result);
    const status = await saveStage(ctx, run, before, next);
    if (status === null) {
      return { skipped: 'the stage was saved by another delivery' };
    }
    if (status === 'cancelled') {
      return { status, stage: next.nextStage.kind };
    }
    const jobId = await queueGepaStep(ctx, run.id, `gepa:${ctx.job.id}:next`);
    await setGepaRunStatus(ctx, run.id, ['running'], { jobId });
    return {
      stage: state.stage.kind,
      next: next.nextStage.kind,
      rollouts: next.state.rolloutsUsed,
    };
  } catch (error) {
    const classified = classifyJobError(error);
    if (ctx.signal.aborted || (classified.retryable && ctx.job.attempt < ctx.job.maxAttempts)) {
      throw error;
    }
    await setGepaRunStatus(ctx, run.id, ['running'], {
      status: 'paused',
      error: `paused at ${state.stage.kind}: ${classified.message}`.slice(0, 2_000),
    });
    return { status: 'paused', error: classified.message };
  }
};
