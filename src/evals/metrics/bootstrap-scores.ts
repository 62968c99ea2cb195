import { type ConfusionCounts, cohenKappa } from './confusion';
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

function percentileInterval(values: number[]): Interval | null {
  if (values.length === 0) {
    return null;
  }
  values.sort((a, b) => a - b);
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))] as number;
  return { low: at(0.025), high: at(0.975) };
}
