import { z } from '@hono/zod-openapi';
import { INGEST_LIMITS } from '../../ingest-limits';
import type { NormalisedTrace } from '../../normalised-trace';
import { isRecord } from '../../to-eval-messages';
import { LangfuseBatch, type LangfuseScore } from './langfuse-batch-events';

export type { LangfuseScore } from './langfuse-batch-events';
export type IngestionResult = { id: string; status: number; message?: string; error?: string };
export type ParsedLangfuseBatch = {
  traces: NormalisedTrace[];
  scores: LangfuseScore[];
  successes: IngestionResult[];
  errors: IngestionResult[];
};

const Envelope = z.object({
  id: z.string().min(1).max(256),
  type: z.string(),
  timestamp: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO timestamp'),
  body: z.record(z.string(), z.unknown()),
});

const OBSERVATION_TYPES = new Set([
  'span',
  'generation',
  'event',
  'agent',
  'tool',
  'chain',
  'retriever',
  'embedding',
  'evaluator',
  'guardrail',
  'observation',
]);

const eventIdOf = (raw: unknown, index: number) =>
  isRecord(raw) && typeof raw.id === 'string' ? raw.id : `#${index}`;

/** Creates before updates, then in event-time order, so that an update never loses to its create. */
function inApplyOrder(events: unknown[]) {
  // each event's rank and time read once, not in every comparison of the sort
  const parsed = events.map((raw, index) => {
    const env = Envelope.safeParse(raw);
    return env.success
      ? {
          env,
          raw,
          index,
          rank: env.data.type.endsWith('-update') ? 1 : 0,
          time: Date.parse(env.data.timestamp),
        }
      : { env, raw, index, rank: 0, time: 0 };
  });
  return parsed.sort((a, b) => {
    if (!a.env.success || !b.env.success) {
      return a.index - b.index;
    }
    return a.rank - b.rank || a.time - b.time || a.index - b.index;
  });
}

function applyEvent(
  batch: LangfuseBatch,
  event: z.infer<typeof Envelope>,
  eventId: string,
  index: number,
  time: number,
): string | null {
  const { type, body } = event;
  if (type === 'trace-create') {
    return batch.trace(body);
  }
  if (type === 'score-create') {
    return batch.score(body, eventId);
  }
  if (OBSERVATION_TYPES.has(type.replace(/-(create|update)$/, ''))) {
    return batch.observation(type, body, time, index);
  }
  // sdk-log: accepted and dropped, as Langfuse does
  return type === 'sdk-log' ? null : `unsupported event type ${type}`;
}

/**
 * A Langfuse ingestion batch (`{batch: [{id, type, timestamp, body}]}`) as normalised traces, in
 * any event order. Each event is validated alone: bad events land in `errors` (400), events past
 * the batch limit in `errors` (413), the rest in `successes` (201), as Langfuse answers with 207.
 * `now` bounds the times events may carry (see `assertTimesInRange`).
 */
export function parseLangfuseIngestion(
  payload: unknown,
  options: { now?: number; maxEvents?: number } = {},
): ParsedLangfuseBatch {
  const maxEvents = options.maxEvents ?? INGEST_LIMITS.maxEventsPerBatch;
  const events = isRecord(payload) && Array.isArray(payload.batch) ? payload.batch : null;
  const out: ParsedLangfuseBatch = { traces: [], scores: [], successes: [], errors: [] };
  if (!events) {
    out.errors.push({
      id: '',
      status: 400,
      message: 'body must be {batch: [...]}',
      error: 'invalid request',
    });
    return out;
  }
  for (const [i, raw] of events.entries()) {
    if (i >= maxEvents) {
      out.errors.push({
        id: eventIdOf(raw, i),
        status: 413,
        message: `too many events in one batch (this host takes ${maxEvents}); send smaller batches`,
      });
    }
  }
  const batch = new LangfuseBatch(options.now ?? Date.now());
  for (const { env, raw, index, time } of inApplyOrder(events.slice(0, maxEvents))) {
    const eventId = eventIdOf(raw, index);
    const error = env.success
      ? applyEvent(batch, env.data, eventId, index, time)
      : env.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    if (error === null) {
      out.successes.push({ id: eventId, status: 201 });
    } else {
      out.errors.push({
        id: eventId,
        status: 400,
        message: error,
        error: env.success ? 'invalid event body' : 'invalid event',
      });
    }
  }
  out.traces = batch.finish();
  out.scores = batch.scores;
  const position = new Map(events.map((raw, index) => [eventIdOf(raw, index), index]));
  const byPosition = (a: IngestionResult, b: IngestionResult) =>
    (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0);
  out.successes.sort(byPosition);
  out.errors.sort(byPosition);
  return out;
}
