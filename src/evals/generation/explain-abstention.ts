import type { LabelledTraceRow } from '../internal';
import { type BaselineComparison, rareLabelsNeeded } from '../selection/judge-against-baseline';
import type { EvaluatedCandidate } from './persist-generation';
import type { SuggestedTrace } from './suggest-next-labels';

export type WrongTrace = {
  traceId: string;
  /** The id the trace came with from its source (a transcript's id, an OTel trace id). */
  externalId: string | null;
  /** The trace's name, when it has one. */
  name: string | null;
  label: 'positive' | 'negative';
  /** The verdict the best candidate, as shown (its rules, trained on all labels), gave. */
  verdict: 'pass' | 'fail' | 'error';
  /** Why: the reason that candidate's code returned, or its error. */
  reason: string;
};

/** Why no version was created, in words a labeller can act on. */
export type AbstentionAnswer = {
  message: string;
  majority: 'pass' | 'fail';
  baselineAccuracy: number;
  best: {
    candidateId: string;
    generator: string;
    accuracy: number;
    interval: [number, number];
    kappa: number | null;
    rules: string[];
  } | null;
  wrong: WrongTrace[];
  /** Which kind of trace to label next. */
  labelNext: string;
  /** Unlabelled traces of the agent to label next, best first (`suggestNextLabels`). */
  suggested: SuggestedTrace[];
};

const verdictWord = (pass: boolean) => (pass ? 'pass' : 'fail');
const pct = (x: number) => `${Math.round(100 * x)}%`;
const MAX_WRONG = 20;
/** Fewer labels than this of the rarer kind is the first thing to fix. */
const FEW_OF_ONE_KIND = 8;

/**
 * `notesRead`: a model reads the labels' notes (the model bridge or a model-backed candidate
 * source); without one, notes change nothing and the advice does not ask for them.
 */
export function explainAbstention(
  bestCandidate: EvaluatedCandidate | null,
  baseline: BaselineComparison | null,
  labelled: LabelledTraceRow[],
  {
    notesRead = false,
    folds,
    suggested = [],
  }: { notesRead?: boolean; folds?: string[][]; suggested?: SuggestedTrace[] } = {},
): AbstentionAnswer {
  const positives = labelled.filter((t) => t.label === 'positive').length;
  const majority = baseline?.majority ?? positives * 2 >= labelled.length;
  const baselineAccuracy =
    baseline?.baselineAccuracy ??
    (majority ? positives : labelled.length - positives) / Math.max(1, labelled.length);
  // A best candidate whose rule on all the labels is the constant one is the baseline itself: its
  // held-out figure measures the rules it found on parts of the labels (each fold retrains), not
  // the constant it shows, so it is not presented as a candidate next to that figure.
  const constantVerdict = bestCandidate?.constantVerdict;
  const constantBest = constantVerdict !== undefined;
  const best = constantBest ? null : bestCandidate;
  const wrong = best ? wrongOf(best, labelled) : [];
  const constant = verdictWord(majority);
  const agreeing = Math.round(baselineAccuracy * labelled.length);
  const notClearly =
    baseline && baseline.interval.low > baselineAccuracy ? '' : ', not clearly more';
  const bestPart = constantBest
    ? ` No candidate found a rule that holds on all your labels: trained on all of them, the best one separates no good trace from a bad one and would always say ${verdictWord(constantVerdict === true)}.`
    : best && baseline
      ? baseline.accuracy === baseline.heldOutAccuracy
        ? ` The best candidate (${best.generator}) agreed with ${pct(baseline.accuracy)} of the labels it had not seen (95% interval ${pct(baseline.interval.low)}–${pct(baseline.interval.high)})${notClearly}.`
        : ` The best candidate (${best.generator}) agreed with ${pct(baseline.heldOutAccuracy)} of the labels it had not seen; trained on all of them it would agree with about ${pct(baseline.accuracy)} (95% interval ${pct(baseline.interval.low)}–${pct(baseline.interval.high)})${notClearly}.`
      : '';
  // the interval cleared the bar but the paired test against the constant verdict did not
  const pairedPart =
    best && baseline && baseline.interval.low > baselineAccuracy && (baseline.kappa ?? 0) > 0
      ? ` On the labels it had not seen where it and always saying ${constant} disagree, it was right on ${baseline.wins} and wrong on ${baseline.losses}: a candidate no better than always saying ${constant} does as well too often (sign test mid-p ${baseline.pairedP.toFixed(2)}, 0.05 needed).`
      : '';
  return {
    message: `No eval found that agrees with your labels better than always saying ${constant}: that alone agrees with ${agreeing} of ${labelled.length} labels (${pct(baselineAccuracy)}).${bestPart}${pairedPart}`,
    majority: constant,
    baselineAccuracy,
    best:
      best && baseline
        ? {
            candidateId: best.id,
            generator: best.generator,
            accuracy: baseline.accuracy,
            interval: [baseline.interval.low, baseline.interval.high],
            kappa: baseline.kappa,
            rules: best.rules,
          }
        : null,
    wrong,
    labelNext: adviseNextLabels(labelled, majority, wrong, notesRead, folds),
    suggested,
  };
}

/**
 * The labelled traces the candidate as shown gets wrong: its code (the rules it shows, trained on
 * every label) run on each, in the labels' order; not the fold models' verdicts, whose rules differ.
 */
function wrongOf(best: EvaluatedCandidate, labelled: LabelledTraceRow[]): WrongTrace[] {
  const outcomeOf = new Map(best.outcomes.map((o) => [o.traceId, o]));
  const wrong: WrongTrace[] = [];
  for (const t of labelled) {
    const o = outcomeOf.get(t.id);
    if (t.label === 'neutral' || o === undefined || wrong.length >= MAX_WRONG) {
      continue;
    }
    const good = t.label === 'positive';
    if (o.ok && o.passed === good) {
      continue;
    }
    wrong.push({
      traceId: t.id,
      externalId: t.externalId ?? null,
      name: t.name ?? null,
      label: good ? 'positive' : 'negative',
      verdict: o.ok ? verdictWord(o.passed) : 'error',
      reason: o.ok ? o.reason : `error: ${o.error.message}`,
    });
  }
  return wrong;
}

function adviseNextLabels(
  labelled: LabelledTraceRow[],
  majority: boolean,
  wrong: WrongTrace[],
  notesRead: boolean,
  folds?: string[][],
): string {
  const rareIds = labelled.filter((t) => (t.label === 'positive') !== majority).map((t) => t.id);
  const rare = rareIds.length;
  const common = labelled.length - rare;
  const needed = rareLabelsNeeded(rare, common);
  const noteEach = notesRead ? ' A note on each saying why helps.' : '';
  // every rarer label in one fold: the model that judged them had none to learn from
  const together =
    rare >= 2 && (folds ?? []).some((ids) => rareIds.every((id) => ids.includes(id)));
  if (together && needed === 0) {
    return `Label traces that should ${verdictWord(!majority)} from other tasks: all ${rare} you have were held out together (one task, by its id, opening or task cluster), so no check could learn from them and try what it learned on another task.${noteEach}`;
  }
  if (rare < FEW_OF_ONE_KIND) {
    // below that count abstaining is what the labels say, however right a rule is
    const atLeast =
      needed > 0
        ? ` With fewer than ${rare + needed}, no eval, however right, can show that it does better than always saying ${verdictWord(majority)}: label at least ${needed} more, from tasks unlike the ones you labelled.`
        : '';
    return `Label more traces that should ${verdictWord(!majority)}: you have ${rare} of them against ${common} that should ${verdictWord(majority)}.${atLeast}${noteEach}`;
  }
  const missedPass = wrong.filter((w) => w.label === 'positive').length;
  const missedFail = wrong.length - missedPass;
  if (wrong.length >= 3 && Math.max(missedPass, missedFail) >= (2 * wrong.length) / 3) {
    const pass = missedPass > missedFail;
    return `Label more traces like the ${pass ? missedPass : missedFail} listed that should ${verdictWord(pass)} but were judged ${verdictWord(!pass)}${notesRead ? ', each with a note saying why' : ''}: the candidates have not yet seen what they share.`;
  }
  return `Label more traces of both kinds${notesRead ? ', each with a note saying why' : ''}: no rule the candidates found holds on traces they had not seen.`;
}
