import type { Ctx } from '@/core/context';
import { type NewTasksetRunResult, tasksetRunResults } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
import type { RolloutBatchResult, TaskScore } from './run-rollout-batch';

type EvalResult = { passed: boolean; reason: string };

/** Per eval over a task's rollouts: passed when every rollout it judged passed; the reason says how many. */
function evalResultsOf(task: TaskScore): Record<string, EvalResult> {
  const names = new Set(task.rollouts.flatMap((r) => Object.keys(r.verdicts)));
  const out: Record<string, EvalResult> = {};
  for (const name of names) {
    const verdicts = task.rollouts.flatMap((r) => (r.verdicts[name] ? [r.verdicts[name]] : []));
    const judged = verdicts.filter((v) => v.passed !== null);
    const passed = judged.filter((v) => v.passed).length;
    const shown = verdicts.find((v) => v.passed === false) ?? verdicts[0];
    out[name] = {
      passed: judged.length > 0 && passed === judged.length,
      reason: `${passed}/${judged.length} rollouts passed${shown ? `: ${shown.reason}` : ''}`.slice(
        0,
        2_000,
      ),
    };
  }
  return out;
}

/**
 * One `taskset_run_results` row per task (upserted: a resumed run rewrites them) and the run's
 * summary: tasks, rollouts by status, and the mean task score when any task was scored.
 */
export async function writeTasksetRunResults(
  ctx: Ctx,
  runId: string,
  result: RolloutBatchResult,
): Promise<Record<string, number>> {
  const rows: NewTasksetRunResult[] = result.tasks.map((task) => {
    const statuses = task.rollouts.map((r) => r.status);
    return {
      id: ctx.newId('trr'),
      workspaceId: ctx.workspaceId,
      runId,
      taskId: task.taskId,
      rolloutResultId: task.rollouts[0]?.rolloutId ?? null,
      status: statuses.includes('succeeded')
        ? 'succeeded'
        : statuses.includes('failed')
          ? 'failed'
          : 'pending',
      score: task.score,
      evalResults: evalResultsOf(task),
    };
  });
  await writeBatch(ctx.db, [
    upsertRows(tasksetRunResults, rows, {
      target: [tasksetRunResults.runId, tasksetRunResults.taskId],
      update: ['rolloutResultId', 'status', 'score', 'evalResults'],
    }),
  ]);
  const rollouts = result.tasks.flatMap((t) => t.rollouts);
  const scored = result.tasks.flatMap((t) => (t.score === null ? [] : [t.score]));
  return {
    tasks: result.tasks.length,
    rolloutsPlanned: result.rolloutsPlanned,
    rolloutsDone: result.rolloutsDone,
    succeeded: rollouts.filter((r) => r.status === 'succeeded').length,
    failed: rollouts.filter((r) => r.status === 'failed').length,
    tasksScored: scored.length,
    ...(scored.length ? { meanScore: scored.reduce((a, b) => a + b, 0) / scored.length } : {}),
  };
}
