import { eq } from 'drizzle-orm';
import { selectInWorkspace } from '@/db/in-workspace';
import { evalCandidates, evals, refinementHistory } from '@/db/schema';
import type { JobCtx, JobHandler } from '@/jobs/job-handler';
import { JobYield } from '@/jobs/job-yield';
import { loadBridge } from '../bridge/load-bridge';
import {
  type GenerateEvalResult,
  type GenerationProgress,
  generateEval,
} from '../generation/generate-eval';
import { refineEval } from '../generation/refine-eval';
import { runEvalVersion } from '../runs/run-eval-version';
import { loadLlmSources } from './load-llm-sources';

/**
 * Runs one eval version; executions are upserted per trace, so a re-delivery changes nothing.
 * Between pages it gives its slot back when another workspace waits (JobYield) and is queued
 * again with where it stopped, so it goes on from the next trace.
 */
export const evalExecuteJob: JobHandler<'eval.execute'> = async (ctx, payload) => {
  ctx.logLine(payload.resume ? `resuming ${payload.evalId}` : `running ${payload.evalId}`);
  return runEvalVersion(
    ctx,
    {
      evalId: payload.evalId,
      traceIds: payload.traceIds,
      onlyLabelled: payload.onlyLabelled,
      onlyNotRun: payload.onlyNotRun,
      jobId: ctx.job.id,
      resume: payload.resume,
    },
    {
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress({ done, total }),
      shouldYield: ctx.shouldYield,
      onYield: (resume) => {
        throw new JobYield({ ...payload, resume });
      },
    },
  );
};

/** A generation's stages as the job's progress, with a log line each time the stage changes. */
function stageReporter(ctx: JobCtx) {
  let last = '';
  return (p: GenerationProgress) => {
    const stage = p.message.replace(/ \(.*\)$/, '');
    if (stage !== last) {
      last = stage;
      ctx.logLine(stage);
    }
    ctx.progress({ percent: p.percent, message: p.message });
  };
}

/** Generates and selects an eval; a generation that already finished is reported, not redone. */
export const evalGenerateJob: JobHandler<'eval.generate'> = async (ctx, payload) => {
  const generationId = payload.generationId;
  if (generationId) {
    const [selected] = await selectInWorkspace(
      ctx,
      evalCandidates,
      { evalId: evalCandidates.evalId },
      [eq(evalCandidates.generationId, generationId), eq(evalCandidates.status, 'selected')],
    );
    if (selected) {
      return { generationId, evalId: selected.evalId, reused: true };
    }
  }
  const result = await generateEval(
    ctx,
    {
      agentId: payload.agentId,
      ...(payload.name ? { name: payload.name } : {}),
      ...(payload.folds ? { k: payload.folds } : {}),
      ...(payload.seed !== undefined ? { seed: payload.seed } : {}),
      force: payload.force ?? false,
    },
    {
      sources: await loadLlmSources(ctx),
      bridge: (await loadBridge(ctx)).bridge,
      signal: ctx.signal,
      ...(generationId ? { generationId } : {}),
      onProgress: stageReporter(ctx),
    },
  );
  ctx.progress({
    percent: 100,
    message: result.created
      ? `created ${result.created.name} v${result.created.version}`
      : result.abstention
        ? 'no version: nothing beat always saying the majority verdict'
        : 'no new version',
  });
  if (result.abstention) {
    ctx.logLine(result.abstention.message);
    ctx.logLine(result.abstention.labelNext);
  }
  return toGenerationJobResult(result);
};

/** What a finished `eval.generate` job holds as its result (the dashboard and the CLI show it). */
function toGenerationJobResult(result: GenerateEvalResult) {
  return {
    generationId: result.generationId,
    evalId: result.created?.id ?? null,
    created: result.created
      ? { id: result.created.id, name: result.created.name, version: result.created.version }
      : null,
    outcome: result.outcome,
    forced: result.forced,
    rules: result.rules,
    heldOut: result.heldOut,
    abstention: result.abstention,
    winner: result.winner,
    candidates: result.candidates,
    failed: result.failed,
    labelled: result.labelled,
  };
}
export type GenerationJobResult = ReturnType<typeof toGenerationJobResult>;

/** Refines an eval; a refinement whose history row already finished is reported, not redone. */
export const evalRefineJob: JobHandler<'eval.refine'> = async (ctx, payload) => {
  const [history] = await selectInWorkspace(
    ctx,
    refinementHistory,
    { status: refinementHistory.status, toEvalId: refinementHistory.toEvalId },
    [eq(refinementHistory.id, payload.refinementId)],
  );
  if (history && history.status !== 'running') {
    return {
      refinementId: payload.refinementId,
      status: history.status,
      evalId: history.toEvalId,
      reused: true,
    };
  }
  const result = await refineEval(
    ctx,
    {
      evalId: payload.evalId,
      trigger: payload.trigger,
      alertId: payload.alertId,
      jobId: ctx.job.id,
      refinementId: payload.refinementId,
    },
    {
      sources: await loadLlmSources(ctx),
      signal: ctx.signal,
      onProgress: stageReporter(ctx),
    },
  );
  const created = result.created
    ? await ctx.db
        .select({ id: evals.id, version: evals.version })
        .from(evals)
        .where(eq(evals.id, result.created.id))
    : [];
  return {
    refinementId: result.refinementId,
    contradictions: result.contradictions,
    failed: result.failed,
    evalId: created[0]?.id ?? null,
    version: created[0]?.version ?? null,
  };
};
