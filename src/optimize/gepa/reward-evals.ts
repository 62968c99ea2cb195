import { asc, eq } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type AgreementMetrics, type Eval, evals } from '@/db/schema';
import type { Judgement } from '@/evals/metrics/confusion';
import { judgeAgainstBaseline } from '@/evals/selection/judge-against-baseline';
import { minimumBudget } from './init-state';

/** The bar an eval must have passed to be a reward: the one eval generation uses to keep a version. */
export const AGREEMENT_BAR =
  'held-out agreement with the labels above the majority-class baseline (95% interval clear of it) and kappa above 0';

/**
 * Whether stored held-out counts pass the bar, judged by the same helper eval generation uses.
 * Errored traces count as wrong verdicts on the majority label (their labels are not stored), the
 * side that makes the baseline hardest to beat.
 */
export function passesAgreementBar(metrics: AgreementMetrics | null): boolean {
  if (!metrics) {
    return false;
  }
  const { tp, fp, tn, fn, errors } = metrics.counts;
  const majority: Judgement['label'] = tp + fn >= fp + tn ? 'positive' : 'negative';
  const judgements: Judgement[] = [
    ...Array.from({ length: tp }, () => ({ label: 'positive' as const, verdict: true })),
    ...Array.from({ length: fn }, () => ({ label: 'positive' as const, verdict: false })),
    ...Array.from({ length: fp }, () => ({ label: 'negative' as const, verdict: true })),
    ...Array.from({ length: tn }, () => ({ label: 'negative' as const, verdict: false })),
    ...Array.from({ length: errors }, () => ({ label: majority, verdict: null })),
  ];
  return judgeAgainstBaseline(judgements).clear;
}

/**
 * GEPA's reward: the agent's active evals whose held-out agreement passed the bar, by name, less
 * the `shadow` evals (active evals scored beside the reward, kept out of it and of the reflector's
 * feedback, to see whether the reward is gamed). UNPROCESSABLE naming the bar when no reward eval
 * is left, or naming a shadow eval that is not active; NOT_FOUND for another workspace's agent.
 */
export async function loadRewardEvals(
  ctx: Ctx,
  agentId: string,
  shadowNames: readonly string[] = [],
): Promise<{ reward: Eval[]; shadow: Eval[] }> {
  await getAgentOrThrow(ctx, agentId);
  const active = await rowsInWorkspace(ctx, evals, [
    eq(evals.agentId, agentId),
    eq(evals.status, 'active'),
  ]).orderBy(asc(evals.name));
  const unknown = shadowNames.filter((name) => !active.some((e) => e.name === name));
  if (unknown.length > 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `shadow evals must be active evals of the agent: ${unknown.join(', ')} is not`,
      { details: { unknown, activeEvals: active.map((e) => e.name) } },
    );
  }
  const shadow = active.filter((e) => shadowNames.includes(e.name));
  const reward = active.filter(
    (e) => !shadowNames.includes(e.name) && passesAgreementBar(e.heldOutMetrics),
  );
  if (reward.length === 0) {
    const held = shadow.length ? ` (${shadow.length} held out as shadow evals)` : '';
    throw new AppError(
      'UNPROCESSABLE',
      `GEPA needs at least one active eval that passed the agreement bar: ${AGREEMENT_BAR}. This agent has ${active.length} active eval(s) and none passed${held}.`,
      { details: { bar: AGREEMENT_BAR, activeEvals: active.map((e) => e.name) } },
    );
  }
  return { reward, shadow };
}

/** UNPROCESSABLE with the computed minimum when a budget cannot pay for the seed and 3 proposals. */
export function assertBudget(
  budget: number,
  sizes: { val: number; minibatch: number; rolloutsPerTask: number },
): void {
  const minimum = minimumBudget(sizes.val, sizes.minibatch, sizes.rolloutsPerTask);
  if (budget < minimum) {
    throw new AppError(
      'UNPROCESSABLE',
      `a budget of ${budget} rollouts is below the minimum of ${minimum}: seed validation (${sizes.val}) + 3 proposals (3 x 2 x ${sizes.minibatch}) + one validation (${sizes.val}), times ${sizes.rolloutsPerTask} rollout(s) per task`,
      { details: { minimum, budget } },
    );
  }
}
