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
  const outOfRange = (value: number | null) => value !== null && !isTimeInRange(value, at);
  // the path is spelt only for a time out of range (two per span of every request otherwise)
  const fail = (value: number | null, path: string) => {
    const shown =
      value !== null && Number.isFinite(value) && Math.abs(value) < 8.64e15
        ? new Date(value).toISOString()
        : String(value);
    throw new AppError('VALIDATION', `${path} is ${shown}; times must be ${timeRangeMessage(at)}`, {
      details: { path },
    });
  };
  traces.forEach((trace, t) => {
    if (outOfRange(trace.startTime)) {
      fail(trace.startTime, `traces[${t}].startTime`);
    }
    if (outOfRange(trace.endTime)) {
      fail(trace.endTime, `traces[${t}].endTime`);
    }
    trace.spans.forEach((span, s) => {
      if (outOfRange(span.startTime)) {
        fail(span.startTime, `traces[${t}].spans[${s}].startTime`);
      }
      if (outOfRange(span.endTime)) {
        fail(span.endTime, `traces[${t}].spans[${s}].endTime`);
      }
    });
  });
}
