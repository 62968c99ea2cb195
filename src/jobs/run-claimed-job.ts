import type { Deps } from '@/core/context';
import type { Job } from '@/db/schema';
import { type Fairness, renewLease } from './claim-job';
import { type ClassifiedJobError, classifyJobError, JobFailure } from './classify-job-error';
import { isJobType, parseJobPayload } from './contracts';
import { markAttemptFailed, markSucceeded } from './finish-job';
import type { JobCtx, JobHandler, JobHandlers } from './job-handler';
import { JobYield, markYielded, someoneWaits } from './job-yield';
import { createProgressReporter } from './progress-reporter';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './retry-delay';

export type RunOptions = {
  handlers: JobHandlers;
  leaseToken: string;
  leaseMs: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** The limits the worker claims with; a handler's `shouldYield` reads them (none: never). */
  fairness?: Fairness;
};

export type JobRunOutcome =
  | { kind: 'succeeded' }
  | { kind: 'retrying'; delayMs: number; error: ClassifiedJobError }
  | { kind: 'failed'; error: ClassifiedJobError }
  | { kind: 'cancelled' }
  /** The handler gave its slot back (JobYield): the job is queued again with the rest of its work. */
  | { kind: 'yielded' }
  /** The lease expired under this worker; whoever reclaimed the job owns its outcome. */
  | { kind: 'lease_lost' };

const CANCELLED: ClassifiedJobError = {
  code: 'CANCELLED',
  message: 'cancelled on request',
  category: 'cancelled',
  retryable: false,
};

/**
 * Runs one claimed job through its handler: renews the lease while it runs, aborts the handler's
 * signal on cancellation or lost lease, then records success, a retry with backoff, or the end.
 * Shared by the Node worker loop and the Cloudflare Queues consumer.
 */
export async function runClaimedJob(
  deps: Deps,
  job: Job,
  options: RunOptions,
): Promise<JobRunOutcome> {
  const controller = new AbortController();
  const state: { stop?: 'cancel' | 'lease' } = job.cancelRequested ? { stop: 'cancel' } : {};
  const abort = (reason: 'cancel' | 'lease') => {
    state.stop ??= reason;
    controller.abort(
      new DOMException(`job ${reason === 'cancel' ? 'cancelled' : 'lease lost'}`, 'AbortError'),
    );
  };
  const publish = (
    kind: Parameters<Deps['jobEvents']['publish']>[0]['kind'],
    data: Record<string, unknown>,
  ) => deps.jobEvents.publish({ jobId: job.id, workspaceId: job.workspaceId, kind, data });
  const unsubscribe = deps.jobEvents.subscribe((event) => {
    if (event.jobId === job.id && event.kind === 'cancel_requested') {
      abort('cancel');
    }
  });
  const renewEvery = Math.max(50, Math.floor(options.leaseMs / 3));
  const renewal = setInterval(() => {
    renewLease(
      deps.db,
      job.id,
      options.leaseToken,
      new Date(deps.now().getTime() + options.leaseMs),
    )
      .then((state) => {
        if (state === null) {
          abort('lease');
        } else if (state.cancelRequested) {
          abort('cancel');
        }
      })
      .catch((error: unknown) =>
        deps.log.warn('lease renewal failed', { jobId: job.id, error: String(error) }),
      );
  }, renewEvery);
  const reporter = createProgressReporter(deps, job, options.leaseToken, publish);
  publish('started', { attempt: job.attempts, maxAttempts: job.maxAttempts, type: job.type });

  try {
    if (state.stop === 'cancel') {
      throw controller.signal.reason ?? new Error('cancelled');
    }
    const result = await dispatch(deps, job, options.handlers, {
      signal: controller.signal,
      isCancelled: () => state.stop === 'cancel',
      progress: reporter.progress,
      logLine: reporter.log,
      shouldYield: async () =>
        options.fairness !== undefined &&
        state.stop === undefined &&
        someoneWaits(deps.db, job.workspaceId, options.fairness, deps.now()),
    });
    clearInterval(renewal);
    if (state.stop === 'lease') {
      return { kind: 'lease_lost' };
    }
    await reporter.settled();
    const fence = { job, leaseToken: options.leaseToken, now: deps.now() };
    const kept = await markSucceeded(deps.db, fence, result, reporter.final(true));
    if (!kept) {
      return { kind: 'lease_lost' };
    }
    publish('succeeded', { attempt: job.attempts, result: result ?? null });
    return { kind: 'succeeded' };
  } catch (thrown) {
    clearInterval(renewal);
    if (state.stop === 'lease') {
      return { kind: 'lease_lost' };
    }
    const fence = { job, leaseToken: options.leaseToken, now: deps.now() };
    if (thrown instanceof JobYield && state.stop === undefined) {
      await reporter.flush();
      const kept = await markYielded(deps.db, fence, thrown.payload, reporter.final(false));
      if (kept) {
        publish('queued', { runAt: fence.now.toISOString(), yielded: true });
      }
      return kept ? { kind: 'yielded' } : { kind: 'lease_lost' };
    }
    const error = state.stop === 'cancel' ? CANCELLED : classifyJobError(thrown);
    await reporter.flush();
    if (error.retryable && job.attempts < job.maxAttempts) {
      const delayMs = retryDelayMs(
        job.attempts,
        options.retry ?? DEFAULT_RETRY_POLICY,
        options.random,
      );
      await markAttemptFailed(deps.db, fence, error, delayMs, deps.newId('jrh'));
      publish('retrying', { attempt: job.attempts, delayMs, error });
      return { kind: 'retrying', delayMs, error };
    }
    await markAttemptFailed(deps.db, fence, error, null, deps.newId('jrh'));
    if (error.category === 'cancelled') {
      publish('cancelled', { attempt: job.attempts });
      return { kind: 'cancelled' };
    }
    publish('failed', { attempt: job.attempts, error });
    return { kind: 'failed', error };
  } finally {
    clearInterval(renewal);
    unsubscribe();
  }
}

type Controls = Pick<JobCtx, 'signal' | 'isCancelled' | 'progress' | 'logLine' | 'shouldYield'>;

async function dispatch(
  deps: Deps,
  job: Job,
  handlers: JobHandlers,
  controls: Controls,
): Promise<unknown> {
  if (!isJobType(job.type)) {
    throw new JobFailure('VALIDATION', `unknown job type ${job.type}`, false);
  }
  const payload = parseJobPayload(job.type, job.payload);
  const handler = handlers[job.type] as JobHandler<typeof job.type>;
  const ctx: JobCtx = {
    ...deps,
    workspaceId: job.workspaceId,
    actor: { type: 'job', jobId: job.id },
    requestId: job.id,
    job: { id: job.id, type: job.type, attempt: job.attempts, maxAttempts: job.maxAttempts },
    ...controls,
  };
  return handler(ctx, payload as never);
}
