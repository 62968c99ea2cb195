import { RATINGS, SCORE_DATA_TYPES, SPAN_KINDS, TRACE_SOURCES } from '@/db/schema/constants';
import type { NormalisedTrace } from '../normalised-trace';

/**
 * Whether `value` is a NormalisedTrace exactly as the schema's parse would answer it: every field
 * valid, no key the schema would strip, keys in the schema's order. Such a value can be stored as
 * it is, without the schema's copy of every span, message and attribute record (a parser's own
 * output, built field by field, is). Conservative: `false` only means "ask the schema", which
 * then accepts or reports the issues as before.
 */
export function isExactNormalisedTrace(value: unknown): value is NormalisedTrace {
  if (!hasKeys(value, TRACE_KEYS)) {
    return false;
  }
  const t = value as Record<string, unknown>;
  return (
    SOURCES.has(t.source as string) &&
    isString(t.externalId, 1, 256) &&
    isNullableString(t.name, 1000) &&
    isNullableNumber(t.startTime) &&
    isNullableNumber(t.endTime) &&
    isNullableString(t.sessionId, 256) &&
    isNullableString(t.userId, 256) &&
    isRecordOfUnknown(t.metadata) &&
    isListOf(t.tags, (tag) => typeof tag === 'string') &&
    isListOf(t.spans, isExactSpan) &&
    isListOf(t.scores, isExactScore) &&
    (t.label === null || isExactLabel(t.label))
  );
}

const TRACE_KEYS = [
  'source',
  'externalId',
  'name',
  'startTime',
  'endTime',
  'sessionId',
  'userId',
  'metadata',
  'tags',
  'input',
  'output',
  'spans',
  'scores',
  'label',
];
const SPAN_KEYS = [
  'spanId',
  'parentSpanId',
  'kind',
  'name',
  'startTime',
  'endTime',
  'status',
  'statusMessage',
  'model',
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cost',
  'input',
  'output',
  'inputMessages',
  'outputMessages',
  'toolCall',
  'attributes',
  'events',
  'partial',
];
const TOOL_CALL_KEYS = ['id', 'name', 'arguments', 'result'];
const EVENT_KEYS = ['name', 'time', 'attributes'];
const SCORE_KEYS = ['externalId', 'name', 'value', 'dataType', 'comment', 'spanId'];
const LABEL_KEYS = ['rating', 'notes'];
const MESSAGE_KEYS = ['role', 'content', 'name', 'tool_call_id', 'tool_calls'];
const MESSAGE_CALL_KEYS = ['id', 'name', 'arguments'];

/**
 * Keys the value may leave out: the schema's `.optional()` and `.nullish()` ones. `input`, `output`,
 * `arguments` and `result` (`z.unknown()`) must be there, though they may hold `undefined`.
 */
const OPTIONAL = new Set(['partial', 'dataType']);
/** Optional keys of a message (their schemas are `.optional()`). */
const OPTIONAL_IN_MESSAGE = new Set(['name', 'tool_call_id', 'tool_calls']);

const SOURCES = new Set<string>(TRACE_SOURCES);
const KINDS = new Set<string>(SPAN_KINDS);
const STATUSES = new Set(['OK', 'ERROR', 'UNSET']);
const DATA_TYPES = new Set<string>(SCORE_DATA_TYPES);
const RATING_SET = new Set<string>(RATINGS);
const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return false;
  }
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * A plain object whose own keys are `keys` in that order, each optional one (`optional`, or
 * `OPTIONAL` when none is given) either absent or holding a value that is not `undefined` for the
 * message keys, so the parse would answer the same keys in the same order.
 */
function hasKeys(value: unknown, keys: string[], optional = OPTIONAL): boolean {
  if (!isPlainObject(value)) {
    return false;
  }
  const own = Object.keys(value);
  let k = 0;
  for (const key of own) {
    while (k < keys.length && keys[k] !== key) {
      if (!optional.has(keys[k] as string)) {
        return false;
      }
      k++;
    }
    if (k === keys.length) {
      return false;
    }
    k++;
  }
  for (; k < keys.length; k++) {
    if (!optional.has(keys[k] as string)) {
      return false;
    }
  }
  return true;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNullableNumber = (v: unknown) => v === null || isNumber(v);
const isString = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const isNullableString = (v: unknown, max = Number.POSITIVE_INFINITY) =>
  v === null || isString(v, 0, max);

function isListOf(v: unknown, item: (x: unknown) => boolean): boolean {
  if (!Array.isArray(v)) {
    return false;
  }
  for (let i = 0; i < v.length; i++) {
    if (!(i in v) || !item(v[i])) {
      return false;
    }
  }
  return true;
}

/** A record of any values: own string keys only (the parse copies it key by key). */
function isRecordOfUnknown(v: unknown): boolean {
  return isPlainObject(v) && Object.getOwnPropertySymbols(v).length === 0;
}

function isExactSpan(value: unknown): boolean {
  if (!hasKeys(value, SPAN_KEYS)) {
    return false;
  }
  const s = value as Record<string, unknown>;
  return (
    isString(s.spanId, 1, 128) &&
    (s.parentSpanId === null || isString(s.parentSpanId, 0, 128)) &&
    KINDS.has(s.kind as string) &&
    isString(s.name, 0, 1000) &&
    isNumber(s.startTime) &&
    isNullableNumber(s.endTime) &&
    STATUSES.has(s.status as string) &&
    isNullableString(s.statusMessage) &&
    isNullableString(s.model) &&
    isNullableNumber(s.inputTokens) &&
    isNullableNumber(s.outputTokens) &&
    isNullableNumber(s.totalTokens) &&
    isNullableNumber(s.cost) &&
    (s.inputMessages === null || isListOf(s.inputMessages, isExactMessage)) &&
    (s.outputMessages === null || isListOf(s.outputMessages, isExactMessage)) &&
    (s.toolCall === null || isExactToolCall(s.toolCall)) &&
    isRecordOfUnknown(s.attributes) &&
    isListOf(s.events, isExactEvent) &&
    (!('partial' in s) || typeof s.partial === 'boolean')
  );
}

/** A span's tool call (with its result) or a message's (without): an optional id and a name. */
const isExactCall = (keys: string[]) => (value: unknown) => {
  if (!hasKeys(value, keys)) {
    return false;
  }
  const c = value as Record<string, unknown>;
  return isNullableString(c.id) && typeof c.name === 'string';
};
const isExactToolCall = isExactCall(TOOL_CALL_KEYS);
const isExactMessageCall = isExactCall(MESSAGE_CALL_KEYS);

function isExactEvent(value: unknown): boolean {
  if (!hasKeys(value, EVENT_KEYS)) {
    return false;
  }
  const e = value as Record<string, unknown>;
  return typeof e.name === 'string' && isNullableNumber(e.time) && isRecordOfUnknown(e.attributes);
}

function isExactMessage(value: unknown): boolean {
  if (!hasKeys(value, MESSAGE_KEYS, OPTIONAL_IN_MESSAGE)) {
    return false;
  }
  const m = value as Record<string, unknown>;
  return (
    ROLES.has(m.role as string) &&
    typeof m.content === 'string' &&
    (!('name' in m) || typeof m.name === 'string') &&
    (!('tool_call_id' in m) || typeof m.tool_call_id === 'string') &&
    (!('tool_calls' in m) || isListOf(m.tool_calls, isExactMessageCall))
  );
}

function isExactScore(value: unknown): boolean {
  if (!hasKeys(value, SCORE_KEYS)) {
    return false;
  }
  const s = value as Record<string, unknown>;
  return (
    isNullableString(s.externalId) &&
    typeof s.name === 'string' &&
    (isNumber(s.value) || typeof s.value === 'string' || typeof s.value === 'boolean') &&
    (s.dataType === undefined || s.dataType === null || DATA_TYPES.has(s.dataType as string)) &&
    isNullableString(s.comment) &&
    isNullableString(s.spanId)
  );
}

function isExactLabel(value: unknown): boolean {
  if (!hasKeys(value, LABEL_KEYS)) {
    return false;
  }
  const l = value as Record<string, unknown>;
  return RATING_SET.has(l.rating as string) && isNullableString(l.notes);
}
