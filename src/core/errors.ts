export const ERROR_CODES = [
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'LIMIT_EXCEEDED',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const APP_ERROR = Symbol.for('iofold.AppError');

/** The one domain error. Transports map `code` once (HTTP status, CLI exit code, job retry). */
export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

/** Checks by marker, not `instanceof`, so duplicate module copies still agree. */
export function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && APP_ERROR in value;
}

export function notFound(entity: string, id?: string): AppError {
  return new AppError('NOT_FOUND', id ? `${entity} ${id} not found` : `${entity} not found`);
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new AppError('INTERNAL', `invariant failed: ${message}`);
  }
}
