import { aOrAn } from '@/core/a-or-an';
import { atomsOf } from '../call-atoms';
import { holds, type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import type { TraceFacts } from '../trace-facts';
import { callSucceeded, discrimination } from './call-predicates';
import { resultObjects } from './field-predicates';
import { recurringItems } from './group-tally';

// Mirrored by `_matched_before` in python-call-helpers.ts; change both together (parity test).

/** Where the earlier value is read: the gate call's arguments, or its JSON result. */
type Source = 'arg' | 'result';
/** "every `tool` call's `key` equals the `gateKey` (of `source`) of an earlier successful `gate` call". */
type Match = { gate: string; source: Source; gateKey: string; tool: string; key: string };

/** A top-level string or number (not a boolean) under `key` of an object, else undefined. */
function scalar(record: unknown, key: string): string | number | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return undefined;
  }
  if (!Object.hasOwn(record, key)) {
    return undefined;
  }
  const v = (record as Record<string, unknown>)[key];
  // numbers a double holds exactly, so that Python's ints compare as JS's numbers do
  return (typeof v === 'string' && v !== '') || (typeof v === 'number' && Math.abs(v) <= 2 ** 53)
    ? v
    : undefined;
}

/**
 * Every `tool` call that has a `key` value came after a `gate` call that succeeded (did not fail,
 * did not answer no) whose `gateKey` argument (or result field) was the same value: "every grant
 * came after an approval for the same system". True when no `tool` call had a `key` value.
 */
export function matchedBefore(facts: TraceFacts, m: Match): boolean {
  const atoms = atomsOf(facts);
  const results = m.source === 'result' ? resultObjects(facts) : null;
  const seen = new Set<string | number>();
  for (const [k, c] of facts.calls.entries()) {
    if (c.name === m.tool) {
      const v = scalar(c.args, m.key);
      if (v !== undefined && !seen.has(v)) {
        return false;
      }
    }
    if (c.name === m.gate && callSucceeded(atoms[k])) {
      const v = scalar(results ? results[k] : c.args, m.gateKey);
      if (v !== undefined) {
        seen.add(v);
      }
    }
  }
  return true;
}

const LIMIT = 8;

/** The scalar top-level fields of an object, as [key, value]. */
function scalars(record: unknown): [string, string | number][] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return [];
  }
  return Object.keys(record).flatMap((key) => {
    const v = scalar(record, key);
    return v === undefined ? [] : [[key, v] as [string, string | number]];
  });
}

/**
 * Equality of a call's argument with an earlier call's argument or result field: the pairs
 * (gate tool and field, tool and argument) whose values met in traces of several groups, the
 * gate call coming first, as "every `grant_access` system was the system of an earlier approved
 * `request_approval` call"; the most discriminative few.
 */
export function mineMatchedPredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  return recurringItems(examples, 'matched', minGroups, matchesOf)
    .map((m) => {
      const predicate = matchedPredicate(m);
      // through the answers memo: every fold scores the same pairs, and dedupe asks again
      const score = discrimination(examples, (i) =>
        holds(predicate, (examples[i] as MiningExample).facts),
      );
      return { predicate, score };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, LIMIT)
    .map(({ predicate }) => predicate);
}

/** The pairs whose values met in the trace, by their JSON, in the order found. */
function* matchesOf(facts: TraceFacts): Generator<[string, Match]> {
  const { calls } = facts;
  // each call's scalar arguments and result fields, read once
  const args = calls.map((c) => scalars(c.args));
  const results = resultObjects(facts).map(scalars);
  for (const [k, c] of calls.entries()) {
    for (const [key, v] of args[k] as [string, string | number][]) {
      for (let j = 0; j < k; j++) {
        const gate = (calls[j] as (typeof calls)[number]).name;
        if (gate === c.name) {
          continue;
        }
        for (const [source, fields] of [
          ['arg', args[j]],
          ['result', results[j]],
        ] as const) {
          for (const [gateKey, w] of fields as [string, string | number][]) {
            if (w === v) {
              const m: Match = { gate, source, gateKey, tool: c.name, key };
              yield [JSON.stringify(m), m];
            }
          }
        }
      }
    }
  }
}

function matchedPredicate(m: Match): Predicate {
  const field = m.source === 'arg' ? m.gateKey : `result's ${m.gateKey}`;
  return {
    id: `matched:${m.gate}.${m.source}.${m.gateKey}->${m.tool}.${m.key}`,
    family: 'value-match',
    // an order between two calls (3) with an equality of two of their values
    cost: 3.2 + (m.source === 'result' ? 0.1 : 0),
    test: (f) => matchedBefore(f, m),
    python: `_matched_before(f, ${JSON.stringify(m.gate)}, ${JSON.stringify(m.source)}, ${JSON.stringify(m.gateKey)}, ${JSON.stringify(m.tool)}, ${JSON.stringify(m.key)})`,
    helpers: ['_matched_before'],
    whenTrue: `every '${m.tool}' call's ${m.key} was the ${field} of an earlier successful '${m.gate}' call (one that did not fail nor answer no)`,
    whenFalse: `${aOrAn(`'${m.tool}' call's`)} ${m.key} was not the ${field} of any earlier successful '${m.gate}' call`,
  };
}
