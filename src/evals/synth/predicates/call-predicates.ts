import { atomsOf } from '../call-atoms';
import {
  afterLast,
  atomKind,
  type CallClass,
  type CallFamily,
  classKey,
  describeFamily,
  familyCalls,
  familyKey,
  familyPython,
  firstBefore,
  firstCallBefore,
  lastCallAfter,
} from '../call-classes';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
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

/**
 * Classes of calls (a tool, or any tool, with an atom of its arguments or result) seen in enough
 * distinct groups, as of existence ("some call whose command starts with git push") and order
 * ("every edit came after a call whose command starts with pytest", "some test run came after
 * the last edit"); the most discriminative of each kind.
 */
/** Classes (the most widespread) whose order is asked about, pairwise. */
const ORDER_POOL = 60;

export function mineCallPredicates(examples: MiningExample[], limit = 40): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  // One pass: every class a call belongs to, with the groups it occurs in and its calls per trace.
  // `at[i]`: the trace's calls of the class, absent when it made none (most classes, most traces).
  const seen = new Map<
    string,
    { c: CallClass; groups: Set<string>; at: (number[] | undefined)[] }
  >();
  examples.forEach((e, i) => {
    const atoms = atomsOf(e.facts);
    e.facts.calls.forEach((call, k) => {
      const add = (tool: string, atom: string) => {
        const key = classKey({ tool, atom });
        let entry = seen.get(key);
        if (!entry) {
          entry = { c: { tool, atom }, groups: new Set(), at: [] };
          seen.set(key, entry);
        }
        entry.groups.add(e.group ?? `#${i}`);
        entry.at[i] ??= [];
        entry.at[i].push(k);
      };
      add(call.name, '');
      for (const atom of atoms[k] ?? []) {
        add(call.name, atom);
        add('', atom);
      }
    });
  });
  // Widest spread first (then by key, so the order is the same in any database).
  const kept = [...seen.entries()]
    .filter(([, v]) => v.groups.size >= minGroups)
    .sort((a, b) => b[1].groups.size - a[1].groups.size || (a[0] < b[0] ? -1 : 1))
    .slice(0, 300);
  const pool = kept.map(([, v]) => v.c);
  const at = kept.map(([, v]) => v.at);
  const out: Predicate[] = [];

  const callsOf = (k: number, i: number) => (at[k] as (number[] | undefined)[])[i] ?? NONE;
  const labels = examples.map((e) => e.label);
  const passes = labels.filter(Boolean).length;
  const separates = (holds: (i: number) => boolean) => {
    let onPass = 0;
    let onFail = 0;
    for (let i = 0; i < labels.length; i++) {
      if (holds(i)) {
        onPass += labels[i] ? 1 : 0;
        onFail += labels[i] ? 0 : 1;
      }
    }
    return separation(onPass, onFail, passes, labels.length - passes);
  };
  const existing = pool.map((_, k) => k);
  const exists = (family: number[]) => {
    const on = labels.map((_, i) => family.some((k) => callsOf(k, i).length > 0));
    return (i: number) => on[i] as boolean;
  };
  const bestExisting = top(existing, (k) => separates(exists([k])), limit);
  for (const k of bestExisting) {
    out.push(existencePredicate([pool[k] as CallClass]));
  }
  // The best few widened into families of their kind ("pytest", "go test" or "cargo test").
  const emitted = new Set<string>();
  for (const k of bestExisting.slice(0, FAMILY_SEEDS)) {
    const family = widen([k], siblingsOf(pool, k, existing), exists, labels, separates);
    const key = family.join(',');
    if (family.length > 1 && !emitted.has(key)) {
      emitted.add(key);
      out.push(existencePredicate(family.map((m) => pool[m] as CallClass)));
    }
  }
  type Pair = { a: number; b: number; kind: 'before' | 'after-last' };
  const pairs: Pair[] = [];
  // Order is asked about actions: a tool, a command form, a failure.
  const allActions = pool
    .map((c, k) => ({ c, k }))
    .filter(({ c }) => c.atom === '' || c.atom === 'failed' || c.atom.includes('^'))
    .map(({ k }) => k);
  const actions = allActions.slice(0, ORDER_POOL);
  for (const a of actions) {
    for (const b of actions) {
      if (a !== b) {
        pairs.push({ a, b, kind: 'before' }, { a, b, kind: 'after-last' });
      }
    }
  }
  const ends = callEnds(examples.length, pool.length, allActions, callsOf);
  const holdsOn = (a: CallEnds, b: CallEnds, kind: Pair['kind']) => (i: number) =>
    kind === 'before'
      ? firstCallBefore(a.first[i] as number, b.first[i] as number)
      : lastCallAfter(a.last[i] as number, b.last[i] as number);
  const orderScore = (p: Pair) =>
    separates(holdsOn(ends[p.a] as CallEnds, ends[p.b] as CallEnds, p.kind));
  const bestPairs = top(pairs, orderScore, limit);
  for (const p of bestPairs) {
    out.push(orderPredicate([pool[p.a] as CallClass], [pool[p.b] as CallClass], p.kind));
  }
  // Each side of the best pairs widened into a family: "a test run came after the last edit".
  for (const p of bestPairs.slice(0, ORDER_FAMILY_SEEDS)) {
    let a = [p.a];
    let b = [p.b];
    const answers = (x: number[], y: number[]) =>
      holdsOn(familyEnds(ends, x), familyEnds(ends, y), p.kind);
    for (let round = 0; round < 2; round++) {
      a = widen(a, siblingsOf(pool, p.a, allActions), (x) => answers(x, b), labels, separates);
      b = widen(b, siblingsOf(pool, p.b, allActions), (y) => answers(a, y), labels, separates);
    }
    const key = `${p.kind}:${a.join(',')}->${b.join(',')}`;
    if (a.length + b.length > 2 && !emitted.has(key) && !a.some((k) => b.includes(k))) {
      emitted.add(key);
      const family = (xs: number[]) => xs.map((k) => pool[k] as CallClass);
      out.push(orderPredicate(family(a), family(b), p.kind));
    }
  }
  return out;
}

/** Most classes in a mined family, and how many of the best classes and pairs are widened. */
const FAMILY_SIZE = 6;
/** Traces a new class of a family must move towards their label. */
const MIN_RIGHT = 1;
const FAMILY_SEEDS = 8;
const ORDER_FAMILY_SEEDS = 20;

/**
 * Classes that may join class `k` in a family: whole calls of other tools, or the same tool's
 * argument atoms of the same kind (other first words of a command, other file extensions).
 */
function siblingsOf(pool: CallClass[], k: number, among: number[]): number[] {
  const c = pool[k] as CallClass;
  const kind = atomKind(c.atom);
  return among.filter((j) => {
    const d = pool[j] as CallClass;
    if (j === k) {
      return false;
    }
    if (c.atom === '' || d.atom === '') {
      return c.atom === d.atom && c.tool !== '' && d.tool !== '';
    }
    return c.tool === d.tool && kind !== c.atom && atomKind(d.atom) === kind;
  });
}

/**
 * Greedy widening of a family: adds the sibling that raises `score` most, while one does (at most
 * FAMILY_SIZE classes). A sibling joins only when the traces whose answer it changes mostly move
 * towards their labels (at least two more right than wrong, and three right for every wrong):
 * a class that fixes one trace by chance is not taken for part of the family.
 */
function widen(
  family: number[],
  siblings: number[],
  answers: (f: number[]) => (i: number) => boolean,
  labels: boolean[],
  separates: (holds: (i: number) => boolean) => number,
): number[] {
  let current = family;
  let holds = answers(current);
  let best = separates(holds);
  while (current.length < FAMILY_SIZE) {
    let pick: { k: number; score: number; holds: (i: number) => boolean } | null = null;
    // the verdict the fact stands for: pass when it holds on a larger share of passes
    let passHolding = 0;
    let passes = 0;
    let failHolding = 0;
    labels.forEach((l, i) => {
      passes += l ? 1 : 0;
      passHolding += l && holds(i) ? 1 : 0;
      failHolding += !l && holds(i) ? 1 : 0;
    });
    const meansPass = passHolding * (labels.length - passes) >= failHolding * passes;
    for (const k of siblings) {
      if (current.includes(k)) {
        continue;
      }
      const next = answers([...current, k]);
      let right = 0;
      let wrong = 0;
      for (let i = 0; i < labels.length; i++) {
        const now = next(i);
        if (now !== holds(i)) {
          if (now === (labels[i] === meansPass)) {
            right++;
          } else {
            wrong++;
          }
        }
      }
      if (right < MIN_RIGHT || right < 3 * wrong) {
        continue;
      }
      const score = separates(next);
      if (score > (pick?.score ?? best) + 1e-9) {
        pick = { k, score, holds: next };
      }
    }
    if (!pick) {
      break;
    }
    current = [...current, pick.k];
    holds = pick.holds;
    best = pick.score;
  }
  return current;
}

/** The first and last call of a family per trace, from its classes' ends. */
function familyEnds(ends: (CallEnds | undefined)[], family: number[]): CallEnds {
  if (family.length === 1) {
    return ends[family[0] as number] as CallEnds;
  }
  const n = (ends[family[0] as number] as CallEnds).first.length;
  const first = new Int32Array(n).fill(-1);
  const last = new Int32Array(n).fill(-1);
  for (const k of family) {
    const e = ends[k] as CallEnds;
    for (let i = 0; i < n; i++) {
      const f = e.first[i] as number;
      if (f >= 0 && (first[i] === -1 || f < (first[i] as number))) {
        first[i] = f;
      }
      if ((e.last[i] as number) > (last[i] as number)) {
        last[i] = e.last[i] as number;
      }
    }
  }
  return { first, last };
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

/** Extra cost per class beyond the first of a family: a longer statement must earn its place. */
const FAMILY_MEMBER_COST = 0.4;

function existencePredicate(f: CallFamily): Predicate {
  const what = describeFamily(f);
  const python =
    f.length === 1
      ? `len(_class_calls(f, ${familyPython(f).slice(1, -1)})) > 0`
      : `len(_family_calls(f, ${familyPython(f)})) > 0`;
  return {
    id: `call:${familyKey(f)}`,
    family: 'call-atom',
    cost: (f[0]?.tool === '' ? 2 : 2.2) + FAMILY_MEMBER_COST * (f.length - 1),
    test: (facts) => familyCalls(facts, f).length > 0,
    python,
    helpers: [f.length === 1 ? '_class_calls' : '_family_calls'],
    whenTrue: `${what} was made`,
    whenFalse: `no ${what.replace(/^an? /, '')} was made`,
  };
}

function orderPredicate(a: CallFamily, b: CallFamily, kind: 'before' | 'after-last'): Predicate {
  const first = describeFamily(a);
  const then = describeFamily(b);
  const strip = (s: string) => s.replace(/^an? /, '');
  const extra = FAMILY_MEMBER_COST * (a.length + b.length - 2);
  if (kind === 'before') {
    return {
      id: `call-before:${familyKey(a)}->${familyKey(b)}`,
      family: 'call-order',
      cost: 3 + extra,
      test: (f) => firstBefore(familyCalls(f, a), familyCalls(f, b)),
      python: `_first_before(f, ${familyPython(a)}, ${familyPython(b)})`,
      helpers: ['_first_before'],
      whenTrue: `every ${strip(then)} came after ${first}`,
      whenFalse: `${then} came before any ${strip(first)}`,
    };
  }
  return {
    id: `call-after-last:${familyKey(a)}->${familyKey(b)}`,
    family: 'call-order',
    cost: 2.8 + extra,
    test: (f) => afterLast(familyCalls(f, a), familyCalls(f, b)),
    python: `_after_last(f, ${familyPython(a)}, ${familyPython(b)})`,
    helpers: ['_after_last'],
    whenTrue: `${first} came after the last ${strip(then)}`,
    whenFalse: `no ${strip(first)} came after the last ${strip(then)}`,
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

/** Atoms of a call that say it did not succeed: an error, or a result reporting a failed run. */
const UNSUCCESSFUL = [
  'failed',
  'result.exit_code!=0',
  'result.exitCode!=0',
  'result.returncode!=0',
  'result.ok=false',
  'result.success=false',
];

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
    const a = atoms[i];
    if (a && UNSUCCESSFUL.some((u) => a.has(u))) {
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
        whenFalse: `a '${tool}' ${key} had not appeared in ${from}`,
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
        whenTrue: `${where} named a '${tool}' ${key} value`,
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
  const amounts = [...facts.texts.assistant.matchAll(AMOUNT)];
  if (amounts.length === 0) {
    return true;
  }
  const known = knownNumbers(facts);
  return amounts.every((m) => {
    const n = Number((m[1] as string).replace(/,/g, ''));
    return known.given.has(n) || (instructions && known.instructions.has(n));
  });
}

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
  const seen = echoTexts(facts)[source];
  return facts.calls.every((c, k) => {
    const v = c.name === tool ? argValue(c.args, key) : null;
    if (v === null) {
      return true;
    }
    // the first occurrence lies before the call's offset when any does
    const at = seen.text.indexOf(v);
    return at >= 0 && at + v.length <= (seen.ends[k] as number);
  });
}

/**
 * What each call could echo, as one text per source and the offset where each call's prefix ends:
 * the results (and for "seen" the arguments too) of the calls before it, each after a newline.
 */
function echoTexts(facts: TraceFacts) {
  if (!facts.echoTexts) {
    const result = { parts: [] as string[], ends: [] as number[], length: 0 };
    const seen = { parts: [] as string[], ends: [] as number[], length: 0 };
    const add = (to: typeof result, text: string) => {
      to.parts.push(`\n${text}`);
      to.length += text.length + 1;
    };
    for (const c of facts.calls) {
      result.ends.push(result.length);
      seen.ends.push(seen.length);
      add(result, c.result);
      add(seen, c.result);
      add(seen, toText(c.args));
    }
    facts.echoTexts = {
      result: { text: result.parts.join(''), ends: result.ends },
      seen: { text: seen.parts.join(''), ends: seen.ends },
    };
  }
  return facts.echoTexts;
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
