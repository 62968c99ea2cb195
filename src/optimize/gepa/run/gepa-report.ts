import { and, asc, eq } from 'drizzle-orm';
import { createAgentVersion } from '@/agents/create-agent-version';
import type { Ctx } from '@/core/context';
import { agentVersions, type GepaRun, gepaRunTasks, reviewQueues } from '@/db/schema';
import { createReviewQueue } from '@/feedback/queues/create-review-queue';
import { type PairedTest, pairedExactTest } from '@/optimize/runs/paired-exact-test';
import type { RolloutBatchResult } from '@/optimize/runs/run-rollout-batch';
import { bestCandidate } from '../final-pick';
import { candidateText } from '../iteration-rows';
import { PROMPT_COMPONENT } from './gepa-run-config';
import { runConfig, runState } from './gepa-run-views';
import { type RunScope, runCandidateBatch, scoresOf } from './iofold-adapter';

export type GepaTestReport = {
  seed: number;
  winner: number;
  stopReason: string;
  testTasks: number;
  /** Seed vs winner on the test split (null: the run has no test split). */
  test:
    | (PairedTest & {
        meanSeed: number;
        meanWinner: number;
        seedScores: number[];
        winnerScores: number[];
      })
    | null;
  /** The winner as a candidate agent version (never active); null when the seed won. */
  candidateVersionId: string | null;
  reviewQueueId: string | null;
  reviewTraceIds: string[];
};

async function testTaskIds(ctx: Ctx, runId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ taskId: gepaRunTasks.taskId })
    .from(gepaRunTasks)
    .where(
      and(
        eq(gepaRunTasks.workspaceId, ctx.workspaceId),
        eq(gepaRunTasks.gepaRunId, runId),
        eq(gepaRunTasks.split, 'test'),
      ),
    )
    .orderBy(asc(gepaRunTasks.position));
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
  const [existing] = await ctx.db
    .select({ id: reviewQueues.id })
    .from(reviewQueues)
    .where(and(eq(reviewQueues.workspaceId, ctx.workspaceId), eq(reviewQueues.name, name)))
    .limit(1);
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
  if (testIds.length > 0) {
    const seedBatch = await runCandidateBatch(ctx, scope, 'test:seed', promptOf(0), testIds);
    const winnerBatch =
      winner === 0
        ? seedBatch
        : await runCandidateBatch(ctx, scope, 'test:winner', promptOf(winner), testIds);
    const s = scoresOf(seedBatch, config.rewardEvals).scores;
    const w = scoresOf(winnerBatch, config.rewardEvals).scores;
    const seedScores = testIds.map((id) => s[id] ?? 0);
    const winnerScores = testIds.map((id) => w[id] ?? 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    test = {
      ...pairedExactTest(winnerScores.map((w, i) => w - (seedScores[i] as number))),
      meanSeed: mean(seedScores),
      meanWinner: mean(winnerScores),
      seedScores,
      winnerScores,
    };
    review = await reviewQueueOf(ctx, run, winnerBatch, config.reviewRollouts);
  }
  let candidateVersionId: string | null = null;
  if (winner !== 0) {
    const promptTemplate = candidateText(state.candidates[winner]?.components ?? {});
    const [made] = await ctx.db
      .select({ id: agentVersions.id })
      .from(agentVersions)
      .where(
        and(
          eq(agentVersions.workspaceId, ctx.workspaceId),
          eq(agentVersions.agentId, run.agentId),
          eq(agentVersions.source, 'gepa'),
          eq(agentVersions.promptTemplate, promptTemplate),
        ),
      )
      .limit(1);
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
    candidateVersionId,
    reviewQueueId: review.id,
    reviewTraceIds: review.traceIds,
  };
}
