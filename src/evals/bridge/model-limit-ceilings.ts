import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { type LlmEnv, MODEL_LIMIT_CEILING_ENV, readCeiling } from '@/core/pick-llm-env';
import { hasLlmIntegration } from '@/integrations/read-integration-secret';
import type { ModelLimits } from './model-limits';

type Key = keyof ModelLimits;

/**
 * What a workspace may set while its calls go to the server's provider (`IOFOLD_LLM_*`), unless
 * the operator sets `IOFOLD_LLM_CEILING_*`: budgets 4× the defaults, twice the concurrency, the
 * provider's own 120 s deadline.
 */
export const DEFAULT_CEILINGS: ModelLimits = {
  judgeMaxOutputTokens: 256,
  askMaxOutputTokens: 4_096,
  callTimeoutMs: 120_000,
  maxCallsPerRun: 20_000,
  maxCostUsdPerRun: 20,
  maxCallsPerDay: 200_000,
  maxCostUsdPerDay: 200,
  concurrency: 16,
};

const KEYS = Object.keys(DEFAULT_CEILINGS) as Key[];

/**
 * The operator's ceilings from the environment; a value that is not a number ≥ 0 leaves the
 * default (`unreadableCeilings` names it: `iofold serve` refuses to start, `/health` reports it).
 */
export function operatorCeilings(env: LlmEnv = {}): ModelLimits {
  return Object.fromEntries(
    KEYS.map((k) => [k, readCeiling(env[MODEL_LIMIT_CEILING_ENV[k]]) ?? DEFAULT_CEILINGS[k]]),
  ) as ModelLimits;
}

/**
 * The ceilings on the ctx's workspace: the operator's while it uses the server's provider, null
 * when it has a model provider integration of its own (it pays for its calls and sets its limits).
 */
export async function workspaceCeilings(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'llmEnv'>,
): Promise<ModelLimits | null> {
  return (await hasLlmIntegration(ctx)) ? null : operatorCeilings(ctx.llmEnv);
}

/** Each limit, lowered to its ceiling where it is above it. */
export function capLimits<T extends ModelLimits>(limits: T, ceilings: ModelLimits | null): T {
  if (!ceilings) {
    return limits;
  }
  const capped = { ...limits };
  for (const k of KEYS) {
    capped[k] = Math.min(limits[k], ceilings[k]);
  }
  return capped;
}

/** 400 VALIDATION naming each limit set above its ceiling and the variable that sets it. */
export function assertUnderCeilings(
  changes: Partial<Record<Key, number | null | undefined>>,
  ceilings: ModelLimits | null,
): void {
  if (!ceilings) {
    return;
  }
  const issues = KEYS.flatMap((k) => {
    const value = changes[k];
    return typeof value === 'number' && value > ceilings[k]
      ? [
          {
            path: k,
            code: 'too_big',
            message: `${k} ${value} is over the server's ceiling of ${ceilings[k]} (${MODEL_LIMIT_CEILING_ENV[k]})`,
          },
        ]
      : [];
  });
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION',
      `${issues.map((i) => i.message).join('; ')}: this workspace's model calls use the server's model provider, whose operator sets these ceilings. Add a model provider integration of the workspace's own to set higher limits.`,
      { details: { issues, ceilings } },
    );
  }
}
