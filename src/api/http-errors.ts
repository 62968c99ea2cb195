import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
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
  UNPROCESSABLE: 422,
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
  if (error instanceof HTTPException) {
    return fromHttpException(error, c, requestId);
  }
  c.get('deps')?.log.error('unhandled error', {
    requestId,
    error: error.message,
    stack: error.stack,
  });
  return c.json(errorBody('INTERNAL', 'internal error', requestId), 500);
}

/** Hono's own 4xx (malformed JSON, unsupported media type) in our error body. */
function fromHttpException(error: HTTPException, c: Context<AppEnv>, requestId: string): Response {
  const status = error.status as ContentfulStatusCode;
  const code: ErrorCode =
    status === 401
      ? 'UNAUTHORIZED'
      : status === 403
        ? 'FORBIDDEN'
        : status === 404
          ? 'NOT_FOUND'
          : status === 413 || status === 429
            ? 'LIMIT_EXCEEDED'
            : status >= 500
              ? 'INTERNAL'
              : 'VALIDATION';
  const message =
    status === 415 ? 'unsupported content type; send application/json' : error.message;
  return c.json(errorBody(code, message || 'bad request', requestId), status);
}

function isTooLarge(details: unknown): boolean {
  return typeof details === 'object' && details !== null && 'tooLarge' in details;
}
