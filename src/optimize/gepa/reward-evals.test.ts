import { beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { type AgreementMetrics, agents, evals } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { AGREEMENT_BAR, assertBudget, loadRewardEvals, passesAgreementBar } from './reward-evals';

const metrics = (tp: number, fp: number, tn: number, fn: number, errors = 0): AgreementMetrics => ({
  accuracy: null,
  precision: null,
  recall: null,
  f1: null,
  kappa: null,
  counts: { tp, fp, tn, fn, neutral: 0, errors },
});

const world = ctxWorld();
beforeEach(async () => {
  await world.deps.db
    .insert(agents)
    .values({ id: 'agt', workspaceId: world.ctx.workspaceId, name: 'agent' });
});

async function addEval(id: string, status: 'active' | 'inactive', held: AgreementMetrics | null) {
  await world.deps.db.insert(evals).values({
    id,
    workspaceId: world.ctx.workspaceId,
    agentId: 'agt',
    name: `eval_${id}`,
    version: 1,
    status,
    code: 'def eval_x(trace):\n    return True, ""\n',
    codeHash: id,
    generator: 'synthesiser',
    heldOutMetrics: held,
  });
}

describe('reward evals', () => {
  it('passes the bar only when agreement clears the majority baseline', () => {
    expect(passesAgreementBar(metrics(20, 2, 18, 1))).toBe(true);
    // always "pass" on 30 positives / 10 negatives: accuracy = the majority share, kappa 0
    expect(passesAgreementBar(metrics(30, 10, 0, 0))).toBe(false);
    expect(passesAgreementBar(metrics(3, 1, 1, 1))).toBe(false);
    expect(passesAgreementBar(null)).toBe(false);
    // errors count as wrong: the same eval fails the bar with many of them
    expect(passesAgreementBar(metrics(20, 2, 18, 1, 30))).toBe(false);
  });

  it('returns the active evals that passed, and refuses with the bar named when none did', async () => {
    await addEval('good', 'active', metrics(20, 2, 18, 1));
    await addEval('weak', 'active', metrics(30, 10, 0, 0));
    await addEval('off', 'inactive', metrics(20, 2, 18, 1));
    expect((await loadRewardEvals(world.ctx, 'agt')).reward.map((e) => e.id)).toEqual(['good']);

    await world.deps.db.delete(evals);
    await addEval('weak', 'active', metrics(30, 10, 0, 0));
    const error = await loadRewardEvals(world.ctx, 'agt').catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('UNPROCESSABLE');
    expect((error as Error).message).toContain(AGREEMENT_BAR);
  });

  it('holds shadow evals out of the reward, and refuses an inactive shadow or no reward left', async () => {
    await addEval('good', 'active', metrics(20, 2, 18, 1));
    await addEval('also', 'active', metrics(20, 2, 18, 1));
    await addEval('weak', 'active', metrics(30, 10, 0, 0));
    await addEval('off', 'inactive', metrics(20, 2, 18, 1));
    const split = await loadRewardEvals(world.ctx, 'agt', ['eval_also', 'eval_weak']);
    expect(split.reward.map((e) => e.id)).toEqual(['good']);
    expect(split.shadow.map((e) => e.id)).toEqual(['also', 'weak']);

    const inactive = await loadRewardEvals(world.ctx, 'agt', ['eval_off']).catch((e: unknown) => e);
    expect(isAppError(inactive) && inactive.code).toBe('UNPROCESSABLE');
    expect((inactive as Error).message).toContain('eval_off is not');
    const none = await loadRewardEvals(world.ctx, 'agt', ['eval_good', 'eval_also']).catch(
      (e: unknown) => e,
    );
    expect(isAppError(none) && none.code).toBe('UNPROCESSABLE');
    expect((none as Error).message).toMatch(/none passed \(2 held out as shadow evals\)/);
  });

  it('answers NOT_FOUND for another workspace agent', async () => {
    const other = await createTestWorkspace(world.deps);
    const error = await loadRewardEvals({ ...world.ctx, workspaceId: other.id }, 'agt').catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code).toBe('NOT_FOUND');
  });

  it('refuses a budget below seed validation plus three proposals, with the minimum', () => {
    expect(() => assertBudget(75, { val: 10, minibatch: 3, rolloutsPerTask: 2 })).toThrow(
      'below the minimum of 76',
    );
    expect(() => assertBudget(37, { val: 10, minibatch: 3, rolloutsPerTask: 1 })).toThrow(
      'a budget of 37 rollouts is below the minimum of 38',
    );
    expect(() => assertBudget(38, { val: 10, minibatch: 3, rolloutsPerTask: 1 })).not.toThrow();
  });
});
