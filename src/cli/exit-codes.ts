import type { ErrorCode } from '@/core/errors';

/** One exit code per error code (documented in docs/cli.md); 2 also covers usage errors. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  INTERNAL: 1,
  VALIDATION: 2,
  NOT_FOUND: 3,
  UNAUTHORIZED: 4,
  FORBIDDEN: 5,
  CONFLICT: 6,
  PRECONDITION_FAILED: 7,
  LIMIT_EXCEEDED: 8,
  UNAVAILABLE: 9,
  UNPROCESSABLE: 10,
};

export const USAGE_EXIT_CODE = 2;
