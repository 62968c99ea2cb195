import type { EvalMessage, EvalStep, EvalView } from './eval-view';
import { parseMaybeJson } from './parse-maybe-json';

/**
 * A value stored once: inline (`v`), or where the view's messages already hold it — a slice of
 * messages (`m`), a message's content (`c`), a tool call's arguments (`a`), a tool message's
 * content parsed as JSON (`r`). Every slot is tagged, so no user value can pass for a reference.
 */
export type Slot =
  | ['v', unknown]
  | ['m', number, number]
  | ['c', number]
  | ['a', number, number]
  | ['r', number];

type PackedToolCall = Omit<EvalStep['tool_calls'][number], 'arguments' | 'result'> & {
  arguments: Slot;
  result: Slot;
};
type PackedStep = Omit<EvalStep, 'input' | 'output' | 'tool_calls'> & {
  input: Slot;
  output: Slot;
  tool_calls: PackedToolCall[];
};
/** The eval view as stored: its messages once, everything else that repeats them by reference. */
export type PackedEvalView = Omit<EvalView, 'steps' | 'input' | 'output'> & {
  packed: 1;
  /**
   * Set when the trace's spans are stored nowhere else: they are its messages' transcript spans,
   * the root starting at this time (ms).
   */
  spans_from?: number;
  /**
   * Set when the message at this index is the trace's system prompt, stored once in
   * `system_prompts` under this id: its content is left empty here and filled in on read.
   */
  system_prompt?: [message: number, promptId: string];
  steps: PackedStep[];
  input: Slot;
  output: Slot;
};

const MIN_REFERENCED_CHARS = 24;

export type SlotIndex = { toSlot(value: unknown): Slot };
const indexes = new WeakMap<readonly EvalMessage[], SlotIndex>();

/**
 * Finds, for any value, the slot that stores it by reference into `messages`, else inline.
 * Memoised per messages array (a trace's packing and its span rows share one).
 */
export function slotIndex(messages: readonly EvalMessage[]): SlotIndex {
  let index = indexes.get(messages);
  if (!index) {
    index = buildSlotIndex(messages);
    indexes.set(messages, index);
  }
  return index;
}

function buildSlotIndex(messages: readonly EvalMessage[]): SlotIndex {
  const jsonOf = new WeakMap<object, string>();
  const json = (value: object) => {
    let text = jsonOf.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      jsonOf.set(value, text);
    }
    return text;
  };
  const position = new Map<EvalMessage, number>();
  const strings = new Map<string, Slot>();
  const objects = new Map<string, Slot>();
  const remember = (value: unknown, slot: Slot) => {
    if (typeof value === 'string') {
      if (value.length >= MIN_REFERENCED_CHARS && !strings.has(value)) {
        strings.set(value, slot);
      }
    } else if (typeof value === 'object' && value !== null) {
      const key = json(value);
      if (key.length >= MIN_REFERENCED_CHARS && !objects.has(key)) {
        objects.set(key, slot);
      }
    }
  };
  messages.forEach((m, k) => {
    if (!position.has(m)) {
      position.set(m, k);
    }
    remember(m.content, ['c', k]);
    if (m.role === 'tool') {
      remember(parseMaybeJson(m.content), ['r', k]);
    }
    m.tool_calls?.forEach((call, c) => {
      remember(call.arguments, ['a', k, c]);
    });
  });
  const same = (item: unknown, k: number) => {
    const m = messages[k];
    if (m === undefined || typeof item !== 'object' || item === null) {
      return false;
    }
    return dataEqual(item, m) ?? json(item) === json(m);
  };
  const sliceOf = (list: unknown[]): Slot | null => {
    const first = list[0];
    if (first === undefined) {
      return null;
    }
    const runsFrom = (a: number) => list.every((item, i) => same(item, a + i));
    const known = position.get(first as EvalMessage);
    if (known !== undefined) {
      return runsFrom(known) ? ['m', known, known + list.length] : null;
    }
    // the first message that starts the whole list, tried in order without listing them first
    for (let a = 0; a < messages.length; a++) {
      if (same(first, a) && runsFrom(a)) {
        return ['m', a, a + list.length];
      }
    }
    return null;
  };
  return {
    toSlot(value: unknown): Slot {
      if (typeof value === 'string') {
        return strings.get(value) ?? ['v', value];
      }
      if (typeof value !== 'object' || value === null) {
        return ['v', value];
      }
      return (
        (Array.isArray(value) ? sliceOf(value) : null) ??
        (objects.size > 0 ? objects.get(json(value)) : undefined) ?? ['v', value]
      );
    },
  };
}

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Whether two values' JSON texts are equal, decided in place for plain data (no JSON built);
 * undefined when only their JSON can tell (class instances, non-finite numbers, skipped keys).
 */
function dataEqual(a: unknown, b: unknown): boolean | undefined {
  if (a === b) {
    return true;
  }
  const type = typeof a;
  if (type !== typeof b) {
    return undefined;
  }
  if (type === 'string' || type === 'boolean') {
    return false;
  }
  if (type === 'number') {
    return Number.isFinite(a) && Number.isFinite(b) ? false : undefined;
  }
  if (type !== 'object' || a === null || b === null) {
    return undefined;
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) ? listsEqual(a, b) : undefined;
  }
  return isPlain(a as object) && isPlain(b as object)
    ? recordsEqual(a as Record<string, unknown>, b as Record<string, unknown>)
    : undefined;
}

function listsEqual(a: unknown[], b: unknown[]): boolean | undefined {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    const same = dataEqual(a[i], b[i]);
    if (same !== true) {
      return same;
    }
  }
  return true;
}

function recordsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean | undefined {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) {
    return undefined;
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key !== other[i]) {
      return undefined;
    }
    const same = dataEqual(a[key], b[key]);
    if (same !== true) {
      return same;
    }
  }
  return true;
}

/** The value a slot stands for, read from the messages it refers to. */
export function fromSlot(messages: readonly EvalMessage[], slot: Slot): unknown {
  const message = (k: number) => {
    const m = messages[k];
    if (!m) {
      throw new Error(`stored reference to message ${k} of ${messages.length}`);
    }
    return m;
  };
  switch (slot[0]) {
    case 'v':
      return slot[1];
    case 'm':
      return messages.slice(slot[1], slot[2]);
    case 'c':
      return message(slot[1]).content;
    case 'a':
      return message(slot[1]).tool_calls?.[slot[2]]?.arguments;
    case 'r':
      return parseMaybeJson(message(slot[1]).content);
  }
}

/** The view with each repeated text replaced by a reference; `unpackEvalView` restores it exactly. */
export function packEvalView(view: EvalView, spansFrom: number | null = null): PackedEvalView {
  const index = slotIndex(view.messages);
  return {
    packed: 1,
    ...(spansFrom === null ? {} : { spans_from: spansFrom }),
    version: view.version,
    trace_id: view.trace_id,
    steps: view.steps.map((s) => ({
      ...s,
      input: index.toSlot(s.input),
      output: index.toSlot(s.output),
      tool_calls: s.tool_calls.map((c) => ({
        ...c,
        arguments: index.toSlot(c.arguments),
        result: index.toSlot(c.result),
      })),
    })),
    messages: view.messages,
    input: index.toSlot(view.input),
    output: index.toSlot(view.output),
    metadata: view.metadata,
  };
}

export const isPackedEvalView = (value: unknown): value is PackedEvalView =>
  typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === 1;

/** The full view from its stored form (a packed view, or a view stored whole before packing). */
export function unpackEvalView(stored: PackedEvalView | EvalView): EvalView {
  if (!isPackedEvalView(stored)) {
    return stored;
  }
  const read = (slot: Slot) => fromSlot(stored.messages, slot);
  return {
    version: stored.version,
    trace_id: stored.trace_id,
    steps: stored.steps.map((s) => ({
      ...s,
      input: read(s.input),
      output: read(s.output),
      tool_calls: s.tool_calls.map((c) => ({
        ...c,
        arguments: read(c.arguments),
        result: read(c.result),
      })),
    })),
    messages: stored.messages,
    input: read(stored.input),
    output: read(stored.output),
    metadata: stored.metadata,
  };
}
