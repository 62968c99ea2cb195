import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { EvalView } from '@/core/eval-view';
import type { TraceOutcome } from '@/core/ports/sandbox';
import type { Bridge } from '../bridge/answer-questions';
import { runWithBridge } from '../bridge/run-with-bridge';

/** Runs eval code on views in one sandbox batch; outcomes in the order of the views. */
export async function runInSandbox(
  ctx: Ctx,
  code: string,
  views: EvalView[],
  bridge: Bridge | null = null,
): Promise<TraceOutcome[]> {
  if (views.length === 0) {
    return [];
  }
  const input = { code, traces: views, workspaceId: ctx.workspaceId };
  const result = await runWithBridge(ctx.sandbox, input, bridge);
  if (!result.ok) {
    throw new AppError(
      'UNAVAILABLE',
      `the sandbox could not run the eval: ${result.error.message}`,
      {
        details: { retryable: result.error.retryable, code: result.error.code },
      },
    );
  }
  const byId = new Map(result.outcomes.map((o) => [o.traceId, o]));
  return views.map((view) => {
    const outcome = byId.get(view.trace_id);
    if (!outcome) {
      throw new AppError('INTERNAL', `the sandbox returned no outcome for trace ${view.trace_id}`);
    }
    return outcome;
  });
}

/** The verdicts selection needs: pass/fail, or null where the eval errored. */
export async function verdictsInSandbox(
  ctx: Ctx,
  code: string,
  views: EvalView[],
  bridge: Bridge | null = null,
): Promise<(boolean | null)[]> {
  return (await runInSandbox(ctx, code, views, bridge)).map((o) => (o.ok ? o.passed : null));
}
