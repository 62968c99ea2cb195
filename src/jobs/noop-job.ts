import { JobFailure } from './classify-job-error';
import type { JobHandler } from './job-handler';

/**
 * Waits `sleepMs` (cancellable) and returns; fails transiently until `failUntilAttempt`, or
 * permanently with `failPermanently`.
 */
export const noopJob: JobHandler<'noop'> = async (ctx, payload) => {
  if (payload.failPermanently) {
    throw new JobFailure('VALIDATION', 'noop asked to fail permanently', false);
  }
  if (payload.failUntilAttempt !== undefined && ctx.job.attempt <= payload.failUntilAttempt) {
    throw new JobFailure('UNAVAILABLE', `noop fails on attempt ${ctx.job.attempt}`, true);
  }
  if (payload.sleepMs) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, payload.sleepMs);
      ctx.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        },
        { once: true },
      );
    });
  }
  return { ok: true, attempt: ctx.job.attempt };
};
