import { aOrAn } from '@/core/a-or-an';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import type { TraceFacts } from '../trace-facts';
import { numbersByKey } from './compare-predicates';
import { resultObjects } from './field-predicates';
import { groupOf } from './group-tally';

// Mirrored by `_within_constant` in python-compare-helpers.ts; change both together (parity test).

/** Where a number is read: a call's arguments, or its JSON result. */
export type NumberSource = 'arg' | 'result';
type Bound = '<=' | '>=';
type Where = { source: NumberSource; tool: string | null; key: string };

/** The numbers under `key` (at any depth) of every `tool` call's (null: any call's) arguments or result. */
function numbersOf(facts: TraceFacts, { source, tool, key }: Where): number[] {
  const results = source === 'result' ? resultObjects(facts) : null;
  const out: number[] = [];
  facts.calls.forEach((c, k) => {
    if (tool === null || c.name === tool) {
      const values = numbersByKey(results ? results[k] : c.args).get(key);
      if (values) {
        out.push(...values);
      }
    }
  });
  return out;
}

/** Every number under `key` of the calls stood in relation `op` to the constant `c` (true when none). */
export function withinConstant(facts: TraceFacts, where: Where, op: Bound, c: number): boolean {
  return numbersOf(facts, where).every((a) => (op === '<=' ? a <= c : a >= c));
}

/**
 * The roundest number in the gap between the last value kept and the first one left out (for
 * `<=`, at least `lo` and below `hi`; for `>=`, above `lo` and at most `hi`), nearest the middle:
 * limits people set are round (a credit of at most 50), and a midpoint such as 55.5 would move
 * the line by whatever the labelled values happened to be.
 */
export function roundBetween(lo: number, hi: number, op: Bound): number {
  const inside = (x: number) => (op === '<=' ? x >= lo && x < hi : x > lo && x <= hi);
  const mid = (lo + hi) / 2;
  for (let k = Math.ceil(Math.log10(Math.max(Math.abs(lo), Math.abs(hi), 1e-9))) + 1; k > -7; k--) {
    for (const unit of [1, 0.5]) {
      const step = unit * 10 ** k;
      const best = Number((Math.round(mid / step) * step).toPrecision(12));
      const near = [best, best - step, best + step]
        .map((x) => Number(x.toPrecision(12)))
        .filter(inside)
        .sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid) || a - b);
      if (near[0] !== undefined) {
        return near[0];
      }
    }
  }
  return mid;
}

type Column = { where: Where; values: (number[] | null)[] };

/** Per argument or result key (of one tool, and of any tool), each example's numbers there. */
function columnsOf(examples: MiningExample[]): Column[] {
  const columns = new Map<string, Column>();
  examples.forEach((e, i) => {
    const results = resultObjects(e.facts);
    e.facts.calls.forEach((c, k) => {
      for (const source of ['arg', 'result'] as const) {
        for (const [key, values] of numbersByKey(source === 'arg' ? c.args : results[k])) {
          for (const tool of [c.name, null]) {
            const id = JSON.stringify([source, tool, key]);
            let column = columns.get(id);
            if (!column) {
              column = { where: { source, tool, key }, values: examples.map(() => null) };
              columns.set(id, column);
            }
            column.values[i] = [...(column.values[i] ?? []), ...values];
          }
        }
      }
    });
  });
  return [...columns.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
}

/**
 * The constant that best splits the labels for "every value `op` c": the examples' largest (for
 * `<=`) or smallest (`>=`) value sorted, the cut with the fewest wrong verdicts among the examples
 * holding a value, then a round number in its gap. Null when no cut leaves out failing traces of
 * `minGroups` groups and gains two traces over the best constant verdict.
 */
function bestCut(examples: MiningExample[], column: Column, op: Bound, minGroups: number) {
  const points = column.values
    .map((vs, i) => (vs ? { v: op === '<=' ? Math.max(...vs) : Math.min(...vs), i } : null))
    .filter((p) => p !== null)
    .sort((a, b) => (op === '<=' ? a.v - b.v : b.v - a.v));
  const pass = points.filter((p) => examples[p.i]?.label).length;
  const fail = points.length - pass;
  let best: { errors: number; at: number } | null = null;
  let kept = { pass: 0, fail: 0 };
  for (let j = 0; j < points.length - 1; j++) {
    const p = points[j] as { v: number; i: number };
    kept = examples[p.i]?.label
      ? { ...kept, pass: kept.pass + 1 }
      : { ...kept, fail: kept.fail + 1 };
    if ((points[j + 1] as { v: number }).v === p.v) {
      continue;
    }
    const errors = kept.fail + (pass - kept.pass);
    if (best === null || errors < best.errors) {
      best = { errors, at: j };
    }
  }
  if (best === null || best.errors > Math.min(pass, fail) - 2) {
    return null;
  }
  const left = points.slice(best.at + 1).filter((p) => !examples[p.i]?.label);
  if (new Set(left.map((p) => groupOf(examples[p.i] as MiningExample, p.i))).size < minGroups) {
    return null;
  }
  const a = (points[best.at] as { v: number }).v;
  const b = (points[best.at + 1] as { v: number }).v;
  const passing = points.slice(0, best.at + 1).filter((p) => examples[p.i]?.label);
  // one value on a side: the line could lie anywhere in the gap, the constant is a guess
  const thin =
    new Set(left.map((p) => p.v)).size < 2
      ? 'failing'
      : new Set(passing.map((p) => p.v)).size < 2
        ? 'passing'
        : null;
  const c = op === '<=' ? roundBetween(a, b, '<=') : roundBetween(b, a, '>=');
  return { c, gap: [Math.min(a, b), Math.max(a, b)] as const, thin };
}

type Cut = NonNullable<ReturnType<typeof bestCut>>;

/**
 * Numbers against a constant chosen from the labels: "every `issue_credit` call's amount was at
 * most 50", "every `get_balance` result's balance was at least 0", for one argument (or one
 * result field) of one tool or of any tool.
 */
export function mineThresholdPredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const out: Predicate[] = [];
  for (const column of columnsOf(examples)) {
    for (const op of ['<=', '>='] as const) {
      const cut = bestCut(examples, column, op, minGroups);
      if (cut !== null) {
        out.push(thresholdPredicate(column.where, op, cut));
      }
    }
  }
  return out;
}

function thresholdPredicate(where: Where, op: Bound, { c, gap, thin }: Cut): Predicate {
  const { source, tool, key } = where;
  const guess = thin
    ? `; the labels put the limit between ${JSON.stringify(gap[0])} and ${JSON.stringify(gap[1])}, one ${thin} value`
    : '';
  const whose = `${tool === null ? 'call' : `'${tool}' call`}${source === 'result' ? ' result' : ''}`;
  const word = op === '<=' ? 'at most' : 'at least';
  const num = JSON.stringify(c);
  return {
    id: `threshold:${source}:${tool ?? '*'}.${key}${op}${num}`,
    family: 'threshold',
    // An argument (or a result's field), a comparison and a constant fitted to the labels: one
    // free number more than a relation between two values of the trace (compare, 2); a constant
    // that one value on a side placed is a guess (the line could lie anywhere in the gap).
    cost: 2.5 + (tool ? 0.1 : 0) + (source === 'result' ? 0.2 : 0) + (thin ? 0.3 : 0),
    test: (f) => withinConstant(f, where, op, c),
    python: `_within_constant(f, ${JSON.stringify(source)}, ${tool === null ? 'None' : JSON.stringify(tool)}, ${JSON.stringify(key)}, ${JSON.stringify(op)}, ${num})`,
    helpers: ['_within_constant'],
    whenTrue: `every ${whose}'s ${key} was ${word} ${num} (or there was none${guess})`,
    whenFalse: `${aOrAn(`${whose}'s`)} ${key} was ${op === '<=' ? 'above' : 'below'} ${num}${thin ? ` (${guess.slice(2)})` : ''}`,
  };
}
