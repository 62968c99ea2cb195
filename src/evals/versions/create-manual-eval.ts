import { z } from '@hono/zod-openapi';
import { assertCanWrite } from '@/auth/assert-role';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import type { Eval } from '@/db/schema';
import { CheckEvalCodeInput, checkEvalCode } from './check-eval-code';
import { createEvalVersion } from './create-eval-version';

export const CreateManualEvalInput = z.strictObject({
  agentId: z.string().min(1),
  code: CheckEvalCodeInput.shape.code,
  description: z.string().max(2000).optional(),
  /** The version this one revises (same eval name). */
  parentEvalId: z.string().optional(),
});

/**
 * Adds a hand-written eval as a new candidate version after Python's own `ast` check in the
 * sandbox: syntax errors, a missing or duplicate eval function, forbidden imports answer 400 with
 * line numbers. The eval's name is its function's name.
 */
export const createManualEval = service(
  CreateManualEvalInput,
  assertCanWrite,
  async (ctx, data): Promise<Eval> => {
    const check = await checkEvalCode(ctx, { code: data.code });
    if (!check.ok || !check.functionName) {
      throw new AppError(
        'VALIDATION',
        `the eval code has ${check.issues.length} problem(s): ${check.issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`,
        {
          details: { issues: check.issues },
        },
      );
    }
    return createEvalVersion(ctx, {
      agentId: data.agentId,
      name: check.functionName,
      code: data.code,
      generator: 'manual',
      description: data.description ?? '',
      parentEvalId: data.parentEvalId,
    });
  },
);
