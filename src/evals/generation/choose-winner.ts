import { compareHeldOut } from '../selection/cross-validate';
import {
  type BaselineComparison,
  judgeAgainstBaseline,
  type TrainingFit,
} from '../selection/judge-against-baseline';
import type { EvaluatedCandidate } from './persist-generation';

export type WinnerDecision = {
  /** The best-ranked candidate that clears the baseline, else the best-ranked one. */
  best: EvaluatedCandidate | null;
  /** The candidate that becomes (or stays) the version; null when the generation abstains. */
  winner: EvaluatedCandidate | null;
  /** The best candidate against always giving the labels' majority verdict. */
  baseline: BaselineComparison | null;
  /** created: a new version; kept: the incumbent stays; abstained: no version, with an answer. */
  outcome: 'created' | 'kept' | 'abstained';
  /** A version was created although it does not clear the baseline (the user forced it). */
  forced: boolean;
};

/**
 * The version-to-be: the best-ranked candidate whose held-out accuracy clears the majority
 * baseline (the best-ranked one when the user forces it); a refinement replaces the current
 * version only when strictly better held out.
 */
export function chooseWinner(
  evaluated: EvaluatedCandidate[],
  ranking: string[],
  force: boolean,
): WinnerDecision {
  const ranked = ranking.flatMap((id) => evaluated.filter((c) => c.id === id));
  const compared = ranked.map((c) => ({
    c,
    baseline: judgeAgainstBaseline(c.report.heldOut, trainingFit(c)),
  }));
  const pick = compared.find((x) => x.baseline.clear) ?? (force ? compared[0] : undefined);
  const top = pick ?? compared[0];
  const best = top?.c ?? null;
  const baseline = top?.baseline ?? null;
  const incumbent = evaluated.find((c) => c.id === 'incumbent');
  let decision: WinnerDecision;
  if (incumbent && (!best || best === incumbent || !strictlyBetter(best, incumbent))) {
    decision = { best, winner: incumbent, baseline, outcome: 'kept', forced: false };
  } else if (pick) {
    decision = { best, winner: pick.c, baseline, outcome: 'created', forced: !baseline?.clear };
  } else {
    decision = { best, winner: null, baseline, outcome: 'abstained', forced: false };
  }
  for (const c of evaluated) {
    c.status = c === decision.winner ? 'selected' : 'rejected';
  }
  return decision;
}

/**
 * The synthesiser's final code was trained on every label, so its fit on them joins the held-out
 * verdicts in the .632+ estimate; a fixed candidate (a model's code, the incumbent) was not
 * trained on the labels, and its held-out verdicts alone are judged.
 */
function trainingFit(c: EvaluatedCandidate): TrainingFit | undefined {
  if (c.generator !== 'synthesiser') {
    return undefined;
  }
  const { tp, fp, tn, fn, errors } = c.trainMetrics.counts;
  return { n: tp + fp + tn + fn + errors, wrong: fp + fn + errors, passed: tp + fp };
}

/** Better held out on the traces both were judged on (kappa, then F1), and not the same code. */
function strictlyBetter(a: EvaluatedCandidate, b: EvaluatedCandidate): boolean {
  return a.code !== b.code && compareHeldOut(a.report, b.report) < 0;
}
