import { aOrAn } from '@/core/a-or-an';
import { atomGenerality, atomsOf } from '../call-atoms';
import {
  afterLast,
  type CallClass,
  callClassesOf,
  classCalls,
  classKey,
  classPython,
  describeClass,
  firstBefore,
  firstCallBefore,
  lastCallAfter,
} from '../call-classes';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { heldBefore, resultsBefore, seenBefore } from '../text-before';
import { inGroup } from '../tool-groups';
import { type TraceFacts, toText } from '../trace-facts';

/** How far a fact's share among pass labels differs from its share among fail labels. */
export function discrimination(examples: MiningExample[], holds: (i: number) => boolean): number {
  let pass = 0;
  let fail = 0;
  let p = 0;
  let f = 0;
  examples.forEach((e, i) => {
    const h = holds(i);
    if (e.label) {
      pass++;
      p += h ? 1 : 0;
    } else {
      fail++;
      f += h ? 1 : 0;
    }
  });
  return separation(p, f, pass, fail);
}

/** `discrimination` from its counts: the fact holds on `p` of `pass` and `f` of `fail` examples. */
function separation(p: number, f: number, pass: number, fail: number): number {
  return Math.abs((p + 0.5) / (pass + 1) - (f + 0.5) / (fail + 1));
}

const top = <T>(items: T[], score: (x: T) => number, limit: number) =>
  items
    .map((x, i) => ({ x, s: score(x), i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, limit)
    .map((e) => e.x);

/** Classes (the most widespread) whose order is asked about, pairwise. */
const ORDER_POOL = 60;
/** Classes of calls by a field of their result (the most widespread), asked about as preconditions. */
const GATE_POOL = 30;
/** Classes of calls by a pattern inside free text (the most widespread), asked about as existence. */
const TOKEN_POOL = 60;
/** The atom is a pattern inside free text (call-atoms.ts `tokenAtoms`). */
const insideText = (atom: string) => atom.includes('/tok:') || atom.endsWith('/glob:');

/**
 * Classes of calls (a tool, or any tool, with an atom of its arguments or result) seen in enough
 * distinct groups, as of existence ("some call whose command starts with git push") and order
 * ("every edit came after a call whose command starts with pytest", "some test run came after
 * the last edit"); the most discriminative of each kind.
 */
export function mineCallPredicates(examples: MiningExample[], limit = 40): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  // One pass: every class a call belongs to, with the groups it occurs in and its calls per trace
  // (`calls[r]` in trace `traces[r]`: most classes occur in few traces).
  const seen = new Map<string, Occurrences & { c: CallClass; groups: Set<string> }>();
  examples.forEach((e, i) => {
    const group = e.group ?? `#${i}`;
    for (const [key, t] of callClassesOf(e.facts)) {
      let entry = seen.get(key);
      if (!entry) {
        entry = { c: t.c, groups: new Set(), traces: [], calls: [] };
        seen.set(key, entry);
      }
      entry.groups.add(group);
      entry.traces.push(i);
      entry.calls.push(t.calls);
    }
  });
  // Widest spread first (then by key, so the order is the same in any database); patterns inside
  // free text have a pool of their own, so that they add to the classes of whole values, not
  // crowd them out.
  const spread = [...seen.entries()]
    .filter(([, v]) => v.groups.size >= minGroups)
    .sort((a, b) => b[1].groups.size - a[1].groups.size || (a[0] < b[0] ? -1 : 1));
  const kept = [
    ...spread.filter(([, v]) => !insideText(v.c.atom)).slice(0, 300),
    ...spread.filter(([, v]) => insideText(v.c.atom)).slice(0, TOKEN_POOL),
  ];
  const pool = kept.map(([, v]) => v.c);
  const at = kept.map(([, v]) => byTrace(v, examples.length));
  const out: Predicate[] = [];

  const callsOf = (k: number, i: number) => (at[k] as (number[] | undefined)[])[i] ?? NONE;
  const existing = pool.map((_, k) => k);
  for (const k of top(
    existing,
    (k) => discrimination(examples, (i) => callsOf(k, i).length > 0),
    limit,
  )) {
    out.push(existencePredicate(pool[k] as CallClass));
  }
  type Pair = { a: number; b: number; kind: 'before' | 'after-last' };
  const pairs: Pair[] = [];
  // Order is asked about actions: a tool, a command form or kind, a test run, a failure.
  const actions = pool
    .map((c, k) => ({ c, k }))
    .filter(
      ({ c }) =>
        c.atom === '' ||
        c.atom.startsWith('failed') ||
        c.atom === 'tests' ||
        c.atom.includes('^') ||
        c.atom.includes('@'),
    )
    .slice(0, ORDER_POOL)
    .map(({ k }) => k);
  for (const a of actions) {
    for (const b of actions) {
      if (a !== b) {
        pairs.push({ a, b, kind: 'before' }, { a, b, kind: 'after-last' });
      }
    }
  }
  // Preconditions: an action only after a call whose result said something ("reset the password
  // only after a verify call returned verified=true"): a result field as what came first.
  const gates = pool
    .map((c, k) => ({ c, k }))
    .filter(({ c }) => c.atom.startsWith('result.'))
    .slice(0, GATE_POOL)
    .map(({ k }) => k);
  const gatePairs: Pair[] = [];
  for (const a of gates) {
    for (const b of actions) {
      gatePairs.push({ a, b, kind: 'before' });
    }
  }
  const ends = callEnds(examples.length, pool.length, [...actions, ...gates], callsOf);
  const labels = examples.map((e) => e.label);
  const passes = labels.filter(Boolean).length;
  const orderScore = (p: Pair) => {
    const a = ends[p.a] as CallEnds;
    const b = ends[p.b] as CallEnds;
    let onPass = 0;
    let onFail = 0;
    for (let i = 0; i < labels.length; i++) {
      const h =
        p.kind === 'before'
          ? firstCallBefore(a.first[i] as number, b.first[i] as number)
          : lastCallAfter(a.last[i] as number, b.last[i] as number);
      if (h) {
        onPass += labels[i] ? 1 : 0;
        onFail += labels[i] ? 0 : 1;
      }
    }
    return separation(onPass, onFail, passes, labels.length - passes);
  };
  // Preconditions are chosen among themselves: they add to the orders between actions, not
  // crowd them out of the most discriminative few.
  for (const p of [...top(pairs, orderScore, limit), ...top(gatePairs, orderScore, limit / 2)]) {
    out.push(orderPredicate(pool[p.a] as CallClass, pool[p.b] as CallClass, p.kind));
  }
  // How each kind of action ended: its last call succeeded (a failure's own class says nothing).
  const endings = actions.filter((k) => !saysFailure((pool[k] as CallClass).atom));
  const lastOk = (k: number, i: number) => {
    const calls = callsOf(k, i);
    const atoms = atomsOf((examples[i] as MiningExample).facts);
    return calls.length > 0 && !unsuccessful(atoms[calls.at(-1) as number]);
  };
  for (const k of top(endings, (k) => discrimination(examples, (i) => lastOk(k, i)), limit / 2)) {
    out.push(endingPredicate(pool[k] as CallClass));
  }
  return out;
}

/** The traces a class of calls occurs in, and its calls in each. */
type Occurrences = { traces: number[]; calls: number[][] };

/** Per trace, the class's calls in it (undefined: none); built only for the classes kept. */
function byTrace(o: Occurrences, n: number): (number[] | undefined)[] {
  const at = new Array<number[] | undefined>(n).fill(undefined);
  o.traces.forEach((i, r) => {
    at[i] = o.calls[r];
  });
  return at;
}

function endingPredicate(c: CallClass): Predicate {
  const what = describeClass(c);
  const strip = what.replace(/^an? /, '');
  return {
    id: `last-ok:${classKey(c)}`,
    family: 'call-ending',
    cost: (c.tool === '' ? 2.4 : 2.6) + atomGenerality(c.atom),
    test: (f) => lastSucceeded(f, c),
    python: `_last_ok(f, ${classPython(c).slice(1, -1)})`,
    helpers: ['_last_ok'],
    whenTrue: `the last ${strip} succeeded`,
    whenFalse: `no ${strip} was made, or the last one failed`,
  };
}

const NONE: number[] = [];

/** Per trace, the index of the class's first and last call (-1: none). */
type CallEnds = { first: Int32Array; last: Int32Array };

/** The ends of each action class, so that the ~7000 order pairs are scored on two numbers per trace. */
function callEnds(
  n: number,
  classes: number,
  actions: number[],
  callsOf: (k: number, i: number) => number[],
): (CallEnds | undefined)[] {
  const ends: (CallEnds | undefined)[] = new Array(classes);
  for (const k of actions) {
    const first = new Int32Array(n).fill(-1);
    const last = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const calls = callsOf(k, i);
      if (calls.length > 0) {
        first[i] = calls[0] as number;
        last[i] = calls.at(-1) as number;
      }
    }
    ends[k] = { first, last };
  }
  return ends;
}

function existencePredicate(c: CallClass): Predicate {
  const what = describeClass(c);
  return {
    id: `call:${classKey(c)}`,
    family: 'call-atom',
    cost: (c.tool === '' ? 2 : 2.2) + atomGenerality(c.atom),
    test: (f) => classCalls(f, c).length > 0,
    python: `len(_class_calls(f, ${classPython(c).slice(1, -1)})) > 0`,
    helpers: ['_class_calls'],
    whenTrue: `${what} was made`,
    whenFalse: `no ${what.replace(/^an? /, '')} was made`,
    evidence: [classEvidence(c)],
  };
}

/** The calls of a class, as a predicate's evidence (helper `_class_calls`). */
function classEvidence(c: CallClass): NonNullable<Predicate['evidence']>[number] {
  return {
    python: `_class_calls(f, ${classPython(c).slice(1, -1)})`,
    helpers: ['_class_calls'],
    calls: (f) => classCalls(f, c),
  };
}

function orderPredicate(a: CallClass, b: CallClass, kind: 'before' | 'after-last'): Predicate {
  const first = describeClass(a);
  const then = describeClass(b);
  const strip = (s: string) => s.replace(/^an? /, '');
  if (kind === 'before') {
    return {
      id: `call-before:${classKey(a)}->${classKey(b)}`,
      family: 'call-order',
      cost: 3 + atomGenerality(a.atom) + atomGenerality(b.atom),
      test: (f) => firstBefore(classCalls(f, a), classCalls(f, b)),
      python: `_first_before(f, ${classPython(a)}, ${classPython(b)})`,
      helpers: ['_first_before'],
      whenTrue: `every ${strip(then)} came after ${first}`,
      whenFalse: `${then} came before any ${strip(first)}`,
      evidence: [classEvidence(a), classEvidence(b)],
    };
  }
  return {
    id: `call-after-last:${classKey(a)}->${classKey(b)}`,
    family: 'call-order',
    cost: 2.8 + atomGenerality(a.atom) + atomGenerality(b.atom),
    test: (f) => afterLast(classCalls(f, a), classCalls(f, b)),
    python: `_after_last(f, ${classPython(a)}, ${classPython(b)})`,
    helpers: ['_after_last'],
    whenTrue: `${first} came after the last ${strip(then)}`,
    whenFalse: `no ${strip(first)} came after the last ${strip(then)}`,
    evidence: [classEvidence(a), classEvidence(b)],
  };
}

/** Some call repeated an earlier one with identical arguments (right after it failed). */
export function repeatedCall(facts: TraceFacts, afterFailure: boolean): boolean {
  const seen = new Set<string>();
  let previous: { key: string; failed: boolean } | null = null;
  const atoms = atomsOf(facts);
  for (const [i, c] of facts.calls.entries()) {
    const key = `${c.name}\n${toText(c.args)}`;
    if (afterFailure ? previous?.key === key && previous.failed : seen.has(key)) {
      return true;
    }
    seen.add(key);
    previous = { key, failed: atoms[i]?.has('failed') ?? false };
  }
  return false;
}

/** The atom names a failure (or its family): the last call of such a class failed by definition. */
const saysFailure = (atom: string) => UNSUCCESSFUL.includes(atom) || atom.startsWith('failed:');

/**
 * Atoms of a call that say it did not succeed: an error, a result reporting a failed run, or a
 * test run whose summary reports failing tests.
 */
export const UNSUCCESSFUL = [
  'failed',
  'tests:failed',
  'result.exit_code!=0',
  'result.exitCode!=0',
  'result.returncode!=0',
  'result.ok=false',
  'result.success=false',
];

/** The atoms say the call did not succeed. */
export const unsuccessful = (atoms: Set<string> | undefined) =>
  atoms !== undefined && UNSUCCESSFUL.some((u) => atoms.has(u));

/**
 * A call did what it was asked: it did not fail, and its result did not answer no (`verified:
 * false`). Mirrored by `_succeeded` in python-call-helpers.ts; change both together.
 */
export const callSucceeded = (atoms: Set<string> | undefined) =>
  !unsuccessful(atoms) && !(atoms?.has('answered:no') ?? false);

/** The class had calls and the last of them succeeded: how a run ended (the last test run passed). */
export function lastSucceeded(facts: TraceFacts, c: CallClass): boolean {
  const calls = classCalls(facts, c);
  return calls.length > 0 && !unsuccessful(atomsOf(facts)[calls.at(-1) as number]);
}

/**
 * Some call that did not succeed (an error, or a non-zero exit code) was made again with the same
 * arguments before any write-like call: retried without changing anything in between.
 */
export function retriedUnchanged(facts: TraceFacts): boolean {
  const atoms = atomsOf(facts);
  let pending = new Set<string>();
  for (const [i, c] of facts.calls.entries()) {
    const key = `${c.name}\n${toText(c.args)}`;
    if (pending.has(key)) {
      return true;
    }
    if (inGroup(c.name, { kind: 'write', value: '' })) {
      pending = new Set();
    }
    if (unsuccessful(atoms[i])) {
      pending.add(key);
    }
  }
  return false;
}

/** Tool-argument values: whether each came from an earlier result, and whether the texts name them. */
export function mineValuePredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = minGroupsFor(examples);
  const keys = new Map<string, { tool: string; key: string; groups: Set<string> }>();
  examples.forEach((e, i) => {
    for (const c of e.facts.calls) {
      if (typeof c.args !== 'object' || c.args === null || Array.isArray(c.args)) {
        continue;
      }
      for (const [key, value] of Object.entries(c.args)) {
        if (typeof value === 'string' && value.length >= 3) {
          const id = `${c.name}.${key}`;
          const entry = keys.get(id) ?? { tool: c.name, key, groups: new Set<string>() };
          entry.groups.add(e.group ?? `#${i}`);
          keys.set(id, entry);
        }
      }
    }
  });
  const out: Predicate[] = [
    {
      id: 'repeat:same-call',
      family: 'repeat',
      cost: 2,
      test: (f) => repeatedCall(f, false),
      python: '_repeated_call(f, False)',
      helpers: ['_repeated_call'],
      whenTrue: 'a call repeated an earlier call with the same arguments',
      whenFalse: 'no call repeated an earlier call with the same arguments',
    },
    {
      id: 'repeat:after-failure',
      family: 'repeat',
      cost: 2,
      test: (f) => repeatedCall(f, true),
      python: '_repeated_call(f, True)',
      helpers: ['_repeated_call'],
      whenTrue: 'a failed call was repeated at once with the same arguments',
      whenFalse: 'no failed call was repeated at once with the same arguments',
    },
    {
      id: 'repeat:failed-unchanged',
      family: 'repeat',
      cost: 2.2,
      test: retriedUnchanged,
      python: '_retried_unchanged(f)',
      helpers: ['_retried_unchanged'],
      whenTrue: 'a failed call was made again with the same arguments before any write-like call',
      whenFalse: 'no failed call was made again with the same arguments before a write-like call',
    },
    {
      id: 'grounded:assistant-amounts',
      family: 'value-grounding',
      cost: 2.2,
      test: (f) => amountsGrounded(f),
      python: '_amounts_grounded(f)',
      helpers: ['_amounts_grounded'],
      note: amountNoteOf(false),
      whenTrue: 'every dollar amount the assistant stated came from a tool result or the user',
      whenFalse:
        'the assistant stated a dollar amount that no tool result or user message contains',
    },
    {
      id: 'grounded:assistant-amounts+instructions',
      family: 'value-grounding',
      cost: 2.4,
      test: (f) => amountsGrounded(f, true),
      python: '_amounts_grounded(f, True)',
      helpers: ['_amounts_grounded'],
      note: amountNoteOf(true),
      whenTrue:
        "every dollar amount the assistant stated came from a tool result, the user or the agent's instructions",
      whenFalse:
        "the assistant stated a dollar amount found in no tool result, user message or the agent's instructions",
    },
  ];
  for (const [id, { tool, key, groups }] of [...keys].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (groups.size < minGroups) {
      continue;
    }
    const args = `${JSON.stringify(tool)}, ${JSON.stringify(key)}`;
    for (const source of ['result', 'seen'] as const) {
      const from = source === 'result' ? 'an earlier tool result' : 'an earlier call or result';
      out.push({
        id: `echo:${id}<-${source}`,
        family: 'value-echo',
        cost: 2.6,
        test: (f) => echoed(f, tool, key, source),
        python: `_echoed(f, ${args}, ${JSON.stringify(source)})`,
        helpers: ['_echoed'],
        whenTrue: `every '${tool}' ${key} appeared in ${from} first`,
        whenFalse: `${aOrAn(`'${tool}' ${key}`)} had not appeared in ${from}`,
      });
    }
    for (const source of ['assistant', 'last'] as const) {
      const where = source === 'assistant' ? 'the assistant' : 'the last message';
      out.push({
        id: `mention:${source}:${id}`,
        family: 'value-mention',
        cost: 2.6,
        test: (f) => mentioned(f, tool, key, source),
        python: `_mentioned(f, ${args}, ${JSON.stringify(source)})`,
        helpers: ['_mentioned'],
        whenTrue: `${where} named ${aOrAn(`'${tool}' ${key} value`)}`,
        whenFalse: `${where} named no '${tool}' ${key} value`,
      });
    }
  }
  return out;
}

const AMOUNT = /\$\s?([0-9][0-9,]*(?:\.[0-9]+)?)/g;
const NUMBER = /[0-9]+(?:\.[0-9]+)?/g;

/**
 * Every dollar amount the assistant stated appears as a number in a tool result or the user's
 * words (or, with `instructions`, in the system messages: policy figures the agent was given).
 */
export function amountsGrounded(facts: TraceFacts, instructions = false): boolean {
  return unbackedAmount(facts, instructions) === null;
}

/** The first dollar amount the assistant stated that no given text holds, as written, or null. */
function unbackedAmount(facts: TraceFacts, instructions: boolean): string | null {
  let known: ReturnType<typeof knownNumbers> | undefined;
  for (const m of facts.texts.assistant.matchAll(AMOUNT)) {
    known ??= knownNumbers(facts);
    const n = Number((m[1] as string).replace(/,/g, ''));
    if (!(known.given.has(n) || (instructions && known.instructions.has(n)))) {
      return m[0];
    }
  }
  return null;
}

/** The first unbacked amount as a reason's note: `amount "$120"`. */
export function amountNote(facts: TraceFacts, instructions = false): string | null {
  const amount = unbackedAmount(facts, instructions);
  return amount === null ? null : `amount ${JSON.stringify(amount)}`;
}

/** The unbacked amount as the note of "the assistant stated a dollar amount that no ... holds". */
const amountNoteOf = (instructions: boolean): NonNullable<Predicate['note']> => ({
  python: instructions ? '_amount_note(f, True)' : '_amount_note(f)',
  helpers: ['_amount_note'],
  text: (f) => amountNote(f, instructions),
  on: 'false',
});

/** The numbers of the tool results and user messages, and of the instructions (memoised). */
function knownNumbers(facts: TraceFacts) {
  const numbers = (text: string) => new Set((text.match(NUMBER) ?? []).map(Number));
  facts.numbers ??= {
    given: numbers(`${facts.texts.tool}\n${facts.texts.user}`),
    instructions: numbers(facts.texts.system),
  };
  return facts.numbers;
}

function argValue(args: unknown, key: string): string | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return null;
  }
  const v = (args as Record<string, unknown>)[key];
  return typeof v === 'string' && [...v].length >= 3 ? v : null;
}

/** Every `tool` call's `key` value appeared before in a result (or, for "seen", in a call's arguments too). */
export function echoed(
  facts: TraceFacts,
  tool: string,
  key: string,
  source: 'result' | 'seen',
): boolean {
  const before = source === 'result' ? resultsBefore(facts) : seenBefore(facts);
  return facts.calls.every((c, k) => {
    const v = c.name === tool ? argValue(c.args, key) : null;
    return v === null || heldBefore(before, k, v);
  });
}

/** Some `tool` call's `key` value appears in the assistant's text (or the last message). */
export function mentioned(
  facts: TraceFacts,
  tool: string,
  key: string,
  source: 'assistant' | 'last',
): boolean {
  const text = source === 'last' ? facts.lastContent : facts.texts.assistant;
  return facts.calls.some((c) => {
    const v = c.name === tool ? argValue(c.args, key) : null;
    return v !== null && text.includes(v);
  });
}
