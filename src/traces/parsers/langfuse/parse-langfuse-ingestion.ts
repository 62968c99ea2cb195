import { z } from 'zod';
import { INGEST_LIMITS, truncateStrings } from '../../ingest-limits';
import {
  emptyTrace,
  type NormalisedSpan,
  type NormalisedTrace,
  type TraceScore,
} from '../../normalised-trace';
import { isRecord } from '../../to-eval-messages';
import { mapLangfuseObservation, toMillis } from './map-langfuse-observation';

const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO timestamp');
const OptionalTime = Timestamp.nullish();
const Id = z.string().min(1).max(256);

const Envelope = z.object({
  id: Id,
  type: z.string(),
  timestamp: Timestamp,
  body: z.record(z.string(), z.unknown()),
});
const TraceBody = z.looseObject({
  id: Id,
  timestamp: OptionalTime,
  name: z.string().nullish(),
  userId: z.string().nullish(),
  sessionId: z.string().nullish(),
  metadata: z.unknown().optional(),
  tags: z.array(z.string()).nullish(),
});
const ObservationBody = z.looseObject({
  id: Id,
  traceId: Id.nullish(),
  parentObservationId: Id.nullish(),
  name: z.string().nullish(),
  startTime: OptionalTime,
  endTime: OptionalTime,
  level: z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']).nullish(),
});
const ScoreBody = z.looseObject({
  id: Id.nullish(),
  traceId: Id,
  observationId: Id.nullish(),
  name: z.string().min(1),
  value: z.union([z.number(), z.string(), z.boolean()]),
  comment: z.string().nullish(),
});

export type IngestionResult = { id: string; status: number; message?: string; error?: string };
export type LangfuseScore = { traceExternalId: string; score: TraceScore };
export type ParsedLangfuseBatch = {
  traces: NormalisedTrace[];
  scores: LangfuseScore[];
  successes: IngestionResult[];
  errors: IngestionResult[];
};

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

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/**
 * Field-wise span merge: later values win unless null/empty; attributes merge. A partial span
 * (an update) never moves the start time it did not carry. Storage merges across requests the same way.
 */
export function mergeSpan(
  into: NormalisedSpan,
  next: NormalisedSpan,
  nextHasStart = next.partial !== true,
): void {
  for (const [key, value] of Object.entries(next) as [keyof NormalisedSpan, unknown][]) {
    if (
      (key === 'startTime' && !nextHasStart) ||
      key === 'partial' ||
      value === undefined ||
      value === null ||
      value === '' ||
      (key === 'kind' && value === 'UNKNOWN') ||
      (key === 'status' && value === 'UNSET')
    ) {
      continue;
    }
    if (key === 'attributes') {
      Object.assign(into.attributes, value);
      continue;
    }
    (into as Record<string, unknown>)[key] = value;
  }
}

/**
 * A Langfuse ingestion batch (`{batch: [{id, type, timestamp, body}]}`) as normalised traces, in
 * any event order. Each event is validated alone: bad events land in `errors` (400), the rest in
 * `successes` (201), as Langfuse answers with 207.
 */
export function parseLangfuseIngestion(payload: unknown): ParsedLangfuseBatch {
  const batch = isRecord(payload) && Array.isArray(payload.batch) ? payload.batch : null;
  const out: ParsedLangfuseBatch = { traces: [], scores: [], successes: [], errors: [] };
  if (!batch) {
    out.errors.push({
      id: '',
      status: 400,
      message: 'body must be {batch: [...]}',
      error: 'invalid request',
    });
    return out;
  }
  const traces = new Map<string, NormalisedTrace>();
  const spans = new Map<string, { traceId: string; span: NormalisedSpan; order: number }>();
  const traceOf = (id: string) => {
    let t = traces.get(id);
    if (!t) {
      t = emptyTrace('langfuse', id);
      traces.set(id, t);
    }
    return t;
  };
  const events = batch
    .slice(0, INGEST_LIMITS.maxEventsPerBatch)
    .map((raw, index) => ({ raw, index }));
  for (const { raw } of batch.slice(INGEST_LIMITS.maxEventsPerBatch)) {
    out.errors.push({
      id: isRecord(raw) ? String(raw.id ?? '') : '',
      status: 413,
      message: 'too many events in one batch',
    });
  }
  // Creates before updates, then in event-time order, so that an update never loses to its create.
  const parsed = events.map(({ raw, index }) => ({ env: Envelope.safeParse(raw), raw, index }));
  const rank = (t: string) => (t.endsWith('-update') ? 1 : 0);
  parsed.sort((a, b) => {
    if (!a.env.success || !b.env.success) {
      return a.index - b.index;
    }
    return (
      rank(a.env.data.type) - rank(b.env.data.type) ||
      Date.parse(a.env.data.timestamp) - Date.parse(b.env.data.timestamp) ||
      a.index - b.index
    );
  });
  for (const { env, raw, index } of parsed) {
    const eventId = isRecord(raw) && typeof raw.id === 'string' ? raw.id : `#${index}`;
    if (!env.success) {
      out.errors.push({
        id: eventId,
        status: 400,
        message: issuesText(env.error),
        error: 'invalid event',
      });
      continue;
    }
    const { type, body, timestamp } = env.data;
    const eventTime = Date.parse(timestamp);
    const fail = (message: string) =>
      out.errors.push({ id: eventId, status: 400, message, error: 'invalid event body' });
    if (type === 'trace-create') {
      const b = TraceBody.safeParse(body);
      if (!b.success) {
        fail(issuesText(b.error));
        continue;
      }
      const t = traceOf(b.data.id);
      t.name = b.data.name ?? t.name;
      t.userId = b.data.userId ?? t.userId;
      t.sessionId = b.data.sessionId ?? t.sessionId;
      const at = toMillis(b.data.timestamp);
      t.startTime =
        at !== null && t.startTime !== null ? Math.min(at, t.startTime) : (at ?? t.startTime);
      if (isRecord(b.data.metadata)) {
        Object.assign(t.metadata, truncateStrings(b.data.metadata));
      }
      t.tags = [...new Set([...t.tags, ...(b.data.tags ?? [])])];
      if (body.input !== undefined && body.input !== null) {
        t.input = truncateStrings(body.input);
      }
      if (body.output !== undefined && body.output !== null) {
        t.output = truncateStrings(body.output);
      }
    } else if (type === 'score-create') {
      const b = ScoreBody.safeParse(body);
      if (!b.success) {
        fail(issuesText(b.error));
        continue;
      }
      out.scores.push({
        traceExternalId: b.data.traceId,
        score: {
          externalId: b.data.id ?? eventId,
          name: b.data.name,
          value: b.data.value,
          comment: b.data.comment ?? null,
          spanId: b.data.observationId ?? null,
        },
      });
    } else if (OBSERVATION_TYPES.has(type.replace(/-(create|update)$/, ''))) {
      const b = ObservationBody.safeParse(body);
      if (!b.success) {
        fail(issuesText(b.error));
        continue;
      }
      const obsType =
        type === 'observation-create' || type === 'observation-update'
          ? String(body.type ?? 'SPAN')
          : type.replace(/-(create|update)$/, '');
      const span = mapLangfuseObservation(truncateStrings(body), obsType, eventTime);
      if (type.endsWith('-update')) {
        span.partial = true;
      }
      const known = spans.get(b.data.id);
      const traceId = b.data.traceId ?? known?.traceId ?? b.data.id;
      if (known) {
        const wasPartial = known.span.partial === true && span.partial !== true;
        mergeSpan(known.span, span, body.startTime !== undefined && body.startTime !== null);
        if (wasPartial) {
          delete known.span.partial;
        }
      } else {
        spans.set(b.data.id, { traceId, span, order: index });
        traceOf(traceId);
      }
    } else if (type === 'sdk-log') {
      // accepted and dropped, as Langfuse does
    } else {
      fail(`unsupported event type ${type}`);
      continue;
    }
    out.successes.push({ id: eventId, status: 201 });
  }
  for (const { traceId, span } of [...spans.values()].sort((a, b) => a.order - b.order)) {
    traceOf(traceId).spans.push(span);
  }
  out.traces = [...traces.values()];
  const position = new Map(
    batch.map((raw, index) => [
      isRecord(raw) && typeof raw.id === 'string' ? raw.id : `#${index}`,
      index,
    ]),
  );
  const byPosition = (a: IngestionResult, b: IngestionResult) =>
    (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0);
  out.successes.sort(byPosition);
  out.errors.sort(byPosition);
  return out;
}
