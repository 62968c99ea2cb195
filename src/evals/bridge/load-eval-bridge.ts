import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { Eval } from '@/db/schema';
import type { Bridge } from './answer-questions';
import { type BridgeOptions, loadBridge } from './load-bridge';

export type { BridgeOptions };

/**
 * The bridge an eval version's run needs: null for code that never names `judge` or `ask` (the
 * static check decides); a clear PRECONDITION_FAILED when it does and no model is configured.
 */
export async function loadEvalBridge(
  ctx: Ctx,
  target: Pick<Eval, 'name' | 'code' | 'judge'>,
  options: Omit<BridgeOptions, 'model'> = {},
): Promise<Bridge | null> {
  if (!/\b(judge|ask)\b/.test(target.code)) {
    return null;
  }
  const checked = await ctx.sandbox.check(target.code);
  if (!checked.ok || !checked.bridge?.length) {
    return null;
  }
  const loaded = await loadBridge(ctx, { ...options, model: target.judge?.model });
  if (!loaded.bridge) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${target.name} asks a model (${checked.bridge.join(', ')}) and ${loaded.message}`,
    );
  }
  return loaded.bridge;
}
