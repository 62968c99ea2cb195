import { createTwoFilesPatch } from 'diff';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { type EvalAgreement, getEvalAgreement } from '../agreement/eval-agreement';
import { getEvalOrThrow } from '../internal';

/** Two versions of one agent's evals side by side: agreement on current labels and a code diff. */
export async function compareEvals(ctx: Ctx, input: { a: string; b: string }) {
  const [a, b] = await Promise.all([getEvalOrThrow(ctx, input.a), getEvalOrThrow(ctx, input.b)]);
  if (a.agentId !== b.agentId) {
    throw new AppError('VALIDATION', 'compare versions of evals of the same agent');
  }
  const [agreementA, agreementB] = await Promise.all([
    getEvalAgreement(ctx, a.id),
    getEvalAgreement(ctx, b.id),
  ]);
  const label = (name: string, version: number) => `${name} v${version}`;
  const diff = createTwoFilesPatch(
    label(a.name, a.version),
    label(b.name, b.version),
    a.code,
    b.code,
    '',
    '',
    {
      context: 3,
    },
  );
  const side = (row: typeof a, agreement: EvalAgreement) => ({
    id: row.id,
    name: row.name,
    version: row.version,
    status: row.status,
    generator: row.generator,
    heldOutMetrics: row.heldOutMetrics,
    agreement: {
      n: agreement.n,
      executions: agreement.executions,
      accuracy: agreement.accuracy,
      f1: agreement.f1,
      kappa: agreement.kappa,
      counts: agreement.counts,
    },
  });
  return {
    a: side(a, agreementA),
    b: side(b, agreementB),
    diff,
    sameCode: a.codeHash === b.codeHash,
  };
}
