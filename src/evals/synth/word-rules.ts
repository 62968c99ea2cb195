import type { EvalView } from '@/core/eval-view';
import type { DecisionList } from './learn-decision-list';
import type { Predicate } from './predicate';
import { withShapeExamples } from './shape-examples';
import { extractFacts, type TraceFacts } from './trace-facts';

const EMPTY_VIEW: EvalView = {
  version: 1,
  trace_id: '',
  steps: [],
  messages: [],
  input: '',
  output: '',
  metadata: {},
};

/**
 * The predicates of a decision list's rules with a fact about every call of a kind that also holds
 * when there is no such call saying so ("(or there was none)"), and a value shape a reader cannot
 * picture given as values the labelled traces had (`withShapeExamples`). Other predicates are
 * returned as they are; rules, emitted reasons and `predict` all read the worded copies. (A tool
 * group's words name the tools of that group the labelled traces called from mining on:
 * `describeGroup`.)
 */
export function wordRulesForTraces(
  list: DecisionList,
  predicates: Predicate[],
  training: TraceFacts[] = [],
): Predicate[] {
  const empty = extractFacts(EMPTY_VIEW);
  const out = [...predicates];
  for (const rule of list.rules) {
    const p = withShapeExamples(predicates[rule.predicate] as Predicate, training);
    const whenTrue = orNone(p.whenTrue, () => p.test(empty));
    const whenFalse = orNone(p.whenFalse, () => !p.test(empty));
    if (p !== predicates[rule.predicate] || whenTrue !== p.whenTrue || whenFalse !== p.whenFalse) {
      out[rule.predicate] = { ...p, whenTrue, whenFalse };
    }
  }
  return out;
}

/** A fact about every X that also holds with no X at all, saying so (once). */
function orNone(fact: string, holdsWithNone: () => boolean): string {
  if (!/^every /.test(fact) || /\(or (?:there was )?none/.test(fact) || !holdsWithNone()) {
    return fact;
  }
  return `${fact} (or there was none)`;
}
