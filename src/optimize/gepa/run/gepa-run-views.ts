import { and, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { type GepaRun, gepaRuns } from '@/db/schema';
import type { GepaState } from '../engine-types';
import { bestCandidate } from '../final-pick';
import type { GepaTestReport } from './gepa-report';
import type { GepaRunConfig } from './gepa-run-config';

/** The run in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export async function getGepaRunOrThrow(ctx: Ctx, id: string): Promise<GepaRun> {
  const [row] = await ctx.db
    .select()
    .from(gepaRuns)
    .where(and(eq(gepaRuns.workspaceId, ctx.workspaceId), eq(gepaRuns.id, id)))
    .limit(1);
  if (!row) {
    throw notFound('gepa run', id);
  }
  return row;
}

export const runState = (run: GepaRun) => run.state as unknown as GepaState;
export const runConfig = (run: GepaRun) => run.config as unknown as GepaRunConfig;

/** A run as the API shows it: status, budget, the candidate pool (the tree) and the report. */
export function toGepaRunView(run: GepaRun) {
  const state = runState(run);
  const best = state.candidates.length ? bestCandidate(state) : null;
  return {
    id: run.id,
    agentId: run.agentId,
    tasksetId: run.tasksetId,
    baseVersionId: run.baseVersionId,
    status: run.status,
    stage: state.stage.kind,
    stopReason: state.stage.kind === 'done' ? state.stage.reason : null,
    iteration: state.i,
    budgetRollouts: run.budgetRollouts,
    usedRollouts: run.usedRollouts,
    reflection: state.reflection,
    config: runConfig(run),
    best,
    candidates: state.candidates.map((c, index) => ({
      index,
      parents: c.parents,
      valAverage: c.valAverage,
      iteration: c.iteration,
      discoveredAt: c.discoveredAt,
      shadow: c.shadow ?? {},
      text: c.components,
    })),
    iterations: state.iterations.length,
    testReport: run.testReport as GepaTestReport | null,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
export type GepaRunView = ReturnType<typeof toGepaRunView>;
