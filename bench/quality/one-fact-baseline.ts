// The simplest honest learner, as a second baseline: the one tool fact (a tool was called, or a
// tool returned an error, or their negations) that best fits the training labels.
import type { EvalView } from '@/core/eval-view';

type Fact = { name: string; holds(view: EvalView): boolean };

const calls = (view: EvalView) => view.steps.flatMap((s) => s.tool_calls);

function factsOf(views: EvalView[]): Fact[] {
  const names = [...new Set(views.flatMap((v) => calls(v).map((c) => c.name)))].sort();
  const facts: Fact[] = [
    { name: 'a tool errored', holds: (v) => calls(v).some((c) => c.error !== null) },
    ...names.map((n) => ({
      name: `called ${n}`,
      holds: (v: EvalView) => calls(v).some((c) => c.name === n),
    })),
  ];
  return facts.flatMap((f) => [
    f,
    { name: `not (${f.name})`, holds: (v: EvalView) => !f.holds(v) },
  ]);
}

/** Picks the fact with the most training agreement (first in name order on ties). */
export function learnOneFact(examples: { view: EvalView; label: boolean }[]): Fact {
  const passes = examples.filter((e) => e.label).length;
  const majority = passes * 2 >= examples.length;
  let best: Fact = { name: `always ${majority ? 'pass' : 'fail'}`, holds: () => majority };
  let bestHits = majority ? passes : examples.length - passes;
  for (const f of factsOf(examples.map((e) => e.view))) {
    const hits = examples.filter((e) => f.holds(e.view) === e.label).length;
    if (hits > bestHits) {
      best = f;
      bestHits = hits;
    }
  }
  return best;
}
