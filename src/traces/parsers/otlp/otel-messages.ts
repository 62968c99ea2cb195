import type { EvalMessage } from '@/core/eval-view';
import { parseMaybeJson } from '@/core/parse-maybe-json';
import type { SpanEvent } from '../../normalised-trace';
import { isRecord, toEvalMessage, toEvalMessages } from '../../to-eval-messages';
import { unflatten } from './any-value';

/** OpenInference `llm.*_messages.N.message.*` entries as OpenAI-style messages. */
function fromOpenInference(list: unknown): unknown[] | null {
  if (!Array.isArray(list)) {
    return null;
  }
  return list.map((entry) => {
    const m = isRecord(entry) && isRecord(entry.message) ? entry.message : {};
    const contents = Array.isArray(m.contents)
      ? m.contents.map((c) => (isRecord(c) && isRecord(c.message_content) ? c.message_content : c))
      : undefined;
    const toolCalls = Array.isArray(m.tool_calls)
      ? m.tool_calls.map((t) => (isRecord(t) && isRecord(t.tool_call) ? t.tool_call : t))
      : undefined;
    return { ...m, content: m.content ?? contents, tool_calls: toolCalls };
  });
}

const MESSAGE = '.message.';

/**
 * `key` from `start` read as `N.message.role` or `N.message.content` (N: 0, or 1 to 9999 without
 * a leading zero): `N * 2`, plus 1 for content; -1 for any other key. Read in place: a regular
 * expression's match, its captures and the key's slice were most of an LLM span's garbage.
 */
function flatField(key: string, start: number): number {
  let i = start;
  let index = 0;
  const first = key.charCodeAt(i);
  if (first === 48) {
    i++;
  } else if (first >= 49 && first <= 57) {
    for (; i < key.length && i - start < 4; i++) {
      const c = key.charCodeAt(i);
      if (c < 48 || c > 57) {
        break;
      }
      index = index * 10 + (c - 48);
    }
  } else {
    return -1;
  }
  if (!key.startsWith(MESSAGE, i)) {
    return -1;
  }
  const rest = key.length - i - MESSAGE.length;
  if (rest === 4 && key.endsWith('role')) {
    return index * 2;
  }
  return rest === 7 && key.endsWith('content') ? index * 2 + 1 : -1;
}

/**
 * OpenInference messages sent in their most common form, only `N.message.role` and
 * `N.message.content` string attributes under `prefix`, read without building the nested value:
 * the same messages `fromOpenInference(unflatten(...))` answers for them. `undefined` when any
 * attribute under the prefix has another form (the general path reads those).
 */
export function flatOpenInference(
  attrs: Record<string, unknown>,
  prefix: string,
): EvalMessage[] | null | undefined {
  let fields: { role?: unknown; content?: unknown }[] | undefined;
  for (const key in attrs) {
    if (!key.startsWith(prefix)) {
      continue;
    }
    const value = attrs[key];
    const field = typeof value === 'string' ? flatField(key, prefix.length) : -1;
    if (field < 0) {
      return undefined;
    }
    fields ??= [];
    const index = field >> 1;
    const entry = fields[index] ?? {};
    fields[index] = entry;
    if ((field & 1) === 0) {
      entry.role = value;
    } else {
      entry.content = value;
    }
  }
  if (!fields) {
    return null;
  }
  const out: EvalMessage[] = [];
  for (const entry of fields) {
    // holes (indexes never sent) are skipped, as the general path's sorted indexes skip them
    const m = entry ? toEvalMessage({ role: entry.role, content: entry.content }) : null;
    if (m) {
      out.push(m);
    }
  }
  return out.length > 0 ? out : null;
}

/** OpenInference messages under `prefix` in any form: the nested value the attributes spell. */
export const nestedOpenInference = (attrs: Record<string, unknown>, prefix: string) =>
  messagesFrom(fromOpenInference(unflatten(attrs, prefix)));

/** OpenInference messages under `prefix`, through the flat form's shortcut when it applies. */
function openInference(attrs: Record<string, unknown>, prefix: string): EvalMessage[] | null {
  const flat = flatOpenInference(attrs, prefix);
  return flat !== undefined ? flat : nestedOpenInference(attrs, prefix);
}

function messagesFrom(raw: unknown): EvalMessage[] | null {
  if (!Array.isArray(raw)) {
    return null;
  }
  const out = raw.map(toEvalMessage).filter((m): m is EvalMessage => m !== null);
  return out.length > 0 ? out : null;
}

const EVENT_ROLES: Record<string, EvalMessage['role']> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** Deprecated GenAI semconv: messages as span events (`gen_ai.*.message`, `gen_ai.choice`). */
function fromEvents(events: SpanEvent[]): {
  input: EvalMessage[] | null;
  output: EvalMessage[] | null;
} {
  const input: EvalMessage[] = [];
  const output: EvalMessage[] = [];
  for (const e of events) {
    const role = EVENT_ROLES[e.name];
    if (role) {
      const a = e.attributes;
      const m = toEvalMessage({
        role,
        content: parseMaybeJson(a.content) ?? '',
        tool_calls: parseMaybeJson(a.tool_calls),
        tool_call_id: role === 'tool' ? a.id : undefined,
      });
      if (m) {
        input.push(m);
      }
    } else if (e.name === 'gen_ai.choice') {
      const msg = parseMaybeJson(e.attributes.message);
      const m = toEvalMessage(
        isRecord(msg) ? { role: 'assistant', ...msg } : { role: 'assistant', content: msg },
      );
      if (m) {
        output.push(m);
      }
    } else if (e.name === 'gen_ai.content.prompt') {
      input.push(...(toEvalMessages(e.attributes['gen_ai.prompt']) ?? []));
    } else if (e.name === 'gen_ai.content.completion') {
      output.push(...(toEvalMessages(e.attributes['gen_ai.completion']) ?? []));
    }
  }
  return { input: input.length > 0 ? input : null, output: output.length > 0 ? output : null };
}

function genAiCurrent(attrs: Record<string, unknown>, key: string): EvalMessage[] | null {
  const raw = parseMaybeJson(attrs[key]);
  if (!Array.isArray(raw)) {
    return null;
  }
  return messagesFrom(
    raw.map((m) => (isRecord(m) && Array.isArray(m.parts) ? { ...m, content: m.parts } : m)),
  );
}

/**
 * Chat messages of an LLM span from whichever convention carries them: OpenInference, GenAI semconv
 * (current JSON attributes, deprecated attributes and events), OpenLLMetry indexed attributes.
 */
export function otelMessages(
  attrs: Record<string, unknown>,
  events: SpanEvent[],
): { input: EvalMessage[] | null; output: EvalMessage[] | null } {
  let input =
    openInference(attrs, 'llm.input_messages.') ??
    genAiCurrent(attrs, 'gen_ai.input.messages') ??
    messagesFrom(unflatten(attrs, 'gen_ai.prompt.')) ??
    toEvalMessages(attrs['gen_ai.prompt']);
  let output =
    openInference(attrs, 'llm.output_messages.') ??
    genAiCurrent(attrs, 'gen_ai.output.messages') ??
    messagesFrom(withAssistantRole(unflatten(attrs, 'gen_ai.completion.'))) ??
    toEvalMessages(attrs['gen_ai.completion']);
  const system = parseMaybeJson(attrs['gen_ai.system_instructions']);
  if (system !== undefined && system !== null) {
    const content = Array.isArray(system) ? system : [system];
    const m = toEvalMessage({ role: 'system', content });
    if (m && !(input ?? []).some((x) => x.role === 'system')) {
      input = [m, ...(input ?? [])];
    }
  }
  if (!input || !output) {
    const fromEv = fromEvents(events);
    input ??= fromEv.input;
    output ??= fromEv.output;
  }
  return { input, output };
}

function withAssistantRole(list: unknown): unknown {
  return Array.isArray(list)
    ? list.map((m) => (isRecord(m) && m.role === undefined ? { ...m, role: 'assistant' } : m))
    : list;
}
