import { atomsOf } from '../call-atoms';
import { FAILURE_WORDS, SUCCESS_WORDS } from '../message-words';
import { countItems, type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { describeGroup, groupKey, groupPython, inGroup, type ToolGroup } from '../tool-groups';
import {
  type CallFact,
  eventTokens,
  parseResultObject,
  remember,
  type TimelineEvent,
  type TraceFacts,
} from '../trace-facts';
import { unsuccessful } from './call-predicates';
import { LETTER_WORDS } from './order-predicates';

// Mirrored by `_failed_followed`, `_after_failure` and `_claims_success` in
// python-failure-helpers.ts; change both together (parity test).

/** Which failed calls are asked about: one tool, write-like tools, or (null) any tool. */
export type Scope = ToolGroup | null;

/** What may follow a failed call: the same tool at once, an assistant message, or either. */
export type Follow = 'retried' | 'reported' | 'retried-or-reported' | 'told';

const says = (tokens: Set<string>, words: string[]) => words.some((w) => tokens.has(w));

/** A message claims success: it says a success word and no word of failure or negation. */
export function claimsSuccess(tokens: Set<string>): boolean {
  return says(tokens, SUCCESS_WORDS) && !says(tokens, FAILURE_WORDS);
}

/** The timeline index of each call (the n-th call event is the n-th call; -1 when it has none). */
function callEvents(facts: TraceFacts): number[] {
  const at = facts.calls.map(() => -1);
  let k = 0;
  facts.events.forEach((e, i) => {
    if (e.kind === 'call' && k < at.length) {
      at[k++] = i;
    }
  });
  return at;
}

const inScope = (name: string, scope: Scope) => scope === null || inGroup(name, scope);

/** Result fields (lower-cased names) whose text reports how a call went. */
const REPORT_KEY = /status|state|error|message|detail|reason|result|outcome/;

/**
 * The first 24 lower-cased words (letters only) of what a call's result says about how it went:
 * of a JSON object, its top-level text fields named like a report (`status`, `error`, `message`,
 * `detail`, `reason`, ...), not its data (an airport, a name); of other text, its first line.
 */
export function resultWords(c: CallFact): string[] {
  let words = wordsMemo.get(c);
  if (!words) {
    words = readResultWords(c);
    wordsMemo.set(c, words);
  }
  return words;
}

const wordsMemo = new WeakMap<CallFact, string[]>();

function readResultWords(c: CallFact): string[] {
  const r = parseResultObject(c.result);
  const text = r
    ? Object.entries(r)
        .filter(([k, v]) => typeof v === 'string' && REPORT_KEY.test(k.toLowerCase()))
        .map(([, v]) => v)
        .join(' ')
    : (c.result.split('\n')[0] ?? '');
  return (text.toLowerCase().match(/[a-z]+/g) ?? []).slice(0, 24);
}

/** The call's result says one of `forms` (failure words learned from labels) in its first line. */
export const saysForm = (c: CallFact, forms: readonly string[]) =>
  forms.length > 0 && resultWords(c).some((w) => forms.includes(w));

/**
 * Every failed call (an error, or a result reporting a failed run; or one whose result says one
 * of `forms`, failure words learned from the labels) in `scope` was followed by
 * `how`: the next call was the same tool (`retried`); an assistant message with text came before
 * the next call (`reported`); either; or the assistant's next message with text said that it did
 * not work (`told`: a failure or negation word).
 */
export function failedFollowed(
  facts: TraceFacts,
  scope: Scope,
  how: Follow,
  forms: readonly string[] = [],
): boolean {
  const atoms = atomsOf(facts);
  const at = callEvents(facts);
  const { calls, events } = facts;
  for (const [k, c] of calls.entries()) {
    const e = at[k] as number;
    const failed = unsuccessful(atoms[k]) || saysForm(c, forms);
    if (e < 0 || !inScope(c.name, scope) || !failed) {
      continue;
    }
    const retried = calls[k + 1]?.name === c.name;
    let callFirst = false;
    let reported = false;
    let told = false;
    for (let i = e + 1; i < events.length; i++) {
      const next = events[i] as (typeof events)[number];
      if (next.kind === 'call') {
        callFirst = true;
        if (how !== 'told') {
          break;
        }
      } else if (next.kind === 'assistant' && next.text.trim() !== '') {
        reported = !callFirst;
        told = says(eventTokens(next), FAILURE_WORDS);
        break;
      }
    }
    const ok =
      how === 'retried'
        ? retried
        : how === 'reported'
          ? reported
          : how === 'told'
            ? told
            : retried || reported;
    if (!ok) {
      return false;
    }
  }
  return true;
}

/**
 * The assistant messages said while a failed call in `scope` stood unrecovered (after it, before
 * a later call of the same tool succeeded).
 */
export function afterFailure(facts: TraceFacts, scope: Scope): TimelineEvent[] {
  facts.afterFailure ??= new Map();
  return remember(facts.afterFailure, scopeKey(scope), () => {
    const atoms = atomsOf(facts);
    const at = callEvents(facts);
    const byEvent = new Map(at.map((e, k) => [e, k]));
    const open = new Set<string>();
    const said: TimelineEvent[] = [];
    for (const [i, e] of facts.events.entries()) {
      const k = byEvent.get(i);
      if (e.kind === 'call' && k !== undefined) {
        const c = facts.calls[k] as (typeof facts.calls)[number];
        if (!unsuccessful(atoms[k])) {
          open.delete(c.name);
        } else if (inScope(c.name, scope)) {
          open.add(c.name);
        }
      } else if (e.kind === 'assistant' && open.size > 0 && e.text.trim() !== '') {
        said.push(e);
      }
    }
    return said;
  });
}

/** An assistant message claimed success while a failed call in `scope` stood unrecovered. */
export function claimedAfterFailure(facts: TraceFacts, scope: Scope): boolean {
  return afterFailure(facts, scope).some((e) => claimsSuccess(eventTokens(e)));
}

/** An assistant message said `word` while a failed call in `scope` stood unrecovered. */
export function saidAfterFailure(facts: TraceFacts, scope: Scope, word: string): boolean {
  return afterFailure(facts, scope).some((e) => eventTokens(e).has(word));
}

const scopeKey = (s: Scope) => (s === null ? '*' : groupKey(s));
const scopePython = (s: Scope) => (s === null ? 'None' : groupPython(s));

/** The failed calls in the scope, as a predicate's evidence (helper `_failed_calls`). */
const failedIn = (s: Scope): NonNullable<Predicate['evidence']> => [
  {
    python: `[i for i, x in enumerate(_failed_calls(f)) if x and _in_scope(f["calls"][i]["name"], ${scopePython(s)})]`,
    helpers: ['_failed_calls'],
    calls: (facts) => {
      const atoms = atomsOf(facts);
      return facts.calls.flatMap((c, i) =>
        unsuccessful(atoms[i]) && inScope(c.name, s) ? [i] : [],
      );
    },
  },
];
const failedOf = (s: Scope) => (s === null ? 'failed call' : `failed ${describeGroup(s)} call`);

/** What follows a failed call, as its rules word it (failure forms ask about three of them). */
export const FOLLOWS: { how: Follow; cost: number; holds: string; not: string }[] = [
  {
    how: 'retried-or-reported',
    cost: 2.8,
    holds: 'was retried at once or followed by an assistant message before the next call',
    not: 'was neither retried at once nor reported before the next call',
  },
  {
    how: 'retried',
    cost: 2.6,
    holds: 'was retried at once (the next call was the same tool)',
    not: 'was not retried at once',
  },
  {
    how: 'reported',
    cost: 2.6,
    holds: 'was followed by an assistant message before the next call',
    not: 'was followed by another call with no assistant message between',
  },
  {
    how: 'told',
    // a word list, priced as words are (3 to 4)
    cost: 3.1,
    holds:
      "was followed by an assistant message saying it did not work ('failed', 'unable', 'not', ...)",
    not: "was followed by no assistant message saying it did not work ('failed', 'unable', 'not', ...)",
  },
];

/** The scopes failed calls are asked about: any tool, write-like tools, each tool that failed. */
function scopes(examples: MiningExample[], groups: ToolGroup[]): Scope[] {
  const failing = new Map<string, Set<string>>();
  examples.forEach((e, i) => {
    const atoms = atomsOf(e.facts);
    e.facts.calls.forEach((c, k) => {
      if (unsuccessful(atoms[k])) {
        const seen = failing.get(c.name) ?? new Set<string>();
        seen.add(e.group ?? `#${i}`);
        failing.set(c.name, seen);
      }
    });
  });
  if (failing.size === 0) {
    return [];
  }
  const minGroups = Math.min(2, minGroupsFor(examples));
  const out: Scope[] = [null];
  for (const g of groups) {
    const names = [...failing].filter(([name]) => inGroup(name, g));
    const spread = new Set(names.flatMap(([, s]) => [...s])).size;
    if ((g.kind === 'name' || g.kind === 'write') && spread >= minGroups) {
      out.push(g);
    }
  }
  return out;
}

/**
 * What followed failed calls: every one retried or reported, the assistant saying it did not
 * work, or claiming success (or saying a word) while a failure stood ("no success claimed after a
 * failed change", "every failed call is retried or reported to the user").
 */
export function mineFailurePredicates(examples: MiningExample[], groups: ToolGroup[]): Predicate[] {
  const out: Predicate[] = [];
  for (const s of scopes(examples, groups)) {
    const extra = s === null ? 0 : s.kind === 'write' ? 0.05 : 0.1;
    for (const f of FOLLOWS) {
      out.push({
        id: `failed-followed:${scopeKey(s)}:${f.how}`,
        family: 'failure-follow',
        cost: f.cost + extra,
        test: (facts) => failedFollowed(facts, s, f.how),
        python: `_failed_followed(f, ${scopePython(s)}, ${JSON.stringify(f.how)})`,
        helpers: ['_failed_followed'],
        evidence: failedIn(s),
        whenTrue: `every ${failedOf(s)} ${f.holds}`,
        whenFalse: `a ${failedOf(s)} ${f.not}`,
      });
    }
    out.push({
      id: `claimed-after-failure:${scopeKey(s)}`,
      family: 'failure-follow',
      // two word lists, priced as words are (3 to 4)
      cost: 3.1 + extra,
      test: (facts) => claimedAfterFailure(facts, s),
      python: `_claimed_after_failure(f, ${scopePython(s)})`,
      helpers: ['_claimed_after_failure'],
      evidence: failedIn(s),
      whenTrue: `after a ${failedOf(s)}, before that tool succeeded, the assistant claimed success ('done', 'successfully', 'has been', ... with no 'not' or 'failed')`,
      whenFalse: `the assistant claimed no success while a ${failedOf(s)} stood unrecovered`,
    });
    for (const word of wordsAfterFailure(examples, s)) {
      out.push({
        id: `said-after-failure:${scopeKey(s)}:${word}`,
        family: 'failure-word',
        cost: 3.4 + extra,
        test: (facts) => saidAfterFailure(facts, s, word),
        python: `_said_after_failure(f, ${scopePython(s)}, ${JSON.stringify(word)})`,
        helpers: ['_said_after_failure'],
        evidence: failedIn(s),
        whenTrue: `after a ${failedOf(s)}, before that tool succeeded, the assistant said '${word}'`,
        whenFalse: `the assistant did not say '${word}' while a ${failedOf(s)} stood unrecovered`,
      });
    }
  }
  return out;
}

/** Words the assistant said while failures stood, in enough groups, most frequent first. */
function wordsAfterFailure(examples: MiningExample[], s: Scope, limit = 6): string[] {
  const counts = countItems(
    examples,
    `after-failure|${scopeKey(s)}`,
    (e) => afterFailure(e.facts, s).map(eventTokens),
    minGroupsFor(examples),
    LETTER_WORDS,
  );
  return [...counts]
    .filter(([, c]) => c.pass + c.fail >= 2)
    .sort((a, b) => b[1].pass + b[1].fail - (a[1].pass + a[1].fail) || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([t]) => t);
}
