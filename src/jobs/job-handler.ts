import type { Ctx } from '@/core/context';
import type { JobPayload, JobType } from './contracts';

export type ProgressUpdate = { done?: number; total?: number; percent?: number; message?: string };

/** What a handler sees: a job-scoped context plus cooperative cancellation and progress. */
export type JobCtx = Ctx & {
  job: { id: string; type: JobType; attempt: number; maxAttempts: number };
  /** Aborts when someone cancels the job or this worker loses its lease. */
  signal: AbortSignal;
  isCancelled(): boolean;
  /** Live progress: pushed to streams at once, written to the jobs row at most every 250 ms. */
  progress(update: ProgressUpdate): void;
  /** One log line on the job's stream (the last one is kept as the progress message). */
  logLine(line: string): void;
  /**
   * Whether this job should give its slot back now (another workspace waits for one): a handler
   * with long work asks between chunks and, if so, throws `JobYield` with the rest of its work.
   * Always false without fairness limits. Ask only after some progress in this run.
   */
  shouldYield(): Promise<boolean>;
};

/**
 * A handler may run more than once for one job (at-least-once delivery): it must be idempotent,
 * e.g. upsert on a unique key. Its return value (JSON) is stored as the job's result.
 */
export type JobHandler<T extends JobType> = (
  ctx: JobCtx,
  payload: JobPayload<T>,
) => Promise<unknown>;

/** Exactly one handler per job type: adding a type without a handler fails the type check. */
export type JobHandlers = { [K in JobType]: JobHandler<K> };
