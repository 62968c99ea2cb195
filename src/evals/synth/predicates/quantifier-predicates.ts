import { aOrAn } from '@/core/a-or-an';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { argsBefore, heldBefore, resultsBefore, type TextBefore } from '../text-before';
import { describeGroup, groupKey, groupPython, inGroup, type ToolGroup } from '../tool-groups';
import { codePointLength, remember, type TraceFacts } from '../trace-facts';
import { resultObjects } from './field-predicates';
import { recurringItems } from './group-tally';
import { keyedLeaves } from './keyed-leaves';

// Mirrored by `_leaf_values`, `_said_before`, `_named_every`, `_used_every` and `_leaf_echoed` in
// python-quantifier-helpers.ts; change both together (parity test).

/**
 * The string values named `key` anywhere in a call's arguments (in lists and objects, as
 * `flights[].flight_number`), when they look like a value rather than prose: 3 to 60 code points,
 * one line.
 */
export function leafValues(value: unknown, key: string): string[] {
  return [...valuesUnder(value, key)];
}

/** leafValues, shared: the caller must not change the list. */
function valuesUnder(value: unknown, key: string): readonly string[] {
  return leavesByKey(value).get(key) ?? NONE;
}

const NONE: readonly string[] = [];

/** An argument object's value-like strings by key (keys in the order first found), walked once. */
const leavesByKey = keyedLeaves((v): v is string => typeof v === 'string', isValueLike);

/** The keys of `value`'s value-like strings, in the order they are first found. */
function keysWithValues(value: unknown): Iterable<string> {
  return leavesByKey(value).keys();
}

function isValueLike(v: string): boolean {
  const n = codePointLength(v);
  return n >= 3 && n <= 60 && !v.includes('\n');
}

/** Which calls a quantifier looks at: a tool, write-like tools, or (null) any tool. */
export type Tools = ToolGroup | null;

/** The values of `key` in call `k` when it is one of `tools`; none for another tool's call. */
function valuesOf(facts: TraceFacts, k: number, tools: Tools, key: string): readonly string[] {
  const c = facts.calls[k];
  return c && (tools === null || inGroup(c.name, tools)) ? valuesUnder(c.args, key) : NONE;
}

/**
 * Every `tool` call's `key` values were in the assistant's latest message with text before the
 * message that made the call ("read back before acting"); `anyEarlier`: in any earlier assistant
 * message. Calls are matched to the timeline's call events in order.
 */
export function saidBefore(facts: TraceFacts, tool: Tools, key: string, anyEarlier: boolean) {
  return saidBeforeBreak(facts, tool, key, anyEarlier) === null;
}

/** A value passed to a call (by the call's index) that breaks a quantifier, or null. */
export type Break = { k: number; value: string } | null;

/** The first value `saidBefore` finds unsaid, or null. */
export function saidBeforeBreak(
  facts: TraceFacts,
  tool: Tools,
  key: string,
  anyEarlier: boolean,
): Break {
  const { latest, all } = saidTexts(facts);
  for (let k = 0; k < latest.length; k++) {
    const values = valuesOf(facts, k, tool, key);
    const value = anyEarlier
      ? unheld(all, k, values)
      : values.find((v) => !(latest[k] as string).includes(v));
    if (value !== undefined) {
      return { k, value };
    }
  }
  return null;
}

/**
 * For each call (matched to the timeline's call events in order), what the assistant had said
 * before the message that made it: `latest`, its latest message with text; `all`, every earlier
 * one. Memoised on the facts.
 */
function saidTexts(facts: TraceFacts): { latest: string[]; all: TextBefore } {
  if (!facts.saidTexts) {
    const latest: string[] = [];
    const parts: string[] = [];
    const ends: number[] = [];
    let length = 0;
    let said = '';
    let current = '';
    for (const e of facts.events) {
      if (e.kind === 'assistant') {
        if (current.trim() !== '') {
          said = current;
          parts.push(`\n${current}`);
          length += current.length + 1;
        }
        current = e.text;
      } else if (e.kind === 'call' && latest.length < facts.calls.length) {
        latest.push(said);
        ends.push(length);
      }
    }
    facts.saidTexts = { latest, all: { text: parts.join(''), ends } };
  }
  return facts.saidTexts;
}

/** Every `tool` call's `key` value appears in the last message (or the assistant's text). */
export function namedEvery(
  facts: TraceFacts,
  tool: Tools,
  key: string,
  source: 'last' | 'assistant',
) {
  return namedEveryBreak(facts, tool, key, source) === null;
}

/** The first value `namedEvery` finds not named, or null. */
export function namedEveryBreak(
  facts: TraceFacts,
  tool: Tools,
  key: string,
  source: 'last' | 'assistant',
): Break {
  const text = source === 'last' ? facts.lastContent : facts.texts.assistant;
  // a value is asked about for every tool set that passed it: look for it once per text
  facts.named ??= { last: new Map(), assistant: new Map() };
  const named = facts.named[source];
  for (let k = 0; k < facts.calls.length; k++) {
    const value = valuesOf(facts, k, tool, key).find(
      (v) => !remember(named, v, () => text.includes(v)),
    );
    if (value !== undefined) {
      return { k, value };
    }
  }
  return null;
}

/** The strings of a list field of a JSON result, or null when the field is not such a list. */
function listed(r: Record<string, unknown> | null, field: string): string[] | null {
  const v = r?.[field];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
    return null;
  }
  return v as string[];
}

/**
 * Some `source` call's result listed items under `field`, and every item was passed (before or
 * after the list) as the `key` of a `tool` call: "looked up every reservation the profile listed".
 */
export function usedEvery(
  facts: TraceFacts,
  source: string,
  field: string,
  tool: Tools,
  key: string,
): boolean {
  const results = resultObjects(facts);
  const passed = new Set<string>();
  facts.calls.forEach((_, k) => {
    for (const v of valuesOf(facts, k, tool, key)) {
      passed.add(v);
    }
  });
  let lists = 0;
  const all = facts.calls.every((c, j) => {
    const items = c.name === source ? listed(results[j] ?? null, field) : null;
    lists += items === null ? 0 : 1;
    return items === null || items.every((item) => passed.has(item));
  });
  return all && lists > 0;
}

/**
 * Every `tool` call's `key` values (at any depth) appeared in the result of an earlier call (of
 * `source` when it is not ''): "paid only with a method the profile listed".
 */
export function leafEchoed(facts: TraceFacts, tool: Tools, key: string, source = ''): boolean {
  return leafEchoedBreak(facts, tool, key, source) === null;
}

/** The first value `leafEchoed` finds in no earlier result, or null. */
export function leafEchoedBreak(facts: TraceFacts, tool: Tools, key: string, source = ''): Break {
  const before = resultsBefore(facts, source);
  for (let k = 0; k < facts.calls.length; k++) {
    const value = unheld(before, k, valuesOf(facts, k, tool, key));
    if (value !== undefined) {
      return { k, value };
    }
  }
  return null;
}

/** Every `tool` call's `key` values (at any depth) appeared in an earlier call's arguments. */
export function leafSeen(facts: TraceFacts, tool: Tools, key: string): boolean {
  return leafSeenBreak(facts, tool, key) === null;
}

/** The first value `leafSeen` finds in no earlier call's arguments, or null. */
export function leafSeenBreak(facts: TraceFacts, tool: Tools, key: string): Break {
  const before = argsBefore(facts);
  for (let k = 0; k < facts.calls.length; k++) {
    const value = unheld(before, k, valuesOf(facts, k, tool, key));
    if (value !== undefined) {
      return { k, value };
    }
  }
  return null;
}

/** The first of `values` that the text before call `k` does not hold, or undefined. */
function unheld(before: TextBefore, k: number, values: readonly string[]): string | undefined {
  for (const v of values) {
    if (!heldBefore(before, k, v)) {
      return v;
    }
  }
  return undefined;
}

/** A broken quantifier's value as a reason's note: `value "HAT123" (call 3)`. */
export function breakNote(b: Break): string | null {
  return b === null ? null : `value ${JSON.stringify(b.value)} (call ${b.k + 1})`;
}

type Key = { tool: Tools; key: string };

const WRITE: ToolGroup = { kind: 'write', value: '' };

/** The tool sets a call of `name` is asked about in: its own name, write-like tools, any tool. */
function toolSets(name: string): Tools[] {
  const own: ToolGroup = { kind: 'name', value: name };
  return inGroup(name, WRITE) ? [own, WRITE, null] : [own, null];
}

const toolsKey = (tools: Tools) => (tools === null ? '*' : groupKey(tools));

/**
 * A key with its write-like group as mined from these traces (`toolGroupsOf`: the write tools they
 * called, its wording); the tallies kept on the facts hold the bare group every fold shares.
 */
function worded(k: Key, groups: ToolGroup[]): Key {
  const tool =
    k.tool === null ? null : groups.find((g) => groupKey(g) === groupKey(k.tool as ToolGroup));
  return tool && tool !== k.tool ? { ...k, tool } : k;
}

/** A trace's argument keys with value-like strings (at any depth), per tool and for any tool. */
function* argumentKeysOf(facts: TraceFacts): Iterable<[string, Key]> {
  for (const c of facts.calls) {
    for (const key of keysWithValues(c.args)) {
      for (const tool of toolSets(c.name)) {
        yield [JSON.stringify([toolsKey(tool), key]), { tool, key }];
      }
    }
  }
}

const whose = ({ tool, key }: Key) =>
  tool === null ? `every ${key} passed to a tool` : `every ${describeGroup(tool)} ${key}`;
/** "a 'book_reservation' flight_number", "a flight_number" */
const one = ({ tool, key }: Key) => aOrAn(tool === null ? key : `${describeGroup(tool)} ${key}`);
const args = ({ tool, key }: Key) =>
  `${tool === null ? 'None' : groupPython(tool)}, ${JSON.stringify(key)}`;
const idOf = ({ tool, key }: Key) => `${toolsKey(tool)}.${key}`;
const groupsOfKey = ({ tool }: Key): ToolGroup[] => (tool === null ? [] : [tool]);
/**
 * What a predicate "every `k` value ..." asks and names: its test (no value broke it), its Python
 * helper called with `k` and `extra` arguments, its tool group, and as the note of its negation the
 * value that broke it (the helper's `_break` twin, through `_break_note`).
 */
function quantified(
  k: Key,
  helper: string,
  extra: string,
  findBreak: (f: TraceFacts) => Break,
): Pick<Predicate, 'test' | 'python' | 'helpers' | 'note' | 'groups'> {
  const call = `(f, ${args(k)}${extra})`;
  return {
    test: (f) => findBreak(f) === null,
    python: `${helper}${call}`,
    helpers: [helper],
    note: {
      python: `_break_note(${helper}_break${call})`,
      helpers: ['_break_note'],
      text: (f) => breakNote(findBreak(f)),
      on: 'false',
    },
    groups: groupsOfKey(k),
  };
}
/** The broader statement goes first on a tie: any tool, then write-like tools, then one tool. */
const toolCost = ({ tool }: Key) => (tool === null ? 0 : tool.kind === 'name' ? 0.1 : 0.05);

/**
 * Quantifiers over the values a call passes ("every flight number booked had been read back",
 * "the summary names every file edited", "every listed reservation was looked up", "every
 * payment id had come from an earlier result").
 */
export function mineQuantifierPredicates(
  examples: MiningExample[],
  groups: ToolGroup[],
): Predicate[] {
  const out: Predicate[] = [];
  const minGroups = Math.min(2, minGroupsFor(examples));
  const keys = recurringItems(examples, 'argument-keys', minGroups, argumentKeysOf).map((k) =>
    worded(k, groups),
  );
  for (const k of keys) {
    out.push(
      {
        id: `said-before:${idOf(k)}`,
        family: 'value-read-back',
        cost: 2.6 + toolCost(k),
        ...quantified(k, '_said_before', ', False', (f) =>
          saidBeforeBreak(f, k.tool, k.key, false),
        ),
        whenTrue: `${whose(k)} was in the assistant's message before the one that made the call`,
        whenFalse: `${one(k)} was passed that the assistant's message before the call did not state`,
      },
      {
        id: `said-earlier:${idOf(k)}`,
        family: 'value-read-back',
        cost: 2.7 + toolCost(k),
        ...quantified(k, '_said_before', ', True', (f) => saidBeforeBreak(f, k.tool, k.key, true)),
        whenTrue: `${whose(k)} had been stated by the assistant before the call`,
        whenFalse: `${one(k)} was passed that the assistant had not stated before`,
      },
      {
        id: `leaf-echo:${idOf(k)}`,
        family: 'value-echo',
        cost: 2.6 + toolCost(k),
        ...quantified(k, '_leaf_echoed', '', (f) => leafEchoedBreak(f, k.tool, k.key)),
        whenTrue: `${whose(k)} appeared in an earlier tool result`,
        whenFalse: `${one(k)} was passed that no earlier tool result held`,
      },
      {
        id: `leaf-seen:${idOf(k)}`,
        family: 'value-echo',
        cost: 2.6 + toolCost(k),
        ...quantified(k, '_leaf_seen', '', (f) => leafSeenBreak(f, k.tool, k.key)),
        whenTrue: `${whose(k)} had been passed to an earlier call`,
        whenFalse: `${one(k)} was passed that no earlier call had been given`,
      },
    );
    for (const source of ['last', 'assistant'] as const) {
      const where = source === 'last' ? 'the last message' : 'the assistant';
      out.push({
        id: `named-every:${source}:${idOf(k)}`,
        family: 'value-mention',
        cost: 2.7 + toolCost(k),
        ...quantified(k, '_named_every', `, ${JSON.stringify(source)}`, (f) =>
          namedEveryBreak(f, k.tool, k.key, source),
        ),
        whenTrue: `${where} named ${whose(k)}`,
        whenFalse: `${where} left out ${one(k)} that was passed`,
      });
    }
  }
  out.push(...mineListedPredicates(examples), ...mineSourcedEchoes(examples, groups));
  return out;
}

/** A trace's argument values found in an earlier result of one tool: (source, tool, key). */
function* sourcedEchoesOf(facts: TraceFacts): Iterable<[string, { source: string; k: Key }]> {
  const calls = facts.calls;
  for (const [k, c] of calls.entries()) {
    for (const key of keysWithValues(c.args)) {
      const values = valuesUnder(c.args, key);
      for (const s of new Set(
        calls
          .slice(0, k)
          .filter((b) => values.some((v) => b.result.includes(v)))
          .map((b) => b.name),
      )) {
        for (const tool of toolSets(c.name)) {
          yield [JSON.stringify([s, toolsKey(tool), key]), { source: s, k: { tool, key } }];
        }
      }
    }
  }
}

/** Argument values found in an earlier result of one tool: (source, tool, key), by groups. */
function mineSourcedEchoes(examples: MiningExample[], groups: ToolGroup[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const echoes = recurringItems(examples, 'sourced-echoes', minGroups, sourcedEchoesOf);
  return echoes.map(({ source, k: key }) => {
    const k = worded(key, groups);
    return {
      id: `leaf-echo:${source}->${idOf(k)}`,
      family: 'value-echo',
      cost: 2.8 + toolCost(k),
      ...quantified(k, '_leaf_echoed', `, ${JSON.stringify(source)}`, (f) =>
        leafEchoedBreak(f, k.tool, k.key, source),
      ),
      whenTrue: `${whose(k)} appeared in an earlier '${source}' result`,
      whenFalse: `${one(k)} was passed that no earlier '${source}' result held`,
    };
  });
}

type Listing = { s: string; field: string; k: Key };

/** A trace's lists in results whose items later calls passed: (source, field, tool, key). */
function* listingsUsedOf(facts: TraceFacts): Iterable<[string, Listing]> {
  const results = resultObjects(facts);
  for (const [j, c] of facts.calls.entries()) {
    const r = results[j] ?? null;
    for (const field of r ? Object.keys(r) : []) {
      const items = listed(r, field);
      if (items === null) {
        continue;
      }
      for (const later of facts.calls) {
        for (const key of keysWithValues(later.args)) {
          if (valuesUnder(later.args, key).some((v) => items.includes(v))) {
            const k: Key = { tool: { kind: 'name', value: later.name }, key };
            yield [JSON.stringify([c.name, field, later.name, key]), { s: c.name, field, k }];
          }
        }
      }
    }
  }
}

/** Lists in results whose items calls passed: (source, field, tool, key), by groups. */
function mineListedPredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const listings = recurringItems(examples, 'listed-used', minGroups, listingsUsedOf);
  return listings.map(({ s, field, k }) => ({
    id: `used-every:${s}.${field}->${idOf(k)}`,
    family: 'listed-used',
    cost: 2.8,
    test: (f) => usedEvery(f, s, field, k.tool, k.key),
    python: `_used_every(f, ${JSON.stringify(s)}, ${JSON.stringify(field)}, ${args(k)})`,
    helpers: ['_used_every'],
    groups: groupsOfKey(k),
    whenTrue: `${aOrAn(`'${s}' result`)} listed ${field}, and every one was passed as ${one(k)}`,
    whenFalse: `no '${s}' result listed ${field}, or one of them was never passed as ${one(k)}`,
  }));
}
