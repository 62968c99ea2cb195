import { z } from '@hono/zod-openapi';
import { AppError } from '@/core/errors';
import type { StaticIssue } from '@/core/ports/sandbox';
import { service } from '@/core/service';
import { SANDBOX_LIMITS } from '@/sandbox/limits';

export const CheckEvalCodeInput = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(SANDBOX_LIMITS.codeBytes * 4),
});

export const EvalCodeCheck = z
  .object({
    ok: z.boolean(),
    /** The eval function the code defines (the version's name once saved). */
    functionName: z.string().nullable(),
    issues: z.array(
      z.object({ code: z.string(), message: z.string(), line: z.number(), column: z.number() }),
    ),
  })
  .openapi('EvalCodeCheck');
export type EvalCodeCheck = z.infer<typeof EvalCodeCheck>;

/**
 * Python's own `ast` check of eval code in the sandbox, as saving a hand-written version runs it,
 * without saving anything: the eval function's name, or the problems by line. UNAVAILABLE when the
 * host has no sandbox.
 */
export const checkEvalCode = service(
  CheckEvalCodeInput,
  async (ctx, { code }): Promise<EvalCodeCheck> => {
    const check = await ctx.sandbox.check(code, ctx.workspaceId);
    if (check.ok) {
      return { ok: true, functionName: check.functionName, issues: [] };
    }
    if (check.error) {
      throw new AppError('UNAVAILABLE', check.error.message);
    }
    return { ok: false, functionName: null, issues: check.issues as StaticIssue[] };
  },
);
