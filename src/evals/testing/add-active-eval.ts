import type { Ctx } from '@/core/context';
import { createEvalVersion } from '@/evals/versions/create-eval-version';
import { activateEval } from '@/evals/versions/set-eval-status';

/** A hand-written eval version `name` of the agent (a candidate); answers its row. */
export function addManualEval(ctx: Ctx, agentId: string, name: string, code: string) {
  return createEvalVersion(ctx, { agentId, name, code, generator: 'manual' });
}

/** A hand-written eval version `name` of the agent, activated; answers its row. */
export async function addActiveEval(ctx: Ctx, agentId: string, name: string, code: string) {
  const row = await addManualEval(ctx, agentId, name, code);
  await activateEval(ctx, row.id);
  return row;
}
