import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isAppError } from '@/core/errors';
import type { AppEnv } from './env';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  LIMIT_EXCEEDED: 429,
  PRECONDITION_FAILED: 412,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type ErrorBody = {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
};

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: unknown,
): ErrorBody {
  return { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } };
}

/** Maps every thrown error once: AppError by code, body-limit errors to 413, the rest to 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  if (isAppError(error)) {
    const status =
      error.code === 'LIMIT_EXCEEDED' && isTooLarge(error.details) ? 413 : STATUS[error.code];
    return c.json(errorBody(error.code, error.message, requestId, error.details), status);
  }
  if (error.name === 'BodyLimitError') {
    return c.json(errorBody('LIMIT_EXCEEDED', 'request body too large', requestId), 413);
  }
  c.get('deps')?.log.error('unhandled error', {
    requestId,
    error: error.message,
    stack: error.stack,
  });
  return c.json(errorBody('INTERNAL', 'internal error', requestId), 500);
}

function isTooLarge(details: unknown): boolean {
  return typeof details === 'object' && details !== null && 'tooLarge' in details;
}
