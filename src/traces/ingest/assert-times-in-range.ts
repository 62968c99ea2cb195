import { AppError } from '@/core/errors';
import type { NormalisedTrace } from '../normalised-trace';

/** The earliest time a trace may carry: the Unix epoch (undated transcripts count from it). */
const MIN_TRACE_TIME = 0;
/** How far ahead of the server's clock a time may be (clock skew), past which it is an error. */
const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** Whether `ms` is a plausible time for a trace sent at `now` (times out of range would sort first or last for ever). */
export function isTimeInRange(ms: number, now: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TRACE_TIME && ms <= now + MAX_CLOCK_SKEW_MS;
}

export function timeRangeMessage(now: number): string {
  return `between ${new Date(MIN_TRACE_TIME).toISOString()} and 24 hours after ${new Date(now).toISOString()}`;
}

/** Throws VALIDATION naming the first trace or span time outside 1970-01-01 … now + 24 h. */
export function assertTimesInRange(traces: NormalisedTrace[], now: Date): void {
  const at = now.getTime();
  const check = (value: number | null, path: string) => {
    if (value !== null && !isTimeInRange(value, at)) {
      const shown =
        Number.isFinite(value) && Math.abs(value) < 8.64e15
          ? new Date(value).toISOString()
          : String(value);
      throw new AppError(
        'VALIDATION',
        `${path} is ${shown}; times must be ${timeRangeMessage(at)}`,
        {
          details: { path },
        },
      );
    }
  };
  for (const [t, trace] of traces.entries()) {
    check(trace.startTime, `traces[${t}].startTime`);
    check(trace.endTime, `traces[${t}].endTime`);
    for (const [s, span] of trace.spans.entries()) {
      check(span.startTime, `traces[${t}].spans[${s}].startTime`);
      check(span.endTime, `traces[${t}].spans[${s}].endTime`);
    }
  }
}
