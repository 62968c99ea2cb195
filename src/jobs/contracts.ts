import { z } from '@hono/zod-openapi';
import { AppError } from '@/core/errors';
import { REFINEMENT_TRIGGERS } from '@/db/schema/constants';

const id = z.string().min(1).max(200);

const count = z.number().int().min(0);

/**
 * Where an eval run stopped when its job gave the slot back: the last trace judged (the run goes
 * in started_at, id order), the counts so far, timeouts in a row and model usage; the run resumes
 * after that trace.
 */
export const EvalRunResume = z.object({
  afterStartedAt: z.number(),
  afterId: id,
  done: count,
  passed: count,
  failed: count,
  errors: count,
  timeoutsInARow: count,
  usage: z
    .object({
      calls: z.number(),
      cacheHits: z.number(),
      inputTokens: z.number(),
      outputTokens: z.number(),
      costUsd: z.number(),
    })
    .optional(),
});

/**
 * Every job type and its payload, in one place. Payloads carry ids, never bodies: a handler loads
 * what it needs, so a retried job sees current data. Names are `<entity>.<verb>`.
 */
export const JOB_PAYLOADS = {
  /** Run one eval version over its agent's traces (`traceIds`, labelled ones, or those it has not judged yet). */
  'eval.execute': z.object({
    evalId: id,
    traceIds: z.array(id).max(10_000).optional(),
    onlyLabelled: z.boolean().optional(),
    onlyNotRun: z.boolean().optional(),
    /** Set by the run itself when it gave its slot back to a waiting workspace: go on from here. */
    resume: EvalRunResume.optional(),
  }),
  /** Generate candidate evals for an agent's labelled traces and select one on held-out folds. */
  'eval.generate': z.object({
    agentId: id,
    name: z.string().min(1).max(200).optional(),
    generationId: id.optional(),
    /** Create a version even when nothing clearly beats always giving the majority verdict. */
    force: z.boolean().optional(),
    /** Cross-validation folds and their seed (`iofold evals generate --folds --seed`). */
    folds: z.number().int().min(2).max(10).optional(),
    seed: z.number().int().optional(),
  }),
  /** Propose a new version of an eval from its contradictions (auto-refine or a person). */
  'eval.refine': z.object({
    evalId: id,
    refinementId: id,
    trigger: z.enum(REFINEMENT_TRIGGERS),
    alertId: id.optional(),
  }),
  /** Tasks, similar traces, clusters and task–feedback pairs of traces new or changed since the last run. */
  'tasks.index': z.object({ agentId: id.optional(), full: z.boolean().optional() }),
  /** Run a taskset run's rollouts (k per task) and aggregate its results; resumable. */
  'taskset_run.execute': z.object({ runId: id }),
  /** Run one stage of a GEPA run and queue the next (after the last, its test report). */
  'gepa_run.step': z.object({ runId: id }),
  /** Import an uploaded file of traces already stored by the ingest service. */
  'traces.import': z.object({ importId: id }),
  /** Pull new traces (and labels) from a connected platform. */
  'integration.sync': z.object({ integrationId: id }),
  /** Write the day's performance snapshots and evaluate alerts for one workspace. */
  'monitoring.snapshot': z.object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
  /** Does nothing (optionally after `sleepMs`); used by health checks, tests and the benchmark. */
  noop: z.object({
    sleepMs: z.number().int().min(0).max(60_000).optional(),
    /** Fail with a transient error until this attempt number (diagnostics of the retry path). */
    failUntilAttempt: z.number().int().min(0).max(100).optional(),
    /** Fail with a permanent error on the first attempt (diagnostics of the give-up path). */
    failPermanently: z.boolean().optional(),
    note: z.string().max(200).optional(),
  }),
} as const;

export type JobType = keyof typeof JOB_PAYLOADS;
export type JobPayload<T extends JobType> = z.infer<(typeof JOB_PAYLOADS)[T]>;
export const JOB_TYPES = Object.keys(JOB_PAYLOADS) as JobType[];

export function isJobType(value: string): value is JobType {
  return Object.hasOwn(JOB_PAYLOADS, value);
}

/** Validates a payload against its type's schema; unknown types and bad payloads are VALIDATION. */
export function parseJobPayload<T extends JobType>(type: T, payload: unknown): JobPayload<T>;
export function parseJobPayload(type: string, payload: unknown): unknown;
export function parseJobPayload(type: string, payload: unknown): unknown {
  if (!isJobType(type)) {
    throw new AppError('VALIDATION', `unknown job type ${type}`, { details: { type } });
  }
  const parsed = JOB_PAYLOADS[type].safeParse(payload);
  if (!parsed.success) {
    throw new AppError('VALIDATION', `invalid payload for ${type}`, {
      details: { type, issues: parsed.error.issues },
    });
  }
  return parsed.data;
}
