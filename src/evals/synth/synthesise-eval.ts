import type { EvalView } from '@/core/eval-view';
import { finerKeys, groupTraces } from '../selection/group-traces';
import { makeGroupedFolds } from '../selection/make-folds';
import { constantVerdictOf, describeRules } from './describe-rules';
import { emitPython, evalFunctionName } from './emit-python';
import { evidenceCalls, withCalls } from './evidence';
import {
  applyDecisionList,
  type DecisionList,
  learnDecisionList,
  learnDecisionLists,
} from './learn-decision-list';
import { answerIn, holds, noteFor, type Predicate, slotIn } from './predicate';
import { minePredicates } from './predicates/mine-predicates';
import { extractFacts, remember, type TraceFacts } from './trace-facts';
import { wordRulesForTraces } from './word-rules';

/** A labelled trace: `label` true = the trace should pass. Neutral labels are left out before. */
export type LabelledView = { view: EvalView; label: boolean };

export type SynthesisOptions = {
  /** Eval name; the function becomes `eval_<name>`. */
  name?: string;
  /** Rule counts to choose from by grouped cross-validation on the training set. */
  ruleCounts?: number[];
  /** Inner folds for choosing the rule count (default 5). */
  folds?: number;
  seed?: number;
  /** Group id per example for the inner folds (default: groupTraces). */
  groups?: string[];
  /** Where facts come from (default: extracted anew); a createFactsCache shares them between folds. */
  factsOf?: (view: EvalView) => TraceFacts;
};

export type SynthesisResult = {
  functionName: string;
  code: string;
  list: DecisionList;
  /** The rules in plain words, one line each, in the order they are checked. */
  rules: string[];
  /** The verdict given to every trace when no rule was learned (`rules` then says "Always ..."), else null. */
  constantVerdict: boolean | null;
  /** The predicates the rules use, in rule order. */
  rulePredicates: Predicate[];
  ruleCount: number;
  /** Mean inner-CV error per rule count tried. */
  innerErrors: Record<number, number>;
  trainingAccuracy: number;
  predicateCount: number;
  /** The same verdict as the emitted Python, computed in JS. */
  predict(view: EvalView): { passed: boolean; reason: string };
};

/** Learns a small decision list over mined trace predicates and emits it as a Python eval. */
export function synthesiseEval(
  examples: LabelledView[],
  options: SynthesisOptions = {},
): SynthesisResult {
  const seed = options.seed ?? 1;
  const factsOf = options.factsOf ?? extractFacts;
  const facts = examples.map((e) => factsOf(e.view));
  const labels = examples.map((e) => e.label);
  const groups = options.groups ?? groupTraces(examples.map((e) => e.view));
  const mined = minePredicates(
    facts.map((f, i) => ({ facts: f, label: labels[i] as boolean, group: groups[i] })),
  );
  const { predicates, bits } = dedupe(mined, facts);
  const costs = predicates.map((p) => p.cost);
  const surface = surfaceOf(predicates, groups);

  const ruleCounts = options.ruleCounts ?? [0, 1, 2, 3, 4];
  const folds = makeGroupedFolds(groups, labels, options.folds ?? 5, seed, (i) =>
    finerKeys((examples[i] as LabelledView).view),
  );
  const innerErrors: Record<number, number> = {};
  let ruleCount = ruleCounts[0] ?? 1;
  // One greedy pass per fold gives the list of every rule count (the shorter are its prefixes).
  const foldLists = folds.map((fold) =>
    learnDecisionLists({
      bits,
      costs,
      labels,
      rows: fold.train,
      maxRules: Math.max(0, ...ruleCounts),
      surface,
    }),
  );
  for (const count of ruleCounts) {
    let wrong = 0;
    folds.forEach((fold, f) => {
      const list = (foldLists[f] as DecisionList[])[count] as DecisionList;
      for (const i of fold.test) {
        const { verdict } = applyDecisionList(list, (p) => (bits[p] as Uint8Array)[i] === 1);
        wrong += verdict === labels[i] ? 0 : 1;
      }
    });
    innerErrors[count] = wrong / Math.max(1, examples.length);
    const best = innerErrors[ruleCount] ?? Number.POSITIVE_INFINITY;
    // Fewest rules among the best; but a rule that ties a constant verdict beats the constant.
    if (innerErrors[count] < best || (innerErrors[count] === best && ruleCount === 0)) {
      ruleCount = count;
    }
  }
  if (ruleCount === 0 && !canShowGain(folds, labels)) {
    // No inner fold tests a rarer label while training on one: its errors can show what a rule
    // costs, never what it gains, so they do not choose the constant; the outer folds judge.
    const rules = ruleCounts.filter((c) => c > 0);
    ruleCount = rules.length > 0 ? Math.min(...rules) : ruleCount;
  }
  const list = learnDecisionList({ bits, costs, labels, maxRules: ruleCount, surface });
  let right = 0;
  labels.forEach((label, i) => {
    right +=
      applyDecisionList(list, (p) => (bits[p] as Uint8Array)[i] === 1).verdict === label ? 1 : 0;
  });
  const functionName = evalFunctionName(options.name ?? 'synthesised');
  const pass = labels.filter(Boolean).length;
  // the rules' words say what holds when there is no such call
  const worded = wordRulesForTraces(list, predicates, facts);
  const code = emitPython({
    functionName,
    list,
    predicates: worded,
    trainingCount: { pass, fail: labels.length - pass },
  });
  const rulePredicates = list.rules.map((r) => worded[r.predicate] as Predicate);
  return {
    functionName,
    code,
    list,
    rules: describeRules(list, worded),
    constantVerdict: constantVerdictOf(list),
    rulePredicates,
    ruleCount,
    innerErrors,
    trainingAccuracy: right / Math.max(1, labels.length),
    predicateCount: predicates.length,
    predict: (view) => predictWith(list, worded, factsOf(view)),
  };
}

/**
 * Whether some inner fold tests a trace of the rarer label while training on one: else (the rarer
 * label in one group, or absent) no rule can be right where the constant verdict is wrong on held
 * out traces, and inner cross-validation can only ever pick the constant.
 */
function canShowGain(folds: { train: number[]; test: number[] }[], labels: boolean[]): boolean {
  const passes = labels.filter(Boolean).length;
  const rare = passes * 2 < labels.length;
  return folds.some(
    (fold) =>
      fold.test.some((i) => labels[i] === rare) && fold.train.some((i) => labels[i] === rare),
  );
}

/** Families of words: a rule on one must hold across tasks (learn-decision-list.ts `surface`). */
const SURFACE = new Set(['text-token', 'failure-word', 'failure-form']);

/** Which predicates are words, and each example's group as a number. */
function surfaceOf(predicates: Predicate[], groups: string[]) {
  const index = new Map<string, number>();
  const groupOf = groups.map((g) => remember(index, g, () => index.size));
  return {
    predicates: predicates.map((p) => SURFACE.has(p.family)),
    groupOf,
    groupCount: index.size,
  };
}

/**
 * A predicate's literal (`negated`: its negation) said of trace `f` with its evidence: the calls,
 * and a note (a message, a value, a count), which is evidence of one literal only.
 */
function said(p: Predicate, negated: boolean, f: TraceFacts): string {
  const note = noteFor(p, negated)?.text(f) ?? null;
  return withCalls(negated ? p.whenFalse : p.whenTrue, f, evidenceCalls(p, f), note);
}

function predictWith(list: DecisionList, predicates: Predicate[], f: TraceFacts) {
  const { verdict, rule } = applyDecisionList(list, (p) => holds(predicates[p] as Predicate, f));
  if (rule >= 0) {
    const r = list.rules[rule] as DecisionList['rules'][number];
    return { passed: verdict, reason: said(predicates[r.predicate] as Predicate, r.negated, f) };
  }
  // falling through, every rule's opposite literal held: each is said with its evidence
  const otherwise = list.rules.map((r) =>
    said(predicates[r.predicate] as Predicate, !r.negated, f),
  );
  const reason =
    otherwise.length > 0
      ? otherwise.join('; ')
      : `no distinguishing rule was found; most labelled traces ${verdict ? 'pass' : 'fail'}`;
  return { passed: verdict, reason };
}

/** Evaluates every predicate once; keeps the cheapest of those with identical or constant columns. */
function dedupe(mined: Predicate[], facts: TraceFacts[]) {
  const order = mined
    .map((_, i) => i)
    .sort((a, b) => (mined[a] as Predicate).cost - (mined[b] as Predicate).cost || a - b);
  const ids = new Set<string>();
  const distinct: Predicate[] = [];
  for (const i of order) {
    const p = mined[i] as Predicate;
    if (!ids.has(p.id)) {
      ids.add(p.id);
      distinct.push(p);
    }
  }
  const { rows, ones } = columnsOf(distinct, facts);
  const seen = new Set<string>();
  const predicates: Predicate[] = [];
  const bits: Uint8Array[] = [];
  distinct.forEach((p, k) => {
    const row = rows[k] as Uint8Array;
    if (ones[k] === 0 || ones[k] === facts.length) {
      return;
    }
    const key = columnKey(row, 0);
    const complement = columnKey(row, 1);
    if (seen.has(key) || seen.has(complement)) {
      return;
    }
    seen.add(key);
    predicates.push(p);
    bits.push(row);
  });
  return { predicates, bits };
}

/**
 * Each predicate's answers on the traces (1: holds), as `holds` gives them, and how many hold,
 * with each predicate's answer slot looked up once for all the traces that share one numbering (a
 * facts cache), not once per trace: this runs for every mined predicate on every trace of every
 * fold.
 */
function columnsOf(
  predicates: Predicate[],
  facts: TraceFacts[],
): { rows: Uint8Array[]; ones: Uint32Array } {
  const rows = predicates.map(() => new Uint8Array(facts.length));
  const ones = new Uint32Array(predicates.length);
  let slots: Map<string, number> | null = null;
  let at: number[] = [];
  facts.forEach((f, j) => {
    if (f.slots !== slots) {
      slots = f.slots;
      at = predicates.map((p) => slotIn(p, f.slots));
    }
    // a plain loop: a callback per answer took several times as long as reading it
    for (let k = 0; k < predicates.length; k++) {
      if (answerIn(predicates[k] as Predicate, f, at[k] as number)) {
        (rows[k] as Uint8Array)[j] = 1;
        ones[k] = (ones[k] as number) + 1;
      }
    }
  });
  return { rows, ones };
}

/** A column's bits (flipped when `flip` is 1) packed 15 to a character: equal keys, equal columns. */
function columnKey(row: Uint8Array, flip: 0 | 1): string {
  const codes: number[] = [];
  for (let i = 0; i < row.length; i += 15) {
    let code = 0;
    for (let j = i; j < Math.min(i + 15, row.length); j++) {
      code = (code << 1) | ((row[j] as number) ^ flip);
    }
    codes.push(code);
  }
  return String.fromCharCode(...codes);
}
