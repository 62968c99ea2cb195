import type { Agreement } from '../metrics/compute-agreement';
import type { HumanLabel, Judgement } from '../metrics/confusion';
import {
  type Candidate,
  codeSize,
  type LabelledTrace,
  type RunCandidate,
  type TrainedCode,
  type TrainingExample,
} from './candidate';
import {
  type FoldResult,
  pooledAgreement,
  rankingF1,
  rankingKappa,
  type Summary,
  scoreJudgements,
  summariseFolds,
} from './fold-metrics';
import { finerKeys, type GroupOptions, groupTraces } from './group-traces';
import { type Fold, makeGroupedFolds } from './make-folds';

export type CrossValidateOptions = {
  k?: number;
  seed?: number;
  runCandidate: RunCandidate;
  /** Group id per labelled trace (default: groupTraces with `grouping`). */
  groups?: string[];
  grouping?: GroupOptions;
  /** Called after each candidate is judged, with how many are done. */
  onCandidate?(done: number, total: number): void;
  /** Called after each fold of a trainable candidate and each fixed candidate: steps done of all. */
  onStep?(done: number, total: number): void;
  /** Fold kappa standard deviation above which a candidate is flagged unstable (default 0.15). */
  maxKappaStd?: number;
  now?: () => number;
};

export type CandidateReport = {
  candidateId: string;
  kind: Candidate['kind'];
  folds: FoldResult[];
  summary: Summary;
  /** Agreement over all held-out verdicts together, with intervals. */
  pooled: Agreement;
  /** Held-out kappa and F1 with eval errors counted as wrong, on every trace judged (ranking compares them on shared traces: compareHeldOut). */
  rankKappa: number | null;
  rankF1: number | null;
  /** Fold kappas spread at most `maxKappaStd`, and no fold failed to train. */
  stable: boolean;
  /** Traces never judged (fixed candidates: in, or near-duplicate of, the prompt). */
  excluded: number;
  codeSize: number;
  msPerTrace: number;
  /** Every judged trace with its held-out verdict (null = the eval errored), in input order. */
  heldOut: HeldOutVerdict[];
  /** The JS twins of the models trained on each fold (a trainable candidate that has them). */
  foldModels?: NonNullable<TrainedCode['predict']>[];
};

export type HeldOutVerdict = {
  traceId: string;
  label: HumanLabel;
  verdict: boolean | null;
  /** What the model that judged the trace held out said (set when a JS twin judged it). */
  reason?: string;
};

export type CrossValidationReport = {
  k: number;
  seed: number;
  /** Trace ids held out in each fold. */
  folds: string[][];
  neutralExcluded: number;
  candidates: CandidateReport[];
  /** Ranked best first: held-out kappa, then F1 (on the traces each pair shares), then smaller code, then faster. */
  ranking: string[];
  winner: string | null;
};

/**
 * Grouped k-fold cross-validation of eval candidates against human labels. Trainable candidates
 * retrain per fold; fixed ones are judged only off their prompt. Training accuracy is never used.
 */
export async function crossValidate(
  candidates: Candidate[],
  labelled: LabelledTrace[],
  options: CrossValidateOptions,
): Promise<CrossValidationReport> {
  const seed = options.seed ?? 1;
  const allGroups =
    options.groups ??
    groupTraces(
      labelled.map((t) => t.view),
      options.grouping,
    );
  const keep = labelled
    .map((t, i) => ({ t, group: allGroups[i] as string }))
    .filter(({ t }) => t.label !== 'neutral');
  const traces = keep.map(({ t }) => t);
  const groups = keep.map(({ group }) => group);
  const labels = traces.map((t) => t.label === 'positive');
  const folds = makeGroupedFolds(groups, labels, options.k ?? 5, seed, (i) =>
    finerKeys((traces[i] as LabelledTrace).view, options.grouping),
  );
  const totalSteps = candidates.reduce((n, c) => n + (c.kind === 'fixed' ? 1 : folds.length), 0);
  let steps = 0;
  const step = () => options.onStep?.(++steps, totalSteps);
  const setup: Setup = { traces, groups, labels, folds, options, step };
  const reports: CandidateReport[] = [];
  for (const candidate of candidates) {
    const judged = await collectVerdicts(candidate, setup);
    reports.push(reportCandidate(candidate, judged, setup, seed));
    options.onCandidate?.(reports.length, candidates.length);
  }
  const ranking = rankCandidates(reports);
  return {
    k: folds.length,
    seed,
    folds: folds.map((fold) => fold.test.map((i) => (traces[i] as LabelledTrace).view.trace_id)),
    neutralExcluded: labelled.length - traces.length,
    candidates: reports,
    ranking,
    winner: ranking[0] ?? null,
  };
}

type Setup = {
  traces: LabelledTrace[];
  groups: string[];
  labels: boolean[];
  folds: Fold[];
  options: CrossValidateOptions;
  step: () => void;
};

type CollectedVerdicts = {
  /** Per trace: the held-out verdict, null for an eval error, undefined when never judged. */
  verdicts: (boolean | null | undefined)[];
  /** Per trace: the held-out model's reason, when a JS twin judged it. */
  reasons: (string | undefined)[];
  trainingErrors: Map<number, string>;
  foldModels: NonNullable<TrainedCode['predict']>[];
  size: number;
  msPerTrace: number;
};

/** Held-out verdicts of one candidate: per fold for a trainable one, off-prompt for fixed code. */
async function collectVerdicts(candidate: Candidate, setup: Setup): Promise<CollectedVerdicts> {
  const { traces, groups, labels, folds, options, step } = setup;
  const now = options.now ?? (() => performance.now());
  const verdicts: (boolean | null | undefined)[] = new Array(traces.length).fill(undefined);
  const reasons: (string | undefined)[] = new Array(traces.length).fill(undefined);
  const trainingErrors = new Map<number, string>();
  const foldModels: NonNullable<TrainedCode['predict']>[] = [];
  let runMs = 0;
  let runCount = 0;
  const run = async (code: string, rows: number[], predict?: TrainedCode['predict']) => {
    const started = now();
    const views = rows.map((i) => (traces[i] as LabelledTrace).view);
    const twin = predict ? views.map((view) => predict(view)) : null;
    const out = twin ? twin.map((v) => v.passed) : await options.runCandidate(code, views);
    runMs += now() - started;
    runCount += rows.length;
    rows.forEach((i, j) => {
      verdicts[i] = out[j] ?? null;
      reasons[i] = twin?.[j]?.reason;
    });
  };
  let size = 0;
  if (candidate.kind === 'fixed') {
    const prompt = new Set(candidate.promptTraceIds);
    const leakedGroups = new Set(
      groups.filter((_, i) => prompt.has((traces[i] as LabelledTrace).view.trace_id)),
    );
    const eligible = traces.map((_, i) => i).filter((i) => !leakedGroups.has(groups[i] as string));
    if (eligible.length > 0) {
      await run(candidate.code, eligible);
    }
    size = codeSize(candidate.code);
    step();
  } else {
    for (const [f, fold] of folds.entries()) {
      const examples: TrainingExample[] = fold.train.map((i) => ({
        view: (traces[i] as LabelledTrace).view,
        label: labels[i] as boolean,
        group: groups[i] as string,
      }));
      try {
        const { code, predict } = await candidate.train(examples);
        size = Math.max(size, codeSize(code));
        if (predict) {
          foldModels.push(predict);
        }
        await run(code, fold.test, predict);
      } catch (error) {
        trainingErrors.set(f, error instanceof Error ? error.message : String(error));
        for (const i of fold.test) {
          verdicts[i] = null;
        }
      }
      step();
    }
  }
  return {
    verdicts,
    reasons,
    trainingErrors,
    foldModels,
    size,
    msPerTrace: runCount > 0 ? runMs / runCount : 0,
  };
}

function reportCandidate(
  candidate: Candidate,
  collected: CollectedVerdicts,
  setup: Setup,
  seed: number,
): CandidateReport {
  const { verdicts, reasons, trainingErrors } = collected;
  const { traces, folds } = setup;
  const judged = (rows: number[]): Judgement[] =>
    rows
      .filter((i) => verdicts[i] !== undefined)
      .map((i) => ({ label: (traces[i] as LabelledTrace).label, verdict: verdicts[i] ?? null }));
  const foldResults: FoldResult[] = folds.map((fold, f) => {
    const { scores, errors, n } = scoreJudgements(judged(fold.test));
    const trainingError = trainingErrors.get(f);
    return { fold: f, n, errors, scores, ...(trainingError ? { trainingError } : {}) };
  });
  const all = judged(traces.map((_, i) => i));
  const summary = summariseFolds(foldResults);
  const maxStd = setup.options.maxKappaStd ?? 0.15;
  return {
    candidateId: candidate.id,
    kind: candidate.kind,
    folds: foldResults,
    summary,
    pooled: pooledAgreement(all, seed),
    rankKappa: rankingKappa(all),
    rankF1: rankingF1(all),
    stable: trainingErrors.size === 0 && (summary.std.kappa ?? 0) <= maxStd,
    excluded: traces.length - all.length,
    codeSize: collected.size,
    msPerTrace: collected.msPerTrace,
    ...(collected.foldModels.length > 0 ? { foldModels: collected.foldModels } : {}),
    heldOut: traces.flatMap((t, i) =>
      verdicts[i] === undefined
        ? []
        : [
            {
              traceId: t.view.trace_id,
              label: t.label,
              verdict: verdicts[i] ?? null,
              ...(reasons[i] === undefined ? {} : { reason: reasons[i] }),
            },
          ],
    ),
  };
}

const higherFirst = (x: number | null, y: number | null) => {
  const a = x ?? Number.NEGATIVE_INFINITY;
  const b = y ?? Number.NEGATIVE_INFINITY;
  return a === b || Math.abs(a - b) <= 1e-9 ? 0 : b > a ? 1 : -1;
};

/**
 * Which of two candidates agrees better with the labels held out from both (negative: `a`):
 * kappa, then F1, on the traces both were judged on, so a model's code judged off its prompt and
 * the synthesiser's folds are compared on the same traces. Candidates that share no judged trace
 * are compared on their own held-out verdicts.
 */
export function compareHeldOut(a: CandidateReport, b: CandidateReport): number {
  const inA = new Set(a.heldOut.map((v) => v.traceId));
  const inB = new Set(b.heldOut.map((v) => v.traceId));
  const sharedA = a.heldOut.filter((v) => inB.has(v.traceId));
  const sharedB = b.heldOut.filter((v) => inA.has(v.traceId));
  const [ja, jb] = sharedA.length > 0 ? [sharedA, sharedB] : [a.heldOut, b.heldOut];
  return (
    higherFirst(rankingKappa(ja), rankingKappa(jb)) || higherFirst(rankingF1(ja), rankingF1(jb))
  );
}

/**
 * Best held-out kappa, then F1 (on the traces each pair shares), then the smaller code, then the
 * faster run; never training accuracy.
 */
function rankCandidates(reports: CandidateReport[]): string[] {
  return [...reports]
    .filter((r) => r.pooled.n > 0)
    .sort((a, b) => compareHeldOut(a, b) || a.codeSize - b.codeSize || a.msPerTrace - b.msPerTrace)
    .map((r) => r.candidateId);
}
