import { aOrAn } from '@/core/a-or-an';
import { holds, type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import type { TraceFacts } from '../trace-facts';
import { resultObjects } from './field-predicates';
import { GroupTally, groupOf } from './group-tally';
import { keyedLeaves } from './keyed-leaves';

// Mirrored by `_numbers_by_key` and `_compared_earlier` in python-call-helpers.ts; change both
// together (parity test).

export type Op = '<=' | '>=' | '<' | '>';
const OPS: readonly Op[] = ['<=', '>=', '<', '>'];
const OP_WORDS: Record<Op, string> = {
  '<=': 'at most',
  '>=': 'at least',
  '<': 'below',
  '>': 'above',
};

/**
 * The finite numbers (not booleans) named `key` anywhere in a JSON value (in lists and objects, as
 * `payment_methods[].amount`), by key; walked once per object.
 */
export const numbersByKey = keyedLeaves((v): v is number => typeof v === 'number', Number.isFinite);

function compare(a: number, op: Op, b: number): boolean {
  return op === '<=' ? a <= b : op === '>=' ? a >= b : op === '<' ? a < b : a > b;
}

const latestMemo = new WeakMap<TraceFacts, Map<string, number[]>[]>();

/**
 * The values of every numeric field in the latest result before call `k` that holds it, built
 * once per trace (call by call, the previous call's view updated with its result).
 */
function latestFields(facts: TraceFacts, k: number): Map<string, number[]> {
  let views = latestMemo.get(facts);
  if (!views) {
    const results = resultObjects(facts);
    views = [new Map()];
    for (let j = 0; j < facts.calls.length; j++) {
      const next = new Map(views[j]);
      const r = results[j];
      if (r) {
        for (const [name, values] of numbersByKey(r)) {
          next.set(name, values);
        }
      }
      views.push(next);
    }
    latestMemo.set(facts, views);
  }
  return views[k] as Map<string, number[]>;
}

/** Every value `a` stands in relation `op` to some value of the bound. */
const within = (values: number[], op: Op, bound: number[]) =>
  values.every((a) => bound.some((b) => compare(a, op, b)));

/**
 * Every `tool` call's (null: any call's) numeric argument `key` stood in relation `op` to each of
 * `fields` read before it (the latest earlier result holding that field), and one of them was
 * read first: "every payment was at most the limit the account lookup returned".
 */
export function comparedEarlier(
  facts: TraceFacts,
  tool: string | null,
  key: string,
  fields: readonly string[],
  op: Op,
): boolean {
  return facts.calls.every((c, k) => {
    const values = tool === null || c.name === tool ? numbersByKey(c.args).get(key) : undefined;
    if (!values) {
      return true;
    }
    const latest = latestFields(facts, k);
    let read = false;
    for (const field of fields) {
      const bound = latest.get(field);
      if (bound) {
        read = true;
        if (!within(values, op, bound)) {
          return false;
        }
      }
    }
    return read;
  });
}

type Relation = { tool: string | null; key: string; op: Op };
type Held = Relation & { field: string };

/**
 * Argument-against-earlier-number candidates. In the passing traces, each call's numeric argument
 * is compared with every numeric field of the latest earlier result holding it; a relation that
 * held and was never broken there is a candidate when it held in two groups, and the relations of
 * one argument with different fields (a limit in one task, an estimate in another) join into one
 * candidate when together they span two groups.
 */
export function mineComparePredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const held = new GroupTally<Held>();
  const broken = new Set<string>();
  examples.forEach((e, i) => {
    if (!e.label) {
      return;
    }
    e.facts.calls.forEach((c, k) => {
      const args = numbersByKey(c.args);
      if (args.size === 0) {
        return;
      }
      const latest = latestFields(e.facts, k);
      for (const [key, values] of args) {
        for (const [field, bound] of latest) {
          for (const op of OPS) {
            const ok = within(values, op, bound);
            for (const tool of [c.name, null]) {
              const id = JSON.stringify([tool, key, op, field]);
              if (ok) {
                held.add(id, groupOf(e, i), () => ({ tool, key, op, field }));
              } else {
                broken.add(id);
              }
            }
          }
        }
      }
    });
  });
  const clean = held
    .frequentWithGroups(1)
    .filter(({ value: h }) => !broken.has(JSON.stringify([h.tool, h.key, h.op, h.field])));
  const out: Predicate[] = [];
  const joined = new Map<string, { relation: Relation; fields: string[]; groups: Set<string> }>();
  for (const { value: h, groups } of clean) {
    if (groups.size >= minGroups) {
      out.push(comparePredicate(h, [h.field]));
    }
    const id = JSON.stringify([h.tool, h.key, h.op]);
    const entry = joined.get(id) ?? { relation: h, fields: [], groups: new Set<string>() };
    entry.fields.push(h.field);
    for (const g of groups) {
      entry.groups.add(g);
    }
    joined.set(id, entry);
  }
  for (const { relation, fields, groups } of joined.values()) {
    if (fields.length >= 2 && groups.size >= minGroups) {
      out.push(comparePredicate(relation, [...fields].sort()));
    }
  }
  // a relation every failing trace keeps too tells nothing about these labels
  return out.filter((p) => examples.some((e) => !e.label && !holds(p, e.facts)));
}

function comparePredicate({ tool, key, op }: Relation, fields: string[]): Predicate {
  const whose = tool === null ? 'every call' : `every '${tool}' call`;
  const what =
    fields.length === 1 ? `the ${fields[0]}` : `each of the ${fields.join(', ')} (whichever were)`;
  return {
    id: `compare:${tool ?? '*'}.${key}${op}${fields.join('|')}`,
    family: 'compare',
    // A relation between two values of the trace, as field-match (1.9); one more field, or a
    // strict comparison, says a little more.
    cost: 2 + (fields.length > 1 ? 0.2 : 0) + (op.length === 1 ? 0.05 : 0) + (tool ? 0.1 : 0),
    test: (f) => comparedEarlier(f, tool, key, fields, op),
    python: `_compared_earlier(f, ${tool === null ? 'None' : JSON.stringify(tool)}, ${JSON.stringify(key)}, ${JSON.stringify(fields)}, ${JSON.stringify(op)})`,
    helpers: ['_compared_earlier'],
    whenTrue: `${whose}'s ${key} was ${OP_WORDS[op]} ${what} a tool returned before it`,
    whenFalse: `${tool === null ? 'a call' : aOrAn(`'${tool}' call`)}'s ${key} was not ${OP_WORDS[op]} ${what} a tool returned before it, or none was returned first`,
  };
}
