import type { EvalView } from '@/core/eval-view';
import { interleave, ratioSpread, type Spread, spread } from '../lib/measure';
import { learn } from './learner';
import { learnOneFact } from './one-fact-baseline';

/** Wall milliseconds, and the learner's CPU milliseconds (less sensitive to a shared machine). */
export type LearnTime = { learner: Spread; learnerCpu: Spread; baseline: Spread; ratio: Spread };

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
 * Milliseconds to learn from 200 labelled traces: the learner under test against the one-fact
 * baseline learner (the simplest honest learner: one pass over the traces per tool fact) on the
 * same input, back to back in each round so that load on the shared machine hits both.
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
    baseline: () => elapsed(() => learnOneFact(examples)),
  });
  return {
    learner: spread(ms.learner),
    learnerCpu: spread(cpu),
    baseline: spread(ms.baseline),
    ratio: ratioSpread(ms.learner, ms.baseline),
  };
}
