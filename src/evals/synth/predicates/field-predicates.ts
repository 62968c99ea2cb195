import { aOrAn } from '@/core/a-or-an';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { parseResultObject, type TraceFacts } from '../trace-facts';
import { recurringItems } from './group-tally';

// Mirrored by `_result_objects` and `_field_matches` in python-call-helpers.ts; change both together (parity test).

/** A call's string arguments, or null when its arguments are not an object. */
function stringArgs(args: unknown): Record<string, string> | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return null;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v === 'string') {
      out[k] = v;
    }
  }
  return out;
}

/** A result that is a JSON object (not parsed again per question: memoised on the facts). */
export function resultObjects(facts: TraceFacts): (Record<string, unknown> | null)[] {
  facts.resultObjects ??= facts.calls.map((c) => parseResultObject(c.result));
  return facts.resultObjects;
}

/**
 * Every `tool` call's `key` argument equals the `key` field of the latest earlier result whose
 * `join` field is the call's `join` argument (the record the call acts on), and such a record
 * was read first: "every change kept the cabin of the reservation it changed".
 */
export function fieldMatches(facts: TraceFacts, tool: string, key: string, join: string): boolean {
  const results = resultObjects(facts);
  return facts.calls.every((c, k) => {
    const args = c.name === tool ? stringArgs(c.args) : null;
    const value = args?.[key];
    const id = args?.[join];
    if (value === undefined || id === undefined) {
      return true;
    }
    for (let j = k - 1; j >= 0; j--) {
      const r = results[j];
      if (r && r[join] === id && typeof r[key] === 'string') {
        return r[key] === value;
      }
    }
    return false;
  });
}

type FieldJoin = { tool: string; key: string; join: string };

/** A trace's calls whose string argument `key` and another, `join`, an earlier result held both. */
function* fieldJoinsOf(facts: TraceFacts): Iterable<[string, FieldJoin]> {
  const results = resultObjects(facts);
  for (const [k, c] of facts.calls.entries()) {
    const args = stringArgs(c.args);
    for (const join of args ? Object.keys(args) : []) {
      for (let j = 0; j < k; j++) {
        const r = results[j];
        if (!r || r[join] !== args?.[join]) {
          continue;
        }
        for (const key of Object.keys(args ?? {})) {
          if (key !== join && typeof r[key] === 'string') {
            yield [JSON.stringify([c.name, key, join]), { tool: c.name, key, join }];
          }
        }
      }
    }
  }
}

/**
 * Argument-equals-earlier-record candidates: a tool's string argument `key` and another, `join`,
 * when some earlier result in the training traces holds both fields with the same `join` value.
 */
export function mineFieldPredicates(examples: MiningExample[]): Predicate[] {
  // a structure, not a literal: two groups suffice, as for call classes
  const minGroups = Math.min(2, minGroupsFor(examples));
  const joins = recurringItems(examples, 'field-joins', minGroups, fieldJoinsOf);
  return joins.map(({ tool, key, join }) => ({
    id: `field:${tool}.${key}@${join}`,
    family: 'field-match',
    // A relation between two values of the trace names no literal of one task: on a tie with a
    // call class or a value it goes first (cheaper than any call class, which costs 2 or more).
    cost: 1.9,
    test: (f) => fieldMatches(f, tool, key, join),
    python: `_field_matches(f, ${JSON.stringify(tool)}, ${JSON.stringify(key)}, ${JSON.stringify(join)})`,
    helpers: ['_field_matches'],
    whenTrue: `every '${tool}' call's ${key} matched the ${key} of the record with its ${join}, read before`,
    whenFalse: `${aOrAn(`'${tool}' call's`)} ${key} differed from the ${key} of the record with its ${join}, or that record was not read first`,
  }));
}
