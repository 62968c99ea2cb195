import { JobFailure } from './classify-job-error';
import type { JobHandler } from './job-handler';
import { JobYield } from './job-yield';

/**
 * The longest a noop sleeps before it asks whether another workspace waits for its slot (ms): a
 * public route queues it, so its sleep is work like any other and gives its slot back (F8).
 */
export const NOOP_SLICE_MS = 1000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Waits `sleepMs` (cancellable) and returns; fails transiently until `failUntilAttempt`, or
 * permanently with `failPermanently`. Sleeps in slices of at most a second and, when another
 * workspace waits for a slot, gives its slot back with the rest of its sleep (JobYield).
 */
export const noopJob: JobHandler<'noop'> = async (ctx, payload) => {
  if (payload.failPermanently) {
    throw new JobFailure('VALIDATION', 'noop asked to fail permanently', false);
  }
  if (payload.failUntilAttempt !== undefined && ctx.job.attempt <= payload.failUntilAttempt) {
    throw new JobFailure('UNAVAILABLE', `noop fails on attempt ${ctx.job.attempt}`, true);
  }
  let left = payload.sleepMs ?? 0;
  while (left > 0) {
    const slice = Math.min(left, NOOP_SLICE_MS);
    await sleep(slice, ctx.signal);
    left -= slice;
    if (left > 0 && (await ctx.shouldYield())) {
      throw new JobYield({ ...payload, sleepMs: left });
    }
  }
  return { ok: true, attempt: ctx.job.attempt };
};
