import { asc, eq } from 'drizzle-orm';
import { createAgentVersion } from '@/agents/create-agent-version';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { agentVersions, type GepaRun, gepaRunTasks, reviewQueues } from '@/db/schema';
import { createReviewQueue } from '@/feedback/queues/create-review-queue';
import { pairedExactTest } from '@/optimize/runs/paired-exact-test';
import type { RolloutBatchResult } from '@/optimize/runs/run-rollout-batch';
import { bestCandidate } from '../final-pick';
import { candidateText } from '../iteration-rows';
import type { GepaTestReport, SeedVsWinner } from './gepa-report-view';
import { PROMPT_COMPONENT } from './gepa-run-config';
import { runConfig, runState } from './gepa-run-views';
import { type RunScope, runCandidateBatch, scoresOf } from './iofold-adapter';

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Seed vs winner on the same tasks (a task missing from a side scores 0). */
function seedVsWinner(
  testIds: string[],
  seed: Record<string, number>,
  winner: Record<string, number>,
): SeedVsWinner {
  const seedScores = testIds.map((id) => seed[id] ?? 0);
  const winnerScores = testIds.map((id) => winner[id] ?? 0);
  return {
    ...pairedExactTest(winnerScores.map((w, i) => w - (seedScores[i] as number))),
    meanSeed: mean(seedScores),
    meanWinner: mean(winnerScores),
    seedScores,
    winnerScores,
  };
}

/** One eval's pass rate per task, out of per-task per-eval rates. */
const column = (rates: Record<string, Record<string, number>> | undefined, name: string) =>
  Object.fromEntries(Object.entries(rates ?? {}).map(([id, r]) => [id, r[name] ?? 0]));

async function testTaskIds(ctx: Ctx, runId: string): Promise<string[]> {
  const rows = await selectInWorkspace(ctx, gepaRunTasks, { taskId: gepaRunTasks.taskId }, [
    eq(gepaRunTasks.gepaRunId, runId),
    eq(gepaRunTasks.split, 'test'),
  ]).orderBy(asc(gepaRunTasks.position));
  return rows.map((r) => r.taskId);
}

/** The winner's traces put up for labelling: one queue per run, found again on a re-run. */
async function reviewQueueOf(ctx: Ctx, run: GepaRun, batch: RolloutBatchResult, count: number) {
  const traceIds = batch.tasks
    .flatMap((t) => t.rollouts.flatMap((r) => (r.traceId ? [r.traceId] : [])))
    .slice(0, count);
  if (traceIds.length === 0) {
    return { id: null, traceIds };
  }
  const name = `GEPA ${run.id}: winner on the test split`;
  const [existing] = await selectInWorkspace(ctx, reviewQueues, { id: reviewQueues.id }, [
    eq(reviewQueues.name, name),
  ]).limit(1);
  const id =
    existing?.id ?? (await createReviewQueue(ctx, { agentId: run.agentId, name, traceIds })).id;
  return { id, traceIds };
}

/**
 * The final report: seed and winner on the test split the engine never saw (one rollout batch
 * each, resumable), per-task scores and an exact paired sign test; the winner becomes a candidate
 * agent version (never active) and some of its test rollouts go to a review queue.
 */
export async function writeGepaReport(
  ctx: Ctx,
  run: GepaRun,
  scope: RunScope,
): Promise<GepaTestReport> {
  const state = runState(run);
  const config = runConfig(run);
  const winner = bestCandidate(state);
  const promptOf = (n: number) => state.candidates[n]?.components[PROMPT_COMPONENT] ?? '';
  const testIds = await testTaskIds(ctx, run.id);
  let test: GepaTestReport['test'] = null;
  let review: { id: string | null; traceIds: string[] } = { id: null, traceIds: [] };
  let shadow: GepaTestReport['shadow'] = [];
  if (testIds.length > 0) {
    const seedBatch = await runCandidateBatch(ctx, scope, 'test:seed', promptOf(0), testIds);
    const winnerBatch =
      winner === 0
        ? seedBatch
        : await runCandidateBatch(ctx, scope, 'test:winner', promptOf(winner), testIds);
    const shadowEvals = config.shadowEvals ?? [];
    const s = scoresOf(seedBatch, config.rewardEvals, shadowEvals);
    const w = scoresOf(winnerBatch, config.rewardEvals, shadowEvals);
    test = seedVsWinner(testIds, s.scores, w.scores);
    shadow = shadowEvals.map((name) => ({
      eval: name,
      ...seedVsWinner(testIds, column(s.shadow, name), column(w.shadow, name)),
    }));
    review = await reviewQueueOf(ctx, run, winnerBatch, config.reviewRollouts);
  }
  let candidateVersionId: string | null = null;
  if (winner !== 0) {
    const promptTemplate = candidateText(state.candidates[winner]?.components ?? {});
    const [made] = await selectInWorkspace(ctx, agentVersions, { id: agentVersions.id }, [
      eq(agentVersions.agentId, run.agentId),
      eq(agentVersions.source, 'gepa'),
      eq(agentVersions.promptTemplate, promptTemplate),
    ]).limit(1);
    candidateVersionId =
      made?.id ??
      (
        await createAgentVersion(ctx, {
          agentId: run.agentId,
          source: 'gepa',
          promptTemplate,
          ...(run.baseVersionId ? { parentVersionId: run.baseVersionId } : {}),
        })
      ).id;
  }
  return {
    seed: 0,
    winner,
    stopReason: state.stage.kind === 'done' ? state.stage.reason : 'cancelled',
    testTasks: testIds.length,
    test,
    shadow,
    candidateVersionId,
    reviewQueueId: review.id,
    reviewTraceIds: review.traceIds,
  };
}
