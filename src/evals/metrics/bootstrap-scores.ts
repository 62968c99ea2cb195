import { type ConfusionCounts, cohenKappa } from './confusion';
import { sampleBinomial } from './sample-binomial';
import { createSeededRandom } from './seeded-random';
import type { Interval } from './wilson-interval';

export type BootstrapOptions = { samples?: number; seed?: number };

export type BootstrapResult = { kappa: Interval | null; f1: Interval | null };

/**
 * Percentile bootstrap (95%) of kappa and F1, resampling the labelled traces with replacement.
 * Works from the four cells alone, so counts computed in SQL suffice.
 */
export function bootstrapScores(
  c: Pick<ConfusionCounts, 'tp' | 'fp' | 'tn' | 'fn'>,
  options: BootstrapOptions = {},
): BootstrapResult {
  const n = c.tp + c.fp + c.tn + c.fn;
  if (n === 0) {
    return { kappa: null, f1: null };
  }
  const samples = options.samples ?? 1000;
  const random = createSeededRandom(options.seed ?? 1);
  const edges = [c.tp / n, (c.tp + c.fp) / n, (c.tp + c.fp + c.tn) / n];
  const kappas: number[] = [];
  const f1s: number[] = [];
  for (let s = 0; s < samples; s++) {
    const cell = n > EXACT_UP_TO ? multinomial(c, n, random) : resampleTraces(edges, n, random);
    const [tp, fp, tn, fn] = cell as [number, number, number, number];
    const kappa = cohenKappa({ tp, fp, tn, fn });
    if (kappa !== null) {
      kappas.push(kappa);
    }
    if (2 * tp + fp + fn > 0) {
      f1s.push((2 * tp) / (2 * tp + fp + fn));
    }
  }
  return { kappa: percentileInterval(kappas), f1: percentileInterval(f1s) };
}

/** One resample, trace by trace: each draw falls into the cell its uniform number lands in. */
function resampleTraces(edges: number[], n: number, random: () => number): number[] {
  const cell = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const r = random();
    const k =
      r < (edges[0] as number)
        ? 0
        : r < (edges[1] as number)
          ? 1
          : r < (edges[2] as number)
            ? 2
            : 3;
    cell[k] = (cell[k] as number) + 1;
  }
  return cell;
}

/** Above this many labelled traces a resample is drawn per cell (binomials), not per trace. */
const EXACT_UP_TO = 500;

function multinomial(
  c: Pick<ConfusionCounts, 'tp' | 'fp' | 'tn' | 'fn'>,
  n: number,
  random: () => number,
): number[] {
  const tp = sampleBinomial(n, c.tp / n, random);
  const restFp = c.fp + c.tn + c.fn;
  const fp = restFp > 0 ? sampleBinomial(n - tp, c.fp / restFp, random) : 0;
  const restTn = c.tn + c.fn;
  const tn = restTn > 0 ? sampleBinomial(n - tp - fp, c.tn / restTn, random) : 0;
  return [tp, fp, tn, n - tp - fp - tn];
}

function percentileInterval(values: number[]): Interval | null {
  if (values.length === 0) {
    return null;
  }
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))] as number;
  return { low: at(0.025), high: at(0.975) };
}
