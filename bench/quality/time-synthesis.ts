import type { EvalView } from '@/core/eval-view';
import { interleave, type Spread, spread } from '../lib/measure';
import { learn } from './learner';
import { learnOneFact } from './one-fact-baseline';

/** Wall milliseconds, and the learner's CPU milliseconds (less sensitive to a shared machine). */
export type LearnTime = { learner: Spread; learnerCpu: Spread; oneFact: Spread };

const elapsed = (fn: () => unknown, cpu?: number[]) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu?.push((c.user + c.system) / 1000);
  return wall;
};

/**
 * Milliseconds to learn from 200 labelled traces. Beside it, as context and not as a baseline, the
 * one-fact learner (one pass over the traces per tool fact) on the same input, back to back in each
 * round so that load on the shared machine hits both: it does far less work (no folds, no rule
 * search), so a ratio against it would say nothing about the learner's speed. The target is
 * absolute (issue #14: under 2 s).
 */
export async function timeLearning(
  views: EvalView[],
  labels: boolean[],
  rounds = 5,
): Promise<LearnTime> {
  const examples = views.slice(0, 200).map((view, i) => ({ view, label: labels[i]! }));
  const cpu: number[] = [];
  const ms = await interleave(rounds, {
    learner: () => elapsed(() => learn({ examples, seed: 1, name: 'timing' }), cpu),
    oneFact: () => elapsed(() => learnOneFact(examples)),
  });
  return {
    learner: spread(ms.learner),
    learnerCpu: spread(cpu),
    oneFact: spread(ms.oneFact),
  };
}
