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
  const names = await bridgeNames(ctx, target.code);
  if (names.length === 0) {
    return null;
  }
  const loaded = await loadBridge(ctx, { ...options, model: target.judge?.model });
  if (!loaded.bridge) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${target.name} asks a model (${names.join(', ')}) and ${loaded.message}`,
    );
  }
  return loaded.bridge;
}

/** The bridge names (`judge`, `ask`) the code calls, as the static check finds them. */
export async function bridgeNames(ctx: Ctx, code: string): Promise<string[]> {
  if (!/\b(judge|ask)\b/.test(code)) {
    return [];
  }
  const checked = await ctx.sandbox.check(code, ctx.workspaceId);
  return checked.ok ? (checked.bridge ?? []) : [];
}
