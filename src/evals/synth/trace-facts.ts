import type { EvalView } from '@/core/eval-view';
import type { CallClass } from './call-classes';

// Mirrored line by line by `_facts` in python-helpers.ts; change both together (parity test).

export type CallFact = { name: string; args: unknown; result: string; error: string };
export type TimelineEvent = {
  kind: 'user' | 'assistant' | 'call';
  text: string;
  tokens?: Set<string>;
};

export function eventTokens(event: TimelineEvent): Set<string> {
  event.tokens ??= tokenise(event.text);
  return event.tokens;
}

export type TraceFacts = {
  calls: CallFact[];
  /** Tool-call count of each step (or assistant message) that made at least one call. */
  perTurn: number[];
  stepErrors: number;
  /** user and assistant messages and tool calls, in conversation order. */
  events: TimelineEvent[];
  /** Messages joined by role (system: the agent's instructions). */
  texts: { user: string; assistant: string; tool: string; system: string };
  lastRole: string;
  lastContent: string;
  output: unknown;
  counts: Record<MetricName, number>;
  tokenCache: Map<string, Set<string>>;
  /** Memo of each call's atoms (call-atoms.ts). */
  atoms?: Set<string>[];
  /** Memo of the classes of the calls (call-classes.ts `callClassesOf`). */
  callClasses?: Map<string, { c: CallClass; calls: number[] }>;
  /** Memo of tool-group membership per call / per event, keyed by group. */
  groupCache: Map<string, { calls: Uint8Array; events: Uint8Array }>;
  /**
   * Memo of predicate answers: `slots` numbers predicate ids (canonical: one id, one question) for
   * every trace of one facts cache; `answers[slot]` is 0 (not asked yet), 1 (false) or 2 (true).
   */
  slots: Map<string, number>;
  answers: Uint8Array;
  /** Items (words, shapes) numbered for every trace of one facts cache (see `countItems`). */
  items: ItemTable;
  /** Memo of a source's items as numbers of `items`, keyed by source. */
  itemIds: Map<string, Int32Array>;
  /**
   * Memos of what came before each call, as one text with the offset where each call's part ends
   * (text-before.ts): the arguments, the results (all, or one tool's), and what the assistant had
   * said (its latest message with text, and all of them; quantifier-predicates.ts).
   */
  argPrefixes?: { text: string; ends: number[] };
  resultPrefixes?: Map<string, { text: string; ends: number[] }>;
  saidTexts?: { latest: string[]; all: { text: string; ends: number[] } };
  /** Memo of the shapes every value of a tool's argument had (every-shaped-predicates.ts). */
  commonShapes?: Map<string, Set<string>>;
  /** Memo of the items a trace yields to a GroupTally, by source (group-tally.ts `addTrace`). */
  tallied: Map<string, unknown[]>;
  /** Memo of the assistant messages said while a failure stood, by scope (failure-predicates.ts). */
  afterFailure?: Map<string, TimelineEvent[]>;
  /** Memo of the call each timeline event stands for (order-predicates.ts). */
  eventCalls?: (CallFact | undefined)[];
  /** Memo of the numbers a stated amount may come from (call-predicates.ts). */
  numbers?: { given: Set<number>; instructions: Set<number> };
  /** Memo of each call's result parsed as a JSON object, or null (field-predicates.ts). */
  resultObjects?: (Record<string, unknown> | null)[];
  /** Memo of the results and arguments before each call (text-before.ts `seenBefore`). */
  seenPrefixes?: { text: string; ends: number[] };
  /** Memo of whether the last message / the assistant's text names a value (quantifier-predicates.ts). */
  named?: { last: Map<string, boolean>; assistant: Map<string, boolean> };
};

/**
 * Strings numbered in the order first seen (`names[ids.get(s)] === s`), the numbers of a set's
 * strings in its order, a counting scratch, and per item filter (by key) whether each numbered
 * item passes it (0: not asked yet, 1: no, 2: yes).
 */
export type ItemTable = {
  ids: Map<string, number>;
  names: string[];
  sets: WeakMap<ReadonlySet<string>, Int32Array>;
  tally: Int32Array;
  kept: Map<string, Uint8Array>;
};

export const newItemTable = (): ItemTable => ({
  ids: new Map(),
  names: [],
  sets: new WeakMap(),
  tally: new Int32Array(0),
  kept: new Map(),
});

export const METRIC_NAMES = [
  'messages',
  'user_turns',
  'assistant_turns',
  'tool_calls',
  'distinct_tools',
  'max_calls_per_turn',
  'assistant_chars',
  'output_chars',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** `_text` in Python: strings as they are, other values as compact JSON, null as "". */
export function toText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Lower-cased ASCII word tokens plus adjacent-pair bigrams ("yes please"). */
export function tokenise(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const out = new Set<string>(words);
  for (let i = 1; i < words.length; i++) {
    out.add(`${words[i - 1]} ${words[i]}`);
  }
  return out;
}

/**
 * A call's result parsed as a JSON object (not an array or scalar); null when it is not one.
 * Mirrors `_result_object` in python-helpers.ts.
 */
export function parseResultObject(text: string): Record<string, unknown> | null {
  if (!text.startsWith('{')) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Length in code points, as Python's len() counts. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) {
    n++;
  }
  return n;
}

/**
 * The value `memo` holds for `key`, computed and kept the first time it is asked for. Every memo
 * of the synthesiser goes through here: facts per view, and on the facts tokens, shapes, group
 * membership, confirmation windows and predicate answers.
 */
export function remember<K, V>(
  memo: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  compute: () => V,
): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    memo.set(key, value);
  }
  return value;
}

/**
 * extractFacts remembered per view object, for one generation: cross-validation learns from the
 * same views several times, and the memos on the facts (tokens, atoms, group membership) are pure.
 */
export function createFactsCache(): (view: EvalView) => TraceFacts {
  const cache = new WeakMap<EvalView, TraceFacts>();
  const slots = new Map<string, number>();
  const items = newItemTable();
  return (view) => remember(cache, view, () => extractFacts(view, slots, items));
}

/**
 * The trace's tool calls: the steps' calls, else those of the assistant messages paired with the
 * tool messages that answer them. `perTurn`: the calls of each step or message that made any.
 */
export function viewCalls(view: EvalView): {
  calls: CallFact[];
  perTurn: number[];
  stepErrors: number;
} {
  const calls: CallFact[] = [];
  const perTurn: number[] = [];
  let stepErrors = 0;
  for (const step of view.steps ?? []) {
    const tcs = step.tool_calls ?? [];
    if (step.error) {
      stepErrors++;
    }
    if (tcs.length > 0) {
      perTurn.push(tcs.length);
    }
    for (const tc of tcs) {
      calls.push({
        name: tc.name || '',
        args: tc.arguments,
        result: toText(tc.result),
        error: tc.error || '',
      });
    }
  }
  if (calls.length === 0) {
    callsFromMessages(view.messages ?? [], calls, perTurn);
  }
  return { calls, perTurn, stepErrors };
}

export function extractFacts(
  view: EvalView,
  slots = new Map<string, number>(),
  items = newItemTable(),
): TraceFacts {
  const { calls, perTurn, stepErrors } = viewCalls(view);
  const messages = view.messages ?? [];
  const events: TimelineEvent[] = [];
  let messageCalls = false;
  for (const m of messages) {
    if (m.role === 'user' || m.role === 'assistant') {
      events.push({ kind: m.role, text: m.content || '' });
    }
    if (m.role === 'assistant') {
      for (const tc of m.tool_calls ?? []) {
        messageCalls = true;
        events.push({ kind: 'call', text: tc.name || '' });
      }
    }
  }
  if (!messageCalls) {
    for (const c of calls) {
      events.push({ kind: 'call', text: c.name });
    }
  }
  const joined = (role: string) =>
    messages
      .filter((m) => m.role === role)
      .map((m) => m.content || '')
      .join('\n');
  const last = messages[messages.length - 1];
  const assistantText = joined('assistant');
  const outputText = toText(view.output);
  return {
    calls,
    perTurn,
    stepErrors,
    events,
    texts: {
      user: joined('user'),
      assistant: assistantText,
      system: joined('system'),
      tool: calls.map((c) => `${c.result}\n${c.error}`).join('\n'),
    },
    lastRole: last ? last.role : '',
    lastContent: last ? last.content || '' : '',
    output: view.output,
    counts: {
      messages: messages.length,
      user_turns: messages.filter((m) => m.role === 'user').length,
      assistant_turns: messages.filter((m) => m.role === 'assistant').length,
      tool_calls: calls.length,
      distinct_tools: new Set(calls.map((c) => c.name)).size,
      max_calls_per_turn: perTurn.length > 0 ? Math.max(...perTurn) : 0,
      assistant_chars: codePointLength(assistantText),
      output_chars: codePointLength(outputText),
    },
    tokenCache: new Map(),
    // every memo declared now, so that every facts object has one shape for the engine
    atoms: undefined,
    callClasses: undefined,
    argPrefixes: undefined,
    resultPrefixes: undefined,
    saidTexts: undefined,
    commonShapes: undefined,
    afterFailure: undefined,
    eventCalls: undefined,
    numbers: undefined,
    resultObjects: undefined,
    seenPrefixes: undefined,
    named: undefined,
    groupCache: new Map(),
    slots,
    answers: new Uint8Array(0),
    items,
    itemIds: new Map(),
    tallied: new Map(),
  };
}

function callsFromMessages(messages: EvalView['messages'], calls: CallFact[], perTurn: number[]) {
  const pending: { call: CallFact; id: string | null }[] = [];
  for (const m of messages) {
    if (m.role === 'assistant' && m.tool_calls && m.tool_calls.length > 0) {
      perTurn.push(m.tool_calls.length);
      for (const tc of m.tool_calls) {
        const call: CallFact = { name: tc.name || '', args: tc.arguments, result: '', error: '' };
        calls.push(call);
        pending.push({ call, id: tc.id ?? null });
      }
    } else if (m.role === 'tool' && pending.length > 0) {
      let at = pending.findIndex((p) => p.id !== null && p.id === (m.tool_call_id ?? null));
      if (at < 0) {
        at = 0;
      }
      const [match] = pending.splice(at, 1);
      if (match) {
        match.call.result = m.content || '';
      }
    }
  }
}

/** Token set of a named text of the trace, cached on the facts. */
export function tokensOf(facts: TraceFacts, source: TextSource): Set<string> {
  return remember(facts.tokenCache, source, () => tokenise(textOf(facts, source)));
}

export const TEXT_SOURCES = ['user', 'assistant', 'tool', 'last'] as const;
export type TextSource = (typeof TEXT_SOURCES)[number];

export function textOf(facts: TraceFacts, source: TextSource): string {
  return source === 'last' ? facts.lastContent : facts.texts[source];
}
