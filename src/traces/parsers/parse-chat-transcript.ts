import { AppError } from '@/core/errors';
import type { EvalMessage } from '@/core/eval-view';
import { assignOwn, setOwn } from '@/core/own-keys';
import { emptyTrace, type NormalisedTrace } from '../normalised-trace';
import { stableHash } from '../stable-hash';
import { isRecord, toEvalMessage } from '../to-eval-messages';
import { transcriptSpans } from '../transcript-spans';
import { toRating } from './to-label';

export type ChatTranscriptOptions = {
  /** Take the label from this field (e.g. `reward`: > 0 positive, else negative). Off by default. */
  labelField?: string;
};

const MESSAGE_FIELDS = ['messages', 'traj', 'trajectory', 'conversation', 'chat'];
const ID_FIELDS = ['id', 'trace_id', 'traceId', 'conversation_id'];
const LABEL_FIELDS = ['label', 'rating', 'feedback', 'human_label'];
const NOTES_FIELDS = ['notes', 'label_notes', 'comment', 'feedback_notes'];

export function messagesOfRecord(record: unknown): unknown[] | null {
  if (Array.isArray(record)) {
    return record;
  }
  if (isRecord(record)) {
    for (const f of MESSAGE_FIELDS) {
      if (Array.isArray(record[f])) {
        return record[f] as unknown[];
      }
    }
  }
  return null;
}

function externalIdOf(record: Record<string, unknown>, raw: unknown[]): string {
  for (const f of ID_FIELDS) {
    const v = record[f];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') {
      return String(v);
    }
  }
  if (record.task_id !== undefined && record.trial !== undefined) {
    return `task-${String(record.task_id)}-trial-${String(record.trial)}`;
  }
  return `sha-${stableHash(JSON.stringify(raw))}`;
}

/**
 * One OpenAI-style chat transcript (messages with `tool_calls` and `tool` results) as one trace:
 * a root AGENT span, one LLM span per assistant message (input: the messages since the previous
 * one), one TOOL span per tool call with its matched result. Scalar extra fields become metadata.
 */
export function parseChatTranscript(
  record: unknown,
  options: ChatTranscriptOptions = {},
): NormalisedTrace {
  const raw = messagesOfRecord(record);
  if (!raw) {
    throw new AppError(
      'VALIDATION',
      `no message list found (expected an array or one of: ${MESSAGE_FIELDS.join(', ')})`,
    );
  }
  const messages: EvalMessage[] = raw.map((m, i) => {
    const message = toEvalMessage(m);
    if (!message) {
      throw new AppError('VALIDATION', `message ${i} is not a chat message (needs a known role)`, {
        details: { index: i },
      });
    }
    return message;
  });
  const fields = isRecord(record) ? record : {};
  const trace = emptyTrace('import', externalIdOf(fields, raw));
  for (const [key, value] of Object.entries(fields)) {
    if (MESSAGE_FIELDS.includes(key) || LABEL_FIELDS.includes(key) || NOTES_FIELDS.includes(key)) {
      continue;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      setOwn(trace.metadata, key, value);
    }
  }
  if (isRecord(fields.metadata)) {
    assignOwn(trace.metadata, fields.metadata);
  }
  if (typeof fields.name === 'string') {
    trace.name = fields.name;
  }
  const labelField = options.labelField ?? LABEL_FIELDS.find((f) => fields[f] !== undefined);
  const rating = labelField ? toRating(fields[labelField]) : null;
  if (rating) {
    const notes = NOTES_FIELDS.map((f) => fields[f]).find((v) => typeof v === 'string');
    trace.label = { rating, notes: (notes as string | undefined) ?? null };
  }
  const startedAt = startTimeOf(fields);
  trace.spans = transcriptSpans(messages, startedAt ?? 0);
  if (startedAt !== null) {
    trace.startTime = startedAt;
  }
  return trace;
}

const START_FIELDS = ['started_at', 'start_time', 'timestamp', 'created_at'];

/** When the conversation started: `metadata.started_at` (as `iofold demo --out` writes) or a top-level time field. */
function startTimeOf(fields: Record<string, unknown>): number | null {
  const metadata = isRecord(fields.metadata) ? fields.metadata : {};
  for (const source of [metadata, fields]) {
    for (const f of START_FIELDS) {
      const v = source[f];
      const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
      // a clock time (from 2000 on), not a relative offset
      if (Number.isFinite(ms) && ms > 946_684_800_000) {
        return ms;
      }
    }
  }
  return null;
}
