import { isAppError } from '@/core/errors';

export type JobErrorCategory = 'transient' | 'permanent' | 'timeout' | 'cancelled';
export type ClassifiedJobError = {
  code: string;
  message: string;
  category: JobErrorCategory;
  retryable: boolean;
};

const FAILURE = Symbol.for('iofold.JobFailure');

/** Thrown by a handler to say exactly whether its failure is worth retrying. */
export class JobFailure extends Error {
  readonly [FAILURE] = true;
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'JobFailure';
  }
}

const RETRYABLE_APP_CODES = new Set(['UNAVAILABLE', 'LIMIT_EXCEEDED']);

/**
 * Decides retry or give up: an explicit `retryable` flag wins (JobFailure, an `{code, retryable}`
 * outcome error, or an AppError's `details.retryable`); AppError codes UNAVAILABLE/LIMIT_EXCEEDED
 * retry (not a too-large limit), other AppErrors are permanent;
 * timeouts retry; unknown errors (network, driver) are treated as transient.
 */
export function classifyJobError(error: unknown): ClassifiedJobError {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof error === 'object' && error !== null && FAILURE in error) {
    const failure = error as JobFailure;
    return {
      code: failure.code,
      message,
      category: failure.retryable ? 'transient' : 'permanent',
      retryable: failure.retryable,
    };
  }
  if (isAppError(error)) {
    // a limit no retry can pass (a record too large) is permanent, like HTTP 413
    const details = error.details as { tooLarge?: unknown; retryable?: unknown } | undefined;
    const said = typeof details?.retryable === 'boolean' ? details.retryable : undefined;
    const retryable = said ?? (RETRYABLE_APP_CODES.has(error.code) && details?.tooLarge !== true);
    return {
      code: error.code,
      message,
      category: retryable ? 'transient' : 'permanent',
      retryable,
    };
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { code: 'TIMEOUT', message, category: 'timeout', retryable: true };
  }
  if (typeof error === 'object' && error !== null && 'retryable' in error && 'code' in error) {
    const shaped = error as { code: unknown; retryable: unknown; message?: unknown };
    const retryable = shaped.retryable === true;
    return {
      code: String(shaped.code),
      message: typeof shaped.message === 'string' ? shaped.message : message,
      category: retryable ? 'transient' : 'permanent',
      retryable,
    };
  }
  return { code: 'INTERNAL', message, category: 'transient', retryable: true };
}
