import { type CriterionKind, isStructural } from './criterion';
import type { CriterionResult } from './evaluate-criterion';

export type Summary = {
  meanAccuracy: number | null;
  minAccuracy: number | null;
  meanKappa: number | null;
  minKappa: number | null;
  /** Majority baseline, mean over the seeds that produced an eval (all seeds when none did). */
  majority: number;
  oneFactAccuracy: number;
  oneFactKappa: number | null;
  seedsBelowMajority: number;
  abstained: number;
  target: string;
  targetMet: boolean;
  belowBaseline: boolean;
  status: string;
};

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
const numbers = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

export function targetOf(kind: CriterionKind): string {
  return kind === 'single'
    ? 'acc >= 97%'
    : isStructural(kind)
      ? 'acc >= 90%'
      : 'kappa > 1-fact kappa';
}

export function summarise(r: CriterionResult): Summary {
  const produced = r.seeds.filter((s) => !s.abstained);
  const accuracies = numbers(produced.map((s) => s.accuracy));
  const kappas = numbers(produced.map((s) => s.kappa));
  const majority = mean((produced.length ? produced : r.seeds).map((s) => s.majority)) ?? 0;
  const oneFactKappa = mean(numbers(r.seeds.map((s) => s.oneFact.kappa)));
  const meanAccuracy = mean(accuracies);
  const meanKappa = mean(kappas);
  const abstained = r.seeds.length - produced.length;
  const belowBaseline = meanAccuracy !== null && meanAccuracy < majority;
  const target = targetOf(r.kind);
  const targetMet =
    meanAccuracy !== null &&
    !belowBaseline &&
    (r.kind === 'single'
      ? meanAccuracy >= 0.97
      : isStructural(r.kind)
        ? meanAccuracy >= 0.9
        : (meanKappa ?? -1) > (oneFactKappa ?? 0));
  const status = belowBaseline
    ? 'BELOW BASELINE'
    : meanAccuracy === null
      ? 'ABSTAINED (no eval)'
      : targetMet
        ? 'met'
        : 'missed';
  return {
    meanAccuracy,
    minAccuracy: min(accuracies),
    meanKappa,
    minKappa: min(kappas),
    majority,
    oneFactAccuracy: mean(r.seeds.map((s) => s.oneFact.accuracy)) ?? 0,
    oneFactKappa,
    seedsBelowMajority: produced.filter((s) => (s.accuracy ?? 0) < s.majority).length,
    abstained,
    target,
    targetMet,
    belowBaseline,
    status:
      abstained > 0 && meanAccuracy !== null
        ? `${status}, ABSTAINED ${abstained}/${r.seeds.length}`
        : status,
  };
}
