import { OpenAPIHono, type z } from '@hono/zod-openapi';

import { AppError } from '@/core/errors';
import type { AppEnv } from './env';

export type ValidationIssue = { path: string; message: string; code: string };

/** Zod issues as `{ path, message, code }`; values are never echoed (they may be secrets). */
function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * A sub-app for one resource. Every zod validation failure becomes
 * `400 { error: { code: 'VALIDATION', details: { target, issues } } }`.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = toValidationIssues(result.error);
        const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
        throw new AppError('VALIDATION', `invalid ${result.target}: ${summary.join('; ')}`, {
          details: { target: result.target, issues },
        });
      }
    },
  });
}
