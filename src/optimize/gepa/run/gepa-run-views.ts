import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import type { Ctx } from '@/core/context';
import { getOrThrow } from '@/db/in-workspace';
import { type GepaRun, gepaRuns } from '@/db/schema';
import type { GepaState } from '../engine-types';
import { bestCandidate } from '../final-pick';
import { GepaTestReport } from './gepa-report-view';
import type { GepaRunConfig } from './gepa-run-config';

/** The run in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getGepaRunOrThrow(ctx: Ctx, id: string): Promise<GepaRun> {
  return getOrThrow(ctx, gepaRuns, 'gepa run', id);
}

export const runState = (run: GepaRun) => run.state as unknown as GepaState;
export const runConfig = (run: GepaRun) => run.config as unknown as GepaRunConfig;

/** A run as the API shows it: status, budget, the candidate pool (the tree) and the report. */
export const GepaRunView = z
  .object({
    ...columnFields(gepaRuns, 'id', 'agentId', 'tasksetId', 'baseVersionId'),
    status: z.string(),
    stage: z.string(),
    stopReason: z.string().nullable(),
    iteration: z.number().int(),
    ...columnFields(gepaRuns, 'budgetRollouts', 'usedRollouts'),
    reflection: z.object({
      calls: z.number(),
      inputTokens: z.number(),
      outputTokens: z.number(),
      usd: z.number(),
    }),
    config: z.record(z.string(), z.unknown()),
    best: z.number().int().nullable(),
    candidates: z.array(
      z.object({
        index: z.number().int(),
        parents: z.array(z.number().int()),
        valAverage: z.number(),
        iteration: z.number().int(),
        discoveredAt: z.number().int(),
        shadow: z
          .record(z.string(), z.number())
          .openapi({ description: "Each shadow eval's pass rate on validation" }),
        text: z.record(z.string(), z.string()),
      }),
    ),
    iterations: z.number().int(),
    testReport: GepaTestReport.nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('GepaRun');
export type GepaRunView = z.infer<typeof GepaRunView>;

export function toGepaRunView(run: GepaRun): GepaRunView {
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
