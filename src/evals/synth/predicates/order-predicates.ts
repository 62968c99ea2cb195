import { aOrAn } from '@/core/a-or-an';
import { atomsOf } from '../call-atoms';
import { AFFIRMATIVE_WORDS, REFUSAL_WORDS } from '../message-words';
import {
  countItems,
  type ItemFilter,
  type MiningExample,
  minGroupsFor,
  type Predicate,
} from '../predicate';
import {
  describeGroup,
  groupKey,
  groupPython,
  inGroup,
  membership,
  type ToolGroup,
} from '../tool-groups';
import {
  type CallFact,
  eventTokens,
  remember,
  type TimelineEvent,
  type TraceFacts,
} from '../trace-facts';
import { callSucceeded } from './call-predicates';
import { toolFailed } from './error-predicates';

/**
 * Every call in `then` came after a call in `first` that succeeded: one that failed or answered
 * no (`verified: false`) is no call of `first` for what follows it.
 */
export function everyAfter(facts: TraceFacts, first: ToolGroup, then: ToolGroup): boolean {
  const isThen = membership(facts, then).calls;
  const isFirst = membership(facts, first).calls;
  const atoms = atomsOf(facts);
  // the first call of `then` came after a successful call of `first` (so every later one did)
  const firstThen = isThen.indexOf(1);
  for (let i = 0; i < firstThen; i++) {
    if (isFirst[i] === 1 && callSucceeded(atoms[i])) {
      return true;
    }
  }
  return firstThen < 0;
}

/**
 * Every call in the group has a `role` message containing `token` since the previous such call (and
 * before the first); holds when the group made no call. Each asks about a few words only, so the
 * messages are looked up per word rather than every word of them gathered.
 */
export function eachConfirmed(
  facts: TraceFacts,
  group: ToolGroup,
  token: string,
  role: SpeakerRole = 'user',
): boolean {
  const member = membership(facts, group).events;
  const end = member.lastIndexOf(1);
  let said = false;
  for (let i = 0; i <= end; i++) {
    const e = facts.events[i] as TimelineEvent;
    if (e.kind === role) {
      said ||= eventTokens(e).has(token);
    } else if (member[i] === 1) {
      if (!said) {
        return false;
      }
      said = false;
    }
  }
  return true;
}

/**
 * Every call in the group came after an assistant message ending in a question and a user reply,
 * both since the previous call of the group: the agent asked before acting. `affirmed`: the
 * user's latest reply said yes (an agreeing word, no refusing one).
 */
export function askedFirst(facts: TraceFacts, group: ToolGroup, affirmed = false): boolean {
  const member = membership(facts, group).events;
  const calls = eventCalls(facts);
  const end = member.lastIndexOf(1);
  let asked = false;
  let answered = false;
  for (let i = 0; i <= end; i++) {
    const e = facts.events[i] as TimelineEvent;
    if (e.kind === 'assistant' && QUESTION.test(e.text)) {
      asked = true;
      answered = false;
    } else if (e.kind === 'user' && asked && e.text.trim() !== '') {
      answered = !affirmed || agrees(eventTokens(e));
    } else if (member[i] === 1) {
      if (!answered) {
        return false;
      }
      // a failed call did not do what was agreed: retrying it needs no second question
      const call = calls[i];
      if (call && toolFailed(call)) {
        continue;
      }
      asked = false;
      answered = false;
    }
  }
  return true;
}

/**
 * The call each timeline event stands for (the n-th call event of a tool is its n-th call), or
 * undefined; memoised on the facts.
 */
function eventCalls(facts: TraceFacts): (CallFact | undefined)[] {
  if (!facts.eventCalls) {
    const byName = new Map<string, CallFact[]>();
    for (const c of facts.calls) {
      remember(byName, c.name, () => []).push(c);
    }
    const seen = new Map<string, number>();
    facts.eventCalls = facts.events.map((e) => {
      if (e.kind !== 'call') {
        return undefined;
      }
      const nth = seen.get(e.text) ?? 0;
      seen.set(e.text, nth + 1);
      return byName.get(e.text)?.[nth];
    });
  }
  return facts.eventCalls;
}

const QUESTION = /\?\s*$/;

/**
 * Before the group's first call, the user replied to the assistant (a user message after an
 * assistant message); `affirmed`: a reply that agreed (an agreeing word, no refusing one). Holds
 * when the group made no call. The consent need not follow a question nor be repeated per call.
 */
export function repliedBeforeFirst(facts: TraceFacts, group: ToolGroup, affirmed = false): boolean {
  const member = membership(facts, group).events;
  let spoke = false;
  for (const [i, e] of facts.events.entries()) {
    if (member[i] === 1) {
      return false;
    }
    if (e.kind === 'assistant' && e.text.trim() !== '') {
      spoke = true;
    } else if (e.kind === 'user' && spoke && e.text.trim() !== '') {
      if (!affirmed || agrees(eventTokens(e))) {
        return true;
      }
    }
  }
  return true;
}

/** A reply agrees: an agreeing word ("yes", "go ahead") and no refusing one ("no", "wait"). */
export function agrees(tokens: Set<string>): boolean {
  return remember(
    AGREES,
    tokens,
    () => AFFIRMATIVE_WORDS.some((w) => tokens.has(w)) && !REFUSAL_WORDS.some((w) => tokens.has(w)),
  );
}

/** agrees' answer per token set (a message's words are asked about for every tool group). */
const AGREES = new WeakMap<Set<string>, boolean>();

// When a named tool and a broader group fit the labels equally, the broader group is the likelier intent.
const GENERALITY: Record<ToolGroup['kind'], number> = {
  name: 0,
  prefix: 0.05,
  handoff: 0.1,
  write: 0.2,
  destructive: 0.15,
};

/** Order between tools (B only after A) and user confirmation before each call of a group. */
export function mineOrderPredicates(examples: MiningExample[], groups: ToolGroup[]): Predicate[] {
  const used = groups.filter(
    (g) => examples.filter((e) => e.facts.calls.some((c) => inGroup(c.name, g))).length >= 2,
  );
  const out: Predicate[] = [];
  for (const then of used) {
    for (const first of used) {
      if (groupKey(first) === groupKey(then)) {
        continue;
      }
      out.push({
        id: `after:${groupKey(first)}->${groupKey(then)}`,
        family: 'tool-order',
        cost: 2.5 - GENERALITY[then.kind] - GENERALITY[first.kind],
        test: (f) => everyAfter(f, first, then),
        python: `_every_after(f, ${groupPython(first)}, ${groupPython(then)})`,
        helpers: ['_every_after'],
        groups: [first, then],
        whenTrue: `every ${describeGroup(then)} call came after a successful ${describeGroup(first)} call`,
        whenFalse: `${aOrAn(`${describeGroup(then)} call`)} came before any successful ${describeGroup(first)} call`,
      });
    }
    out.push({
      id: `asked-first:${groupKey(then)}`,
      family: 'confirmation',
      cost: 2.5 - GENERALITY[then.kind],
      test: (f) => askedFirst(f, then),
      python: `_asked_first(f, ${groupPython(then)})`,
      helpers: ['_asked_first'],
      groups: [then],
      whenTrue: `every ${describeGroup(then)} call came after the assistant asked a question and the user answered`,
      whenFalse: `${aOrAn(`${describeGroup(then)} call`)} was made without asking the user first`,
    });
    out.push({
      id: `asked-yes-first:${groupKey(then)}`,
      family: 'confirmation',
      cost: 2.7 - GENERALITY[then.kind],
      test: (f) => askedFirst(f, then, true),
      python: `_asked_first(f, ${groupPython(then)}, True)`,
      helpers: ['_asked_first'],
      groups: [then],
      whenTrue: `every ${describeGroup(then)} call came after the assistant asked and the user said yes ('yes', 'go ahead', ... and no 'no' or 'wait')`,
      whenFalse: `${aOrAn(`${describeGroup(then)} call`)} was made without the user saying yes to a question first`,
    });
    for (const affirmed of [false, true]) {
      const said = affirmed ? "agreed ('yes', 'go ahead', ... and no 'no' or 'wait')" : 'replied';
      out.push({
        id: `${affirmed ? 'agreed' : 'replied'}-before-first:${groupKey(then)}`,
        family: 'confirmation',
        cost: (affirmed ? 2.7 : 2.5) - GENERALITY[then.kind],
        test: (f) => repliedBeforeFirst(f, then, affirmed),
        python: `_replied_before_first(f, ${groupPython(then)}${affirmed ? ', True' : ''})`,
        helpers: ['_replied_before_first'],
        groups: [then],
        whenTrue: `the user ${said} before the first ${describeGroup(then)} call (or none was made)`,
        whenFalse: `${aOrAn(`${describeGroup(then)} call`)} came before the user ${affirmed ? 'agreed' : 'replied'} to the assistant`,
      });
    }
    for (const role of ['user', 'assistant'] as const) {
      for (const token of confirmationTokens(examples, then, role)) {
        const roleArg = role === 'user' ? '' : `, ${JSON.stringify(role)}`;
        out.push({
          id: `${role === 'user' ? 'confirmed' : 'asked'}:${groupKey(then)}:${token}`,
          family: 'confirmation',
          cost: 3 - GENERALITY[then.kind] + (role === 'user' ? 0 : 0.25),
          test: (f) => eachConfirmed(f, then, token, role),
          python: `_each_confirmed(f, ${groupPython(then)}, ${JSON.stringify(token)}${roleArg})`,
          helpers: ['_each_confirmed'],
          groups: [then],
          whenTrue: `every ${describeGroup(then)} call followed ${role === 'user' ? 'a user' : 'an assistant'} message saying '${token}'`,
          whenFalse: `${aOrAn(`${describeGroup(then)} call`)} was made without ${role === 'user' ? 'a user' : 'an assistant'} message saying '${token}' since the previous one`,
        });
      }
    }
  }
  return out;
}

type SpeakerRole = 'user' | 'assistant';

/** Words too common to signal anything; pairs made only of them are skipped too. */
export const STOP_WORDS = new Set(
  [
    'a an and are as at be but by can do for from have i if in is it me my of on or so that the',
    'this to we with would you your will has had was were been being am does did its our us he',
    'she his her him they them their there here these those what which who when where why how',
    'all any both each more most other some such only own same than too very just also into',
    'about out up then once again let s t d m ll re ve',
  ]
    .join(' ')
    .split(' '),
);

const stopOnly = (t: string) => t.split(' ').every((w) => STOP_WORDS.has(w));

/** Words and word pairs worth counting: not digits only, not stop words only. */
export const WORDS: ItemFilter = {
  key: 'words',
  keeps: (t) => !/^[0-9 ]+$/.test(t) && !stopOnly(t),
};

/** Words and word pairs without a digit, not stop words only. */
export const LETTER_WORDS: ItemFilter = {
  key: 'letter-words',
  keeps: (t) => !/[0-9]/.test(t) && !stopOnly(t),
};

/** Words of the last non-empty `role` message before calls of the group, most frequent first. */
function confirmationTokens(
  examples: MiningExample[],
  group: ToolGroup,
  role: SpeakerRole,
  limit = 8,
): string[] {
  const counts = countItems(
    examples,
    `before:${role}|${groupKey(group)}`,
    (e) => lastWordsBefore(e.facts, group, role),
    minGroupsFor(examples),
    WORDS,
  );
  return [...counts]
    .map(([t, c]): [string, number] => [t, c.pass + c.fail])
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([t]) => t);
}

/** Per call of the group: the words of the latest non-empty `role` message since the previous one. */
function* lastWordsBefore(facts: TraceFacts, group: ToolGroup, role: SpeakerRole) {
  const member = membership(facts, group).events;
  const { events } = facts;
  let last = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as TimelineEvent;
    if (e.kind === role && e.text.trim() !== '') {
      last = i;
    } else if (member[i] === 1 && last >= 0) {
      yield eventTokens(events[last] as TimelineEvent);
      last = -1;
    }
  }
}
