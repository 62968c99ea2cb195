import type { EvalMessage } from '@/core/eval-view';
import { parseMaybeJson } from '@/core/parse-maybe-json';

type Role = EvalMessage['role'];
type MessageToolCall = NonNullable<EvalMessage['tool_calls']>[number];

const ROLE_ALIASES: Record<string, Role> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  tool: 'tool',
  function: 'tool',
  ipython: 'tool',
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toRole(value: unknown): Role | null {
  return typeof value === 'string' ? (ROLE_ALIASES[value.toLowerCase()] ?? null) : null;
}

/** Text of a value that may be a string, content parts (OpenAI, Anthropic, GenAI) or anything else. */
export function contentText(content: unknown): string {
  if (content === null || content === undefined) {
    return '';
  }
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') {
          return part;
        }
        if (isRecord(part)) {
          if (typeof part.text === 'string') {
            return part.text;
          }
          if (
            (part.type === 'text' || part.type === undefined) &&
            typeof part.content === 'string'
          ) {
            return part.content;
          }
          if (part.type === 'tool_result' || part.type === 'tool_call_response') {
            return contentText(part.content ?? part.response ?? part.result);
          }
        }
        return '';
      })
      .filter((s) => s !== '')
      .join('\n');
  }
  if (isRecord(content) && typeof content.text === 'string') {
    return content.text;
  }
  return JSON.stringify(content) ?? '';
}

function toToolCall(raw: unknown): MessageToolCall | null {
  if (!isRecord(raw)) {
    return null;
  }
  const fn = isRecord(raw.function) ? raw.function : raw;
  const name = fn.name;
  if (typeof name !== 'string' || name === '') {
    return null;
  }
  const id = typeof raw.id === 'string' ? raw.id : null;
  return { id, name, arguments: parseMaybeJson(fn.arguments ?? fn.input ?? fn.args ?? null) };
}

/** Tool calls carried as content parts (Anthropic `tool_use`, GenAI `tool_call`). */
function partToolCalls(content: unknown): MessageToolCall[] {
  if (!Array.isArray(content)) {
    return [];
  }
  const calls: MessageToolCall[] = [];
  for (const part of content) {
    if (isRecord(part) && (part.type === 'tool_use' || part.type === 'tool_call')) {
      const call = toToolCall(part);
      if (call) {
        calls.push(call);
      }
    }
  }
  return calls;
}

function partToolResultId(content: unknown): string | undefined {
  if (!Array.isArray(content)) {
    return undefined;
  }
  for (const part of content) {
    if (isRecord(part) && (part.type === 'tool_result' || part.type === 'tool_call_response')) {
      const id = part.tool_use_id ?? part.id;
      return typeof id === 'string' ? id : undefined;
    }
  }
  return undefined;
}

/** One message in any common chat shape, or null when the value is not a message. */
export function toEvalMessage(raw: unknown): EvalMessage | null {
  if (!isRecord(raw)) {
    return null;
  }
  let role = toRole(raw.role ?? raw.type);
  const content = raw.content ?? raw.parts ?? raw.text;
  if (!role) {
    return null;
  }
  const rawCalls = Array.isArray(raw.tool_calls) ? raw.tool_calls : [];
  const toolCalls = [
    ...rawCalls.map(toToolCall).filter((c): c is MessageToolCall => c !== null),
    ...partToolCalls(content),
  ];
  if (isRecord(raw.function_call)) {
    const call = toToolCall({ function: raw.function_call });
    if (call) {
      toolCalls.push(call);
    }
  }
  const resultId = partToolResultId(content);
  if (role === 'user' && resultId) {
    role = 'tool';
  }
  const message: EvalMessage = { role, content: contentText(content) };
  if (typeof raw.name === 'string') {
    message.name = raw.name;
  }
  const toolCallId = typeof raw.tool_call_id === 'string' ? raw.tool_call_id : resultId;
  if (toolCallId) {
    message.tool_call_id = toolCallId;
  }
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls;
  }
  return message;
}

/**
 * Chat messages from a value in any common shape (a message list, one message, `{messages}`,
 * a JSON string of those), or null when the value holds no messages.
 */
export function toEvalMessages(value: unknown): EvalMessage[] | null {
  const v = parseMaybeJson(value);
  if (Array.isArray(v)) {
    const out = v.map(toEvalMessage);
    return out.length > 0 && out.every((m) => m !== null) ? (out as EvalMessage[]) : null;
  }
  if (isRecord(v)) {
    if (Array.isArray(v.messages)) {
      return toEvalMessages(v.messages);
    }
    const one = toEvalMessage(v);
    return one ? [one] : null;
  }
  return null;
}
